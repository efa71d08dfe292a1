// server.h: `lantern-search serve`: cpp-httplib moving bytes to and from core's SearchService.
#pragma once

#include <string>
#include <vector>

namespace lantern {

struct ServerOptions {
    std::string db_path;
    std::string listen = "127.0.0.1:8080";     ///< HOST:PORT; port 0 lets the OS choose
    std::vector<std::string> allow_origins;    ///< origins allowed cross-origin (CORS); none by default
    bool log_queries = false;                  ///< log query strings (off: health searches are private)
    unsigned max_concurrent = 32;              ///< searches at once; more get 503 with Retry-After
    unsigned threads = 0;                      ///< worker threads, each with its own Searcher (0: one per core, at least 2)
    unsigned time_budget_ms = 2000;            ///< per search
    unsigned cache_seconds = 30;               ///< answers kept in memory this long (0: none; core/serve/response_cache.h)
    unsigned cache_mib = 32;                   ///< memory the kept answers may take
    /// The command line as given: lantern-search hands `serve` to lantern-search-server with it.
    std::vector<std::string> command_line;
};

/// Serves until SIGINT or SIGTERM (server.cpp); in lantern-search, replaces the process with
/// lantern-search-server run with options.command_line (serve_exec.cpp). Prints "Lantern is serving ... on http://HOST:PORT/" once
/// listening. Throws BadInput for a bad --listen, BadIndex when the index cannot be opened.
int serve(const ServerOptions& options);

}  // namespace lantern
