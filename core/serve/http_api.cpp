// http_api.cpp: routes, parameter checking and JSON errors for the HTTP server.
#include "serve/http_api.h"

#include <nlohmann/json.hpp>

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

/// A bad parameter: becomes 400 (or 413) with {"error": ..., "parameter": ...}.
struct ParamError {
    int status;
    std::string parameter;
    std::string message;
};

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
    unsigned long n = 0;
    bool digits = v.size() <= 6;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    if (digits) n = std::stoul(v);
    if (!digits || n < lo || n > hi) {
        throw ParamError{400, name, name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)};
    }
    return static_cast<unsigned>(n);
}

/// The SearchRequest a query string describes; throws ParamError naming the parameter at fault.
SearchRequest parse_search(const HttpRequest& r, unsigned budget_ms) {
    SearchRequest s;
    s.query = one(r, "q");
    if (s.query.size() > kMaxQueryBytes) {
        throw ParamError{413, "q", "q is " + std::to_string(s.query.size()) + " bytes long; the most is " + std::to_string(kMaxQueryBytes)};
    }
    s.limit = number(r, "limit", 10, 1, kMaxLimit);
    s.offset = (number(r, "page", 1, 1, kMaxPage) - 1) * s.limit;
    s.filters.topics = all(r, "topic");
    s.filters.audiences = all(r, "audience");
    s.filters.sources = all(r, "source");
    s.filters.languages = all(r, "lang");
    s.filters.formats = all(r, "format");
    s.filters.since = one(r, "since");
    s.filters.until = one(r, "until");
    const std::string exact = one(r, "exact");
    if (!exact.empty() && exact != "0" && exact != "1") throw ParamError{400, "exact", "exact must be 0 or 1"};
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

/// BadInput from the searcher names its parameter first ("since must be ..."): keep it.
std::string parameter_of(const std::string& message) {
    for (const char* p : {"since", "until", "limit", "q", "topic", "audience", "source", "lang"}) {
        if (message.rfind(std::string(p) + " ", 0) == 0) return p;
    }
    return "";
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
    Searcher searcher;
    explicit Impl(const ServiceOptions& o) : options(o), searcher(o.db_path) {}

    HttpResponse search_json(const HttpRequest& r) {
        const SearchRequest req = parse_search(r, options.time_budget_ms);
        if (collapse_space(req.query).empty()) throw ParamError{400, "q", "q is missing: give the words to search for"};
        HttpResponse res;
        const SearchResults results = searcher.search(req);
        res.zero_results = results.hits.empty();
        res.searched = phrase_key(req.query);
        res.cacheable = !results.budget_exceeded;
        res.body = to_json(results, JsonLayout::kCompact) + "\n";
        return res;
    }

    HttpResponse suggest_json(const HttpRequest& r) {
        const std::string q = one(r, "q");
        if (q.size() > kMaxQueryBytes) throw ParamError{413, "q", "q is too long"};
        const unsigned limit = number(r, "limit", 8, 1, 20);
        nlohmann::json items = nlohmann::json::array();
        for (const Suggestion& s : searcher.suggest(q, limit)) items.push_back({{"text", s.text}, {"url", s.url}, {"kind", s.kind}});
        HttpResponse res;
        res.body = nlohmann::json{{"query", q}, {"suggestions", items}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        res.cacheable = true;
        return res;
    }

    HttpResponse page(const HttpRequest& r) {
        HttpResponse res;
        res.content_type = "text/html; charset=utf-8";
        SearchRequest req;
        try {
            req = parse_search(r, options.time_budget_ms);
        } catch (const ParamError& e) {
            res.status = e.status;
            req.query = one(r, "q").substr(0, kMaxQueryBytes);
            res.body = render_search_page(req, nullptr, e.message);
            return res;
        }
        if (collapse_space(req.query).empty()) {
            res.body = render_search_page(req, nullptr, "");
            return res;
        }
        try {
            const SearchResults results = searcher.search(req);
            res.zero_results = results.hits.empty();
            res.searched = phrase_key(req.query);
            res.cacheable = !results.budget_exceeded;
            res.body = render_search_page(req, &results, "");
        } catch (const BadInput& e) {
            res.status = 400;
            res.body = render_search_page(req, nullptr, e.what());
        }
        return res;
    }
};

SearchService::SearchService(const ServiceOptions& options) : impl_(std::make_unique<Impl>(options)) {}
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
    } catch (const ParamError& e) {
        res = json_error(e.status, e.parameter, e.message);
    } catch (const BadInput& e) {
        res = json_error(400, parameter_of(e.what()), e.what());
    }
    for (auto& h : security_headers()) res.headers.push_back(std::move(h));
    return res;
}

}  // namespace lantern
