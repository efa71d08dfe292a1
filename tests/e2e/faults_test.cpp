// End-to-end: faults a deployment meets. Builds on a full, size-limited or read-only disk;
// damaged, missing or garbage index files under lantern-search, lantern-index and the server;
// slow, idle and oversized clients against the server's workers. Each row checks what a user
// notices: a message naming the index and the cause, the documented exit code, a live index
// that still answers, a server that keeps answering (503 while the index is unusable) and
// serves again once a new release is switched in, without a restart.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

using Clock = std::chrono::steady_clock;

/// A site of `n` pages; every page holds "probeword", page i also "page<i>word" and `extra`.
void write_site(const std::string& dir, int n, const std::string& extra = "") {
    fs::create_directories(dir);
    for (int i = 0; i < n; ++i) {
        std::string body;
        for (int w = 0; w < 80; ++w)
            body += std::string(w % 3 == 0 ? "naloxone " : w % 3 == 1 ? "wound care " : "clinic hours ");
        std::ofstream(dir + "/page-" + std::to_string(i) + ".html")
            << "<html><head><title>Page " << i << "</title></head><body><main><p>probeword page" << i << "word "
            << extra << " " << body << "</p></main></body></html>";
    }
}

/// The ids `lantern-search --json --exact WORD` returns (empty when it fails).
std::vector<std::string> search_ids(const std::string& db, const std::string& word) {
    const RunResult r = run({kSearch, "--db", db, "--json", "--exact", "--limit", "100", word});
    if (r.exit_code != 0) return {};
    const nlohmann::json j = nlohmann::json::parse(r.out);
    std::vector<std::string> ids;
    for (const auto& h : j["results"]) ids.push_back(h["id"]);
    return ids;
}

std::string live_release(const std::string& db) {
    const std::string stub = read_file(db + "/current");
    const std::size_t slash = stub.find('/');
    return slash == std::string::npos ? "" : db + "/releases/" + stub.substr(slash + 1, stub.find('\n') - slash - 1);
}

// ---------------------------------------------------------------------------------------------
// Disk faults during builds.

