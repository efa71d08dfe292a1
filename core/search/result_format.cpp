// result_format.cpp: JSON (indented through nlohmann, compact written directly) and plain-text
// renderings of search results.
#include "search/result_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string_view>

#include "text/schema.h"
#include "text/utf8.h"

namespace lantern {
namespace {

nlohmann::json explanation_json(const Explanation& e) {
    nlohmann::json corrections = nlohmann::json::array();
    for (const auto& [from, to] : e.corrections) corrections.push_back({{"typed", from}, {"searched", to}});
    nlohmann::json synonyms = nlohmann::json::array();
    for (const auto& [phrase, added] : e.synonyms) synonyms.push_back({{"phrase", phrase}, {"added", added}});
    return {{"mode", e.mode}, {"words", e.words}, {"corrections", corrections}, {"synonyms", synonyms},
            {"filters", e.filters}, {"fields", e.fields}, {"query", e.query}};
}

constexpr auto kReplaceInvalid = nlohmann::json::error_handler_t::replace;

// The compact layout is written directly (the HTTP API's every answer: building and dumping an
// nlohmann tree was a tenth of the server's instructions on ../shared/corpora, callgrind). It is
// byte for byte what nlohmann's dump(-1) of to_json's tree writes, and result_format_test checks
// that against the indented layout, which still goes through nlohmann: keys in std::map order,
// strings escaped as nlohmann escapes them, doubles formatted by nlohmann itself.

/// A string as nlohmann's dump writes it (ensure_ascii off): '"', '\\' and control characters
/// escaped, UTF-8 copied. Text that is not UTF-8 goes to nlohmann, which replaces what is invalid.
void put(std::string& out, std::string_view s) {
    if (!is_valid_utf8(s)) {
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, kReplaceInvalid);
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t copied = 0;   // s[copied, i) is still to be copied as it is
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s, copied, i - copied);
        copied = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
        }
    }
    out.append(s, copied, s.size() - copied);
    out += '"';
}

void put(std::string& out, unsigned n) { out += std::to_string(n); }

void put(std::string& out, const std::vector<std::string>& list) {
    out += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out += ',';
        put(out, list[i]);
    }
    out += ']';
}

/// `"key":` (keys are the writer's own: plain ASCII).
void key(std::string& out, const char* k, bool first = false) {
    if (!first) out += ',';
    out += '"';
    out += k;
    out += "\":";
}

void put_hit(std::string& out, const SearchHit& h) {
    key(out, "duplicates", true), put(out, h.duplicates);
    key(out, "id"), put(out, h.id);
    if (h.page > 0) key(out, "page"), put(out, h.page);
    key(out, "path"), put(out, h.path);
    key(out, "rank"), put(out, h.rank);
    key(out, "reviewed"), put(out, h.reviewed);
    key(out, "score"), out += nlohmann::json(h.score).dump();
    key(out, "section"), put(out, h.section);
    key(out, "section_url"), put(out, h.section_url);
    key(out, "snippet"), put(out, h.snippet);
    key(out, "title"), put(out, h.title);
    key(out, "title_html"), put(out, h.title_html);
    key(out, "url"), put(out, h.url);
}

