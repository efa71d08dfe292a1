// result_format.cpp: JSON (nlohmann) and plain-text renderings of search results.
#include "search/result_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "text/schema.h"

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

}  // namespace

std::string to_json(const SearchResults& r, JsonLayout layout) {
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
    return j.dump(layout == JsonLayout::kIndented ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
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
