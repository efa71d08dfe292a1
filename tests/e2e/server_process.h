// server_process.h: a real `lantern-search serve` on a loopback port chosen by the OS, for the
// end-to-end tests that talk HTTP to it (server, faults, load).
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace lantern::test {

/// A running server; stopped (SIGTERM) when destroyed. port() is 0 when it did not start.
class ServerProcess {
public:
    /// Starts `lantern-search --db DB serve --listen 127.0.0.1:0 EXTRA...` (without that --listen
    /// when EXTRA has one); its output goes to DIR/server.out and DIR/server.err.
    ServerProcess(const std::string& db, const std::string& dir, std::vector<std::string> extra = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    int pid() const { return pid_; }
    /// Standard error so far (the request log).
    std::string log() const;
    /// Still running (not crashed, not exited)?
    bool running() const;
    /// A client with a 10 s read timeout.
    httplib::Client client() const;

private:
    std::string out_, err_;
    int pid_ = -1;
    int port_ = 0;
    mutable int status_ = -1;  ///< exit status once reaped by running()
};

}  // namespace lantern::test