std::string compact_json(const SearchResults& r) {
    std::string out;
    out.reserve(4096);
    out += '{';
    key(out, "budget_exceeded", true), out += r.budget_exceeded ? "true" : "false";
    if (r.explained) key(out, "explain"), out += explanation_json(r.explanation).dump(-1, ' ', false, kReplaceInvalid);
    // Every facet of the schema, and any other the results name, in name order (issue 19).
    std::set<std::string> names;
    for (const schema::FacetInfo& f : schema::kFacets) names.insert(f.name);
    for (const auto& entry : r.facets) names.insert(entry.first);
    key(out, "facets"), out += '{';
    bool first = true;
    for (const std::string& name : names) {
        if (!first) out += ',';
        first = false;
        put(out, name);
        out += ":[";
        const auto found = r.facets.find(name);
        if (found != r.facets.end()) {
            for (std::size_t i = 0; i < found->second.size(); ++i) {
                out += i > 0 ? ",{" : "{";
                key(out, "count", true), put(out, found->second[i].count);
                key(out, "value"), put(out, found->second[i].value);
                out += '}';
            }
        }
        out += ']';
    }
    out += '}';
    key(out, "limit"), put(out, r.limit);
    key(out, "notes"), put(out, r.notes);
    key(out, "offset"), put(out, r.offset);
    key(out, "query"), put(out, r.query);
    key(out, "results"), out += '[';
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
        out += i > 0 ? ",{" : "{";
        put_hit(out, r.hits[i]);
        out += '}';
    }
    out += ']';
    key(out, "safety"), out += '[';
    for (std::size_t i = 0; i < r.safety.size(); ++i) {
        const SafetyCard& c = r.safety[i];
        out += i > 0 ? ",{" : "{";
        key(out, "id", true), put(out, c.id);
        key(out, "link"), put(out, c.link);
        key(out, "link_text"), put(out, c.link_text);
        key(out, "text"), put(out, c.text);
        key(out, "title"), put(out, c.title);
        out += '}';
    }
    out += ']';
    key(out, "suggestion");
    if (r.corrected_query.empty()) {
        out += "null";
    } else {
        out += '{';
        key(out, "instead", true), put(out, r.query);
        key(out, "showing"), put(out, r.corrected_query);
        out += '}';
    }
    key(out, "total"), put(out, r.total);
    out += '}';
    return out;
}

}  // namespace

std::string to_json(const SearchResults& r, JsonLayout layout) {
    if (layout == JsonLayout::kCompact) return compact_json(r);
    // Built by assignment rather than nested initializer lists: under ASan with GCC 12, the
    // json_ref temporaries of a large nested list were reported as a stack-buffer-overflow when a
    // time-budget-cut search ran under load (reproduced with the sanitizer build; see
    // CorpusTest.TimeBudgetCutsAreReported). Plain assignments copy from the SearchResults only.
    nlohmann::json results = nlohmann::json::array();
    for (const SearchHit& h : r.hits) {
        nlohmann::json hit = nlohmann::json::object();
        hit["rank"] = h.rank;
        hit["id"] = h.id;
        hit["path"] = h.path;
        hit["url"] = h.url;
        hit["title"] = h.title;
        hit["title_html"] = h.title_html;
        hit["snippet"] = h.snippet;
        hit["section"] = h.section;
        hit["section_url"] = h.section_url;
        if (h.page > 0) hit["page"] = h.page;  // only for paged documents (PDF): docs/json.md
        hit["reviewed"] = h.reviewed;
        hit["score"] = h.score;
        hit["duplicates"] = h.duplicates;
        results.push_back(std::move(hit));
    }
    // Every facet is always there: a search cut by its time budget before counting them has
    // empty lists (and budget_exceeded), not a facets object without keys (issue 19).
    nlohmann::json facets = nlohmann::json::object();
    for (const schema::FacetInfo& f : schema::kFacets) facets[f.name] = nlohmann::json::array();
    for (const auto& [name, values] : r.facets) {
        nlohmann::json list = nlohmann::json::array();
        for (const FacetValue& v : values) {
            nlohmann::json item = nlohmann::json::object();
            item["value"] = v.value;
            item["count"] = v.count;
            list.push_back(std::move(item));
        }
        facets[name] = std::move(list);
    }
    nlohmann::json safety = nlohmann::json::array();
    for (const SafetyCard& c : r.safety) {
        nlohmann::json card = nlohmann::json::object();
        card["id"] = c.id;
        card["title"] = c.title;
        card["text"] = c.text;
        card["link"] = c.link;
        card["link_text"] = c.link_text;
        safety.push_back(std::move(card));
    }
    nlohmann::json j = nlohmann::json::object();
    j["query"] = r.query;
    j["total"] = r.total;
    j["offset"] = r.offset;
    j["limit"] = r.limit;
    j["results"] = std::move(results);
    j["facets"] = std::move(facets);
    j["safety"] = std::move(safety);
    j["notes"] = r.notes;
    j["budget_exceeded"] = r.budget_exceeded;
    j["suggestion"] = nullptr;
    if (!r.corrected_query.empty()) {
        j["suggestion"] = nlohmann::json::object();
        j["suggestion"]["showing"] = r.corrected_query;
        j["suggestion"]["instead"] = r.query;
    }
    if (r.explained) j["explain"] = explanation_json(r.explanation);
    return j.dump(2, ' ', false, kReplaceInvalid);
}

