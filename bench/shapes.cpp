// shapes.cpp: the pathological files of shapes.h. Every maker writes a small fixed frame (a page
// with <main>, an XML root) and fills the rest of `bytes` with its pattern, so a shape scales
// without changing its character.
#include "bench/shapes.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lantern::bench {
namespace {

namespace fs = std::filesystem;

const std::string kHtmlHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shape</title></head><body><main>\n";
const std::string kHtmlTail = "\n</main></body></html>\n";
const std::string kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

std::size_t room_left(std::size_t bytes, std::size_t fixed) {
    return bytes > fixed ? bytes - fixed : 0;
}

/// `open` n times, `inner`, `close` n times, n as large as fits in `room`.
std::string nest(std::size_t room, const std::string& open, const std::string& inner, const std::string& close) {
    const std::size_t n = room_left(room, inner.size()) / (open.size() + close.size());
    std::string out;
    out.reserve(room);
    for (std::size_t i = 0; i < n; ++i) out += open;
    out += inner;
    for (std::size_t i = 0; i < n; ++i) out += close;
    return out;
}

/// unit(0), unit(1), ... while the next one fits in `room`.
template <typename Unit>
std::string fill(std::size_t room, Unit unit) {
    std::string out;
    out.reserve(room);
    for (std::size_t i = 0;; ++i) {
        const std::string next = unit(i);
        if (next.empty() || out.size() + next.size() > room) return out;
        out += next;
    }
}

std::string page(std::size_t bytes, const std::string& head, std::string (*body)(std::size_t room)) {
    return head + body(room_left(bytes, head.size() + kHtmlTail.size())) + kHtmlTail;
}

std::string html_page(std::size_t bytes, std::string (*body)(std::size_t room)) {
    return page(bytes, kHtmlHead, body);
}

/// Pseudo-random bytes (a fixed LCG, so the files are the same on every run).
struct Bytes {
    std::uint32_t state = 17;
    unsigned next() {
        state = state * 1664525u + 1013904223u;
        return state >> 24;
    }
};

/// Mostly bytes 0x80-0xFF (never valid UTF-8 for long), a space now and then.
std::string high_bytes(std::size_t room) {
    Bytes rng;
    std::string out(room, ' ');
    for (char& c : out) {
        const unsigned b = rng.next();
        if (b % 9 != 0) c = static_cast<char>(0x80 | b);
    }
    return out;
}

std::string xml_article(std::size_t bytes, const std::string& title, std::string (*body)(std::size_t room)) {
    const std::string head = kXmlDecl + "<article><title>" + title + "</title><body>";
    const std::string tail = "</body></article>\n";
    return head + body(room_left(bytes, head.size() + tail.size())) + tail;
}

/// Records for the built-in mapping, `<record id>` children of the root.
std::string records(std::size_t bytes, const std::string& root, const std::string& open_record,
                    const std::string& close_record) {
    const std::string head = kXmlDecl + "<" + root + ">\n";
    const std::string tail = "</" + root + ">\n";
    return head +
           fill(room_left(bytes, head.size() + tail.size()),
                [&](std::size_t i) {
                    const std::string n = std::to_string(i);
                    return open_record + n + "\" status=\"published\"><title>Record " + n +
                           "</title><body>Text of record " + n + ", with naloxone and fentanyl test strips.</body>" +
                           close_record;
                }) +
           tail;
}

// A mapping whose records are plain but whose topics and body select with "//": every record reads
// every node of the file, so the work grows with records x nodes. Mappings are written by
// librarians; this is the mistake an absolute path in place of a relative one makes.
const char kEveryNodeMapping[] =
    R"(# bench/shapes.cpp: every record selects every node of the file ("//" where "./" was meant)
[[mapping]]
name = "every-node"
root = "export"
records = "/export/article"
key = "@nid"

[mapping.fields]
title = "title"
topics = "//title"

[[mapping.body]]
select = "//body"
)";

const char kRecordsMapping[] =
    R"(# bench/shapes.cpp: one article per record, fields relative to it (as examples/mappings/cms-export.toml)
