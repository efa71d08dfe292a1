// bounded_queue.h: a blocking, bounded hand-over queue between the threads of a build
// (extraction workers -> writer, writer -> part writers). Internal to core.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "text/clock.h"

namespace lantern {

template <typename T>
class BoundedQueue {
public:
    /// `clock`: what pop_for's wait is timed by, and every wait goes through (text/clock.h).
    explicit BoundedQueue(std::size_t capacity, const Clock& clock = real_clock())
        : clock_(clock), capacity_(capacity) {}

    /// Waits for room, then adds. False when the queue was stopped or closed (the item is dropped).
    /// An item may weigh more than one unit of the capacity (a huge document's terms); one that
    /// weighs more than all of it still goes in once the queue is empty.
    bool push(T item, std::size_t weight = 1) {
        std::unique_lock<std::mutex> lock(mu_);
        clock_.wait(space_, lock, [&] { return stopped_ || closed_ || items_.empty() || used_ + weight <= capacity_; });
        if (stopped_ || closed_) return false;
        items_.emplace_back(std::move(item), weight);
        used_ += weight;
        ready_.notify_one();
        return true;
    }

    /// Waits for an item. Empty once the queue is closed and drained, or stopped.
    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(mu_);
        clock_.wait(ready_, lock, [&] { return stopped_ || closed_ || !items_.empty(); });
        if (stopped_ || items_.empty()) return std::nullopt;
        return take_front();
    }

    /// As pop(), but waits at most `wait`; empty (and `timed_out` true) when nothing came.
    template <typename Duration>
    std::optional<T> pop_for(Duration wait, bool& timed_out) {
        std::unique_lock<std::mutex> lock(mu_);
        const Clock::time_point deadline = clock_.now() + std::chrono::duration_cast<Clock::duration>(wait);
        timed_out = !clock_.wait_until(ready_, lock, deadline, [&] { return stopped_ || closed_ || !items_.empty(); });
        if (timed_out || stopped_ || items_.empty()) return std::nullopt;
        return take_front();
    }

    /// No more items: pop() returns what is queued, then nothing.
    void close() {
        std::lock_guard<std::mutex> lock(mu_);
        closed_ = true;
        ready_.notify_all();
        space_.notify_all();
    }

    /// Abandon: push() and pop() return at once, queued items are never taken.
    void stop() {
        std::lock_guard<std::mutex> lock(mu_);
        stopped_ = true;
        ready_.notify_all();
        space_.notify_all();
    }

private:
    std::optional<T> take_front() {   // with mu_ held
        std::optional<T> item(std::move(items_.front().first));
        used_ -= items_.front().second;
        items_.pop_front();
        space_.notify_all();   // a light item may fit where a heavy one waits
        return item;
    }

    const Clock& clock_;
    std::mutex mu_;
    std::condition_variable ready_, space_;
    std::deque<std::pair<T, std::size_t>> items_;   ///< with their weights
    std::size_t capacity_;
    std::size_t used_ = 0;
    bool closed_ = false;
    bool stopped_ = false;
};

}  // namespace lantern
