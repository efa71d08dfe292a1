// Tests for core/index/detail/build_stage: each step reported as it starts, again while it
// lasts, nothing after the reporter is gone, nothing without a sink.
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

TEST(StageReporter, WithoutASinkRunsNoThread) {
    StageReporter r(ProgressSink(), 1, std::chrono::steady_clock::now());
    r.set("merging");  // nothing to report to: must neither block nor crash
}

}  // namespace
}  // namespace lantern