std::string snippet_to_text(const std::string& html, const std::string& on, const std::string& off) {
    static const std::pair<const char*, const char*> kEntities[] = {
        {"<mark>", nullptr}, {"</mark>", nullptr}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
        {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
    };
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        // Plain text up to the next tag or entity is copied as it is: only '<' and '&' can start
        // one (checking every entity at every byte was a tenth of a CLI lookup).
        const std::size_t special = std::min(html.find_first_of("<&", i), html.size());
        out.append(html, i, special - i);
        i = special;
        if (i == html.size()) break;
        bool matched = false;
        for (const auto& [from, to] : kEntities) {
            const std::string_view f(from);
            if (html.compare(i, f.size(), f) == 0) {
                out += to != nullptr ? std::string(to) : (f == "<mark>" ? on : off);
                i += f.size();
                matched = true;
                break;
            }
        }
        if (!matched) out.push_back(html[i++]);
    }
    return out;
}

std::string to_text(const SearchResults& r, bool color) {
    std::ostringstream out;
    const std::string on = color ? "\033[1m" : "*";
    const std::string off = color ? "\033[0m" : "*";
    for (const SafetyCard& c : r.safety) {
        out << "!! " << c.title << "\n   " << c.text << "\n";
        if (!c.link.empty()) out << "   " << (c.link_text.empty() ? "" : c.link_text + ": ") << c.link << "\n";
        out << "\n";
    }
    for (const std::string& n : r.notes) out << n << "\n";
    if (!r.notes.empty()) out << "\n";
    if (r.explained) {
        const Explanation& e = r.explanation;
        out << "How the query was understood:\n  mode: " << e.mode << "\n  words:";
        for (const std::string& w : e.words) out << " " << w;
        out << "\n";
        for (const auto& [from, to] : e.corrections) out << "  spelling: " << from << " -> " << to << "\n";
        for (const auto& [phrase, added] : e.synonyms) {
            out << "  synonyms: " << phrase << " -> ";
            for (std::size_t i = 0; i < added.size(); ++i) out << (i ? ", " : "") << added[i];
            out << "\n";
        }
        for (const std::string& f : e.filters) out << "  filter: " << f << "\n";
        out << "  fields: " << e.fields << "\n  xapian: " << e.query << "\n\n";
    }
    const std::string shown = r.corrected_query.empty() ? r.query : r.corrected_query;
    if (r.hits.empty()) {
        out << "No results for \"" << shown << "\".\n";
        return out.str();
    }
    out << "Results " << r.hits.front().rank << "-" << r.hits.back().rank << " of about " << r.total << " for \"" << shown << "\":\n\n";
    for (const SearchHit& h : r.hits) {
        out << h.rank << ". " << snippet_to_text(h.title_html, on, off) << "\n";
        out << "   " << (h.url.empty() ? h.path : h.url) << "\n";
        if (!h.reviewed.empty()) out << "   Last reviewed " << h.reviewed << "\n";
        if (h.page > 0) {
            out << "   Page " << h.page << (h.section.empty() ? "" : ", in \"" + h.section + "\"")
                << (h.section_url.empty() ? "" : ": " + h.section_url) << "\n";
        } else if (!h.section.empty()) {
            out << "   In \"" << h.section << "\"" << (h.section_url.empty() ? "" : ": " + h.section_url) << "\n";
        }
        out << "   " << snippet_to_text(h.snippet, on, off) << "\n";
        if (!h.duplicates.empty()) {
            out << "   Same page also at:";
            for (const std::string& d : h.duplicates) out << " " << d;
            out << "\n";
        }
        out << "\n";
    }
    bool any_facet = false;
    for (const auto& [name, values] : r.facets) {
        if (values.empty()) continue;
        if (!any_facet) out << "Refine:\n";
        any_facet = true;
        out << "  " << name << ":";
        for (const FacetValue& v : values) out << " " << v.value << " (" << v.count << ")";
        out << "\n";
    }
    return out.str();
}

}  // namespace lantern
