// End-to-end: the librarian's life with lantern-index: incremental rebuilds, removals, full
// rebuilds into releases, rollback, compaction, stats/check/report, the lock, lantern.toml.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <xapian.h>

#include "process.h"
#include "text/index_layout.h"
#include "text/schema.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

class OperationsTest : public ::testing::Test {
protected:
    void SetUp() override {
        src_ = dir_.path() + "/site";
        fs::copy(std::string(LANTERN_TEST_DATA) + "/site", src_, fs::copy_options::recursive);
        fs::remove(src_ + "/binary.html");  // keep exit codes at 0 here; failures are tested elsewhere
        db_ = dir_.path() + "/index";
    }
    RunResult build(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {kIndex, "build", "--db", db_};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back(src_);
        return run(argv);
    }
    std::vector<std::string> search_ids(const std::string& word) {
        const RunResult r = run({kSearch, "--db", db_, "--json", "--exact", word});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        const nlohmann::json j = nlohmann::json::parse(r.out);  // named: a range-for over a temporary's member dangles
        std::vector<std::string> ids;
        for (const auto& h : j["results"]) ids.push_back(h["id"]);
        return ids;
    }
    nlohmann::json stats() { return nlohmann::json::parse(run({kIndex, "stats", "--db", db_, "--json"}).out); }
    TempDir dir_;
    std::string src_, db_;
};

TEST_F(OperationsTest, IncrementalBuildsSkipReplaceAndRemove) {
    const RunResult first = build();
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_TRUE(contains(first.out, "Full build of release ")) << first.out;
    EXPECT_TRUE(contains(first.out, ": 4 added, 0 updated, 0 unchanged, 0 removed,")) << first.out;

    // Nothing changed: nothing is committed, so searchers keep the revision (and their caches).
    const auto revision = [this] { return Xapian::Database(db_ + "/current").get_revision(); };
    const Xapian::rev built = revision();
    const RunResult same = build();
    EXPECT_TRUE(contains(same.out, "Incremental build of release ")) << same.out;
    EXPECT_TRUE(contains(same.out, ": 0 added, 0 updated, 4 unchanged, 0 removed,")) << same.out;
    EXPECT_EQ(revision(), built) << "an unchanged re-run";

    // Only the modification time changed: the content hash confirms it is unchanged (the time
    // it is remembered by is a change).
    fs::last_write_time(src_ + "/naloxone.html", fs::file_time_type::clock::now());
    const RunResult touched = build();
    EXPECT_TRUE(contains(touched.out, ": 0 added, 0 updated, 4 unchanged, 0 removed,")) << touched.out;
    EXPECT_GT(revision(), built);

    // Changed content is replaced; a new file is added; a deleted file's article is removed.
    {
        std::ifstream in(src_ + "/overdose-signs.html");
        std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        page.replace(page.find("</main>"), 7, "<p>Zanzibarword added later.</p></main>");
        std::ofstream(src_ + "/overdose-signs.html") << page;
    }
    std::ofstream(src_ + "/new-page.html") << "<html><head><title>New page</title></head><body><main><p>Quokkaword.</p></main></body></html>";
    fs::remove(src_ + "/naloxone.html");
    const RunResult changed = build();
    EXPECT_TRUE(contains(changed.out, ": 1 added, 1 updated, 2 unchanged, 1 removed,")) << changed.out;
    EXPECT_EQ(search_ids("zanzibarword"), std::vector<std::string>{"overdose-signs.html"});
    EXPECT_EQ(search_ids("quokkaword"), std::vector<std::string>{"new-page.html"});
    EXPECT_TRUE(search_ids("naloxone").empty() || search_ids("naloxone")[0] != "naloxone.html");

    // --keep-removed keeps an article whose file went away.
    fs::remove(src_ + "/new-page.html");
    EXPECT_TRUE(contains(build({"--keep-removed"}).out, " 0 removed,"));
    EXPECT_EQ(search_ids("quokkaword"), std::vector<std::string>{"new-page.html"});
    EXPECT_EQ(stats()["releases"].size(), 1u) << "incremental builds update the live release in place";
}

