// Tests for core/index/detail/bounded_queue.h: the hand-over between a build's threads. What a closed queue
// still gives, what a stopped one drops, that a full queue makes its producer wait, and when
// pop_for gives up (on a fake clock: no test here sleeps).
#include "index/detail/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "tests/unit/fake_clock.h"

namespace lantern {
namespace {

enum class End { Close, Stop, None };

struct EndRow {
    const char* name;
    End end;
    std::vector<int> popped;   ///< what pop() returns after the end, before it returns nothing
    bool push_after;           ///< push() after the end
};

TEST(BoundedQueue, ClosedQueuesDrainAndStoppedQueuesDrop) {
    const EndRow rows[] = {
        {"close: queued items are still taken", End::Close, {1, 2, 3}, false},
        {"stop: queued items are dropped", End::Stop, {}, false},
    };
    for (const EndRow& row : rows) {
        SCOPED_TRACE(row.name);
        BoundedQueue<int> q(8);
        for (int i : {1, 2, 3}) ASSERT_TRUE(q.push(i));
        row.end == End::Close ? q.close() : q.stop();
        std::vector<int> popped;
        while (std::optional<int> v = q.pop()) popped.push_back(*v);
        EXPECT_EQ(popped, row.popped);
        EXPECT_EQ(q.push(4), row.push_after);
        EXPECT_FALSE(q.pop().has_value());
    }
}

// The waits below are seen through the fake clock (waiters()): no sleep stands in for "long
// enough for the other thread to block". A thread a test starts is ended by stopping the queue,
// so a broken queue fails the test instead of hanging it.

/// A thread joined at the end of its scope, after stopping its queue.
class Joining {
public:
    Joining(BoundedQueue<int>& q, std::function<void()> body) : q_(q), thread_(std::move(body)) {}
    ~Joining() { join(); }
    Joining(const Joining&) = delete;
    Joining& operator=(const Joining&) = delete;
    void join() {
        if (!thread_.joinable()) return;
        q_.stop();
        thread_.join();
    }

private:
    BoundedQueue<int>& q_;
    std::thread thread_;
};

TEST(BoundedQueue, AFullQueueHoldsItsProducerUntilTheConsumerTakes) {
    test::FakeClock clock;
    BoundedQueue<int> q(2, clock);
    std::atomic<int> pushed{0};
    Joining producer(q, [&] {
        for (int i = 0; i < 5; ++i) {
            if (!q.push(i)) return;
            ++pushed;
        }
        q.close();
    });
    ASSERT_TRUE(test::eventually([&] { return clock.waiters() == 1; })) << "the third push waits for room";
    EXPECT_EQ(pushed.load(), 2);
    std::vector<int> taken;
    while (std::optional<int> v = q.pop()) taken.push_back(*v);
    EXPECT_EQ(taken, (std::vector<int>{0, 1, 2, 3, 4})) << "every item, in order";
}

TEST(BoundedQueue, AHeavyItemWaitsForRoomButNeverForever) {
    test::FakeClock clock;
    BoundedQueue<int> q(4, clock);
    ASSERT_TRUE(q.push(1, 3));
    std::atomic<bool> pushed{false};
    Joining producer(q, [&] { pushed = q.push(2, 9); });  // heavier than the whole queue
    ASSERT_TRUE(test::eventually([&] { return clock.waiters() == 1; })) << "it waits while the queue holds anything";
    EXPECT_FALSE(pushed.load());
    EXPECT_EQ(q.pop(), std::optional<int>(1));
    ASSERT_TRUE(test::eventually([&] { return pushed.load(); })) << "once the queue is empty, it goes in";
    EXPECT_EQ(q.pop(), std::optional<int>(2));
}

TEST(BoundedQueue, StopReleasesAWaitingProducer) {
    test::FakeClock clock;
    BoundedQueue<int> q(1, clock);
    ASSERT_TRUE(q.push(0));
    std::atomic<bool> result{true};
    Joining producer(q, [&] { result = q.push(1); });
    ASSERT_TRUE(test::eventually([&] { return clock.waiters() == 1; }));
    producer.join();  // stops the queue
    EXPECT_FALSE(result.load()) << "a producer waiting for room gives up when the queue stops";
}

struct PopForResult {
    bool returned = false;  ///< false: still waiting at the end (then ended by stopping the queue)
    std::optional<int> item;
    bool timed_out = false;
};

/// pop_for(wait) on another thread, with `meanwhile` run on this one.
PopForResult pop_for_elsewhere(
    BoundedQueue<int>& q, std::chrono::milliseconds wait, const std::function<void()>& meanwhile = [] {}) {
    PopForResult r;
    std::atomic<bool> done{false};
    {
        Joining consumer(q, [&] {
            r.item = q.pop_for(wait, r.timed_out);
            done = true;
        });
        meanwhile();
        r.returned = test::eventually([&] { return done.load(); });
    }
    return r;
}

TEST(BoundedQueue, PopForReturnsAtOnceWhenItNeedNotWait) {
    const struct {
        const char* name;
        std::vector<int> queued;  ///< pushed before pop_for
        End end;                  ///< what happens to the queue before pop_for
        std::optional<int> want;
    } rows[] = {
        {"an item is there", {7, 8}, End::None, 7},
        {"closed with items: they are still taken", {7}, End::Close, 7},
        {"closed and drained: nothing, no timeout", {}, End::Close, std::nullopt},
        {"stopped: nothing, no timeout", {7}, End::Stop, std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        test::FakeClock clock;  // never advanced: a pop_for that waited would not return
        BoundedQueue<int> q(8, clock);
        for (int i : row.queued) ASSERT_TRUE(q.push(i));
        if (row.end == End::Close) q.close();
        if (row.end == End::Stop) q.stop();
        const PopForResult r = pop_for_elsewhere(q, std::chrono::hours(1));
        EXPECT_TRUE(r.returned);
        EXPECT_EQ(r.item, row.want);
        EXPECT_FALSE(r.timed_out);
    }
}

TEST(BoundedQueue, PopForTimesOutWhenItsWaitHasPassed) {
    test::FakeClock clock;
    BoundedQueue<int> q(8, clock);
    const PopForResult r = pop_for_elsewhere(q, std::chrono::seconds(1), [&] {
        ASSERT_TRUE(test::eventually([&] { return clock.waiters() == 1; }));
        clock.advance(std::chrono::milliseconds(999));
        EXPECT_EQ(clock.waiters(), 1u) << "still waiting just before its second is up";
        clock.advance(std::chrono::milliseconds(1));
    });
    EXPECT_TRUE(r.returned);
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.item, std::nullopt);
}

TEST(BoundedQueue, PopForTakesAnItemThatComesWhileItWaits) {
    test::FakeClock clock;
    BoundedQueue<int> q(8, clock);
    const PopForResult r = pop_for_elsewhere(q, std::chrono::seconds(1), [&] {
        ASSERT_TRUE(test::eventually([&] { return clock.waiters() == 1; }));
        ASSERT_TRUE(q.push(5));
    });
    EXPECT_TRUE(r.returned);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.item, std::optional<int>(5));
}

}  // namespace
}  // namespace lantern
