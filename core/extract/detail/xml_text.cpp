// xml_text.cpp: iterative (stack-safe) text extraction from pugixml trees.
#include "extract/detail/xml_text.h"

#include <algorithm>

#include "extract/encoding.h"
#include "text/errors.h"
#include "extract/html_extract.h"

namespace lantern::xml_text {
namespace {

bool is_heading_name(const std::string& local) {
    return local == "heading" || (local.size() == 2 && local[0] == 'h' && local[1] >= '1' && local[1] <= '6');
}

void paragraph_break(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
}

void trim_end(std::string& out) {
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
}

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::ptrdiff_t offset) {
    std::size_t line = 1, col = 1;
    const auto end = std::min(text.size(), static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0)));
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return {line, col};
}

}  // namespace

pugi::xml_node next_in(const pugi::xml_node& root, pugi::xml_node d, bool descend) {
    if (descend && d.first_child()) return d.first_child();
    while (d && d != root && !d.next_sibling()) d = d.parent();
    if (!d || d == root) return pugi::xml_node();
    return d.next_sibling();
}

std::string local_name(const pugi::xml_node& n) {
    std::string_view name = n.name();
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return ascii_lower(name);
}

std::string text_of(const pugi::xml_node& n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) return collapse_space(n.value());
    std::string text;
    for (pugi::xml_node d = n.first_child(); d; d = next_in(n, d, true)) {
        if (d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) {
            text.append(d.value());
            text.push_back(' ');
        }
    }
    return collapse_space(text);
}

void append_paragraph(const std::string& text, Article& a) {
    const std::string t = collapse_space(text);
    if (t.empty()) return;
    paragraph_break(a.body);
    a.body.append(t);
}

void append_heading(const std::string& heading, const std::string& anchor, Article& a) {
    const std::string h = collapse_space(heading);
    if (h.empty()) return;
    paragraph_break(a.body);
    a.sections.push_back({h, anchor, a.body.size()});
    a.body.append(h);
    a.body.push_back('\n');
}

void append_structured(const pugi::xml_node& body, Article& a) {
    paragraph_break(a.body);
    for (pugi::xml_node d = body.first_child(); d;) {
        bool descend = true;
        if (d.type() == pugi::node_element) {
            paragraph_break(a.body);
            if (is_heading_name(local_name(d))) {
                std::string anchor = d.attribute("id").value();
                if (anchor.empty()) anchor = d.parent().attribute("id").value();
                append_heading(text_of(d), anchor, a);
                descend = false;
            }
        } else if (d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) {
            const std::string t = collapse_space(d.value());
            if (!t.empty()) {
                if (!a.body.empty() && a.body.back() != '\n') a.body.push_back(' ');
                a.body.append(t);
            }
        }
        d = next_in(body, d, descend);
    }
    trim_end(a.body);
}

void append_html(const std::string& html, Article& a) {
    const Article part = extract_html_fragment(html);
    if (part.body.empty()) return;
    paragraph_break(a.body);
    const std::size_t base = a.body.size();
    a.body.append(part.body);
    for (const Section& s : part.sections) a.sections.push_back({s.heading, s.anchor, base + s.offset});
}

void sanitize(Article& a) {
    for (std::string* s : {&a.id, &a.url, &a.title, &a.description, &a.author, &a.language, &a.audience, &a.published,
                           &a.modified, &a.reviewed}) {
        if (!is_valid_utf8(*s)) *s = sanitize_utf8(*s);
    }
    for (std::string& t : a.topics) {
        if (!is_valid_utf8(t)) t = sanitize_utf8(t);
    }
    for (Section& s : a.sections) {
        s.heading = sanitize_utf8(s.heading);
        s.anchor = sanitize_utf8(s.anchor);
    }
    if (is_valid_utf8(a.body)) return;
    // Section by section, so each offset moves by what the replacements before it added.
    std::string body;
    std::size_t from = 0;
    for (Section& s : a.sections) {
        const std::size_t to = std::min(std::max(s.offset, from), a.body.size());
        body += sanitize_utf8(std::string_view(a.body).substr(from, to - from));
        from = to;
        s.offset = body.size();
    }
    body += sanitize_utf8(std::string_view(a.body).substr(from));
    a.body = std::move(body);
}

bool holds_html(const pugi::xml_node& n) {
    if (n.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; })) return false;
    const std::string raw = n.text().get();
    return raw.find('<') != std::string::npos && raw.find('>') != std::string::npos;
}

void parse(std::string_view bytes, pugi::xml_document& doc, unsigned options, const std::string& part) {
    const std::string in = part.empty() ? "" : part + ": ";
    const bool utf16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
    if (!utf16 && looks_binary(bytes)) throw BadDocument(in + "binary data, not an XML document");
    // pugixml expands no DTD-declared entity, whatever the options, and never loads external
    // ones, so entity bombs and external-entity references stay inert text.
    const pugi::xml_parse_result r = doc.load_buffer(bytes.data(), bytes.size(), options, pugi::encoding_auto);
    if (!r) {
        const auto [line, col] = line_column(bytes, r.offset);
        throw BadDocument(in + "malformed XML at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                          r.description());
    }
}

}  // namespace lantern::xml_text