// A file skipped on purpose (robots noindex) is remembered with its signature, so that it is not
// read again while unchanged, and forgotten once it is gone.
TEST_F(OperationsTest, SkippedFilesAreRememberedUntilTheyAreGone) {
    ASSERT_EQ(build().exit_code, 0);
    const std::string key = schema::skipped_file_key(schema::file_term("site", "private-noindex.html"));
    const auto remembered = [&] { return Xapian::Database(db_ + "/current").get_metadata(key); };
    EXPECT_TRUE(contains(remembered(), "robots")) << remembered();
    const Xapian::rev built = Xapian::Database(db_ + "/current").get_revision();
    const RunResult again = build();
    EXPECT_TRUE(contains(again.out, ": 0 added, 0 updated, 4 unchanged, 0 removed, 1 skipped,")) << again.out;
    EXPECT_TRUE(contains(remembered(), "robots")) << "still there: still remembered";
    EXPECT_EQ(Xapian::Database(db_ + "/current").get_revision(), built);
    fs::remove(src_ + "/private-noindex.html");
    const RunResult gone = build();
    EXPECT_TRUE(contains(gone.out, ": 0 added, 0 updated, 4 unchanged, 0 removed, 0 skipped,")) << gone.out;
    EXPECT_EQ(remembered(), "");
}

// One transaction holds every change of an incremental build in memory until it commits: past
// --incremental-limit the build is written in full into a new release instead, and the release it
// turned away from is left exactly as it was. A changed url_base makes every file be read again.
// A sharded release's shard processes add their plans up before any of them writes.
TEST_F(OperationsTest, ChangesPastTheIncrementalLimitAreBuiltInFull) {
    // Four pages sharing a footer: the boilerplate learned is part of what makes a file unchanged.
    src_ = dir_.path() + "/small";
    fs::create_directories(src_);
    for (const char* w : {"alphaword", "betaword", "gammaword", "deltaword"}) {
        std::ofstream(src_ + "/" + w + ".html") << small_page(w, true);
    }
    const auto first_url = [this] {
        const RunResult r = run({kSearch, "--db", db_, "--json", "--exact", "betaword"});
        return nlohmann::json::parse(r.out)["results"][0]["url"].get<std::string>();
    };
    struct LimitRow {
        std::string url_base;
        std::string limit;
        bool keep_removed;
        bool full;
    };
    const LimitRow rows[] = {
        {"https://a.example/", "4", false, false},   // 4 files to read: within the limit, in place
        {"https://b.example/", "3", false, true},    // past it: a new release, switched to
        {"https://c.example/", "3", true, false},    // --keep-removed: a full build would drop kept articles
    };
    for (const std::string shards : {"1", "2"}) {
        SCOPED_TRACE("shards " + shards);
        db_ = dir_.path() + "/index-" + shards;
        const RunResult first = build({"--shards", shards});
        ASSERT_EQ(first.exit_code, 0) << first.err;
        ASSERT_TRUE(contains(first.out, "learned 1 paragraph repeated on most pages of small")) << first.out;
        // A single database's revision, or the first shard's.
        const auto revision = [&](const std::string& release) {
            const std::string folder = db_ + "/releases/" + release;
            return Xapian::Database(shards == "1" ? folder : folder + "/" + shard_folder(0)).get_revision();
        };
        std::size_t releases = 1;
        for (const LimitRow& row : rows) {
            SCOPED_TRACE(row.url_base);
            const std::string live = stats()["release"];
            const Xapian::rev before = revision(live);
            std::vector<std::string> args = {"--url-base", row.url_base, "--incremental-limit", row.limit};
            if (row.keep_removed) args.push_back("--keep-removed");
            const RunResult r = build(args);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            EXPECT_EQ(contains(r.out, "Full build of release "), row.full) << r.out;
            EXPECT_EQ(contains(r.out, "the changes are too many for one incremental transaction (4 files, 1 KiB to read; "
                                      "--incremental-limit 3 files or 256 MiB): written in full into a new release\n"),
                      row.full)
                << r.out;
            releases += row.full ? 1 : 0;
            EXPECT_EQ(stats()["releases"].size(), releases);
            EXPECT_EQ(stats()["release"] != live, row.full);
            const std::string now = stats()["release"];
            EXPECT_EQ(fs::exists(db_ + "/releases/" + now + "/" + shard_folder(1)), shards == "2") << "the shard count kept";
            EXPECT_EQ(first_url(), row.url_base + "betaword.html");
            if (row.full) {
                EXPECT_EQ(revision(live), before) << "the release turned away from";
            }
            // Built in full after a turned-away try, the files are marked with the boilerplate learned once.
            const RunResult again = build({"--url-base", row.url_base, "--incremental-limit", "1"});
            EXPECT_TRUE(contains(again.out, ": 0 added, 0 updated, 4 unchanged, 0 removed,")) << again.out;
        }
        EXPECT_EQ(run({kIndex, "check", "--db", db_}).exit_code, 0);
        ASSERT_EQ(run({kIndex, "rollback", "--db", db_}).exit_code, 0);
        EXPECT_EQ(first_url(), "https://a.example/betaword.html");
    }
}

