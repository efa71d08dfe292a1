// http_api.cpp: routes, parameter checking and JSON errors for the HTTP server.
#include "serve/http_api.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "text/article.h"
#include "text/errors.h"
#include "search/result_format.h"
#include "search/search.h"
#include "serve/search_page.h"
#include "text/thesaurus.h"
#include "serve/web_assets.h"

namespace lantern {
namespace {

constexpr unsigned kMaxPage = 1000;

std::string one(const HttpRequest& r, const std::string& name) {
    const auto it = r.params.find(name);
    return it == r.params.end() ? std::string() : it->second;
}

std::vector<std::string> all(const HttpRequest& r, const std::string& name) {
    std::vector<std::string> out;
    const auto range = r.params.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
        if (!it->second.empty()) out.push_back(it->second);
    }
    return out;
}

unsigned number(const HttpRequest& r, const std::string& name, unsigned fallback, unsigned lo, unsigned hi) {
    const std::string v = one(r, name);
    if (v.empty()) return fallback;
    unsigned n = 0;
    const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), n);   // digits only: no sign, no spaces
    if (error != std::errc() || end != v.data() + v.size() || n < lo || n > hi) {
        throw BadParameter(name,
                           name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    return n;
}

/// A parameter the route does not know is a 400 naming it: ignored, a typo ("limt") or an option
/// of another search engine ("sort=date" before it existed) would change nothing without a word.
void only_known(const HttpRequest& r, std::initializer_list<const char*> known) {
    for (const auto& [name, value] : r.params) {
        bool ok = false;
        for (const char* k : known) ok = ok || name == k;
        if (ok) continue;
        std::string list;
        for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
        throw BadParameter(name.substr(0, 100), "unknown parameter '" + name.substr(0, 100) + "' (this path takes " + list + ")");
    }
}

/// The query and filters of a search, unchecked: the page shows them again beside an error.
SearchRequest search_words_and_filters(const HttpRequest& r) {
    SearchRequest s;
    s.query = one(r, "q");
    for (const schema::FacetInfo& f : schema::kFacets) s.filters.values(f.facet) = all(r, f.field);
    s.filters.since = one(r, "since");
    s.filters.until = one(r, "until");
    s.sort = one(r, "sort") == "date" ? SortOrder::date : SortOrder::relevance;
    return s;
}

/// The SearchRequest a query string describes; throws BadParameter naming the parameter at fault.
SearchRequest parse_search(const HttpRequest& r, unsigned budget_ms) {
    SearchRequest s = search_words_and_filters(r);
    only_known(r, {"q", "page", "limit", "topic", "audience", "source", "lang", "format", "since", "until", "sort", "exact"});
    if (s.query.size() > kMaxQueryBytes) {
        throw BadParameter("q", "q is " + std::to_string(s.query.size()) + " bytes long; the most is " +
                                    std::to_string(kMaxQueryBytes), BadParameter::kTooLong);
    }
    s.limit = number(r, "limit", 10, 1, kMaxLimit);
    s.offset = (number(r, "page", 1, 1, kMaxPage) - 1) * s.limit;
    const std::string sort = one(r, "sort");
    if (!sort.empty() && sort != "relevance" && sort != "date") throw BadParameter("sort", "sort must be relevance or date");
    const std::string exact = one(r, "exact");
    if (!exact.empty() && exact != "0" && exact != "1") throw BadParameter("exact", "exact must be 0 or 1");
    s.correct_spelling = exact != "1";
    s.time_budget_ms = budget_ms;
    return s;
}

HttpResponse json_error(int status, const std::string& parameter, const std::string& message) {
    HttpResponse res;
    res.status = status;
    nlohmann::json j = {{"error", message}};
    if (!parameter.empty()) j["parameter"] = parameter;
    // The path and parameters a client sends need not be UTF-8; strict dump() would throw on them.
    res.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return res;
}

/// The status of a request the client got wrong: 413 for a parameter over its size limit, else 400.
int status_of(const BadInput& e) {
    const auto* p = dynamic_cast<const BadParameter*>(&e);
    return p != nullptr && p->problem() == BadParameter::kTooLong ? 413 : 400;
}

/// {"error": ..., "parameter": ...} for a bad request; "parameter" when the error names one.
HttpResponse json_error(const BadInput& e) {
    const auto* p = dynamic_cast<const BadParameter*>(&e);
    return json_error(status_of(e), p != nullptr ? p->parameter() : std::string(), e.what());
}

}  // namespace

