// xml_extract.cpp: the simple element-name mapping. The names below are the whole mapping; an
// element matches when its local name (namespace prefix ignored) equals one, case-insensitively.
#include "core/xml_extract.h"

#include <pugixml.hpp>

#include <initializer_list>

#include "core/encoding.h"
#include "core/errors.h"
#include "core/html_extract.h"

namespace lantern {
namespace {

using Names = std::initializer_list<const char*>;

const Names kRecordNames = {"article", "record"};
const Names kTitleNames = {"title", "headline"};
const Names kSummaryNames = {"summary", "standfirst", "description", "abstract", "teaser"};
const Names kBodyNames = {"body", "bodyhtml", "content", "text"};
const Names kUrlNames = {"url", "link", "path"};
const Names kReviewedNames = {"reviewed", "lastreviewed", "last-reviewed"};
const Names kPublishedNames = {"published", "created", "date", "pubdate"};
const Names kModifiedNames = {"modified", "changed", "updated"};
const Names kLanguageNames = {"language", "lang"};
const Names kAudienceNames = {"audience"};
const Names kAuthorNames = {"author"};
const Names kTopicNames = {"topic", "tag", "keyword", "subject"};
const Names kSourcesNames = {"sources", "references"};
const Names kDisclaimerNames = {"disclaimer"};
const Names kHeadingNames = {"heading", "h1", "h2", "h3", "h4", "h5", "h6"};
const Names kRecordKeyAttrs = {"nid", "id", "uid", "guid"};

std::string local_name(const pugi::xml_node& n) {
    std::string_view name = n.name();
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return ascii_lower(name);
}

bool name_in(const pugi::xml_node& n, Names names) {
    const std::string local = local_name(n);
    for (const char* candidate : names) {
        if (local == candidate) return true;
    }
    return false;
}

/// First element below `scope` (document order) whose name is one of `names`.
pugi::xml_node find_first(const pugi::xml_node& scope, Names names) {
    return scope.find_node([names](const pugi::xml_node& n) { return n.type() == pugi::node_element && name_in(n, names); });
}

std::string text_of(const pugi::xml_node& n) {
    std::string text;
    for (pugi::xml_node d = n.first_child(); d; ) {
        if (d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) {
            text.append(d.value());
            text.push_back(' ');
        }
        // iterative pre-order walk bounded to n's subtree
        if (d.first_child()) {
            d = d.first_child();
            continue;
        }
        while (d && d != n && !d.next_sibling()) d = d.parent();
        if (!d || d == n) break;
        d = d.next_sibling();
    }
    return collapse_space(text);
}

std::string field(const pugi::xml_node& scope, Names names) {
    const pugi::xml_node n = find_first(scope, names);
    return n ? text_of(n) : std::string();
}

/// Text and sections of a structured XML body: headings start sections (anchor from the heading's
/// or its parent's id attribute); every other element is a paragraph boundary.
void structured_body(const pugi::xml_node& body, Article& a) {
    std::string& out = a.body;
    auto paragraph_break = [&out] {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (!out.empty() && out.back() != '\n') out.push_back('\n');
    };
    for (pugi::xml_node d = body.first_child(); d;) {
        bool descend = true;
        if (d.type() == pugi::node_element) {
            paragraph_break();
            if (name_in(d, kHeadingNames)) {
                std::string anchor = d.attribute("id").value();
                if (anchor.empty()) anchor = d.parent().attribute("id").value();
                const std::string heading = text_of(d);
                if (!heading.empty()) {
                    a.sections.push_back({heading, anchor, out.size()});
                    out.append(heading);
                    out.push_back('\n');
                }
                descend = false;
            }
        } else if (d.type() == pugi::node_pcdata || d.type() == pugi::node_cdata) {
            const std::string t = collapse_space(d.value());
            if (!t.empty()) {
                if (!out.empty() && out.back() != '\n') out.push_back(' ');
                out.append(t);
            }
        }
        if (descend && d.first_child()) {
            d = d.first_child();
            continue;
        }
        while (d && d != body && !d.next_sibling()) d = d.parent();
        if (!d || d == body) break;
        d = d.next_sibling();
    }
    while (!a.body.empty() && (a.body.back() == '\n' || a.body.back() == ' ')) a.body.pop_back();
}

/// Sources and a disclaimer kept beside the body (the Lantern article schema) belong to the article
/// text too, as they do on a web page: a "Sources" section, then the disclaimer paragraph.
void append_back_matter(const pugi::xml_node& rec, const pugi::xml_node& body, Article& a) {
    auto outside_body = [&body](const pugi::xml_node& n) {
        for (pugi::xml_node p = n; p; p = p.parent()) {
            if (p == body) return false;
        }
        return true;
    };
    const pugi::xml_node sources = find_first(rec, kSourcesNames);
    if (sources && outside_body(sources)) {
        std::string list;
        for (const pugi::xml_node& s : sources.children()) {
            if (s.type() != pugi::node_element) continue;
            const std::string org = collapse_space(s.attribute("organisation").value());
            const std::string title = text_of(s);
            if (title.empty()) continue;
            list += "\n" + (org.empty() ? title : org + " \u2014 " + title);
        }
        if (!list.empty()) {
            if (!a.body.empty()) a.body.push_back('\n');
            a.sections.push_back({"Sources", "", a.body.size()});
            a.body += "Sources" + list;
        }
    }
    const pugi::xml_node disclaimer = find_first(rec, kDisclaimerNames);
    if (disclaimer && outside_body(disclaimer)) {
        const std::string text = text_of(disclaimer);
        if (!text.empty()) a.body += (a.body.empty() ? "" : "\n") + text;
    }
}

/// A body given as escaped or CDATA HTML (content-system exports) is parsed as HTML.
bool holds_html(const pugi::xml_node& body) {
    if (body.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; })) return false;
    const std::string raw = body.text().get();
    return raw.find('<') != std::string::npos && raw.find('>') != std::string::npos;
}

