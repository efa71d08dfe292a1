// connection_gate.cpp: the gate's epoll thread (waits for complete request heads), its workers
// (answer one request each through httplib's own request parser and router), and the socket
// stream they read and write through. Why it exists: connection_gate.h.
#include "connection_gate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "serve/http_api.h"

namespace lantern {

using Clock = std::chrono::steady_clock;

struct GatedServer::Connection {
    int fd = -1;
    std::string buffer;  ///< bytes received; those before `consumed` were read by httplib
    std::size_t consumed = 0;
    Clock::time_point deadline;  ///< while in the gate: when it is dropped if no complete head came
    std::size_t served = 0;      ///< requests answered on this connection

    std::size_t pending() const { return buffer.size() - consumed; }
    bool head_complete() const { return buffer.find("\r\n\r\n", consumed) != std::string::npos; }
    void compact() {
        buffer.erase(0, consumed);
        consumed = 0;
    }
};

namespace {

/// A worker's view of one connection: buffered bytes first, then the socket, every wait bounded
/// by one deadline for the whole request (body read and response write).
class ConnectionStream final : public httplib::Stream {
public:
    ConnectionStream(GatedServer::Connection& c, std::chrono::milliseconds timeout)
        : c_(c), deadline_(Clock::now() + timeout) {}

    bool is_readable() const override { return c_.pending() > 0 || wait(POLLIN); }
    bool is_writable() const override { return wait(POLLOUT); }

    ssize_t read(char* ptr, size_t size) override {
        if (c_.pending() > 0) {
            const std::size_t n = std::min(size, c_.pending());
            std::memcpy(ptr, c_.buffer.data() + c_.consumed, n);
            c_.consumed += n;
            return static_cast<ssize_t>(n);
        }
        for (;;) {
            const ssize_t n = ::recv(c_.fd, ptr, size, 0);
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLIN)) return -1;
        }
    }

    ssize_t write(const char* ptr, size_t size) override {
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::send(c_.fd, ptr + done, size - done, MSG_NOSIGNAL);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!wait(POLLOUT)) return -1;
            } else {
                return -1;
            }
        }
        return static_cast<ssize_t>(size);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address(::getpeername, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address(::getsockname, ip, port); }
    socket_t socket() const override { return c_.fd; }

private:
    bool wait(short events) const {
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
            if (left <= 0) return false;
            pollfd p{c_.fd, events, 0};
            const int r = ::poll(&p, 1, static_cast<int>(left));
            if (r > 0) return true;  // ready, or an error the next recv/send reports
            if (r == 0 || errno != EINTR) return false;
        }
    }

    void address(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        ip.clear();
        port = 0;
        if (get(c_.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
        char text[INET6_ADDRSTRLEN] = "";
        if (addr.ss_family == AF_INET) {
            const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
            ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
            port = ntohs(in->sin_port);
        } else if (addr.ss_family == AF_INET6) {
            const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
            ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
            port = ntohs(in6->sin6_port);
        }
        ip = text;
    }

    GatedServer::Connection& c_;
    Clock::time_point deadline_;
};

/// A best-effort short answer before closing (the socket is non-blocking: it may not all go out).
void answer_and_close(int fd, const char* status) {
    const std::string body = nlohmann::json{{"error", status}}.dump() + "\n";
    std::string response =
        std::string("HTTP/1.1 ") + status +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\nRetry-After: 1\r\n";
    for (const auto& [name, value] : security_headers()) response += name + ": " + value + "\r\n";   // as every answer (issue 19)
    response += "Connection: close\r\n\r\n" + body;
    const ssize_t sent = ::send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)sent;  // the connection is being dropped either way
    ::close(fd);
}

}  // namespace

struct GatedServer::Gate {
    GateLimits limits;
    std::function<bool(Connection&)> serve;
    GateStats stats;
    int epoll_fd = -1;
    int wake_fd = -1;

    std::mutex mu;  // guards inbox, work and stopping
    std::condition_variable work_ready;
    std::vector<std::unique_ptr<Connection>> inbox;  // new and returning connections, for the gate thread
    std::deque<std::unique_ptr<Connection>> work;    // connections with a complete head, for the workers
    bool stopping = false;

    std::unordered_map<int, std::unique_ptr<Connection>> waiting;  // gate thread only
    std::thread gate_thread;
    std::vector<std::thread> workers;

    Gate(const GateLimits& l, std::function<bool(Connection&)> s) : limits(l), serve(std::move(s)) {
        epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
        wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (epoll_fd < 0 || wake_fd < 0)
            throw std::runtime_error(std::string("cannot set up the connection gate: ") + std::strerror(errno));
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = wake_fd;
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
        gate_thread = std::thread([this] { gate_loop(); });
        for (unsigned i = 0; i < limits.workers; ++i) workers.emplace_back([this] { work_loop(); });
    }

    ~Gate() { stop(); }

    void wake() {
        const std::uint64_t one = 1;
        const ssize_t n = ::write(wake_fd, &one, sizeof one);
        (void)n;  // the counter saturating still leaves the eventfd readable
    }

    /// From httplib's accept thread: a new connection joins the gate, or is refused.
    void admit(int fd) {
        if (stats.open >= limits.max_connections) {
            ++stats.refused;
            answer_and_close(fd, "503 Service Unavailable");
            return;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // see server.cpp: Nagle delays responses 40 ms
        auto c = std::make_unique<Connection>();
        c->fd = fd;
        c->deadline = Clock::now() + limits.head_timeout;
        ++stats.open;
        back_to_gate(std::move(c));
    }

    void back_to_gate(std::unique_ptr<Connection> c) {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (!stopping) {
                inbox.push_back(std::move(c));
                c = nullptr;
            }
        }
        if (c) {
            close(std::move(c));
        } else {
            wake();
        }
    }