/// A small tmpfs mounted on `path` (needs CAP_SYS_ADMIN, which CI has: it runs as root);
/// unmounted when destroyed. error() says why when it could not be mounted.
class SmallFilesystem {
public:
    SmallFilesystem(const std::string& path, std::size_t bytes)
        : path_(path), options_("size=" + std::to_string(bytes)) {
        fs::create_directories(path);
        if (::mount("tmpfs", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options_.c_str()) != 0) {
            error_ = std::string("cannot mount a tmpfs (") + std::strerror(errno) + "; needs root or CAP_SYS_ADMIN)";
        }
    }
    ~SmallFilesystem() {
        if (error_.empty()) ::umount2(path_.c_str(), MNT_DETACH);
    }
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    const std::string& error() const { return error_; }
    bool set_read_only(bool on) {
        unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV;
        if (on) flags |= MS_RDONLY;
        return ::mount(nullptr, path_.c_str(), nullptr, flags, options_.c_str()) == 0;
    }
    /// Writes `name` until the filesystem is full; returns the bytes written.
    std::size_t fill(const std::string& name) {
        const int fd = ::open((path_ + "/" + name).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const std::string chunk(64 * 1024, 'x');
        std::size_t total = 0;
        for (ssize_t n; fd >= 0 && (n = ::write(fd, chunk.data(), chunk.size())) > 0;)
            total += static_cast<std::size_t>(n);
        if (fd >= 0) ::close(fd);
        return total;
    }

private:
    std::string path_, options_;
    std::string error_;
};

enum class DiskFault { FileSizeLimit, FullDisk, ReadOnly };

struct DiskRow {
    const char* name;
    DiskFault fault;
    const char* cause;  ///< what the message must say
};

class DiskFaults : public ::testing::TestWithParam<DiskRow> {};

// Exit code 3 (index cannot be written), a message with the path and the system's reason, and
// the live index exactly as it was: same stub, same results, Xapian's check passes. Once the
// fault is gone the next build works and leaves no incomplete release behind.
TEST_P(DiskFaults, BuildFailsCleanlyAndTheLiveIndexStillAnswers) {
    const DiskRow& row = GetParam();
    const TempDir dir;
    const std::string site = dir.path() + "/site", more = dir.path() + "/more";
    write_site(site, 40);
    write_site(more, 40, "laterword");
    std::unique_ptr<SmallFilesystem> disk;
    std::string db = dir.path() + "/index";
    if (row.fault != DiskFault::FileSizeLimit) {
        disk = std::make_unique<SmallFilesystem>(dir.path() + "/disk", 32u << 20);
        if (!disk->error().empty())
            GTEST_SKIP() << row.name << ": " << disk->error() << "; the RLIMIT_FSIZE row still runs";
        db = dir.path() + "/disk/index";
    }
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
    const std::string stub = read_file(db + "/current");
    const std::vector<std::string> before = search_ids(db, "probeword");
    ASSERT_EQ(before.size(), 40u);

    std::uint64_t max_file_bytes = 0;
    if (row.fault == DiskFault::FileSizeLimit)
        max_file_bytes = 16 * 1024;  // two 8 KiB blocks: the live tables are larger
    if (row.fault == DiskFault::FullDisk) {
        ASSERT_GT(disk->fill("filler"), 0u);
    }
    if (row.fault == DiskFault::ReadOnly) {
        ASSERT_TRUE(disk->set_read_only(true)) << std::strerror(errno);
    }

    const std::vector<std::vector<std::string>> builds = {
        {kIndex, "build", "--db", db, "--quiet", "--full", site, more},  // a new release
        {kIndex, "build", "--db", db, "--quiet", site, more},            // the live release, in one transaction
    };
    for (const auto& argv : builds) {
        SCOPED_TRACE(std::string(row.name) + ": " + argv[4] + " " + argv[5]);
        const RunResult r = run(argv, {}, max_file_bytes);
        const std::string err = without_progress(r.err);
        EXPECT_EQ(r.exit_code, 3) << err;
        EXPECT_TRUE(contains(err, row.cause)) << err;
        EXPECT_TRUE(contains(err, db)) << "the message names the index: " << err;
        EXPECT_FALSE(contains(err, "internal error")) << err;
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "one line: " << err;
        EXPECT_EQ(read_file(db + "/current"), stub);
        EXPECT_EQ(search_ids(db, "probeword"), before);
        EXPECT_TRUE(search_ids(db, "laterword").empty());
        // Xapian's check opens the tables for writing, so it cannot run on a read-only filesystem
        // (docs/operations.md); it runs there once the filesystem is writable again, below.
        if (row.fault != DiskFault::ReadOnly) {
            const RunResult check = run({kIndex, "check", "--db", db});
            EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
        }
    }

    if (row.fault == DiskFault::FullDisk) fs::remove(dir.path() + "/disk/filler");
    if (row.fault == DiskFault::ReadOnly) {
        ASSERT_TRUE(disk->set_read_only(false));
    }
    EXPECT_EQ(run({kIndex, "check", "--db", db}).exit_code, 0);
    const RunResult next = run({kIndex, "build", "--db", db, "--quiet", site, more});
    EXPECT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(search_ids(db, "laterword").size(), 40u);
    const nlohmann::json stats = nlohmann::json::parse(run({kIndex, "stats", "--db", db, "--json"}).out);
    for (const auto& r : stats["releases"])
        EXPECT_TRUE(r["complete"].get<bool>()) << "failed builds' leftovers pruned: " << r;
}

INSTANTIATE_TEST_SUITE_P(
    Faults, DiskFaults,
    ::testing::Values(DiskRow{"file size limit (RLIMIT_FSIZE)", DiskFault::FileSizeLimit, "File too large"},
                      DiskRow{"full filesystem (tmpfs)", DiskFault::FullDisk, "No space left on device"},
                      DiskRow{"read-only filesystem (tmpfs remounted)", DiskFault::ReadOnly, "Read-only file system"}),
    [](const ::testing::TestParamInfo<DiskRow>& row) {
        return std::string(row.param.fault == DiskFault::FileSizeLimit ? "FileSizeLimit"
                           : row.param.fault == DiskFault::FullDisk    ? "FullDisk"
                                                                       : "ReadOnly");
    });

// ---------------------------------------------------------------------------------------------
// Damaged, missing and garbage index files.

/// Overwrites a file from byte `from` to its end with a fixed pattern (deterministic damage).
void scribble(const std::string& path, std::uintmax_t from) {
    const std::uintmax_t size = fs::file_size(path);
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(from));
    const std::string pattern(static_cast<std::size_t>(size - from), '\xA5');
    f.write(pattern.data(), static_cast<std::streamsize>(pattern.size()));
}

