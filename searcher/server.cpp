// server.cpp: the HTTP edge, the server's request edge of docs/errors.md (STYLE.md rule 5): a request
// ends in 400/404/413 (from SearchService), 503 (busy or index unavailable) or 500 (logged), never a crash.
#include "server.h"

#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "connection_gate.h"
#include "text/errors.h"
#include "serve/http_api.h"
#include "serve/response_cache.h"
#include "search/zero_result_report.h"

namespace lantern {
namespace {

constexpr std::array<double, 9> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

/// Aggregate counters only: no query text, no client address.
struct Metrics {
    std::atomic<unsigned long> requests{0}, searches{0}, zero_results{0}, busy{0}, client_errors{0}, server_errors{0};
    std::array<std::atomic<unsigned long>, kBuckets.size() + 1> latency{};
    std::atomic<unsigned long> latency_us_total{0};

    void observe(double seconds) {
        std::size_t i = 0;
        while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
        ++latency[i];
        latency_us_total += static_cast<unsigned long>(seconds * 1e6);
    }

    std::string text() const {
        std::ostringstream out;
        out << "# TYPE lantern_requests_total counter\nlantern_requests_total " << requests << "\n"
            << "# TYPE lantern_searches_total counter\nlantern_searches_total " << searches << "\n"
            << "# TYPE lantern_zero_result_searches_total counter\nlantern_zero_result_searches_total " << zero_results << "\n"
            << "# TYPE lantern_busy_rejections_total counter\nlantern_busy_rejections_total " << busy << "\n"
            << "# TYPE lantern_client_errors_total counter\nlantern_client_errors_total " << client_errors << "\n"
            << "# TYPE lantern_server_errors_total counter\nlantern_server_errors_total " << server_errors << "\n"
            << "# TYPE lantern_request_duration_seconds histogram\n";
        unsigned long cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += latency[i];
            out << "lantern_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
        }
        cumulative += latency[kBuckets.size()];
        out << "lantern_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
            << "lantern_request_duration_seconds_sum " << static_cast<double>(latency_us_total) / 1e6 << "\n"
            << "lantern_request_duration_seconds_count " << cumulative << "\n";
        return out.str();
    }
};

std::pair<std::string, int> parse_listen(const std::string& listen) {
    const std::size_t colon = listen.rfind(':');
    const bool split = colon != std::string::npos && colon > 0;
    unsigned port = 0;
    const char* end = listen.data() + listen.size();
    // from_chars into an unsigned takes digits only: no sign, no spaces.
    const auto [stop, error] = split ? std::from_chars(listen.data() + colon + 1, end, port)
                                     : std::from_chars_result{nullptr, std::errc::invalid_argument};
    if (error != std::errc() || stop != end || port > 65535) {
        throw BadInput("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), not '" + listen + "'");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, static_cast<int>(port)};
}

/// The connection limit: what the open-file limit leaves after each worker's index files
/// (a Xapian database holds up to 8 open) and a margin; the soft limit is raised to the hard one.
std::size_t connection_limit(unsigned threads) {
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0) return 256;
    if (files.rlim_cur < files.rlim_max) {
        rlimit raised = files;
        raised.rlim_cur = std::min<rlim_t>(files.rlim_max, 65536);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) files = raised;
    }
    const rlim_t reserved = 64 + 8 * static_cast<rlim_t>(threads);
    const rlim_t left = files.rlim_cur > reserved + 64 ? files.rlim_cur - reserved : 64;
    return static_cast<std::size_t>(std::min<rlim_t>(left, 10000));
}

/// What a client sent, fit for a log line: httplib decodes the path, so "%1b" or "%0d" would put
/// control characters (terminal escapes, forged lines) into the log; they become "?".
std::string printable(std::string text) {
    if (text.size() > 2000) text.resize(2000);
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return text;
}

/// One line to the log in one write: workers log at once, and piecewise writes interleaved
/// into garbled lines under load.
void log_line(const std::string& line) { std::cerr << line + "\n"; }

