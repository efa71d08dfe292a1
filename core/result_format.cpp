// result_format.cpp: JSON (nlohmann) and plain-text renderings of search results.
#include "core/result_format.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace lantern {

std::string to_json(const SearchResults& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const SearchHit& h : r.hits) {
        results.push_back({{"rank", h.rank},   {"id", h.id},           {"path", h.path},
                           {"url", h.url},     {"title", h.title},     {"snippet", h.snippet},
                           {"reviewed", h.reviewed}, {"score", h.score}});
    }
    const nlohmann::json j = {{"query", r.query}, {"total", r.total}, {"offset", r.offset},
                              {"limit", r.limit}, {"results", results}};
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string snippet_to_text(const std::string& html, const std::string& on, const std::string& off) {
    static const std::pair<const char*, const char*> kEntities[] = {
        {"<mark>", nullptr}, {"</mark>", nullptr}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
        {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
    };
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
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
    if (r.hits.empty()) {
        out << "No results for \"" << r.query << "\".\n";
        return out.str();
    }
    out << "Results " << r.hits.front().rank << "-" << r.hits.back().rank << " of about " << r.total << " for \""
        << r.query << "\":\n\n";
    for (const SearchHit& h : r.hits) {
        out << h.rank << ". " << (color ? on + h.title + off : h.title) << "\n";
        out << "   " << (h.url.empty() ? h.path : h.url) << "\n";
        if (!h.reviewed.empty()) out << "   Last reviewed " << h.reviewed << "\n";
        out << "   " << snippet_to_text(h.snippet, on, off) << "\n\n";
    }
    return out.str();
}

}  // namespace lantern