    void close(std::unique_ptr<Connection> c) {
        ::close(c->fd);
        --stats.open;
    }

    void dispatch(std::unique_ptr<Connection> c) {
        std::lock_guard<std::mutex> lock(mu);
        work.push_back(std::move(c));
        work_ready.notify_one();
    }

    enum class Read { More, Complete, Closed, TooLarge };

    /// Reads what has arrived, until the head is complete or over the limit.
    Read receive(Connection& c) {
        char buf[4096];
        for (;;) {
            const std::size_t end = c.buffer.find("\r\n\r\n", c.consumed);
            if (end != std::string::npos)
                return end + 4 - c.consumed > limits.max_head_bytes ? Read::TooLarge : Read::Complete;
            if (c.pending() > limits.max_head_bytes) return Read::TooLarge;
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                c.buffer.append(buf, static_cast<std::size_t>(n));
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                return Read::More;
            } else {
                return Read::Closed;  // closed or reset before the head was complete
            }
        }
    }

    void gate_loop() {
        std::vector<epoll_event> events(256);
        auto last_sweep = Clock::now();
        for (;;) {
            const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 100);
            std::vector<std::unique_ptr<Connection>> arrived;
            {
                std::lock_guard<std::mutex> lock(mu);
                if (stopping) break;
                arrived.swap(inbox);
            }
            for (auto& c : arrived) {
                if (c->head_complete()) {  // a pipelined request already read
                    dispatch(std::move(c));
                    continue;
                }
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLRDHUP;
                ev.data.fd = c->fd;
                ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev);
                const int fd = c->fd;
                waiting.emplace(fd, std::move(c));
            }
            for (int i = 0; i < n; ++i) {
                const int fd = events[static_cast<std::size_t>(i)].data.fd;
                if (fd == wake_fd) {
                    std::uint64_t count = 0;
                    const ssize_t r = ::read(wake_fd, &count, sizeof count);
                    (void)r;  // only clears the wake-up
                    continue;
                }
                const auto it = waiting.find(fd);
                if (it == waiting.end()) continue;
                const Read r = receive(*it->second);
                if (r == Read::More) continue;
                ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
                std::unique_ptr<Connection> c = std::move(it->second);
                waiting.erase(it);
                if (r == Read::Complete) {
                    dispatch(std::move(c));
                } else if (r == Read::TooLarge) {
                    ++stats.refused;
                    --stats.open;
                    answer_and_close(c->fd, "431 Request Header Fields Too Large");
                } else {
                    close(std::move(c));
                }
            }
            const auto now = Clock::now();
            if (now - last_sweep < std::chrono::milliseconds(100)) continue;
            last_sweep = now;
            for (auto it = waiting.begin(); it != waiting.end();) {
                if (now < it->second->deadline) {
                    ++it;
                    continue;
                }
                // An idle keep-alive connection just ends; a half-sent request head is told why.
                ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, it->first, nullptr);
                if (it->second->pending() > 0) {
                    ++stats.timed_out;
                    --stats.open;
                    answer_and_close(it->first, "408 Request Timeout");
                } else {
                    close(std::move(it->second));
                }
                it = waiting.erase(it);
            }
        }
        for (auto& [fd, c] : waiting) close(std::move(c));
        waiting.clear();
    }

    void work_loop() {
        for (;;) {
            std::unique_ptr<Connection> c;
            {
                std::unique_lock<std::mutex> lock(mu);
                work_ready.wait(lock, [&] { return stopping || !work.empty(); });
                if (stopping) return;
                c = std::move(work.front());
                work.pop_front();
            }
            if (!serve(*c)) {
                close(std::move(c));
                continue;
            }
            c->compact();
            c->deadline = Clock::now() + limits.head_timeout;
            back_to_gate(std::move(c));
        }
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (stopping) return;
            stopping = true;
        }
        work_ready.notify_all();
        wake();
        gate_thread.join();
        for (std::thread& t : workers) t.join();
        for (auto& c : work) close(std::move(c));
        for (auto& c : inbox) close(std::move(c));
        work.clear();
        inbox.clear();
        ::close(epoll_fd);
        ::close(wake_fd);
    }
};

namespace {

/// httplib's accept loop hands each connection to a task queue; this one passes it straight to
/// the gate (GatedServer::process_and_close_socket returns at once), and stops the gate when
/// the server stops.
class GateQueue final : public httplib::TaskQueue {
public:
    explicit GateQueue(std::function<void()> on_shutdown) : on_shutdown_(std::move(on_shutdown)) {}
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override { on_shutdown_(); }

private:
    std::function<void()> on_shutdown_;
};

}  // namespace

GatedServer::GatedServer(const GateLimits& limits)
    : limits_(limits), gate_(std::make_unique<Gate>(limits, [this](Connection& c) { return serve(c); })) {
    new_task_queue = [this] { return new GateQueue([this] { gate_->stop(); }); };
    // What httplib says in its Keep-Alive response header.
    set_keep_alive_max_count(limits.keep_alive_requests);
    set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(limits.head_timeout).count());
}

GatedServer::~GatedServer() {
    gate_->stop();
}

const GateStats& GatedServer::stats() const {
    return gate_->stats;
}

bool GatedServer::process_and_close_socket(socket_t sock) {
    gate_->admit(sock);
    return true;
}

bool GatedServer::serve(Connection& c) {
    ConnectionStream stream(c, limits_.io_timeout);
    const bool last = ++c.served >= limits_.keep_alive_requests;
    bool closed = false;
    const bool ok = process_request(stream, last, closed, nullptr);
    return ok && !closed && !last;
}

}  // namespace lantern
