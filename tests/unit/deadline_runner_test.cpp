// Tests for core/deadline_runner: tasks in time, overrunning tasks abandoned, errors passed on.
#include "extract/deadline_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "text/errors.h"

namespace lantern {
namespace {

using std::chrono::milliseconds;

TEST(DeadlineRunner, RunsTasksInTimeAndAbandonsOverruns) {
    DeadlineRunner runner;
    int done = 0;
    EXPECT_TRUE(runner.run([&done] { ++done; }, milliseconds(5000)));
    EXPECT_EQ(done, 1);

    // The overrunning task owns its state and finishes after the runner has given up on it.
    auto release = std::make_shared<std::atomic<bool>>(false);
    auto finished = std::make_shared<std::atomic<bool>>(false);
    const std::size_t before = DeadlineRunner::abandoned_running();
    EXPECT_FALSE(runner.run([release, finished] {
        while (!release->load()) std::this_thread::yield();
        finished->store(true);
    }, milliseconds(50)));
    EXPECT_EQ(DeadlineRunner::abandoned_running(), before + 1);

    // The next task runs on a fresh thread while the abandoned one still spins.
    EXPECT_TRUE(runner.run([&done] { ++done; }, milliseconds(5000)));
    EXPECT_EQ(done, 2);
    release->store(true);
    while (DeadlineRunner::abandoned_running() > before) std::this_thread::yield();
    EXPECT_TRUE(finished->load());
}

TEST(DeadlineRunner, PassesOnWhatATaskThrowsAndRunsInlineWithoutADeadline) {
    DeadlineRunner runner;
    EXPECT_THROW(runner.run([] { throw BadDocument("broken"); }, milliseconds(5000)), BadDocument);
    EXPECT_TRUE(runner.run([] {}, milliseconds(5000)));   // the helper thread survives a throw
    const std::thread::id caller = std::this_thread::get_id();
    std::thread::id ran_on;
    EXPECT_TRUE(runner.run([&ran_on] { ran_on = std::this_thread::get_id(); }, milliseconds(0)));
    EXPECT_EQ(ran_on, caller);
}

}  // namespace
}  // namespace lantern