std::string gate_metrics(const GateStats& s) {
    std::ostringstream out;
    out << "# TYPE lantern_open_connections gauge\nlantern_open_connections " << s.open << "\n"
        << "# TYPE lantern_slow_clients_dropped_total counter\nlantern_slow_clients_dropped_total " << s.timed_out << "\n"
        << "# TYPE lantern_connections_refused_total counter\nlantern_connections_refused_total " << s.refused << "\n";
    return out.str();
}

std::string cache_metrics(const ResponseCache& c) {
    std::ostringstream out;
    out << "# TYPE lantern_cache_hits_total counter\nlantern_cache_hits_total " << c.hits() << "\n"
        << "# TYPE lantern_cache_misses_total counter\nlantern_cache_misses_total " << c.misses() << "\n"
        << "# TYPE lantern_cache_bytes gauge\nlantern_cache_bytes " << c.bytes() << "\n"
        << "# TYPE lantern_cache_entries gauge\nlantern_cache_entries " << c.entries() << "\n";
    return out.str();
}

/// Why the listening socket could not be bound, from bind()'s errno (httplib keeps it: the failed
/// socket's close() succeeds and leaves errno alone).
std::string cannot_listen(const std::string& listen, int error) {
    std::string why;
    if (error == EADDRINUSE) {
        why = "the address is already in use (another lantern-search serve, or another program, listens there); "
              "stop it or give another --listen";
    } else if (error == EADDRNOTAVAIL) {
        why = "that is not an address of this machine";
    } else if (error == EACCES) {
        why = "permission denied (ports below 1024 need privileges)";
    } else {
        why = "the address is in use or not this machine's";
    }
    return "--listen: cannot listen on " + listen + ": " + why;
}

/// "404 Not Found" for the statuses httplib answers by itself.
std::string status_line(int status) {
    static const std::pair<int, const char*> kNames[] = {{400, "Bad Request"},      {404, "Not Found"},
                                                         {411, "Length Required"},  {413, "Payload Too Large"},
                                                         {414, "URI Too Long"},     {416, "Range Not Satisfiable"},
                                                         {500, "Internal Server Error"}};
    for (const auto& [code, name] : kNames) {
        if (code == status) return std::to_string(code) + " " + name;
    }
    return std::to_string(status);
}

/// Is the client on this machine, and not a proxy forwarding someone else's request? A reverse
/// proxy on the same host connects from loopback for every visitor, and says so in these headers.
bool local_client(const httplib::Request& req) {
    for (const char* forwarded : {"Forwarded", "X-Forwarded-For", "X-Real-IP"}) {
        if (req.has_header(forwarded)) return false;
    }
    const std::string& a = req.remote_addr;
    return a.rfind("127.", 0) == 0 || a == "::1" || a.rfind("::ffff:127.", 0) == 0;
}

/// Cross-origin callers the server does not allow, each logged once (issue 19: a widget on such a
/// page failed with nothing in the server's log). The origin and path only, never the query.
class RefusedOrigins {
public:
    void note(const std::string& origin, const std::string& path) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (logged_.size() >= 100 || !logged_.insert(origin).second) return;
        }
        log_line("lantern-search serve: refused cross-origin request from " + printable(origin) + " to " + printable(path) +
                 ": not an allowed origin (add it with --allow-origin or allow_origins in [server]; logged once per origin)");
    }

private:
    std::mutex mutex_;
    std::set<std::string> logged_;
};

/// Does `origin` name this server itself (scheme://Host as the client addressed it)?
bool same_origin(const httplib::Request& req, const std::string& origin) {
    const std::string host = req.get_header_value("Host");
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

}  // namespace