struct Damage {
    const char* name;
    std::function<void(const std::string& db)> apply;
    const char* says;  ///< in lantern-search's and lantern-index stats' messages
    int plain_build;   ///< exit code of `lantern-index build` (no --full) on the damaged index
};

const std::vector<Damage>& damages() {
    static const std::vector<Damage> rows = {
        {"postlist.glass truncated",
         [](const std::string& db) { fs::resize_file(live_release(db) + "/postlist.glass", 100); },
         "cannot open the index at", 3},
        {"termlist.glass emptied",
         [](const std::string& db) { fs::resize_file(live_release(db) + "/termlist.glass", 0); },
         "cannot open the index at", 3},
        {"postlist.glass overwritten", [](const std::string& db) { scribble(live_release(db) + "/postlist.glass", 0); },
         "cannot open the index at", 3},
        {"docdata.glass overwritten", [](const std::string& db) { scribble(live_release(db) + "/docdata.glass", 0); },
         "cannot open the index at", 3},
        {"live release folder removed", [](const std::string& db) { fs::remove_all(live_release(db)); },
         "which is missing", 0},
        {"current points outside releases/",
         [](const std::string& db) { std::ofstream(db + "/current") << "auto /nonexistent/db\n"; },
         "does not name a release", 0},
        {"current empty", [](const std::string& db) { std::ofstream(db + "/current", std::ios::trunc); },
         "does not name a release", 0},
        {"current garbage",
         [](const std::string& db) { std::ofstream(db + "/current") << "\x01\xff garbage \n\n\x7f"; },
         "does not name a release", 0},
        {"current removed", [](const std::string& db) { fs::remove(db + "/current"); }, "no Lantern index at", 0},
    };
    return rows;
}

// Every command fails with a message naming the index and a documented exit code (never a
// crash), and a build repairs the index: a plain build where the live release is unusable as a
// whole, `build --full` (a new release) where its tables are damaged.
TEST(FaultsIndex, DamagedIndexIsAClearErrorEverywhereAndABuildRepairsIt) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_site(site, 30);
    for (const Damage& d : damages()) {
        SCOPED_TRACE(d.name);
        fs::remove_all(db);
        ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
        d.apply(db);

        const RunResult search = run({kSearch, "--db", db, "probeword"});
        EXPECT_EQ(search.exit_code, 3) << search.err;
        EXPECT_TRUE(contains(search.err, "lantern-search: ")) << search.err;
        EXPECT_TRUE(contains(search.err, d.says)) << search.err;
        EXPECT_TRUE(contains(search.err, db)) << search.err;
        const RunResult stats = run({kIndex, "stats", "--db", db});
        EXPECT_EQ(stats.exit_code, 3) << stats.out << stats.err;
        EXPECT_TRUE(contains(stats.err, d.says)) << stats.err;
        const RunResult check = run({kIndex, "check", "--db", db});
        EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
        EXPECT_TRUE(contains(check.out + check.err, db)) << check.out << check.err;

        const RunResult build = run({kIndex, "build", "--db", db, "--quiet", site});
        EXPECT_EQ(build.exit_code, d.plain_build) << build.err;
        if (build.exit_code != 0) {
            EXPECT_TRUE(contains(build.err, db)) << build.err;
            EXPECT_FALSE(contains(build.err, "internal error")) << build.err;
            const RunResult full = run({kIndex, "build", "--db", db, "--quiet", "--full", site});
            EXPECT_EQ(full.exit_code, 0) << full.err;
        }
        EXPECT_EQ(search_ids(db, "probeword").size(), 30u);
        EXPECT_EQ(run({kIndex, "check", "--db", db}).exit_code, 0);
    }
}

// The live release removed by hand: the message's advice (rollback) works.
TEST(FaultsIndex, RollbackRecoversFromAMissingLiveRelease) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_site(site, 5);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
    write_site(site, 6);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", "--full", site}).exit_code, 0);
    fs::remove_all(live_release(db));
    const RunResult search = run({kSearch, "--db", db, "probeword"});
    EXPECT_EQ(search.exit_code, 3);
    EXPECT_TRUE(contains(search.err, "run lantern-index rollback --db " + db)) << search.err;
    const RunResult rollback = run({kIndex, "rollback", "--db", db});
    EXPECT_EQ(rollback.exit_code, 0) << rollback.err;
    EXPECT_TRUE(contains(rollback.out, "Rolled back: release ")) << rollback.out;
    EXPECT_EQ(search_ids(db, "probeword").size(), 5u);
}