// After an upgrade the live release may be of an older schema: the next build rebuilds in full
// (a new release; the old one stays live until it is complete) instead of stopping.
TEST_F(OperationsTest, AReleaseOfAnotherSchemaIsRebuiltInFull) {
    ASSERT_EQ(build().exit_code, 0);
    std::string release;
    for (const auto& e : fs::directory_iterator(db_ + "/releases")) release = e.path().string();
    const std::string manifest_path = release + "/manifest.json";
    nlohmann::json manifest = nlohmann::json::parse(std::ifstream(manifest_path));
    manifest["schema_version"] = 3;
    std::ofstream(manifest_path) << manifest.dump(2);
    const RunResult again = build();
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_TRUE(contains(again.out, "Full build of release ")) << again.out;
    EXPECT_TRUE(contains(again.out, ": 4 added, 0 updated, 0 unchanged, 0 removed,")) << again.out;
    EXPECT_EQ(run({kIndex, "check", "--db", db_}).exit_code, 0);
    EXPECT_EQ(search_ids("naloxone").empty(), false);
}

TEST_F(OperationsTest, FullBuildsRollbackCompactAndReports) {
    ASSERT_EQ(build().exit_code, 0);
    const std::string first = stats()["release"];
    std::ofstream(src_ + "/later.html") << "<html><head><title>Later</title></head><body><main><p>Wombatword.</p></main></body></html>";
    const RunResult full = build({"--full", "--report", dir_.path() + "/report.json"});
    ASSERT_EQ(full.exit_code, 0) << full.err;
    const std::string second = stats()["release"];
    EXPECT_NE(first, second);
    EXPECT_EQ(search_ids("wombatword").size(), 1u);
    const nlohmann::json report = nlohmann::json::parse(std::ifstream(dir_.path() + "/report.json"));
    EXPECT_EQ(report["kind"], "full");
    EXPECT_EQ(report["counts"]["added"], 5);
    EXPECT_EQ(report["release"], second);

    // Manifest: what, when, by which version, from which sources.
    const nlohmann::json manifest = nlohmann::json::parse(std::ifstream(db_ + "/releases/" + second + "/manifest.json"));
    EXPECT_EQ(manifest["release"], second);
    EXPECT_EQ(manifest["documents"], 5);
    EXPECT_EQ(manifest["built_by"], "lantern-index 0.1.0");
    EXPECT_EQ(manifest["sources"][0]["path"], src_);
    EXPECT_TRUE(manifest.contains("created"));
    EXPECT_EQ(manifest["builds"].size(), 1u);

    const RunResult back = run({kIndex, "rollback", "--db", db_});
    EXPECT_EQ(back.exit_code, 0) << back.err;
    EXPECT_EQ(back.out, "Rolled back: release " + first + " is live again\n");
    EXPECT_TRUE(search_ids("wombatword").empty());
    const RunResult again = run({kIndex, "rollback", "--db", db_});
    EXPECT_EQ(again.exit_code, 3);   // issue 19: was 2, the code of a bad command line
    EXPECT_EQ(again.err, "lantern-index: the index at " + db_ + " has no earlier complete release to roll back to\n");

    const RunResult compact = run({kIndex, "compact", "--db", db_});
    ASSERT_EQ(compact.exit_code, 0) << compact.err;
    EXPECT_NE(stats()["release"], first);
    EXPECT_EQ(search_ids("overdose").size(), 2u);  // overdose-signs.html and naloxone.html
    const RunResult check = run({kIndex, "check", "--db", db_});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_TRUE(contains(check.out, "Xapian's check found no errors")) << check.out;

    const nlohmann::json s = stats();
    EXPECT_EQ(s["documents"], 4);
    EXPECT_EQ(s["by_format"]["html"], 4);
    EXPECT_EQ(s["by_source"]["site"], 4);
    EXPECT_GE(s["releases"].size(), 3u);

    const RunResult rep = run({kIndex, "report", "--db", db_, "--json", "--stale-after", "6m"});
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    const nlohmann::json r = nlohmann::json::parse(rep.out);
    EXPECT_EQ(r["missing_reviewed_date"]["count"], 3);     // only guides/vein-care.html has one
    EXPECT_EQ(r["missing_description"]["count"], 2);
    EXPECT_EQ(r["short_or_empty"]["count"], 4);
    const RunResult bad = run({kIndex, "report", "--db", db_, "--stale-after", "soon"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "lantern-index: --stale-after must be a period such as 24m, 2y or 90d, not 'soon'\n");
}

TEST_F(OperationsTest, SecondBuildStopsOrWaitsNamingTheHolder) {
    ASSERT_EQ(build().exit_code, 0);
    // O_CLOEXEC: the builds this test starts must not inherit (and so hold) the lock themselves.
    const int fd = ::open((db_ + "/lock").c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    ASSERT_EQ(::ftruncate(fd, 0), 0);
    const std::string holder = "lantern-index build (pid 4242 on testhost, since 2026-11-25 10:00:00 UTC)\n";
    ASSERT_EQ(::pwrite(fd, holder.data(), holder.size(), 0), static_cast<ssize_t>(holder.size()));
    const RunResult busy = build();
    EXPECT_EQ(busy.exit_code, 3);
    EXPECT_EQ(busy.err, "lantern-index: the index at " + db_ +
                            " is busy: lantern-index build (pid 4242 on testhost, since 2026-11-25 10:00:00 UTC); wait for it "
                            "to finish, or add --wait\n");
    std::thread release([fd] {
        // A real sleep: the lock is let go while the lantern-index process (no clock of ours
        // reaches it) is already waiting for it, which is what --wait must survive.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::close(fd);
    });
    const RunResult waited = build({"--wait"});
    release.join();
    EXPECT_EQ(waited.exit_code, 0) << waited.err;
    EXPECT_EQ(run({kIndex, "check", "--db", db_}).exit_code, 0);
}

TEST_F(OperationsTest, ConfigurationFile) {
    const std::string config = dir_.path() + "/lantern.toml";
    std::ofstream(config) << "[index]\ndb = \"index\"\nkeep_releases = 1\n\n[[source]]\npath = \"site\"\n"
                             "url_base = \"https://intranet.example/\"\nexclude = [\"guides/*\"]\n";
    const RunResult r = run({kIndex, "build", "--config", config});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, ": 3 added,")) << r.out;  // guides/vein-care.html excluded
    const RunResult s = run({kSearch, "--db", db_, "--json", "pinpoint"});
    EXPECT_EQ(nlohmann::json::parse(s.out)["results"][0]["url"], "https://intranet.example/overdose-signs.html");
    // A flag overrides the file.
    const RunResult flag = run({kIndex, "build", "--config", config, "--full", "--url-base", "https://other.example/"});
    ASSERT_EQ(flag.exit_code, 0) << flag.err;
    EXPECT_EQ(nlohmann::json::parse(run({kSearch, "--db", db_, "--json", "pinpoint"}).out)["results"][0]["url"],
              "https://other.example/overdose-signs.html");

    std::ofstream(config) << "[index]\ndb = \"index\"\n\n[[source]]\npath = \"site\"\nrobot = \"ignore\"\n";
    const RunResult bad = run({kIndex, "build", "--config", config});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "lantern-index: " + config + ":6: robot: unknown key in [[source]]\n");
}

}  // namespace
}  // namespace lantern::test
