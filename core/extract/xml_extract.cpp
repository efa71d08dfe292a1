// xml_extract.cpp: the built-in element-name mapping, used when no mapping file is given. The
// names below are the whole mapping; an element matches when its local name (namespace prefix
// ignored) equals one, case-insensitively. docs/xml-mapping.md describes it.
#include "extract/xml_extract.h"

#include <pugixml.hpp>

#include <initializer_list>

#include "text/errors.h"
#include "text/schema.h"
#include "extract/detail/xml_text.h"

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
const Names kRecordKeyAttrs = {"nid", "id", "uid", "guid"};

bool name_in(const pugi::xml_node& n, Names names) {
    const std::string local = xml_text::local_name(n);
    for (const char* candidate : names) {
        if (local == candidate) return true;
    }
    return false;
}

/// First element below `scope` (document order) whose name is one of `names`.
pugi::xml_node find_first(const pugi::xml_node& scope, Names names) {
    return scope.find_node([names](const pugi::xml_node& n) { return n.type() == pugi::node_element && name_in(n, names); });
}

std::string field(const pugi::xml_node& scope, Names names) {
    const pugi::xml_node n = find_first(scope, names);
    return n ? xml_text::text_of(n) : std::string();
}

bool inside(const pugi::xml_node& n, const pugi::xml_node& ancestor) {
    for (pugi::xml_node p = n; p; p = p.parent()) {
        if (p == ancestor) return true;
    }
    return false;
}

/// Sources and a disclaimer kept beside the body (the Lantern article schema) belong to the article
/// text too, as they do on a web page: a "Sources" section, then the disclaimer paragraph.
void append_back_matter(const pugi::xml_node& rec, const pugi::xml_node& body, Article& a) {
    const pugi::xml_node sources = find_first(rec, kSourcesNames);
    if (sources && !(body && inside(sources, body))) {
        bool heading = false;
        for (const pugi::xml_node& s : sources.children()) {
            if (s.type() != pugi::node_element) continue;
            const std::string org = collapse_space(s.attribute("organisation").value());
            const std::string title = xml_text::text_of(s);
            if (title.empty()) continue;
            if (!heading) xml_text::append_heading("Sources", "", a);
            heading = true;
            xml_text::append_paragraph(org.empty() ? title : org + " \u2014 " + title, a);
        }
    }
    const pugi::xml_node disclaimer = find_first(rec, kDisclaimerNames);
    if (disclaimer && !(body && inside(disclaimer, body))) xml_text::append_paragraph(xml_text::text_of(disclaimer), a);
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
    a.audience = schema::facet_value(schema::Facet::Audience, field(rec, kAudienceNames));
    a.author = field(rec, kAuthorNames);
    std::string lang = field(rec, kLanguageNames);
    if (lang.empty()) lang = rec.attribute("xml:lang").value();
    a.language = schema::facet_value(schema::Facet::Language, lang);
    rec.find_node([&a](const pugi::xml_node& n) {
        if (n.type() == pugi::node_element && name_in(n, kTopicNames)) {
            const std::string topic = xml_text::text_of(n);
            if (!topic.empty()) a.topics.push_back(topic);
        }
        return false;  // visit every node
    });
    const pugi::xml_node body = find_first(rec, kBodyNames);
    if (body && xml_text::holds_html(body)) {
        xml_text::append_html(body.text().get(), a);
    } else if (body) {
        xml_text::append_structured(body, a);
    }
    append_back_matter(rec, body, a);
    if (a.title.empty() && a.body.empty()) {
        throw BadDocument(
            "no title or body element found (looked for <title>, <headline>, <body>, <content>, <text>); "
            "describe this XML with a mapping file (--mapping; examples in examples/mappings/, docs/xml-mapping.md)");
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

XmlExtraction builtin_mapping(std::string_view bytes) {
    pugi::xml_document doc;
    xml_text::parse(bytes, doc);
    const pugi::xml_node root = doc.document_element();
    XmlExtraction result;
    result.mapping = "built-in";
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

}  // namespace

XmlExtraction extract_xml(std::string_view bytes, const XmlMappings& mappings, const std::string& rel_path) {
    std::optional<XmlExtraction> mapped = mappings.empty() ? std::nullopt : mappings.try_extract(bytes, rel_path);
    XmlExtraction x;
    if (mapped) {
        x = std::move(*mapped);
    } else {
        // Mappings add to the built-in one (issue 19: giving any --mapping turned it off for every
        // other file, and an export that indexed before failed): a file no mapping matches is read
        // the built-in way, and if that finds nothing, the failure names the mappings tried too.
        try {
            x = builtin_mapping(bytes);
        } catch (const BadDocument& e) {
            if (mappings.empty()) throw;
            pugi::xml_document doc;
            xml_text::parse(bytes, doc);
            throw BadDocument(std::string(e.what()) + "; and " + mappings.unmatched(xml_text::local_name(doc.document_element())));
        }
        if (!mappings.empty()) x.mapping = "built-in (no mapping given matches this file)";
    }
    for (Article& a : x.articles) xml_text::sanitize(a);
    return x;
}

}  // namespace lantern
