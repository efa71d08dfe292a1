// End-to-end: the server under load while releases switch. A load generator (wrk when it is
// installed, as scripts/deps does; otherwise a pool of keep-alive clients in this test) keeps 64
// connections busy for 12 s with a query mix against /api/search, while incremental builds,
// full builds and rollbacks switch releases under it. Not one request may fail, and the server's
// memory must stay flat. scripts/soak does the same for a minute or more, with figures.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's quarantine holds freed memory: RSS grows by design
#else
constexpr bool kSanitized = false;
#endif

constexpr int kPages = 300;
constexpr int kConnections = 64;
constexpr int kSeconds = 12;

/// Pages sharing "probeword"; `round` changes the text of every tenth page.
void write_site(const std::string& dir, int round) {
    fs::create_directories(dir);
    const char* words[] = {"vein",    "abscess", "naloxone", "clinic", "harbor",
                           "support", "testing", "wound",    "care",   "syringe"};
    for (int i = 0; i < kPages; ++i) {
        std::string body = "probeword ";
        for (int w = 0; w < 150; ++w) body += std::string(words[(i * 7 + w * 3) % 10]) + " ";
        if (i % 10 == 0) body += "round" + std::to_string(round);
        std::ofstream(dir + "/page-" + std::to_string(i) + ".html")
            << "<html><head><title>Page " << i << " about " << words[i % 10] << "</title></head><body><main><p>" << body
            << "</p></main></body></html>";
    }
}

/// URL-encoded queries: plain words, phrases, a typo, a wildcard, filters that match nothing.
const std::vector<std::string> kQueries = {
    "probeword",
    "naloxone",
    "wound%20care",
    "%22wound%20care%22",
    "nalaxone",
    "syringe%20support%20clinic",
    "care*",
    "abscess%20OR%20vein",
    "harbor&exact=1",
    "testing&limit=50",
    "probeword&page=3",
    "vein&topic=none",
};

std::string find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string d; std::getline(dirs, d, ':');) {
        const std::string candidate = d + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

long rss_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

struct LoadResult {
    long requests = 0;
    long failures = 0;  ///< no answer, a socket error or a timeout, or a status other than 200
    std::string detail;
};

/// wrk with scripts/bench-wrk.lua (the query mix of scripts/bench and scripts/soak).
LoadResult run_wrk(const std::string& wrk, int port, const std::string& queries_file) {
    const RunResult r = run({wrk, "-t2", "-c" + std::to_string(kConnections), "-d" + std::to_string(kSeconds) + "s",
                             "--timeout", "10s", "-s", std::string(LANTERN_SOURCE_DIR) + "/scripts/bench-wrk.lua",
                             "http://127.0.0.1:" + std::to_string(port) + "/"},
                            {"LANTERN_QUERIES=" + queries_file});
    LoadResult out;
    out.detail = r.out + r.err;
    const std::size_t at = r.out.find("RESULT ");
    if (r.exit_code != 0 || at == std::string::npos) {
        out.failures = -1;
        return out;
    }
    const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    auto field = [&](const std::string& name) {
        const std::size_t p = line.find(" " + name + "=");
        return p == std::string::npos ? -1L : std::stol(line.substr(p + name.size() + 2));
    };
    out.requests = field("requests");
    out.failures = field("errors") + field("non2xx");
    return out;
}

/// The same load from threads of keep-alive clients, for machines without wrk.
LoadResult run_client_pool(int port) {
    std::atomic<long> requests{0}, failures{0};
    const auto until = Clock::now() + std::chrono::seconds(kSeconds);
    std::vector<std::thread> threads;
    for (int t = 0; t < kConnections; ++t) {
        threads.emplace_back([&, t] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_read_timeout(10, 0);
            for (std::size_t n = static_cast<std::size_t>(t); Clock::now() < until; ++n) {
                const auto res = c.Get("/api/search?limit=10&q=" + kQueries[n % kQueries.size()]);
                ++requests;
                if (!res || res->status != 200) ++failures;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    return {requests.load(), failures.load(), "in-test client pool"};
}

TEST(Load, NoRequestFailsWhileReleasesSwitch) {
    const TempDir dir;
    const std::string site = dir.path() + "/site", db = dir.path() + "/index";
    write_site(site, 0);
    ASSERT_EQ(run({kIndex, "build", "--db", db, "--quiet", site}).exit_code, 0);
    const std::string queries_file = dir.path() + "/queries.txt";
    {
        std::ofstream q(queries_file);
        for (const std::string& query : kQueries) q << "q=" << query << "\n";  // bench-wrk.lua reads query strings
    }
    // Default settings (one worker per core) but no response cache: every request searches while
    // releases switch, and the memory check below is not muddied by up to --cache-mib of answers.
    const ServerProcess server(db, dir.path(), {"--cache-seconds", "0"});
    ASSERT_GT(server.port(), 0) << server.log();

    std::atomic<bool> done{false};
    std::atomic<int> switches{0}, build_failures{0};
    long rss_warm = -1, rss_peak = -1;
    std::thread switcher([&] {
        std::this_thread::sleep_for(std::chrono::seconds(2));  // warm-up: every worker has opened the index
        rss_warm = rss_kib(server.pid());
        for (int i = 1; !done; ++i) {
            std::vector<std::string> argv = {kIndex, "build", "--db", db, "--quiet", site};
            if (i % 3 == 1) argv.insert(argv.begin() + 2, "--full");
            if (i % 3 == 2) argv = {kIndex, "rollback", "--db", db};
            if (i % 3 == 0) write_site(site, i);  // an incremental build with changes
            const RunResult r = run(argv);
            if (r.exit_code != 0) {
                ++build_failures;
                ADD_FAILURE() << argv[1] << ": " << r.err;
            }
            ++switches;
            rss_peak = std::max(rss_peak, rss_kib(server.pid()));
        }
    });
    const std::string wrk = find_on_path("wrk");
    const LoadResult load = wrk.empty() ? run_client_pool(server.port()) : run_wrk(wrk, server.port(), queries_file);
    done = true;
    switcher.join();
    const long rss_end = rss_kib(server.pid());

    std::cout << "[ load     ] " << (wrk.empty() ? "client pool" : "wrk") << ": " << load.requests << " requests in "
              << kSeconds << " s, " << load.failures << " failed, " << switches.load()
              << " release switches; RSS after warm-up " << rss_warm / 1024 << " MiB, peak " << rss_peak / 1024
              << " MiB, end " << rss_end / 1024 << " MiB\n";
    EXPECT_EQ(load.failures, 0) << load.detail;
    EXPECT_GE(load.requests, 500) << load.detail;
    EXPECT_GE(switches.load(), 3) << "builds, rollbacks and full builds must switch releases during the load";
    EXPECT_EQ(build_failures.load(), 0);
    EXPECT_TRUE(server.running());
    // Flat memory: every worker reopens the index at each switch; nothing may accumulate.
    ASSERT_GT(rss_warm, 0);
    if (!kSanitized) {
        EXPECT_LE(rss_end, rss_warm + std::max(rss_warm / 4, 16L * 1024))
            << "RSS grew from " << rss_warm << " KiB to " << rss_end << " KiB";
    }
    const std::string log = server.log();
    const std::size_t why = log.find("index unavailable");
    EXPECT_EQ(log.find(" 503 "), std::string::npos)
        << "no search was turned away; first reason: " << (why == std::string::npos ? "(none logged)" : log.substr(why, log.find('\n', why) - why));
    EXPECT_EQ(log.find(" 500 "), std::string::npos);
}

}  // namespace
}  // namespace lantern::test