// ---------------------------------------------------------------------------------------------
// The server under the same damage.

struct Answer {
    int status = 0;       ///< 0: no answer
    nlohmann::json body;  ///< discarded when not JSON
};

Answer get(const ServerProcess& server, const std::string& target) {
    httplib::Client c = server.client();
    const auto res = c.Get(target);
    if (!res) return {};
    return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
}

// Started on a good index, the server keeps answering through every kind of damage: 503 with a
// JSON error (and /healthz 503 "unavailable") while the index cannot be used, or answers from a
// release it already has open; never a crash, a hang or a 500. When a new release is switched in
// it serves again, without a restart.
TEST(FaultsServer, KeepsServingThroughDamageAndRepair) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_site(site, 30);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
    const ServerProcess server(db, dir.path(), {"--threads", "4"});
    ASSERT_GT(server.port(), 0) << server.log();
    const Answer healthy = get(server, "/healthz");
    EXPECT_EQ(healthy.status, 200);
    EXPECT_EQ(healthy.body["status"], "ok");
    EXPECT_EQ(healthy.body["documents"], 30);

    for (const Damage& d : damages()) {
        SCOPED_TRACE(d.name);
        d.apply(db);
        // Whole-release damage is seen by every request; damaged tables under a handle a worker
        // already holds may still answer from what that handle reads (both are fine, crashing is not).
        const bool certain = d.plain_build == 0;
        for (int i = 0; i < 8; ++i) {
            for (const std::string target :
                 {"/api/search?q=probeword", "/api/suggest?q=prob", "/healthz", "/?q=probeword"}) {
                httplib::Client c = server.client();
                const auto res = c.Get(target);
                ASSERT_TRUE(res) << target << ": no answer; server running: " << server.running();
                if (certain || res->status != 200) {
                    EXPECT_EQ(res->status, 503) << target << ": " << res->body;
                    EXPECT_EQ(res->get_header_value("Retry-After"), "5") << target;
                    const nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
                    ASSERT_FALSE(j.is_discarded()) << target << ": " << res->body;
                    EXPECT_EQ(j["error"], "the index is unavailable") << target;
                    if (target == "/healthz") {
                        EXPECT_EQ(j["status"], "unavailable");
                    }
                }
            }
        }
        EXPECT_TRUE(contains(server.log(), "index unavailable: ")) << "the reason is logged";
        const RunResult repair = run({kIndex, "build", "--db", db, "--quiet", "--full", site});
        ASSERT_EQ(repair.exit_code, 0) << repair.err;
        for (int i = 0; i < 8; ++i) {  // every worker follows the switch
            const Answer search = get(server, "/api/search?q=probeword&limit=50");
            EXPECT_EQ(search.status, 200);
            EXPECT_EQ(search.body["total"], 30);
            const Answer health = get(server, "/healthz");
            EXPECT_EQ(health.status, 200);
            EXPECT_EQ(health.body["documents"], 30);
        }
        ASSERT_TRUE(server.running());
    }
    const std::string metrics = server.client().Get("/metrics")->body;
    EXPECT_TRUE(contains(metrics, "lantern_server_errors_total ")) << metrics;
    EXPECT_FALSE(contains(server.log(), " 500 ")) << server.log();
}

// ---------------------------------------------------------------------------------------------
// Slow, idle and oversized clients.

/// A TCP connection to the server, sending what it is told to.
class RawClient {
public:
    explicit RawClient(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        const timeval one_second{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &one_second, sizeof one_second);
    }
    ~RawClient() { ::close(fd_); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;
    bool connected() const { return connected_; }
    bool send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    /// What the server sent until it closed the connection, or until `seconds` passed ("" if nothing).
    /// `closed` says whether it did close.
    std::string read_until_closed(int seconds, bool& closed) {
        std::string got;
        closed = false;
        const auto until = Clock::now() + std::chrono::seconds(seconds);
        char buf[4096];
        while (Clock::now() < until) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) got.append(buf, static_cast<std::size_t>(n));
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                closed = true;
                break;
            }
        }
        return got;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

