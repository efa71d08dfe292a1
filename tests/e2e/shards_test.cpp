// End-to-end: `lantern-index build --shards N` and searching across shards, local and remote
// (Debian's xapian-tcpsrv on loopback ports), compared with a single-database build of the corpus.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "process.h"

namespace lantern::test {
namespace {

namespace fs = std::filesystem;

const std::string kTcpsrv = "/usr/bin/xapian-tcpsrv";

/// A query and its filters, one row per kind of query the comparison covers.
struct QueryRow {
    std::vector<std::string> args;
};
const QueryRow kQueries[] = {
    {{"track", "marks"}},                            // plain
    {{"\"collapsed veins\""}},                       // phrase
    {{"nalaxone"}},                                  // misspelled: spelling data must be complete
    {{"dope", "sick"}},                              // slang through the thesaurus
    {{"narcan"}},                                    // brand name; exact duplicates folded
    {{"--topic", "naloxone", "overdose"}},           // filtered
    {{"--audience", "families", "methadone"}},       // filtered
    {{"hepatitis", "C", "treatment"}},               // two tiers
    {{"--offset", "10", "injection"}},                 // the second page
};

nlohmann::json search(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kSearch, "--db", db, "--json", "--limit", "10"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

/// What must not depend on the layout: the ranked results (scores to 1e-6; of exact duplicates,
/// which copy represents the group follows document ids, so a group is named by its first
/// member), the facets, the spelling suggestion and the notes. Xapian's match-count *estimates*
/// are left out: they legitimately vary with how postings are split.
nlohmann::json comparable(const nlohmann::json& j) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : j.value("results", nlohmann::json::array())) {
        std::vector<std::string> group = {h["path"].get<std::string>()};
        for (const auto& d : h["duplicates"]) group.push_back(d.get<std::string>());
        std::sort(group.begin(), group.end());
        hits.push_back({group.front(), std::llround(h["score"].get<double>() * 1e6)});
    }
    return {{"hits", hits}, {"facets", j.value("facets", nlohmann::json())}, {"suggestion", j.value("suggestion", nlohmann::json())},
            {"notes", j.value("notes", nlohmann::json())}};
}

/// A loopback port nothing listens on now.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// xapian-tcpsrv serving one shard on a loopback port, stopped when destroyed. It runs in a
/// session of its own: on SIGTERM xapian-tcpsrv signals its whole process group, which would
/// otherwise include this test.
class RemoteShard {
public:
    explicit RemoteShard(const std::string& database) : port_(free_port()) {
        const std::string port = std::to_string(port_);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setsid();
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);
            ::execl(kTcpsrv.c_str(), kTcpsrv.c_str(), "--quiet", "--interface", "127.0.0.1", "--port", port.c_str(), database.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 100 && !accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~RemoteShard() { stop(); }
    RemoteShard(const RemoteShard&) = delete;
    RemoteShard& operator=(const RemoteShard&) = delete;
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int port() const { return port_; }
    std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }

private:
    int port_;
    int pid_ = -1;
};

class ShardsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        build(single(), {});
        build(sharded(), {"--shards", "3"});
    }
    static void TearDownTestSuite() { delete dir_; }
    static void build(const std::string& db, const std::vector<std::string>& extra) {
        const std::string corpus = LANTERN_CORPUS;
        std::vector<std::string> argv = {kIndex, "build", "--quiet", "--db", db, "--url-base", "https://riverbend.example/",
                                         "--thesaurus", corpus + "/thesaurus", "--safety-panel", corpus + "/safety-panel.toml"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back(corpus);
        const RunResult r = run(argv);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static std::string single() { return dir_->path() + "/single"; }
    static std::string sharded() { return dir_->path() + "/sharded"; }
    static std::string live_release(const std::string& db) {
        std::ifstream in(db + "/current");
        std::string backend, target;
        in >> backend >> target;   // "auto releases/NAME/meta"
        return db + "/" + fs::path(target).parent_path().string();
    }
    static void expect_same_results(const std::string& db) {
        for (const QueryRow& q : kQueries) {
            const nlohmann::json want = comparable(search(single(), q.args));
            ASSERT_FALSE(want["hits"].empty()) << nlohmann::json(q.args).dump();
            EXPECT_EQ(comparable(search(db, q.args)), want) << nlohmann::json(q.args).dump();
        }
    }
    static TempDir* dir_;
};
TempDir* ShardsTest::dir_ = nullptr;

TEST_F(ShardsTest, ShardedBuildListsItsDatabasesInTheStub) {
    const std::string release = live_release(sharded());
    std::ifstream in(sharded() + "/current");
    const std::string stub((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = fs::path(release).filename().string();
    EXPECT_EQ(stub, "auto releases/" + name + "/meta\nauto releases/" + name + "/shard-00\nauto releases/" + name +
                        "/shard-01\nauto releases/" + name + "/shard-02\n");
    for (const char* leftover : {"shard-00.spelling", "shard-01.summary", "shard-02.error"}) {
        EXPECT_FALSE(fs::exists(release + "/" + leftover)) << leftover;
    }
    const RunResult stats = run({kIndex, "stats", "--db", sharded(), "--json"});
    ASSERT_EQ(stats.exit_code, 0) << stats.err;
    EXPECT_EQ(nlohmann::json::parse(stats.out)["documents"], 70);
    const RunResult check = run({kIndex, "check", "--db", sharded()});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(ShardsTest, LocalShardsAnswerExactlyAsOneDatabase) { expect_same_results(sharded()); }

TEST_F(ShardsTest, RemoteShardsThroughXapianTcpsrvAnswerExactlyAsOneDatabase) {
    ASSERT_TRUE(fs::exists(kTcpsrv)) << "scripts/deps installs xapian-tools";
    const std::string release = live_release(sharded());
    // Shards 1 and 2 on "other machines" (two xapian-tcpsrv), the meta database and shard 0 local.
    RemoteShard one(release + "/shard-01");
    RemoteShard two(release + "/shard-02");
    const std::string stub = dir_->path() + "/mixed.stub";
    std::ofstream(stub) << "auto " << release << "/meta\nauto " << release << "/shard-00\n"
                        << one.stub_line() << "\n" << two.stub_line() << "\n";
    expect_same_results(stub);

    // A shard down: a clear error naming it (and only it).
    two.stop();
    const RunResult down = run({kSearch, "--db", stub, "naloxone"});
    EXPECT_EQ(down.exit_code, 3) << down.out;
    EXPECT_NE(down.err.find("unreachable shard(s): " + two.stub_line()), std::string::npos) << down.err;
    EXPECT_EQ(down.err.find(one.stub_line()), std::string::npos) << "only the shard that is down is named: " << down.err;
}

TEST_F(ShardsTest, IncrementalBuildsKeepTheShardsAndAnotherCountRebuildsFully) {
    const std::string db = dir_->path() + "/again";
    build(db, {"--shards", "2"});
    const std::string first = live_release(db);
    const RunResult again = run({kIndex, "build", "--db", db, "--url-base", "https://riverbend.example/", LANTERN_CORPUS});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("Incremental build"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("70 unchanged"), std::string::npos) << again.out;
    EXPECT_EQ(live_release(db), first);
    const RunResult one = run({kIndex, "build", "--db", db, "--shards", "1", LANTERN_CORPUS});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_NE(one.out.find("Full build"), std::string::npos) << one.out;
    std::ifstream in(db + "/current");
    std::string stub((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(std::count(stub.begin(), stub.end(), '\n'), 1) << stub;
    const RunResult bad = run({kIndex, "build", "--db", db, "--shards", "0", LANTERN_CORPUS});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("--shards"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace lantern::test
