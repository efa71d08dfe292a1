// http_api.h: what the HTTP server answers, as plain structs: no sockets and no httplib types, so
// every route is testable and fuzzable directly (docs/http.md). The server (searcher/server.cpp)
// only moves bytes. One SearchService per worker thread: it owns a Searcher (STYLE.md rule 6).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "serve/page_text.h"

namespace lantern {

struct HttpRequest {
    std::string method = "GET";
    std::string path;
    std::multimap<std::string, std::string> params;   ///< query-string parameters, decoded
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool zero_results = false;    ///< a search that found nothing (for /metrics)
    std::string searched;         ///< the query of a search, folded (for the zero-result report; never logged)
    bool cacheable = false;       ///< a complete answer to a search or suggestion (response_cache.h)
};

struct ServiceOptions {
    std::string db_path;
    unsigned time_budget_ms = 2000;   ///< per search
};

class SearchService {
public:
    /// Opens the index; `page` holds the search page's words (lantern.toml [page]). Throws
    /// BadIndex when it cannot.
    explicit SearchService(const ServiceOptions& options, const PageText& page = PageText());
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /// Answers one request. Never throws for anything a client sends: bad parameters are 400 with
    /// a JSON error naming the parameter, an over-long query 413, an unknown path 404. Throws
    /// BadIndex when the index cannot be read (searches, suggestions, /healthz).
    HttpResponse handle(const HttpRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Headers every response carries: content security policy, nosniff, referrer policy.
std::vector<std::pair<std::string, std::string>> security_headers();

}  // namespace lantern
