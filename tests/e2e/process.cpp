// process.cpp: fork/exec with output captured in temporary files (no pipe deadlocks).
#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lantern::test {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<char*> c_strings(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    return args;
}

int spawn(const std::vector<std::string>& argv) {
    const std::vector<char*> args = c_strings(argv);   // before fork: see c_strings
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

std::string small_page(const std::string& word, bool footer) {
    return "<html><head><title>" + word + " page</title></head><body><main><p>This page is about " + word +
           " and nothing else at all.</p>" + (footer ? "<p>Call our help line any time of the day or night.</p>" : "") +
           "</main></body></html>";
}

std::string without_progress(const std::string& err) {
    std::istringstream in(err);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("progress: ", 0) != 0) out += line + "\n";
    }
    return out;
}

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lantern-e2e-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env, std::uint64_t max_file_bytes) {
    TempDir dir;
    const std::string out_path = dir.path() + "/out";
    const std::string err_path = dir.path() + "/err";
    const std::vector<char*> args = c_strings(argv);   // before fork: see c_strings
    // The environment with `env` in place of variables of the same name (getenv finds the first).
    std::vector<char*> envp;
    for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view name(*e, std::strcspn(*e, "="));
        bool replaced = false;
        for (const std::string& x : env) replaced = replaced || (x.size() > name.size() && x.compare(0, name.size(), name) == 0 && x[name.size()] == '=');
        if (!replaced) envp.push_back(*e);
    }
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        if (max_file_bytes > 0) {
            ::signal(SIGXFSZ, SIG_IGN);  // ignored dispositions survive exec
            const rlimit limit{max_file_bytes, max_file_bytes};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        }
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

}  // namespace lantern::test
