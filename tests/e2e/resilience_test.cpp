// End-to-end: builds killed with SIGKILL at many moments never damage the live index, and
// searches never fail while builds, rollbacks and compactions switch releases under them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "search/search.h"
#include "process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

constexpr int kPages = 1200;     ///< enough for a build to take a few hundred milliseconds
constexpr int kProbePages = 5;   ///< pages 0..4 hold "probeword" 5..1 times and never change

/// A site of generated pages; the probe pages rank in a fixed order for "probeword".
void write_probe_site(const std::string& dir, int round) {
    fs::create_directories(dir);
    const char* words[] = {"vein", "abscess", "naloxone", "clinic", "harbor", "support", "testing", "wound", "care", "syringe"};
    for (int i = 0; i < kPages; ++i) {
        std::string body;
        for (int w = 0; w < 120; ++w) body += std::string(words[(i * 7 + w * 3) % 10]) + " ";
        if (i < kProbePages) {
            for (int k = 0; k < kProbePages - i; ++k) body += "probeword ";
        } else if (round > 0) {
            body += "edit" + std::to_string(round);  // later rounds change every other page
        }
        std::ofstream(dir + "/page-" + std::to_string(i) + ".html")
            << "<html><head><title>Page " << i << "</title></head><body><main><p>" << body << "</p></main></body></html>";
    }
}

std::vector<std::string> probe(const std::string& db) {
    const RunResult r = run({kSearch, "--db", db, "--json", "--exact", "probeword"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return {};
    const nlohmann::json j = nlohmann::json::parse(r.out);
    std::vector<std::string> ids;
    for (const auto& h : j["results"]) ids.push_back(h["id"]);
    return ids;
}

TEST(Resilience, BuildsKilledAtManyMomentsLeaveTheLiveIndexIntact) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_probe_site(site, 0);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(run({kIndex, "build", "--db", db, site}).exit_code, 0);
    const double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const std::vector<std::string> baseline = probe(db);
    ASSERT_EQ(baseline, (std::vector<std::string>{"page-0.html", "page-1.html", "page-2.html", "page-3.html", "page-4.html"}));

    // 24 builds killed while running, at moments spread over a build's length. A kill that lands
    // after its build finished does not count, and shrinks later delays (the machine may be fast).
    constexpr int kKills = 24;
    int killed = 0;
    double scale = 0.9;
    for (int attempt = 0; killed < kKills && attempt < 3 * kKills; ++attempt) {
        const bool full = attempt % 2 == 0;  // alternate: a new release, and an in-place incremental transaction
        if (!full) write_probe_site(site, attempt);
        std::vector<std::string> argv = {kIndex, "build", "--db", db, "--quiet", site};
        if (full) argv.insert(argv.begin() + 2, "--full");
        const int pid = spawn(argv);
        const auto delay = std::chrono::microseconds(static_cast<long>(full_ms * 1000.0 * scale * (killed % 12 + 0.5) / 12.0));
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) {
            ++killed;
        } else {
            scale *= 0.8;
        }
        SCOPED_TRACE("attempt " + std::to_string(attempt) + (full ? " (full)" : " (incremental)") + " killed after " +
                     std::to_string(delay.count() / 1000) + " ms");
        const RunResult check = run({kIndex, "check", "--db", db});
        EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
        EXPECT_EQ(probe(db), baseline);
    }
    EXPECT_EQ(killed, kKills) << "builds must really be killed while running, not after finishing";
    const RunResult next = run({kIndex, "build", "--db", db, "--quiet", site});
    EXPECT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(run({kIndex, "check", "--db", db}).exit_code, 0);
    EXPECT_EQ(probe(db), baseline);
    const nlohmann::json stats = nlohmann::json::parse(run({kIndex, "stats", "--db", db, "--json"}).out);
    EXPECT_EQ(stats["documents"], kPages);
    for (const auto& r : stats["releases"]) EXPECT_TRUE(r["complete"].get<bool>()) << r;  // killed builds' leftovers pruned
}

TEST(Resilience, SearchesNeverFailWhileReleasesChange) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_probe_site(site, 0);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);

    std::atomic<bool> done{false};
    std::atomic<int> searches{0}, failures{0}, in_process{0};
    // Separate processes, each opening DIR/current afresh...
    std::thread cli([&] {
        while (!done) {
            const RunResult r = run({kSearch, "--db", db, "--json", "--exact", "probeword"});
            ++searches;
            if (r.exit_code != 0 || nlohmann::json::parse(r.out)["results"].size() != kProbePages) ++failures;
        }
    });
    // ...and one long-lived searcher, as a server holds, which must follow the switches.
    std::thread held([&] {
        Searcher searcher(db);
        SearchRequest req;
        req.query = "probeword";
        req.correct_spelling = false;
        while (!done) {
            try {
                if (searcher.search(req).hits.size() != kProbePages) ++failures;
            } catch (const std::exception& e) {
                ADD_FAILURE() << e.what();
                ++failures;
            }
            ++in_process;
        }
    });
    const std::vector<std::vector<std::string>> steps = {
        {kIndex, "build", "--db", db, "--quiet", "--full", site}, {kIndex, "rollback", "--db", db},
        {kIndex, "build", "--db", db, "--quiet", site},           {kIndex, "compact", "--db", db},
        {kIndex, "build", "--db", db, "--quiet", "--full", site}, {kIndex, "rollback", "--db", db},
        {kIndex, "build", "--db", db, "--quiet", "--full", site}, {kIndex, "compact", "--db", db},
    };
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (i == 2 || i == 6) write_probe_site(site, static_cast<int>(i));
        const RunResult r = run(steps[i]);
        EXPECT_EQ(r.exit_code, 0) << steps[i][1] << ": " << r.err;
    }
    done = true;
    cli.join();
    held.join();
    EXPECT_EQ(failures.load(), 0) << "of " << searches.load() << " CLI searches and " << in_process.load() << " in-process searches";
    EXPECT_GE(searches.load(), 10);
    EXPECT_GE(in_process.load(), 100);
}

}  // namespace
}  // namespace lantern::test
