// Tests for core/index/detail/bounded_queue.h: the hand-over between a build's threads. What a closed queue
// still gives, what a stopped one drops, and that a full queue makes its producer wait.
#include "index/detail/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace lantern {
namespace {

enum class End { Close, Stop };

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

TEST(BoundedQueue, AFullQueueHoldsItsProducerUntilTheConsumerTakes) {
    BoundedQueue<int> q(2);
    std::atomic<int> pushed{0};
    std::thread producer([&] {
        for (int i = 0; i < 5; ++i) {
            if (!q.push(i)) return;
            ++pushed;
        }
        q.close();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(pushed.load(), 2) << "the third push waits for room";
    std::vector<int> taken;
    while (std::optional<int> v = q.pop()) taken.push_back(*v);
    producer.join();
    EXPECT_EQ(taken, (std::vector<int>{0, 1, 2, 3, 4})) << "every item, in order";
}

TEST(BoundedQueue, StopReleasesAWaitingProducer) {
    BoundedQueue<int> q(1);
    ASSERT_TRUE(q.push(0));
    std::atomic<bool> result{true};
    std::thread producer([&] { result = q.push(1); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    q.stop();
    producer.join();
    EXPECT_FALSE(result.load()) << "a producer waiting for room gives up when the queue stops";
}

}  // namespace
}  // namespace lantern
