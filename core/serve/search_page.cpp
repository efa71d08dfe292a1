// search_page.cpp: HTML for GET /. Links keep the query, filters, order and page size; nothing
// here runs script.
#include "serve/search_page.h"

#include <algorithm>
#include <sstream>

#include "search/snippet.h"
#include "text/url.h"

namespace lantern {
namespace {

constexpr unsigned kDefaultLimit = 10;   ///< http_api.cpp's default page size

/// The facet filters as (parameter, values) pairs, in schema::kFacets order.
std::vector<std::pair<const char*, std::vector<std::string>*>> facet_filters(SearchFilters& f) {
    std::vector<std::pair<const char*, std::vector<std::string>*>> out;
    for (const schema::FacetInfo& facet : schema::kFacets) out.emplace_back(facet.field, &f.values(facet.facet));
    return out;
}

/// "/?q=...&topic=..." for the request at `page`, HTML-escaped.
std::string link(const SearchRequest& r, unsigned page) {
    std::string url = "/?q=" + percent_encode(r.query);
    SearchFilters f = r.filters;
    for (const auto& [key, values] : facet_filters(f)) {
        for (const std::string& v : *values) url += std::string("&") + key + "=" + percent_encode(v);
    }
    if (!f.since.empty()) url += "&since=" + percent_encode(f.since);
    if (!f.until.empty()) url += "&until=" + percent_encode(f.until);
    if (r.sort == SortOrder::date) url += "&sort=date";
    if (r.limit != kDefaultLimit) url += "&limit=" + std::to_string(r.limit);
    if (!r.correct_spelling) url += "&exact=1";
    if (page > 1) url += "&page=" + std::to_string(page);
    return escape_html(url);
}

/// The request with `value` added to (or, when already there, removed from) the facet `key`.
SearchRequest toggled(const SearchRequest& r, const std::string& key, const std::string& value) {
    SearchRequest out = r;
    for (const auto& [k, values] : facet_filters(out.filters)) {
        if (key != k) continue;
        const auto at = std::find(values->begin(), values->end(), value);
        if (at == values->end()) {
            values->push_back(value);
        } else {
            values->erase(at);
        }
    }
    return out;
}

/// The search box. Facet filters and the page size ride along as hidden fields, so a new search
/// keeps them until they are removed (issue 19: a new search from the box dropped them silently);
/// dates and order are fields of their own.
void write_form(std::ostringstream& out, const SearchRequest& req) {
    out << "<form role=\"search\" method=\"get\" action=\"/\">\n"
        << "<label for=\"q\">Search for</label>\n"
        << "<input id=\"q\" name=\"q\" type=\"search\" value=\"" << escape_html(req.query) << "\" autocomplete=\"off\">\n"
        << "<button type=\"submit\">Search</button>\n";
    SearchFilters f = req.filters;
    for (const auto& [key, values] : facet_filters(f)) {
        for (const std::string& v : *values) out << "<input type=\"hidden\" name=\"" << key << "\" value=\"" << escape_html(v) << "\">\n";
    }
    if (req.limit != kDefaultLimit) out << "<input type=\"hidden\" name=\"limit\" value=\"" << req.limit << "\">\n";
    const bool open = !f.since.empty() || !f.until.empty() || req.sort == SortOrder::date;
    out << "<details class=\"options\"" << (open ? " open" : "") << ">\n<summary>Dates and order</summary>\n<div class=\"fields\">\n"
        << "<p><label for=\"since\">Reviewed since</label>\n<input id=\"since\" name=\"since\" type=\"text\" inputmode=\"numeric\" "
           "placeholder=\"YYYY-MM-DD\" aria-describedby=\"date-help\" value=\"" << escape_html(f.since) << "\"></p>\n"
        << "<p><label for=\"until\">Reviewed until</label>\n<input id=\"until\" name=\"until\" type=\"text\" inputmode=\"numeric\" "
           "placeholder=\"YYYY-MM-DD\" aria-describedby=\"date-help\" value=\"" << escape_html(f.until) << "\"></p>\n"
        << "<p><label for=\"sort\">Order</label>\n<select id=\"sort\" name=\"sort\">"
        << "<option value=\"\"" << (req.sort == SortOrder::date ? "" : " selected") << ">Best match</option>"
        << "<option value=\"date\"" << (req.sort == SortOrder::date ? " selected" : "") << ">Newest first</option></select></p>\n"
        << "<p id=\"date-help\" class=\"hint\">Dates as YYYY-MM-DD, YYYY-MM or YYYY: the date a page was last reviewed, "
           "else published.</p>\n</div>\n</details>\n</form>\n";
}

/// The filters in force, each with a link that removes it, and one that removes them all.
void write_active_filters(std::ostringstream& out, const SearchRequest& req) {
    if (!req.filters.any()) return;
    out << "<section class=\"active-filters\" aria-labelledby=\"filters-on\">\n<h2 id=\"filters-on\">Filters on</h2>\n<ul>\n";
    auto item = [&out](const std::string& what, const SearchRequest& without) {
        out << "<li>" << escape_html(what) << " <a href=\"" << link(without, 1) << "\" aria-label=\"Remove the filter "
            << escape_html(what) << "\">Remove</a></li>\n";
    };
    SearchFilters f = req.filters;
    for (const auto& [key, values] : facet_filters(f)) {
        for (const std::string& v : *values) item(std::string(key == std::string("lang") ? "language" : key) + ": " + v, toggled(req, key, v));
    }
    SearchRequest without = req;
    without.filters.since.clear();
    if (!f.since.empty()) item("reviewed since " + f.since, without);
    without = req;
    without.filters.until.clear();
    if (!f.until.empty()) item("reviewed until " + f.until, without);
    out << "</ul>\n";
    without = req;
    without.filters = SearchFilters();
    out << "<p><a href=\"" << link(without, 1) << "\">Remove all filters</a></p>\n</section>\n";
}

/// The result count, or why there is nothing to show and the way out.
void write_count(std::ostringstream& out, const SearchRequest& req, const SearchResults& r) {
    const std::string searched = escape_html(r.corrected_query.empty() ? req.query : r.corrected_query);
    out << "<p class=\"count\" aria-live=\"polite\">";
    if (!r.hits.empty()) {
        out << "Results " << r.hits.front().rank << " to " << r.hits.back().rank << " of about " << r.total << ".";
    } else if (req.offset > 0 && r.total > 0) {
        out << "No more results for <strong>" << searched << "</strong>: there are about " << r.total << ". <a href=\""
            << link(req, 1) << "\">Back to the first page</a>.";
    } else if (req.filters.any()) {
        SearchRequest without = req;
        without.filters = SearchFilters();
        out << "No results for <strong>" << searched << "</strong> with these filters. <a href=\"" << link(without, 1)
            << "\">Search without filters</a>.";
    } else {
        out << "No results for <strong>" << searched << "</strong>.";
    }
    out << "</p>\n";
}

void write_facets(std::ostringstream& out, const SearchRequest& req, const SearchResults& r) {
    bool any = false;
    for (const auto& [name, values] : r.facets) any = any || !values.empty();
    if (!any) return;
    out << "<aside aria-label=\"Refine results\">\n<h2>Refine</h2>\n";
    for (const auto& [name, values] : r.facets) {
        if (values.empty()) continue;
        const std::string key = name == "language" ? "lang" : name;
        SearchFilters f = req.filters;
        std::vector<std::string> on;
        for (const auto& [k, list] : facet_filters(f)) {
            if (key == k) on = *list;
        }
        out << "<h3>" << escape_html(name) << "</h3>\n<ul>\n";
        for (const FacetValue& v : values) {
            const bool active = std::find(on.begin(), on.end(), v.value) != on.end();
            if (active) {
                // A chosen value is not offered again (its link repeated the filter): it can be removed.
                out << "<li class=\"on\"><strong>" << escape_html(v.value) << "</strong> (" << v.count << ") <a href=\""
                    << link(toggled(req, key, v.value), 1) << "\" aria-label=\"Remove the filter " << escape_html(name) << ": "
                    << escape_html(v.value) << "\">Remove</a></li>\n";
            } else {
                out << "<li><a href=\"" << link(toggled(req, key, v.value), 1) << "\">" << escape_html(v.value) << "</a> (" << v.count
                    << ")</li>\n";
            }
        }
        out << "</ul>\n";
    }
    out << "</aside>\n";
}

void write_hit(std::ostringstream& out, const SearchHit& h) {
    if (h.url.empty()) {
        // Never <a href="">, which reloads this page: the title unlinked, and why (issue 19).
        out << "<li>\n<h2>" << h.title_html << "</h2>\n<p class=\"unlinked\">No link: this page was indexed without a web address.</p>\n";
    } else {
        out << "<li>\n<h2><a href=\"" << escape_html(h.url) << "\">" << h.title_html << "</a></h2>\n";
    }
    if (!h.reviewed.empty()) {
        out << "<p class=\"reviewed\">Last reviewed <time datetime=\"" << escape_html(h.reviewed) << "\">" << escape_html(h.reviewed)
            << "</time></p>\n";
    }
    out << "<p class=\"snippet\">" << h.snippet << "</p>\n";
    if (h.page > 0) {
        // A document's page: "From page 7" links to url#page=7, which browsers' PDF viewers open at.
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
    if (!h.duplicates.empty()) {
        // Named, not counted: "Also published at 1 other address" left the reader to guess which.
        // A copy listed by its file path has no address of its own, or this result's.
        std::string urls, files;
        for (const std::string& d : h.duplicates) {
            if (is_http_url(d)) {
                urls += (urls.empty() ? "" : ", ") + ("<a href=\"" + escape_html(d) + "\">" + escape_html(d) + "</a>");
            } else {
                files += (files.empty() ? "" : ", ") + escape_html(d);
            }
        }
        out << "<p class=\"duplicates\">" << (urls.empty() ? "" : "Also published at " + urls + ".")
            << (urls.empty() || files.empty() ? "" : " ") << (files.empty() ? "" : "The same text is also in " + files + ".") << "</p>\n";
    }
    out << "</li>\n";
}

}  // namespace

std::string render_search_page(const SearchRequest& req, const SearchResults* r, const std::string& error, const PageText& text) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << escape_html(text.lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>"
        << (req.query.empty() ? "" : escape_html(req.query) + " - ") << escape_html(text.site_name) << "</title>\n"
        << "<link rel=\"stylesheet\" href=\"/page.css\">\n</head>\n<body>\n<main id=\"main\">\n"
        << "<h1>" << escape_html(text.heading) << "</h1>\n";
    write_form(out, req);
    if (!error.empty()) out << "<p class=\"error\" role=\"alert\">" << escape_html(error) << "</p>\n";
    write_active_filters(out, req);
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
        write_count(out, req, *r);
        if (!r->hits.empty()) out << "<ol class=\"results\" start=\"" << r->hits.front().rank << "\">\n";
        for (const SearchHit& h : r->hits) write_hit(out, h);
        if (!r->hits.empty()) out << "</ol>\n";
        const unsigned page = req.offset / req.limit + 1;
        // The total is an estimate: a short page is the last one whatever it says.
        const bool more = r->total > req.offset + req.limit && r->hits.size() == req.limit;
        if ((page > 1 && !r->hits.empty()) || more) {
            out << "<nav aria-label=\"Result pages\"><ul class=\"pages\">\n";
            if (page > 1) out << "<li><a rel=\"prev\" href=\"" << link(req, page - 1) << "\">Previous</a></li>\n";
            if (more) out << "<li><a rel=\"next\" href=\"" << link(req, page + 1) << "\">Next</a></li>\n";
            out << "</ul></nav>\n";
        }
        write_facets(out, req, *r);
    }
    out << "</main>\n<footer><p>" << escape_html(text.footer) << (text.footer.empty() || text.emergency.empty() ? "" : " ")
        << escape_html(text.emergency) << "</p></footer>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace lantern
