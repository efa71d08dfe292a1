// serve_exec.cpp: `serve` in the lookup program. The server (server.cpp) and the libraries only it
// needs live in lantern-search-server, which has the same command line; this replaces the process
// with it (same pid, same arguments), so that a command-line lookup never loads cpp-httplib, nor
// OpenSSL, which cpp-httplib initialises as it loads (2 M instructions and four libraries of every
// lookup before the split: docs/BENCHMARKS.md).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

#include "server.h"
#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

constexpr const char* kServerProgram = "lantern-search-server";

/// The server beside this program: the install tree's libexec/lantern/, else the same folder.
std::string server_program() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    const fs::path here = ec ? fs::path(".") : self.parent_path();
    const fs::path candidates[] = {(here / LANTERN_SERVER_FROM_BIN / kServerProgram).lexically_normal(), here / kServerProgram};
    for (const fs::path& p : candidates) {
        if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
    throw Error(std::string("cannot start the server: ") + kServerProgram + " is not installed beside lantern-search (looked for " +
                candidates[0].string() + " and " + candidates[1].string() + ")");
}

}  // namespace

int serve(const ServerOptions& options) {
    const std::string program = server_program();
    std::vector<char*> argv;
    for (const std::string& a : options.command_line) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::cout.flush();
    ::execv(program.c_str(), argv.data());
    throw Error("cannot start the server " + program + ": " + std::strerror(errno));
}

}  // namespace lantern
