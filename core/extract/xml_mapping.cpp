// xml_mapping.cpp: loading mapping files (toml++), compiling their XPath (pugixml), applying them.
#include "extract/xml_mapping.h"

#include <fnmatch.h>

#include <map>
#include <optional>
#include <pugixml.hpp>
#include <toml++/toml.h>

#include "text/errors.h"
#include "text/schema.h"
#include "extract/detail/xml_text.h"

namespace lantern {
namespace {

using Query = std::shared_ptr<const pugi::xpath_query>;

enum class BodyFormat { Text, Html, Structured };

struct BodyPart {
    Query select;                 ///< nodes, in document order
    Query text, heading, anchor;  ///< per selected node (may be null)
    std::string group_heading;    ///< fixed heading before the group
    BodyFormat format = BodyFormat::Text;
};

// The fields a mapping may set, and nothing else (an unknown field name is an error).
constexpr const char* kFieldNames[] = {"title", "summary", "url", "audience", "language", "author",
                                       "published", "modified", "reviewed", "topics"};

struct Mapping {
    std::string label;    ///< "FILE: NAME"
    std::string root;     ///< local name of the document element ("" = any)
    std::string files;    ///< glob on the path relative to the indexed folder ("" = any)
    Query records, key, keep;
    std::string keep_source;
    std::map<std::string, Query> fields;
    std::vector<BodyPart> body;
};

/// Reads one mapping file; errors carry FILE:LINE.
class Loader {
public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    std::vector<Mapping> load() {
        toml::table doc;
        try {
            doc = toml::parse_file(file_);
        } catch (const toml::parse_error& e) {
            throw BadInput(file_ + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
        }
        for (auto&& [k, v] : doc) {
            if (k.str() != "mapping") fail(k.source(), "unknown key '" + std::string(k.str()) + "' (expected [[mapping]] tables)");
        }
        const toml::array* list = doc["mapping"].as_array();
        if (list == nullptr || list->empty()) throw BadInput(file_ + ":1: no [[mapping]] table");
        std::vector<Mapping> out;
        for (const toml::node& n : *list) {
            const toml::table* t = n.as_table();
            if (t == nullptr) fail(n.source(), "'mapping' must be an array of tables ([[mapping]])");
            out.push_back(mapping(*t));
        }
        return out;
    }

private:
    [[noreturn]] void fail(const toml::source_region& where, const std::string& why) const {
        throw BadInput(file_ + ":" + std::to_string(where.begin.line) + ": " + why);
    }

    std::string str(const toml::table& t, const char* key, const std::string& ctx, bool required = false) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) {
            if (required) fail(t.source(), ctx + "." + key + " is required");
            return "";
        }
        const auto v = n->value<std::string>();
        if (!v || n->type() != toml::node_type::string) fail(n->source(), ctx + "." + key + " must be a string");
        return *v;
    }

    Query xpath(const toml::table& t, const char* key, const std::string& ctx, bool required = false) const {
        const std::string expr = str(t, key, ctx, required);
        if (expr.empty()) {
            if (t.get(key) != nullptr) fail(t.get(key)->source(), ctx + "." + key + " is empty");
            return nullptr;
        }
        try {
            return std::make_shared<const pugi::xpath_query>(expr.c_str());
        } catch (const pugi::xpath_exception& e) {
            fail(t.get(key)->source(), ctx + "." + key + ": bad XPath '" + expr + "': " + e.result().description() +
                                           " at character " + std::to_string(e.result().offset + 1));
        }
    }

    /// records and body.select are evaluated as node sets: an XPath computing a number, string or
    /// boolean ("count(//item)", "a < b") compiles, but would fail on every file, so it fails here.
    Query node_xpath(const toml::table& t, const char* key, const std::string& ctx, bool required = false) const {
        Query q = xpath(t, key, ctx, required);
        if (q && q->return_type() != pugi::xpath_type_node_set) {
            fail(t.get(key)->source(), ctx + "." + key + " must select nodes (e.g. \"//item\"), not compute a value: '" +
                                           str(t, key, ctx) + "'");
        }
        return q;
    }

    void only_keys(const toml::table& t, std::initializer_list<const char*> allowed, const std::string& ctx) const {
        for (auto&& [k, v] : t) {
            bool ok = false;
            for (const char* a : allowed) ok = ok || k.str() == a;
            if (!ok) fail(k.source(), "unknown key '" + std::string(k.str()) + "' in " + ctx);
        }
    }