[[mapping]]
name = "records"
root = "export"
records = "/export/article"
key = "@nid"
keep = "@status = 'published'"

[mapping.fields]
title = "title"

[[mapping.body]]
select = "body"
)";

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<Shape> make_shapes() {
    std::vector<Shape> s;
    auto html = [&s](std::string name, std::string what, std::string (*make)(std::size_t, const ShapeSource&)) {
        s.push_back({std::move(name), false, "", std::move(what), make});
    };
    auto xml = [&s](std::string name, std::string mapping, std::string what,
                    std::string (*make)(std::size_t, const ShapeSource&)) {
        s.push_back({std::move(name), true, std::move(mapping), std::move(what), make});
    };

    html("html-ordinary", "the <main> of every corpus/site page, one after another, in one page",
         [](std::size_t bytes, const ShapeSource& src) {
             const std::size_t room = room_left(bytes, kHtmlHead.size() + kHtmlTail.size());
             std::string body =
                 fill(room, [&](std::size_t i) { return src.main_contents[i % src.main_contents.size()]; });
             return kHtmlHead + body + kHtmlTail;
         });
    html("html-nested-div", "<div> inside <div>, as deep as fits, then closed",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) { return nest(room, "<div>", "deep", "</div>"); });
         });
    html("html-nested-b", "<b> inside <b> (a formatting element), then closed",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) { return nest(room, "<b>", "deep", "</b>"); });
         });
    html("html-misnested-b-i", "<b><i>w</b> w</i>, over and over (the adoption agency)",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) {
                 return fill(room, [](std::size_t) { return std::string("<b><i>word</b> word</i> "); });
             });
         });
    html("html-b-across-p", "<p><b class=N>w, never closed: every <p> reopens every <b>",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) {
                 return fill(room, [](std::size_t i) { return "<p><b class=c" + std::to_string(i) + ">word "; });
             });
         });
    html("html-nested-table", "<table><tr><td> inside a cell, as deep as fits",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(
                 bytes, [](std::size_t room) { return nest(room, "<table><tr><td>", "cell", "</td></tr></table>"); });
         });
    html("html-nested-header", "<header> inside <header> (site chrome)", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) { return nest(room, "<header>", "deep", "</header>"); });
    });
    html("html-many-attributes", "one <div> with as many attributes as fit", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return "<div" +
                   fill(room_left(room, 20), [](std::size_t i) { return " a" + std::to_string(i) + "=\"v\""; }) +
                   ">text</div>";
        });
    });
    html("html-many-siblings", "<span>w</span> siblings in one paragraph", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return "<p>" + fill(room_left(room, 8), [](std::size_t) { return std::string("<span>w</span>"); }) + "</p>";
        });
    });
    html("html-huge-word", "one word of a's filling the page", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) { return "<p>" + std::string(room_left(room, 8), 'a') + "</p>"; });
    });
    html("html-huge-line", "words on one line in one paragraph, no markup", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return "<p>" +
                   fill(room_left(room, 8),
                        [](std::size_t i) {
                            return "naloxone reverses opioid overdose w" + std::to_string(i % 1000) + " ";
                        }) +
                   "</p>";
        });
    });
    html("html-entities-amp", "&amp; over and over in one paragraph", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return "<p>" + fill(room_left(room, 8), [](std::size_t) { return std::string("&amp;"); }) + "</p>";
        });
    });
    html("html-entities-numeric", "&#233;&#x1F600;&#8212; over and over", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return "<p>" + fill(room_left(room, 8), [](std::size_t) { return std::string("&#233;&#x1F600;&#8212;"); }) +
                   "</p>";
        });
    });
    html("html-comments", "<!-- comment --> after comment, a word between", [](std::size_t bytes, const ShapeSource&) {
        return html_page(bytes, [](std::size_t room) {
            return fill(room, [](std::size_t i) { return "<!-- comment " + std::to_string(i) + " -->w "; });
        });
    });
    html("html-many-headings", "<h2>Heading N</h2><p>text</p>, thousands of sections",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) {
                 return fill(room, [](std::size_t i) {
                     const std::string n = std::to_string(i);
                     return "<h2>Heading " + n + "</h2><p>Text of section " + n + ".</p>\n";
                 });
             });
         });
    html("html-many-sections", "<section><h2 id>Section N</h2><p>text</p></section>",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) {
                 return fill(room, [](std::size_t i) {
                     const std::string n = std::to_string(i);
                     return "<section><h2 id=\"s" + n + "\">Section " + n + "</h2><p>Text " + n + ".</p></section>\n";
                 });
             });
         });
    html("html-invalid-utf8", "declared UTF-8, the body mostly bytes 0x80-0xFF",
         [](std::size_t bytes, const ShapeSource&) {
             return html_page(bytes, [](std::size_t room) { return "<p>" + high_bytes(room_left(room, 8)) + "</p>"; });
         });
    html("html-undeclared-8bit", "no charset declared, mostly bytes 0x80-0xFF (detection)",
         [](std::size_t bytes, const ShapeSource&) {
             return page(bytes, "<!DOCTYPE html>\n<html><head><title>Shape</title></head><body><main>\n",
                         [](std::size_t room) { return "<p>" + high_bytes(room_left(room, 8)) + "</p>"; });
         });

    xml("xml-nested", "", "<div> inside <div> in a built-in-mapping <body>", [](std::size_t bytes, const ShapeSource&) {
        return xml_article(bytes, "Deep", [](std::size_t room) { return nest(room, "<div>", "deep", "</div>"); });
    });
    xml("xml-wide", "", "<p>w</p> siblings in one <body>", [](std::size_t bytes, const ShapeSource&) {
        return xml_article(bytes, "Wide", [](std::size_t room) {
            return fill(room, [](std::size_t i) { return "<p>word " + std::to_string(i) + "</p>"; });
        });
    });
    xml("xml-many-attributes", "", "one element with as many attributes as fit",
        [](std::size_t bytes, const ShapeSource&) {
            return xml_article(bytes, "Attributes", [](std::size_t room) {
                return "<p" +
                       fill(room_left(room, 20), [](std::size_t i) { return " a" + std::to_string(i) + "=\"v\""; }) +
                       ">text</p>";
            });
        });
    xml("xml-records", "", "<record> after <record>, the built-in mapping", [](std::size_t bytes, const ShapeSource&) {
        return records(bytes, "records", "<record id=\"", "</record>\n");
    });
    xml("xml-records-mapped", kRecordsMapping, "<article nid> records, a mapping with relative paths",
        [](std::size_t bytes, const ShapeSource&) {
            return records(bytes, "export", "<article nid=\"", "</article>\n");
        });
    xml("xml-mapping-every-node", kEveryNodeMapping, "the same records, a mapping selecting \"//title\" and \"//body\"",
        [](std::size_t bytes, const ShapeSource&) {
            return records(bytes, "export", "<article nid=\"", "</article>\n");
        });
    xml("xml-invalid-utf8", "", "declared UTF-8, the body mostly bytes 0x80-0xFF",
        [](std::size_t bytes, const ShapeSource&) {
            return xml_article(bytes, "Bytes", [](std::size_t room) { return high_bytes(room); });
        });
    return s;
}

}  // namespace

ShapeSource load_shape_source(const std::string& source_dir) {
    std::vector<fs::path> pages;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(source_dir) / "corpus/site")) {
        if (e.is_regular_file() && e.path().extension() == ".html") pages.push_back(e.path());
    }
    std::sort(pages.begin(), pages.end());
    ShapeSource src;
    for (const fs::path& p : pages) {
        const std::string text = read_file(p);
        const std::size_t open = text.find("<main");
        const std::size_t close = text.find("</main>", open == std::string::npos ? 0 : open);
        if (open == std::string::npos || close == std::string::npos) continue;
        const std::size_t inner = text.find('>', open);
        src.main_contents.push_back(text.substr(inner + 1, close - inner - 1) + "\n");
    }
    if (src.main_contents.empty())
        throw std::runtime_error("no corpus page with a <main> under " + source_dir + "/corpus/site");
    return src;
}

const std::vector<Shape>& shapes() {
    static const std::vector<Shape> all = make_shapes();
    return all;
}

}  // namespace lantern::bench