int serve(const ServerOptions& options) {
    const auto [host, port] = parse_listen(options.listen);
    const ServiceOptions service_options{options.db_path, options.time_budget_ms};
    { SearchService check(service_options); }  // fail fast (exit 3) when the index cannot be opened

    // Signals go to one waiting thread, which stops the server cleanly.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    // Connections wait in the gate until their request head is complete, so slow, idle and
    // half-open clients never hold a worker (connection_gate.h; FaultsServer.SlowAndIdleClientsDoNotHoldTheWorkers).
    GateLimits limits;
    // One worker per core: a search is CPU-bound once the index is in the page cache, and with
    // more workers than cores the scheduler time-slices them (measured at 64 connections on 2
    // cores: 2 workers p99 80 ms; 4 workers p99 1.2 s with wrk timeouts; 16 workers p99 0.95 s).
    limits.workers = options.threads > 0 ? options.threads : std::max(2u, std::thread::hardware_concurrency());
    limits.max_connections = connection_limit(limits.workers);
    GatedServer server(limits);
    Metrics metrics;
    ZeroResultReport zero_report;
    ResponseCache cache(std::chrono::seconds(options.cache_seconds), std::size_t{options.cache_mib} << 20);
    std::atomic<unsigned> in_flight{0};
    RefusedOrigins refused_origins;
    server.set_payload_max_length(64 * 1024);
    // Responses go out as headers then body: without TCP_NODELAY, Nagle and delayed ACKs hold the
    // body back about 40 ms (measured: every latency percentile sat at 44-52 ms under wrk).
    server.set_tcp_nodelay(true);

    auto handler = [&](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        ++metrics.requests;
        // Every answer carries the security headers, the early ones (503, 403) included.
        for (const auto& [k, v] : security_headers()) res.set_header(k, v);
        const std::string origin = req.get_header_value("Origin");
        bool allowed_origin = false;
        for (const std::string& allowed : options.allow_origins) {
            if (!origin.empty() && (allowed == origin || allowed == "*")) {
                res.set_header("Access-Control-Allow-Origin", allowed == "*" ? "*" : origin);
                res.set_header("Vary", "Origin");
                allowed_origin = true;
            }
        }
        if (!origin.empty() && !allowed_origin && !same_origin(req, origin)) refused_origins.note(origin, req.path);
        const bool operators = req.path == "/metrics" || req.path == "/api/zero-results";
        if (operators && !options.open_operator_endpoints && !local_client(req)) {
            // What people searched for and the server's load are for its operators (issue 19).
            ++metrics.client_errors;
            res.status = 403;
            res.set_content("{\"error\":\"" + req.path + " answers only clients on this machine; operator_endpoints = \\\"open\\\" in [server] "
                            "(or --operator-endpoints open) opens it\"}\n", "application/json");
            log_line(req.method + " " + printable(req.path) + " 403 (not a local client)");
            return;
        }
        if (req.path == "/metrics") {
            res.set_content(metrics.text() + gate_metrics(server.stats()) + cache_metrics(cache), "text/plain; version=0.0.4");
            return;
        }
        if (req.path == "/api/zero-results") {
            res.set_content(zero_report.json(), "application/json");
            return;
        }
        const bool searching = req.path == "/api/search" || (req.path == "/" && req.has_param("q"));
        if (searching && in_flight.fetch_add(1) >= options.max_concurrent) {
            --in_flight;
            ++metrics.busy;
            res.status = 503;
            res.set_header("Retry-After", "1");
            res.set_content("{\"error\":\"too many searches at once; try again in a moment\"}\n", "application/json");
            return;
        }
        HttpRequest request;
        request.method = req.method;
        request.path = req.path;
        for (const auto& [k, v] : req.params) request.params.emplace(k, v);
        HttpResponse out;
        const bool cached_kind = cache.enabled() && (searching || req.path == "/api/suggest");
        const std::string cache_key = cached_kind ? ResponseCache::key_of(request, live_revision(options.db_path)) : "";
        std::optional<HttpResponse> kept = cached_kind ? cache.find(cache_key) : std::nullopt;
        try {
            if (kept) {
                out = std::move(*kept);
            } else {
                // One SearchService (and so one Xapian database handle) per worker thread.
                thread_local std::unique_ptr<SearchService> service;
                if (!service) service = std::make_unique<SearchService>(service_options, options.page);
                out = service->handle(request);
                if (cached_kind && out.cacheable && out.status == 200) cache.store(cache_key, out);
            }
        } catch (const BadIndex& e) {
            // The reason (with the index path) goes to the log, not to the client.
            out.status = 503;
            out.headers.emplace_back("Retry-After", "5");
            out.body = req.path == "/healthz" ? "{\"status\":\"unavailable\",\"error\":\"the index is unavailable\"}\n"
                                              : "{\"error\":\"the index is unavailable\"}\n";
            log_line(std::string("lantern-search serve: index unavailable: ") + e.what());
        } catch (const std::exception& e) {
            out.status = 500;
            out.body = "{\"error\":\"internal error\"}\n";
            log_line("lantern-search serve: internal error on " + printable(req.path) + ": " + e.what());
        }
        if (searching) --in_flight;
        if (searching) ++metrics.searches;
        if (out.zero_results) {
            ++metrics.zero_results;
            zero_report.add(out.searched);
        }
        if (out.status >= 400 && out.status < 500) ++metrics.client_errors;
        if (out.status >= 500) ++metrics.server_errors;
        res.status = out.status;
        for (const auto& [k, v] : out.headers) {
            if (!res.has_header(k.c_str())) res.set_header(k, v);   // the security headers are already there
        }
        res.set_content(out.body, out.content_type);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        metrics.observe(seconds);
        // Health searches are private: the query string is logged only with --log-queries.
        std::ostringstream line;
        line << req.method << " " << printable(options.log_queries ? req.target : req.path) << " " << out.status << " "
             << static_cast<long>(seconds * 1e6) / 1000.0 << " ms";
        log_line(line.str());
    };
    // Every method httplib routes reaches SearchService, which answers 405 to all but GET and HEAD
    // (issue 19: DELETE got an empty 404, POST an empty 400).
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Patch(".*", handler);
    server.Delete(".*", handler);
    server.Options(".*", handler);
    server.set_exception_handler([&metrics](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        ++metrics.server_errors;
        log_line("lantern-search serve: internal error on " + printable(req.path));
        res.status = 500;
        res.set_content("{\"error\":\"internal error\"}\n", "application/json");
    });
    // What httplib answers itself (a method it does not route, a body it cannot read) gets a JSON
    // body and the security headers like every other answer.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        // Another method, whose request httplib could not even read (a POST without a length, a
        // method it does not route), is answered as SearchService answers every other method.
        if (req.method != "GET" && req.method != "HEAD") {
            res.status = 405;
            res.set_header("Allow", "GET, HEAD");
            res.set_content("{\"error\":\"only GET is supported\"}\n", "application/json");
        } else {
            res.set_content("{\"error\":\"" + status_line(res.status) + "\"}\n", "application/json");
        }
        for (const auto& [k, v] : security_headers()) res.set_header(k, v);
        log_line(printable(req.method) + " " + printable(req.path) + " " + std::to_string(res.status));
        return httplib::Server::HandlerResponse::Handled;
    }));

    // Debian's libcpp-httplib listens with a backlog of 5 (compiled in). Keep-alive connections
    // are closed after 1,000 requests, and at tens of thousands of requests/s the reconnections
    // overflowed that queue: dropped SYNs, retried by clients after 1-3 s (wrk: 13 timeouts in 10 s,
    // TcpExtListenOverflows 244). The listening socket is noted here and listen() is called again
    // with the system's maximum, which Linux applies to a socket already listening.
    //
    // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a second server started on
    // the same address binds too and the kernel splits the connections between the two (issue 19:
    // /healthz answered from two different indexes in turn). Without it the second bind fails.
    socket_t listening = INVALID_SOCKET;
    server.set_socket_options([&listening](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        listening = sock;
    });
    errno = 0;
    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) throw BadInput(cannot_listen(options.listen, errno));
    if (listening != INVALID_SOCKET) ::listen(listening, SOMAXCONN);
    std::cout << "Lantern is serving " << options.db_path << " on http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host)
              << ":" << bound << "/" << (options.config_path.empty() ? "" : " (settings from " + options.config_path + ")") << std::endl;
    // The waiter also drops expired answers every second, so none stays in memory past its time.
    std::thread waiter([&server, &cache, stop_signals] {
        const timespec second{1, 0};
        while (sigtimedwait(&stop_signals, nullptr, &second) < 0) cache.sweep();
        server.stop();
    });
    server.listen_after_bind();
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if the server stopped on its own
    waiter.join();
    std::cout << "Lantern stopped serving" << std::endl;
    return kExitOk;
}

}  // namespace lantern
