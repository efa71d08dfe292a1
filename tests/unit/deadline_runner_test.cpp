// Tests for core/extract/deadline_runner: tasks in time, overrunning tasks abandoned, errors passed on.
#include "extract/deadline_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "tests/unit/fake_clock.h"
#include "text/errors.h"

namespace lantern {
namespace {

using std::chrono::milliseconds;

// On a fake clock: a task "takes an hour" by advancing it, and a task in time is in time whatever
// the machine's load, so no test here waits out a real deadline. An overrunning task holds on
// until released, but at most for test::eventually's bound: a runner that never gave up would
// fail the test, not hang it.
TEST(DeadlineRunner, RunsTasksInTimeAndAbandonsOverruns) {
    test::FakeClock clock;
    DeadlineRunner runner(clock);
    int done = 0;
    EXPECT_TRUE(runner.run([&done] { ++done; }, milliseconds(1)));
    EXPECT_EQ(done, 1);

    // The overrunning task owns its state and finishes after the runner has given up on it.
    auto release = std::make_shared<std::atomic<bool>>(false);
    auto finished = std::make_shared<std::atomic<bool>>(false);
    const std::size_t before = DeadlineRunner::abandoned_running();
    EXPECT_FALSE(runner.run(
        [&clock, release, finished] {
            clock.advance(std::chrono::hours(1));
            // Bounded, so that a runner that never gives up fails this test instead of hanging it.
            test::eventually([&] { return release->load(); });
            finished->store(true);
        },
        milliseconds(50)));
    EXPECT_EQ(DeadlineRunner::abandoned_running(), before + 1);

    // The next task runs on a fresh thread while the abandoned one still spins.
    EXPECT_TRUE(runner.run([&done] { ++done; }, milliseconds(1)));
    EXPECT_EQ(done, 2);
    release->store(true);
    ASSERT_TRUE(test::eventually([&] { return DeadlineRunner::abandoned_running() == before; }));
    EXPECT_TRUE(finished->load());
}

TEST(DeadlineRunner, ATaskEndingJustBeforeItsDeadlineIsInTime) {
    const struct {
        milliseconds takes;
        bool in_time;
    } rows[] = {
        {milliseconds(0), true}, {milliseconds(49), true}, {milliseconds(50), false}, {milliseconds(51), false}};
    for (const auto& r : rows) {
        test::FakeClock clock;
        DeadlineRunner runner(clock);
        auto release = std::make_shared<std::atomic<bool>>(false);
        const std::size_t before = DeadlineRunner::abandoned_running();
        const bool got = runner.run(
            [&clock, takes = r.takes, release] {
                clock.advance(takes);
                if (takes >= milliseconds(50)) test::eventually([&] { return release->load(); });  // overrun: hold on
            },
            milliseconds(50));
        EXPECT_EQ(got, r.in_time) << r.takes.count() << " ms";
        release->store(true);
        ASSERT_TRUE(test::eventually([&] { return DeadlineRunner::abandoned_running() == before; }));
    }
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