    Mapping mapping(const toml::table& t) {
        only_keys(t, {"name", "root", "files", "records", "key", "keep", "fields", "body"}, "[[mapping]]");
        Mapping m;
        const std::string name = str(t, "name", "mapping", true);
        const std::string ctx = "mapping '" + name + "'";
        m.label = file_ + ": " + name;
        m.root = str(t, "root", ctx);
        m.files = str(t, "files", ctx);
        m.records = node_xpath(t, "records", ctx);
        if (!m.records) m.records = std::make_shared<const pugi::xpath_query>("/*");
        m.key = xpath(t, "key", ctx);
        m.keep = xpath(t, "keep", ctx);
        m.keep_source = str(t, "keep", ctx);
        if (const toml::node* f = t.get("fields")) {
            const toml::table* fields = f->as_table();
            if (fields == nullptr) fail(f->source(), ctx + ".fields must be a table");
            for (auto&& [k, v] : *fields) {
                bool known = false;
                for (const char* fname : kFieldNames) known = known || k.str() == fname;
                if (!known) {
                    fail(k.source(), "unknown field '" + std::string(k.str()) +
                                         "' (fields: title, summary, url, audience, language, author, published, "
                                         "modified, reviewed, topics)");
                }
                m.fields[std::string(k.str())] = xpath(*fields, std::string(k.str()).c_str(), ctx + ".fields", true);
            }
        }
        if (const toml::node* b = t.get("body")) {
            const toml::array* parts = b->as_array();
            if (parts == nullptr) fail(b->source(), ctx + ".body must be an array of tables ([[mapping.body]])");
            for (const toml::node& p : *parts) {
                const toml::table* pt = p.as_table();
                if (pt == nullptr) fail(p.source(), ctx + ".body must be an array of tables ([[mapping.body]])");
                m.body.push_back(body_part(*pt, ctx + ".body"));
            }
        }
        if (m.fields.count("title") == 0 && m.body.empty()) fail(t.source(), ctx + " sets neither fields.title nor a body");
        return m;
    }

    BodyPart body_part(const toml::table& t, const std::string& ctx) {
        only_keys(t, {"select", "text", "heading", "anchor", "group_heading", "format"}, "[[" + ctx + "]]");
        BodyPart p;
        p.select = node_xpath(t, "select", ctx, true);
        p.text = xpath(t, "text", ctx);
        p.heading = xpath(t, "heading", ctx);
        p.anchor = xpath(t, "anchor", ctx);
        p.group_heading = str(t, "group_heading", ctx);
        const std::string format = str(t, "format", ctx);
        if (format.empty() || format == "text") {
            p.format = BodyFormat::Text;
        } else if (format == "html") {
            p.format = BodyFormat::Html;
        } else if (format == "structured") {
            p.format = BodyFormat::Structured;
        } else {
            fail(t.get("format")->source(), ctx + ".format must be \"text\", \"html\" or \"structured\", not \"" + format + "\"");
        }
        return p;
    }

    std::string file_;
};

std::string eval_string(const Query& q, const pugi::xml_node& n) {
    return q ? collapse_space(q->evaluate_string(pugi::xpath_node(n))) : std::string();
}

std::vector<std::string> eval_list(const Query& q, const pugi::xml_node& n) {
    std::vector<std::string> out;
    if (!q) return out;
    if (q->return_type() == pugi::xpath_type_node_set) {
        for (const pugi::xpath_node& x : q->evaluate_node_set(pugi::xpath_node(n))) {
            const std::string v = x.attribute() ? collapse_space(x.attribute().value()) : xml_text::text_of(x.node());
            if (!v.empty()) out.push_back(v);
        }
    } else if (std::string v = eval_string(q, n); !v.empty()) {
        out.push_back(std::move(v));
    }
    return out;
}

void append_part(const BodyPart& p, const pugi::xml_node& record, Article& a) {
    const pugi::xpath_node_set nodes = p.select->evaluate_node_set(pugi::xpath_node(record));
    if (nodes.empty()) return;
    if (!p.group_heading.empty()) xml_text::append_heading(p.group_heading, "", a);
    for (const pugi::xpath_node& x : nodes) {
        const pugi::xml_node node = x.node();
        if (!node) continue;
        if (p.heading) xml_text::append_heading(eval_string(p.heading, node), eval_string(p.anchor, node), a);
        if (p.text) {
            if (p.format == BodyFormat::Html) {
                xml_text::append_html(p.text->evaluate_string(pugi::xpath_node(node)), a);
            } else {
                xml_text::append_paragraph(eval_string(p.text, node), a);
            }
            continue;
        }
        switch (p.format) {
            case BodyFormat::Html: xml_text::append_html(node.text().get(), a); break;
            case BodyFormat::Structured: xml_text::append_structured(node, a); break;
            case BodyFormat::Text: xml_text::append_paragraph(xml_text::text_of(node), a); break;
        }
    }
}

Article apply(const Mapping& m, const pugi::xml_node& record) {
    Article a;
    a.format = "xml";
    auto field = [&](const char* name) {
        const auto it = m.fields.find(name);
        return it == m.fields.end() ? std::string() : eval_string(it->second, record);
    };
    a.title = field("title");
    a.description = field("summary");
    a.url = field("url");
    a.audience = schema::facet_value(schema::Facet::Audience, field("audience"));
    a.language = schema::facet_value(schema::Facet::Language, field("language"));
    a.author = field("author");
    a.published = normalize_date(field("published"));
    a.modified = normalize_date(field("modified"));
    a.reviewed = normalize_date(field("reviewed"));
    if (const auto it = m.fields.find("topics"); it != m.fields.end()) a.topics = eval_list(it->second, record);
    for (const BodyPart& p : m.body) append_part(p, record, a);
    while (!a.body.empty() && (a.body.back() == '\n' || a.body.back() == ' ')) a.body.pop_back();
    return a;
}

}  // namespace

