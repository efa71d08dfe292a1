// search_page.cpp: HTML for GET /. Links keep the query and filters; nothing here runs script.
#include "serve/search_page.h"

#include <cctype>
#include <sstream>

#include "search/snippet.h"
#include "text/url.h"

namespace lantern {
namespace {

/// "/?q=...&topic=..." for the request with one change applied.
std::string link(const SearchRequest& r, unsigned page, const std::string& add_key = "", const std::string& add_value = "") {
    std::string url = "/?q=" + percent_encode(r.query);
    auto add = [&url](const char* key, const std::vector<std::string>& values) {
        for (const std::string& v : values) url += std::string("&") + key + "=" + percent_encode(v);
    };
    add("topic", r.filters.topics);
    add("audience", r.filters.audiences);
    add("source", r.filters.sources);
    add("lang", r.filters.languages);
    add("format", r.filters.formats);
    if (!r.filters.since.empty()) url += "&since=" + percent_encode(r.filters.since);
    if (!r.filters.until.empty()) url += "&until=" + percent_encode(r.filters.until);
    if (!r.correct_spelling) url += "&exact=1";
    if (!add_key.empty()) url += "&" + add_key + "=" + percent_encode(add_value);
    if (page > 1) url += "&page=" + std::to_string(page);
    return escape_html(url);
}

}  // namespace

std::string render_search_page(const SearchRequest& req, const SearchResults* r, const std::string& error) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>"
        << (req.query.empty() ? "" : escape_html(req.query) + " - ") << "Search</title>\n"
        << "<link rel=\"stylesheet\" href=\"/page.css\">\n</head>\n<body>\n<main id=\"main\">\n"
        << "<h1>Search health information</h1>\n"
        << "<form role=\"search\" method=\"get\" action=\"/\">\n"
        << "<label for=\"q\">Search for</label>\n"
        << "<input id=\"q\" name=\"q\" type=\"search\" value=\"" << escape_html(req.query) << "\" autocomplete=\"off\">\n"
        << "<button type=\"submit\">Search</button>\n</form>\n";
    if (!error.empty()) out << "<p class=\"error\" role=\"alert\">" << escape_html(error) << "</p>\n";
    if (r != nullptr) {
        for (const SafetyCard& c : r->safety) {
            out << "<section class=\"safety\" role=\"note\" aria-label=\"" << escape_html(c.title) << "\">\n<h2>"
                << escape_html(c.title) << "</h2>\n<p>" << escape_html(c.text) << "</p>\n";
            if (!c.link.empty()) {
                out << "<p><a href=\"" << escape_html(c.link) << "\">" << escape_html(c.link_text.empty() ? c.link : c.link_text)
                    << "</a></p>\n";
            }
            out << "</section>\n";
        }
        if (!r->corrected_query.empty()) {
            SearchRequest exact = req;
            exact.correct_spelling = false;
            out << "<p class=\"correction\">Showing results for <strong>" << escape_html(r->corrected_query)
                << "</strong>. Search instead for <a href=\"" << link(exact, 1) << "\">" << escape_html(req.query) << "</a>.</p>\n";
        }
        // The other notes (words dropped past the query's limits, syntax read as plain words, a
        // time budget cut): a reader of the page should learn them as a reader of the JSON does.
        for (const std::string& n : r->notes) {
            if (!r->corrected_query.empty() && n.rfind("Showing results for ", 0) == 0) continue;   // the correction above
            out << "<p class=\"note\">" << escape_html(n) << "</p>\n";
        }
        out << "<p class=\"count\" aria-live=\"polite\">";
        if (r->hits.empty()) {
            out << "No results for <strong>" << escape_html(req.query) << "</strong>.";
        } else {
            out << "Results " << r->hits.front().rank << " to " << r->hits.back().rank << " of about " << r->total << ".";
        }
        out << "</p>\n";
        if (!r->hits.empty()) out << "<ol class=\"results\" start=\"" << r->hits.front().rank << "\">\n";
        for (const SearchHit& h : r->hits) {
            const std::string href = h.url.empty() ? "" : escape_html(h.url);
            out << "<li>\n<h2><a href=\"" << href << "\">" << h.title_html << "</a></h2>\n";
            if (!h.reviewed.empty()) out << "<p class=\"reviewed\">Last reviewed <time datetime=\"" << escape_html(h.reviewed) << "\">"
                                         << escape_html(h.reviewed) << "</time></p>\n";
            out << "<p class=\"snippet\">" << h.snippet << "</p>\n";
            if (h.page > 0) {
                const std::string page = "page " + std::to_string(h.page);
                out << "<p class=\"section\">From ";
                if (!h.section_url.empty()) {
                    out << "<a href=\"" << escape_html(h.section_url) << "\">" << page << "</a>";
                } else {
                    out << page;
                }
                if (!h.section.empty()) out << ", in the section " << escape_html(h.section);
                out << "</p>\n";
            } else if (!h.section.empty()) {
                out << "<p class=\"section\">From the section ";
                if (!h.section_url.empty()) {
                    out << "<a href=\"" << escape_html(h.section_url) << "\">" << escape_html(h.section) << "</a>";
                } else {
                    out << escape_html(h.section);
                }
                out << "</p>\n";
            }
            if (!h.duplicates.empty()) out << "<p class=\"duplicates\">Also published at " << h.duplicates.size() << " other address"
                                           << (h.duplicates.size() == 1 ? "" : "es") << ".</p>\n";
            out << "</li>\n";
        }
        if (!r->hits.empty()) out << "</ol>\n";
        const unsigned page = req.offset / req.limit + 1;
        if (page > 1 || r->total > req.offset + req.limit) {
            out << "<nav aria-label=\"Result pages\"><ul class=\"pages\">\n";
            if (page > 1) out << "<li><a rel=\"prev\" href=\"" << link(req, page - 1) << "\">Previous</a></li>\n";
            if (r->total > req.offset + req.limit) out << "<li><a rel=\"next\" href=\"" << link(req, page + 1) << "\">Next</a></li>\n";
            out << "</ul></nav>\n";
        }
        bool any = false;
        for (const auto& [name, values] : r->facets) any = any || !values.empty();
        if (any) {
            out << "<aside aria-label=\"Refine results\">\n<h2>Refine</h2>\n";
            for (const auto& [name, values] : r->facets) {
                if (values.empty()) continue;
                const std::string key = name == "language" ? "lang" : name;
                out << "<h3>" << escape_html(name) << "</h3>\n<ul>\n";
                for (const FacetValue& v : values) {
                    out << "<li><a href=\"" << link(req, 1, key, v.value) << "\">" << escape_html(v.value) << "</a> (" << v.count
                        << ")</li>\n";
                }
                out << "</ul>\n";
            }
            out << "</aside>\n";
        }
    }
    out << "</main>\n<footer><p>This search shows health information; it does not give medical advice. "
           "In an emergency call 911.</p></footer>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace lantern
