// office_extract.cpp: DOCX and ODT -> Article (office_extract.h). Every walk over the XML is
// iterative (a document nested 100,000 deep costs no stack), and the text stops at
// DocumentLimits::max_text_bytes.
#include "extract/office_extract.h"

#include <functional>
#include <map>
#include <pugixml.hpp>

#include "extract/detail/document_fields.h"
#include "extract/detail/xml_text.h"
#include "extract/detail/zip_reader.h"
#include "text/errors.h"

namespace lantern {
namespace {

using xml_text::local_name;
using xml_text::next_in;
using Skip = std::function<bool(const pugi::xml_node&)>;

ZipLimits zip_limits(const DocumentLimits& l) {
    return {l.max_zip_entries, l.max_part_bytes, l.max_zip_bytes};
}

/// The text of a paragraph-like element: character data, a space for each element `space`
/// names (tabs, line breaks), subtrees `skip` names left out. White space collapsed.
std::string inline_text(const pugi::xml_node& p, const std::function<bool(const std::string&)>& space, const Skip& skip,
                        const std::function<bool(const pugi::xml_node&)>& is_text) {
    std::string text;
    for (pugi::xml_node d = p.first_child(); d;) {
        bool descend = true;
        if (d.type() == pugi::node_element) {
            const std::string name = local_name(d);
            if (skip(d)) {
                descend = false;
            } else if (space(name)) {
                text.push_back(' ');
            }
        } else if ((d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) && is_text(d)) {
            text += d.value();
        }
        d = next_in(p, d, descend);
    }
    return collapse_space(text);
}

/// Reads an XML part of a zip, or says why it is past the bounds (`past`).
bool read_part(ZipReader& zip, const std::string& name, pugi::xml_document& doc, std::string& past) {
    std::string bytes;
    past = zip.read(name, bytes);
    if (!past.empty()) return false;
    xml_text::parse(bytes, doc, pugi::parse_default | pugi::parse_ws_pcdata, name);
    return true;
}

/// Fills the core properties that `field` names (local names of DOCX core.xml / ODT meta.xml).
void read_properties(const pugi::xml_node& props, Article& a) {
    for (const pugi::xml_node& n : props.children()) {
        if (n.type() != pugi::node_element) continue;
        const std::string name = local_name(n);
        const std::string value = xml_text::text_of(n);
        if (value.empty()) continue;
        if (name == "title" && !document_fields::is_placeholder_title(value)) a.title = value;
        if ((name == "creator" || name == "initial-creator") && a.author.empty()) a.author = value;
        if (name == "subject" || (name == "description" && a.description.empty())) a.description = value;
        if (name == "keywords" || name == "keyword") {
            for (std::string& k : split_list(value)) a.topics.push_back(std::move(k));
        }
        if (name == "created" || name == "creation-date") a.published = normalize_date(value);
        if (name == "modified" || name == "date") a.modified = normalize_date(value);
        if (name == "language") a.language = document_fields::language_subtag(value);
    }
}

/// A table's rows (`row` elements, DOCX w:tr or ODT table:table-row), each a paragraph of its
/// `cell` elements' text (`text_of` each) separated by " | ". False when the body is full.
bool table_rows(const pugi::xml_node& table, const char* row, const char* cell,
                std::string (*text_of)(const pugi::xml_node&), document_fields::BodyWriter& out) {
    for (pugi::xml_node d = table.first_child(); d;) {
        bool descend = true;
        if (d.type() == pugi::node_element && local_name(d) == row) {
            std::string text_of_row;
            for (const pugi::xml_node& c : d.children()) {
                if (local_name(c) != cell) continue;
                const std::string text = text_of(c);
                if (!text.empty()) text_of_row += (text_of_row.empty() ? "" : " | ") + text;
            }
            if (!out.paragraph(text_of_row)) return false;
            descend = false;
        }
        d = next_in(table, d, descend);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// DOCX

/// Heading level (1-9) of each paragraph style, from word/styles.xml: its outline level, its
/// name ("heading 2"), or those of the style it is based on; 0 for "Title".
struct DocxStyles {
    std::map<std::string, int> level;  ///< style id -> 1..9 heading, 0 title
    std::string language;              ///< the document default's w:lang

    int of(const std::string& id) const {
        if (const auto l = level.find(id); l != level.end()) return l->second;
        // Word's built-in ids, when styles.xml is missing or names them otherwise.
        const std::string lower = ascii_lower(id);
        if (lower == "title") return 0;
        if (lower.size() == 8 && lower.rfind("heading", 0) == 0 && lower[7] >= '1' && lower[7] <= '9')
            return lower[7] - '0';
        return -1;
    }
};

pugi::xml_node child(const pugi::xml_node& n, const char* local) {
    for (const pugi::xml_node& c : n.children()) {
        if (c.type() == pugi::node_element && local_name(c) == local) return c;
    }
    return pugi::xml_node();
}

std::string val(const pugi::xml_node& n) {
    return n.attribute("w:val").value();
}

DocxStyles docx_styles(const pugi::xml_document& doc) {
    DocxStyles s;
    std::map<std::string, std::string> based_on;
    std::map<std::string, int> own;
    for (const pugi::xml_node& st : doc.document_element().children()) {
        if (local_name(st) == "docdefaults") {
            const pugi::xml_node lang = st.find_node([](const pugi::xml_node& n) { return local_name(n) == "lang"; });
            s.language = document_fields::language_subtag(val(lang));
        }
        if (local_name(st) != "style" || std::string(st.attribute("w:type").value()) != "paragraph") continue;
        const std::string id = st.attribute("w:styleId").value();
        const std::string name = ascii_lower(val(child(st, "name")));
        const pugi::xml_node outline = child(child(st, "ppr"), "outlinelvl");
        if (outline) {
            const int l = std::atoi(val(outline).c_str());
            if (l >= 0 && l <= 8) own[id] = l + 1;
        } else if (name == "title") {
            own[id] = 0;
        } else if (name.size() == 9 && name.rfind("heading ", 0) == 0 && name[8] >= '1' && name[8] <= '9') {
            own[id] = name[8] - '0';
        }
        if (const pugi::xml_node b = child(st, "basedon")) based_on[id] = val(b);
    }
    for (const auto& [id, parent] : based_on) {
        std::string p = id;
        for (int hops = 0; hops < 20 && !own.count(p) && based_on.count(p); ++hops)
            p = based_on[p];  // bounded: loops exist
        if (own.count(p)) s.level[id] = own[p];
    }
    for (const auto& [id, l] : own) s.level[id] = l;
    return s;
}

bool docx_skip(const pugi::xml_node& n) {
    const std::string name = local_name(n);
    // Tracked deletions, field codes, the fallback copy of a text box, properties, footnote marks.
    return name == "deltext" || name == "instrtext" || name == "fallback" || name == "ppr" || name == "rpr" ||
           name == "footnotereference" || name == "endnotereference" || name == "delinstrtext";
}

std::string docx_text(const pugi::xml_node& p) {
    return inline_text(
        p, [](const std::string& name) { return name == "tab" || name == "br" || name == "cr" || name == "p"; },
        docx_skip, [](const pugi::xml_node& text) { return local_name(text.parent()) == "t"; });
}

void docx_body(const pugi::xml_node& body, const DocxStyles& styles, std::size_t max_text, Article& a,
               std::string& cut) {
    document_fields::BodyWriter out(a, max_text);
    std::string first_heading, styled_title;
    for (pugi::xml_node d = body.first_child(); d;) {
        bool descend = true;
        bool more = true;
        if (d.type() == pugi::node_element) {
            const std::string name = local_name(d);
            if (name == "p") {
                const pugi::xml_node ppr = child(d, "ppr");
                int level = styles.of(val(child(ppr, "pstyle")));
                if (const pugi::xml_node o = child(ppr, "outlinelvl")) {
                    const int l = std::atoi(val(o).c_str());
                    level = l >= 0 && l <= 8 ? l + 1 : -1;  // 9 is body text
                }
                const std::string text = docx_text(d);
                if (level >= 0 && !text.empty()) {
                    if (level == 0 && styled_title.empty()) styled_title = text;
                    if (level > 0 && first_heading.empty()) first_heading = text;
                    more = out.heading(text);
                } else {
                    more = out.paragraph(text);
                }
                descend = false;
            } else if (name == "tbl") {
                more = table_rows(d, "tr", "tc", docx_text, out);
                descend = false;
            } else if (name == "sectpr" || name == "sdtpr") {
                descend = false;
            }
        }
        if (!more) break;
        d = next_in(body, d, descend);
    }
    if (a.title.empty()) a.title = !styled_title.empty() ? styled_title : first_heading;
    cut = out.finish();
}

/// An Office file that is no zip: a password-protected one (Office encrypts the whole package
/// into an OLE compound file) or a Word 97-2003 .doc renamed.
bool is_compound_file(std::string_view bytes) {
    return bytes.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
}

bool names_encrypted_package(std::string_view bytes) {
    static const std::string kName = [] {
        std::string n;
        for (const char c : std::string("EncryptedPackage")) n += std::string(1, c) + '\0';
        return n;
    }();
    return bytes.find(kName) != std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// ODT

bool odt_skip(const pugi::xml_node& n) {
    const std::string name = local_name(n);
    const std::string full = n.name();
    // Footnotes and endnotes, comments, tracked changes, and a frame's alternative text.
    return name == "note" || name == "annotation" || name == "tracked-changes" || full == "svg:title" ||
           full == "svg:desc";
}

std::string odt_text(const pugi::xml_node& p) {
    return inline_text(
        p,
        [](const std::string& name) {
            return name == "s" || name == "tab" || name == "line-break" || name == "p" || name == "h";
        },
        odt_skip, [](const pugi::xml_node&) { return true; });
}

void odt_body(const pugi::xml_node& body, std::size_t max_text, Article& a, std::string& cut) {
    document_fields::BodyWriter out(a, max_text);
    std::string first_heading, styled_title;
    for (pugi::xml_node d = body.first_child(); d;) {
        bool descend = true;
        bool more = true;
        if (d.type() == pugi::node_element) {
            const std::string name = local_name(d);
            if (name == "h" || name == "p") {
                const std::string text = odt_text(d);
                const std::string style = ascii_lower(d.attribute("text:style-name").value());
                if (name == "h") {
                    if (first_heading.empty()) first_heading = text;
                    more = out.heading(text);
                } else {
                    if (style == "title" && styled_title.empty()) styled_title = text;
                    more = style == "title" ? out.heading(text) : out.paragraph(text);
                }
                descend = false;
            } else if (name == "table") {
                more = table_rows(d, "table-row", "table-cell", odt_text, out);
                descend = false;
            } else if (odt_skip(d) || name == "sequence-decls" || name == "forms") {
                descend = false;
            }
        }
        if (!more) break;
        d = next_in(body, d, descend);
    }
    if (a.title.empty()) a.title = !styled_title.empty() ? styled_title : first_heading;
    cut = out.finish();
}

DocumentExtraction past_bound(DocumentExtraction out, const std::string& why) {
    out.skip_reason = why;
    return out;
}

}  // namespace

DocumentExtraction extract_docx(std::string_view bytes, const DocumentLimits& limits) {
    DocumentExtraction out;
    out.article.format = "docx";
    out.how = "DOCX";
    if (is_compound_file(bytes)) {
        if (names_encrypted_package(bytes)) return past_bound(out, "DOCX is encrypted: it needs a password to open");
        throw BadDocument("not a DOCX file: an older Word (.doc) file, which Lantern does not read");
    }
    ZipReader zip(bytes, zip_limits(limits));
    if (!zip.past_bound().empty()) return past_bound(out, zip.past_bound());
    if (!zip.has("word/document.xml")) throw BadDocument("not a DOCX file: no word/document.xml in the zip");
    std::string past;
    DocxStyles styles;
    if (zip.has("word/styles.xml")) {
        pugi::xml_document doc;
        if (!read_part(zip, "word/styles.xml", doc, past)) return past_bound(out, past);
        styles = docx_styles(doc);
    }
    if (zip.has("docProps/core.xml")) {
        pugi::xml_document doc;
        if (!read_part(zip, "docProps/core.xml", doc, past)) return past_bound(out, past);
        read_properties(doc.document_element(), out.article);
    }
    if (out.article.language.empty()) out.article.language = styles.language;
    pugi::xml_document doc;
    if (!read_part(zip, "word/document.xml", doc, past)) return past_bound(out, past);
    const pugi::xml_node body = child(doc.document_element(), "body");
    if (body) docx_body(body, styles, limits.max_text_bytes, out.article, out.cut);
    xml_text::sanitize(out.article);
    if (out.article.body.empty()) return past_bound(out, "DOCX has no text");
    return out;
}

DocumentExtraction extract_odt(std::string_view bytes, const DocumentLimits& limits) {
    DocumentExtraction out;
    out.article.format = "odt";
    out.how = "ODT";
    ZipReader zip(bytes, zip_limits(limits));
    if (!zip.past_bound().empty()) return past_bound(out, zip.past_bound());
    std::string past;
    std::string mimetype;
    if (zip.has("mimetype")) {
        past = zip.read("mimetype", mimetype);
        if (!past.empty()) return past_bound(out, past);
        if (collapse_space(mimetype) != "application/vnd.oasis.opendocument.text") {
            throw BadDocument("not an ODT text document (its mimetype is " + collapse_space(mimetype).substr(0, 80) +
                              ")");
        }
    }
    if (!zip.has("content.xml")) throw BadDocument("not an ODT file: no content.xml in the zip");
    if (zip.has("META-INF/manifest.xml")) {
        pugi::xml_document manifest;
        if (!read_part(zip, "META-INF/manifest.xml", manifest, past)) return past_bound(out, past);
        if (manifest.find_node([](const pugi::xml_node& n) { return local_name(n) == "encryption-data"; })) {
            return past_bound(out, "ODT is encrypted: it needs a password to open");
        }
    }
    if (zip.has("meta.xml")) {
        pugi::xml_document meta;
        if (!read_part(zip, "meta.xml", meta, past)) return past_bound(out, past);
        if (const pugi::xml_node m = child(meta.document_element(), "meta")) read_properties(m, out.article);
    }
    pugi::xml_document doc;
    if (!read_part(zip, "content.xml", doc, past)) return past_bound(out, past);
    const pugi::xml_node text = child(child(doc.document_element(), "body"), "text");
    if (text) odt_body(text, limits.max_text_bytes, out.article, out.cut);
    xml_text::sanitize(out.article);
    if (out.article.body.empty()) return past_bound(out, "ODT has no text");
    return out;
}

}  // namespace lantern