struct XmlMappings::Impl {
    std::vector<Mapping> mappings;
};

XmlMappings::XmlMappings() = default;

XmlMappings XmlMappings::load(const std::vector<std::string>& files) {
    auto impl = std::make_shared<Impl>();
    for (const std::string& f : files) {
        std::vector<Mapping> ms = Loader(f).load();
        for (Mapping& m : ms) impl->mappings.push_back(std::move(m));
    }
    XmlMappings out;
    if (!impl->mappings.empty()) out.impl_ = std::move(impl);
    return out;
}

bool XmlMappings::empty() const { return !impl_; }

std::vector<std::string> XmlMappings::names() const {
    std::vector<std::string> out;
    if (impl_) {
        for (const Mapping& m : impl_->mappings) out.push_back(m.label);
    }
    return out;
}

/// How much text the records of one file may hold, per byte of the file (see extract).
constexpr std::size_t kTextPerFileByte = 4;

std::string XmlMappings::unmatched(const std::string& root) const {
    std::string tried;
    if (impl_) {
        for (const Mapping& m : impl_->mappings) tried += (tried.empty() ? "" : "; ") + m.label;
    }
    return "no XML mapping matches this file (root element <" + root + ">; mappings tried: " + tried + ")";
}

XmlExtraction XmlMappings::extract(std::string_view bytes, const std::string& rel_path) const {
    std::optional<XmlExtraction> x = try_extract(bytes, rel_path);
    if (!x) {
        pugi::xml_document doc;
        xml_text::parse(bytes, doc);
        throw BadDocument(unmatched(xml_text::local_name(doc.document_element())));
    }
    return std::move(*x);
}

std::optional<XmlExtraction> XmlMappings::try_extract(std::string_view bytes, const std::string& rel_path) const {
    pugi::xml_document doc;
    xml_text::parse(bytes, doc);
    const std::string root = xml_text::local_name(doc.document_element());
    const Mapping* chosen = nullptr;
    for (const Mapping& m : impl_->mappings) {
        if (!m.root.empty() && ascii_lower(m.root) != root) continue;
        if (!m.files.empty() && ::fnmatch(m.files.c_str(), rel_path.c_str(), 0) != 0) continue;
        chosen = &m;
        break;
    }
    if (chosen == nullptr) return std::nullopt;
    XmlExtraction out;
    out.mapping = chosen->label;
    const pugi::xpath_node_set records = chosen->records->evaluate_node_set(doc);
    // Records hold parts of the file, so their text adds up to about its size. A path that selects
    // from the whole document ("//body") gives every record all of it: records x file bytes, which
    // ran past 4 GiB on a 1 MiB file. Stopped once the text passes kTextPerFileByte times the file.
    const std::size_t text_limit = kTextPerFileByte * bytes.size() + (1u << 20);
    std::size_t text = 0;
    std::size_t index = 0;
    for (const pugi::xpath_node& r : records) {
        const pugi::xml_node rec = r.node();
        if (!rec) continue;
        ++index;
        std::string key = chosen->key ? eval_string(chosen->key, rec) : std::string();
        if (chosen->key && key.empty()) key = std::to_string(index);
        if (chosen->keep && !chosen->keep->evaluate_boolean(pugi::xpath_node(rec))) {
            out.skipped.push_back("record " + (key.empty() ? std::to_string(index) : key) + ": left out by keep = " + chosen->keep_source);
            continue;
        }
        Article a = apply(*chosen, rec);
        text += a.text_bytes();
        if (text > text_limit) {
            throw BadDocument("mapping " + chosen->label + ": by record " + std::to_string(index) + " the records' text is over " +
                              std::to_string(kTextPerFileByte) + " times the file's size; a path starting with // selects from the "
                              "whole document for every record: write the record's fields relative to the record");
        }
        if (a.title.empty() && a.body.empty()) {
            if (!chosen->key && records.size() == 1) {
                throw BadDocument("mapping " + chosen->label + " found neither title nor body in this file");
            }
            out.skipped.push_back("record " + (key.empty() ? std::to_string(index) : key) + ": mapping found neither title nor body");
            continue;
        }
        // One-article files keep the file's path as id; records with a key get "#key" appended.
        a.id = key;
        out.articles.push_back(std::move(a));
    }
    if (out.articles.empty() && out.skipped.empty()) {
        throw BadDocument("mapping " + chosen->label + " selected no records");
    }
    return out;
}

}  // namespace lantern
