// Tests for core/index/detail/build_stage: each step reported as it starts, again while it
// lasts, nothing after the reporter is gone, nothing without a sink, nothing in a quiet time.
#include "index/detail/build_stage.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lantern {
namespace {

TEST(StageReporter, NamesEachStepAtOnceAndAgainWhileItLasts) {
    std::mutex m;
    std::vector<BuildProgress> seen;
    const auto stages = [&] {
        const std::lock_guard<std::mutex> lock(m);
        std::vector<std::string> out;
        for (const BuildProgress& p : seen) out.push_back(p.stage);
        return out;
    };
    {
        StageReporter r(
            [&](const BuildProgress& p) {
                const std::lock_guard<std::mutex> lock(m);
                seen.push_back(p);
            },
            7, std::chrono::steady_clock::now(), std::chrono::milliseconds(20));
        r.set("merging");
        for (int i = 0; i < 200 && stages().size() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        r.set("vocabulary");
        for (int i = 0; i < 200 && stages().back() != "vocabulary"; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::vector<std::string> got = stages();
    ASSERT_GE(got.size(), 4u);
    EXPECT_EQ(got.front(), "merging");
    EXPECT_EQ(got[2], "merging");  // repeated while it lasts
    EXPECT_EQ(got.back(), "vocabulary");
    for (const BuildProgress& p : seen) {
        EXPECT_EQ(p.done, 7u);
        EXPECT_EQ(p.total, 7u);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    EXPECT_EQ(stages().size(), got.size()) << "no report once the reporter is gone";
}

// The first steps of a build (finding files, checking which changed) are said only once they
// have lasted: an ordinary build prints nothing for them. An update is said at the next report.
TEST(StageReporter, QuietStepsAndUpdatesWaitForTheirTime) {
    std::mutex m;
    std::vector<std::string> seen;
    const auto sink = [&](const BuildProgress& p) {
        const std::lock_guard<std::mutex> lock(m);
        seen.push_back(p.stage);
    };
    const auto count = [&] {
        const std::lock_guard<std::mutex> lock(m);
        return seen.size();
    };
    {
        StageReporter brief(sink, 0, std::chrono::steady_clock::now(), std::chrono::milliseconds(20), std::chrono::seconds(10));
        brief.set("looking for files");
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
    }
    EXPECT_EQ(count(), 0u) << "a step that ended within its quiet time";

    const auto start = std::chrono::steady_clock::now();
    {
        StageReporter lasting(sink, 0, start, std::chrono::seconds(60), std::chrono::milliseconds(100));
        lasting.set("checking 0 of 9");
        lasting.update("checking 5 of 9");
        for (int i = 0; i < 400 && count() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
        lasting.update("checking 8 of 9");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const std::lock_guard<std::mutex> lock(m);
    EXPECT_EQ(seen, std::vector<std::string>{"checking 5 of 9"}) << "once, when the quiet time ended; an update waits for the next report";
}

TEST(StageReporter, WithoutASinkRunsNoThread) {
    StageReporter r(ProgressSink(), 1, std::chrono::steady_clock::now());
    r.set("merging");  // nothing to report to: must neither block nor crash
}

}  // namespace
}  // namespace lantern
