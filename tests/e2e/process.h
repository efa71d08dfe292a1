// process.h: run a program to completion and capture its output, for end-to-end tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lantern::test {

/// The programs under test: every target built from tests/e2e defines both paths (CMakeLists.txt).
inline const std::string kIndex = LANTERN_INDEX_BIN;
inline const std::string kSearch = LANTERN_SEARCH_BIN;

/// Does `s` contain `part`?
inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

/// The whole file as bytes ("" when it cannot be read).
std::string read_file(const std::string& path);

struct RunResult {
    int exit_code = -1;   ///< exit status, or 128+signal if it was killed
    std::string out;      ///< standard output
    std::string err;      ///< standard error
};

/// Runs argv[0] with the arguments (no shell), stdin from /dev/null, extra "NAME=value" settings
/// added to the environment. Waits for it to exit. With `max_file_bytes`, the program may not
/// write a file beyond that size (RLIMIT_FSIZE, SIGXFSZ ignored: such writes fail with EFBIG),
/// which is how a full disk looks to it where a small filesystem cannot be mounted.
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}, std::uint64_t max_file_bytes = 0);

/// Starts argv[0] in the background (output discarded) and returns its pid.
int spawn(const std::vector<std::string>& argv);

/// argv as execv wants it (pointers into `argv`, then null). Build it before fork(): the child of
/// a multi-threaded test may not allocate (another thread may hold the allocator's lock at the
/// fork; under ASan the child then spun forever: Resilience.SearchesNeverFailWhileReleasesChange).
std::vector<char*> c_strings(const std::vector<std::string>& argv);

/// A small page about `word` and, when `footer`, the repeated paragraph that several such pages
/// share (learned as boilerplate from four of them).
std::string small_page(const std::string& word, bool footer);

/// Standard error without lantern-index's "progress: ..." lines.
std::string without_progress(const std::string& err);

/// A fresh temporary folder, removed when the object goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace lantern::test