// cpp-httplib alone gives each connection a worker for its whole life: with 4 workers, 4 idle
// connections stopped every search for 5 s, and a client sending its headers a byte at a time
// held a worker indefinitely (measured before the gate: a search behind 40 idle connections and
// 4 byte-a-second clients took 9.7 s). Now connections wait in the gate until their request
// head is complete: searches are answered at once, the slow clients get 408 after 5 s, the idle
// ones are closed, and a head over 16 KiB gets 431.
TEST(FaultsServer, SlowAndIdleClientsDoNotHoldTheWorkers) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_site(site, 10);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
    const ServerProcess server(db, dir.path(), {"--threads", "4"});
    ASSERT_GT(server.port(), 0) << server.log();

    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 60; ++i) {
        idle.push_back(std::make_unique<RawClient>(server.port()));
        ASSERT_TRUE(idle.back()->connected());
    }
    // Slowloris: request heads sent a byte per second, never finished in time.
    constexpr int kSlow = 6;
    std::vector<std::string> slow_answers(kSlow);
    std::vector<int> slow_closed_after(kSlow, -1);
    std::atomic<int> slow_started{0};
    std::vector<std::thread> slow;
    for (int i = 0; i < kSlow; ++i) {
        slow.emplace_back([&, i] {
            RawClient c(server.port());
            const std::string head =
                "GET /api/search?q=probeword HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(40, 'p') + "\r\n\r\n";
            const auto started = Clock::now();
            for (std::size_t k = 0; k < head.size() - 4; ++k) {
                if (!c.send(head.substr(k, 1))) break;  // the server closed it
                if (k == 0) ++slow_started;
                bool closed = false;
                slow_answers[static_cast<std::size_t>(i)] += c.read_until_closed(1, closed);
                if (closed) {
                    slow_closed_after[static_cast<std::size_t>(i)] = static_cast<int>(
                        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count());
                    break;
                }
            }
        });
    }
    // Search once every slow client has connected and sent a byte (not after a guessed 1.5 s):
    // connections are accepted in order, so the 66 others are then in the server's hands.
    for (const auto by = Clock::now() + std::chrono::seconds(5); slow_started < kSlow && Clock::now() < by;)
        std::this_thread::yield();
    EXPECT_EQ(slow_started.load(), kSlow) << "slow clients that could not connect";

    for (int i = 0; i < 5; ++i) {
        const auto started = Clock::now();
        const Answer a = get(server, "/api/search?q=probeword");
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        EXPECT_EQ(a.status, 200);
        EXPECT_LT(seconds, 2.0) << "a search behind 60 idle and 6 slow connections, 4 workers";
        // Stays: spreads the searches over the slow clients' trickle into a real server process.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    // A request head over the limit is refused, not buffered.
    {
        RawClient big(server.port());
        ASSERT_TRUE(big.send("GET /api/search?q=x HTTP/1.1\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n"));
        bool closed = false;
        const std::string answer = big.read_until_closed(5, closed);
        EXPECT_TRUE(contains(answer, "HTTP/1.1 431 ")) << answer;
        EXPECT_TRUE(closed);
    }
    for (std::thread& t : slow) t.join();
    for (int i = 0; i < kSlow; ++i) {
        EXPECT_TRUE(contains(slow_answers[static_cast<std::size_t>(i)], "HTTP/1.1 408 "))
            << slow_answers[static_cast<std::size_t>(i)];
        EXPECT_GE(slow_closed_after[static_cast<std::size_t>(i)], 4) << "dropped after the 5 s head timeout";
        EXPECT_LE(slow_closed_after[static_cast<std::size_t>(i)], 7);
    }
    // The idle connections were closed by the server too.
    for (auto& c : idle) {
        bool closed = false;
        EXPECT_EQ(c->read_until_closed(3, closed), "");
        EXPECT_TRUE(closed);
    }
    const std::string metrics = server.client().Get("/metrics")->body;
    EXPECT_TRUE(contains(metrics, "lantern_slow_clients_dropped_total " + std::to_string(kSlow))) << metrics;
    EXPECT_TRUE(contains(metrics, "lantern_connections_refused_total 1")) << metrics;
    EXPECT_TRUE(server.running());
}

}  // namespace
}  // namespace lantern::test