Article extract_record(const pugi::xml_node& rec) {
    Article a;
    a.format = "xml";
    a.title = field(rec, kTitleNames);
    a.description = field(rec, kSummaryNames);
    a.url = field(rec, kUrlNames);
    a.reviewed = normalize_date(field(rec, kReviewedNames));
    a.published = normalize_date(field(rec, kPublishedNames));
    a.modified = normalize_date(field(rec, kModifiedNames));
    a.audience = ascii_lower(field(rec, kAudienceNames));
    a.author = field(rec, kAuthorNames);
    std::string lang = field(rec, kLanguageNames);
    if (lang.empty()) lang = rec.attribute("xml:lang").value();
    a.language = ascii_lower(lang.substr(0, lang.find_first_of("-_")));
    rec.find_node([&a](const pugi::xml_node& n) {
        if (n.type() == pugi::node_element && name_in(n, kTopicNames)) {
            const std::string topic = text_of(n);
            if (!topic.empty()) a.topics.push_back(topic);
        }
        return false;  // visit every node
    });
    const pugi::xml_node body = find_first(rec, kBodyNames);
    if (body && holds_html(body)) {
        Article html = extract_html_fragment(body.text().get());
        a.body = std::move(html.body);
        a.sections = std::move(html.sections);
    } else if (body) {
        structured_body(body, a);
    }
    append_back_matter(rec, body, a);
    if (a.title.empty() && a.body.empty()) {
        throw BadDocument("no title or body element found (looked for <title>, <headline>, <body>, <content>, <text>)");
    }
    return a;
}

std::string record_key(const pugi::xml_node& rec, std::size_t index) {
    for (const char* name : kRecordKeyAttrs) {
        const std::string v = collapse_space(rec.attribute(name).value());
        if (!v.empty()) return v;
    }
    return std::to_string(index + 1);
}

/// Line and column of a byte offset, for parse error messages.
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

XmlExtraction extract_xml(std::string_view bytes) {
    const bool utf16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
    if (!utf16 && looks_binary(bytes)) throw BadDocument("binary data, not an XML document");
    pugi::xml_document doc;
    // parse_default does not expand DTD-declared entities and never loads external ones, so entity
    // bombs and external-entity references stay inert text.
    const pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
    if (!parsed) {
        const auto [line, col] = line_column(bytes, parsed.offset);
        throw BadDocument("malformed XML at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                          parsed.description());
    }
    const pugi::xml_node root = doc.document_element();
    XmlExtraction result;
    std::vector<pugi::xml_node> records;
    for (const pugi::xml_node& child : root.children()) {
        if (child.type() == pugi::node_element && name_in(child, kRecordNames)) records.push_back(child);
    }
    if (records.empty()) {
        result.articles.push_back(extract_record(root));
        return result;
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::string key = record_key(records[i], i);
        const std::string status = ascii_lower(records[i].attribute("status").value());
        if (!status.empty() && status != "published") {
            result.skipped.push_back("record " + key + ": status is " + status + ", not published");
            continue;
        }
        Article a = extract_record(records[i]);
        a.id = key;
        result.articles.push_back(std::move(a));
    }
    return result;
}

}  // namespace lantern