std::vector<std::pair<std::string, std::string>> security_headers() {
    return {{"Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
                                        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
            {"X-Content-Type-Options", "nosniff"},
            {"Referrer-Policy", "no-referrer"},
            {"Cache-Control", "no-store"}};
}

struct SearchService::Impl {
    ServiceOptions options;
    PageText page_text;
    Searcher searcher;
    Impl(const ServiceOptions& o, const PageText& p) : options(o), page_text(p), searcher(o.db_path) {}

    HttpResponse search_json(const HttpRequest& r) {
        const SearchRequest req = parse_search(r, options.time_budget_ms);
        if (collapse_space(req.query).empty()) throw BadParameter("q", "q is missing: give the words to search for");
        HttpResponse res;
        const SearchResults results = searcher.search(req);
        res.zero_results = results.hits.empty();
        res.searched = phrase_key(req.query);
        res.cacheable = !results.budget_exceeded;
        res.body = to_json(results, JsonLayout::kCompact) + "\n";
        return res;
    }

    HttpResponse suggest_json(const HttpRequest& r) {
        only_known(r, {"q", "limit"});
        const std::string q = one(r, "q");
        if (q.size() > kMaxQueryBytes) throw BadParameter("q", "q is too long", BadParameter::kTooLong);
        const unsigned limit = number(r, "limit", 8, 1, 20);
        nlohmann::json items = nlohmann::json::array();
        for (const Suggestion& s : searcher.suggest(q, limit)) items.push_back({{"text", s.text}, {"url", s.url}, {"kind", s.kind}});
        HttpResponse res;
        res.body = nlohmann::json{{"query", q}, {"suggestions", items}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        res.cacheable = true;
        return res;
    }

    /// The request edge of the page: a bad parameter is the page again, with the message (400 or 413).
    HttpResponse page(const HttpRequest& r) {
        HttpResponse res;
        res.content_type = "text/html; charset=utf-8";
        SearchRequest req;
        req.query = one(r, "q").substr(0, kMaxQueryBytes);   // what the box shows when the parameters are bad
        try {
            req = parse_search(r, options.time_budget_ms);
            if (collapse_space(req.query).empty()) {
                res.body = render_search_page(req, nullptr, "", page_text);
                return res;
            }
            const SearchResults results = searcher.search(req);
            res.zero_results = results.hits.empty();
            res.searched = phrase_key(req.query);
            res.cacheable = !results.budget_exceeded;
            res.body = render_search_page(req, &results, "", page_text);
        } catch (const BadInput& e) {
            res.status = status_of(e);
            // The box and the filters show what was asked, beside the message.
            if (dynamic_cast<const BadParameter*>(&e) != nullptr) {
                req = search_words_and_filters(r);
                req.query = req.query.substr(0, kMaxQueryBytes);
            }
            res.body = render_search_page(req, nullptr, e.what(), page_text);
        }
        return res;
    }
};

SearchService::SearchService(const ServiceOptions& options, const PageText& page) : impl_(std::make_unique<Impl>(options, page)) {}
SearchService::~SearchService() = default;

HttpResponse SearchService::handle(const HttpRequest& r) {
    HttpResponse res;
    try {
        if (r.method != "GET" && r.method != "HEAD") {
            res = json_error(405, "", "only GET is supported");
            res.headers.emplace_back("Allow", "GET, HEAD");
        } else if (r.path == "/api/search") {
            res = impl_->search_json(r);
        } else if (r.path == "/") {
            res = impl_->page(r);
        } else if (r.path == "/api/suggest") {
            res = impl_->suggest_json(r);
        } else if (r.path == "/healthz") {
            // Reads the index, so a damaged or missing one is reported (BadIndex: 503 at the server).
            res.body = nlohmann::json{{"status", "ok"}, {"documents", impl_->searcher.check_health()}}.dump() + "\n";
        } else if (const WebAsset* asset = find_web_asset(r.path)) {
            res.content_type = asset->content_type;
            res.body = asset->body;
        } else {
            res = json_error(404, "", "no such path: " + r.path.substr(0, 200));
        }
    } catch (const BadInput& e) {
        res = json_error(e);   // the request edge: 400 (413) naming the parameter; BadIndex goes on to the server
    }
    for (auto& h : security_headers()) res.headers.push_back(std::move(h));
    return res;
}

}  // namespace lantern
