// server_process.cpp: fork/exec of `lantern-search serve`, reading the port it prints.
#include "server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "process.h"

namespace lantern::test {

ServerProcess::ServerProcess(const std::string& db, const std::string& dir, std::vector<std::string> extra)
    : out_(dir + "/server.out"), err_(dir + "/server.err") {
    // Fresh files: a previous server's "serving on PORT" line must not be read for this one.
    std::filesystem::remove(out_);
    std::filesystem::remove(err_);
    std::vector<std::string> argv = {LANTERN_SEARCH_BIN, "--db", db, "serve"};
    if (std::find(extra.begin(), extra.end(), "--listen") == extra.end()) argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    // Everything the child needs is made before fork() (process.h, c_strings); open/dup2 instead
    // of freopen, which allocates.
    const std::vector<char*> args = c_strings(argv);
    pid_ = ::fork();
    if (pid_ == 0) {
        const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0 && running(); ++i) {
        const std::string out = read_file(out_);
        // "on http://HOST:PORT/", HOST 127.0.0.1 unless --listen was given (0.0.0.0, say).
        const std::size_t at = out.find(" on http://");
        const std::size_t slash = at == std::string::npos ? at : out.find('/', at + 11);
        const std::size_t colon = slash == std::string::npos ? slash : out.rfind(':', slash);
        if (colon != std::string::npos && colon > at) port_ = std::stoi(out.substr(colon + 1));
        if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

ServerProcess::~ServerProcess() {
    if (!running()) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

std::string ServerProcess::log() const {
    return read_file(err_);
}

bool ServerProcess::running() const {
    if (status_ >= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = status;
        return false;
    }
    return true;
}

httplib::Client ServerProcess::client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
}

}  // namespace lantern::test
