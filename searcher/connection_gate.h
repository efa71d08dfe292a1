// connection_gate.h: keeps slow and idle clients away from the threads that search.
//
// cpp-httplib gives each connection a pool thread for the connection's whole life: an idle
// keep-alive connection holds one for its keep-alive timeout, and a client sending its headers a
// byte at a time holds one for as long as it keeps sending (each byte restarts the read timeout).
// A few dozen such clients would stop all searching. GatedServer instead keeps every connection
// in one epoll thread until a complete request head has arrived, and only then hands it to a
// worker for that one request; a connection whose head is not complete within `head_timeout`
// is dropped (408). Workers never wait on a client except to read a request body or write a
// response, both bounded by `io_timeout`. docs/security.md lists the limits.
//
// httplib types appear here because this header is private to lantern-search (core never sees them).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

namespace lantern {

struct GateLimits {
    unsigned workers = 16;  ///< threads that answer requests (each with its own index handle)
    std::chrono::milliseconds head_timeout{
        5000};  ///< a request head must be complete this long after the connection goes idle
    std::chrono::milliseconds io_timeout{5000};  ///< a worker gives up on a client that stops reading or sending a body
    std::size_t max_head_bytes = 16 * 1024;      ///< request line and headers; more is answered 431
    std::size_t max_connections = 1024;          ///< open connections; more are answered 503 and closed
    std::size_t keep_alive_requests = 1000;      ///< requests per connection before it is closed
};

/// Counters for /metrics.
struct GateStats {
    std::atomic<unsigned long> open{0};       ///< connections open now
    std::atomic<unsigned long> timed_out{0};  ///< dropped: no complete request head in time
    std::atomic<unsigned long> refused{0};    ///< refused: too many connections, or a head too large
};

/// An httplib::Server whose connections wait in the gate, not in a worker. Use it as a Server
/// (routes, bind, listen, stop); do not set new_task_queue.
class GatedServer : public httplib::Server {
public:
    explicit GatedServer(const GateLimits& limits);
    ~GatedServer() override;
    GatedServer(const GatedServer&) = delete;
    GatedServer& operator=(const GatedServer&) = delete;

    const GateStats& stats() const;

    struct Gate;
    struct Connection;

private:
    // Called by httplib's accept loop (inline: see the task queue in connection_gate.cpp).
    bool process_and_close_socket(socket_t sock) override;
    /// Answers the one complete request at the head of the connection's buffer. False: close it.
    bool serve(Connection& c);

    GateLimits limits_;
    std::unique_ptr<Gate> gate_;
};

}  // namespace lantern
