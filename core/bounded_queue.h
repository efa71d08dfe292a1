// bounded_queue.h: a blocking, bounded hand-over queue between the threads of a build
// (extraction workers -> writer, writer -> part writers). Internal to core.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace lantern {

template <typename T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    /// Waits for room, then adds. False when the queue was stopped or closed (the item is dropped).
    bool push(T item) {
        std::unique_lock<std::mutex> lock(mu_);
        space_.wait(lock, [&] { return stopped_ || closed_ || items_.size() < capacity_; });
        if (stopped_ || closed_) return false;
        items_.push_back(std::move(item));
        ready_.notify_one();
        return true;
    }

    /// Waits for an item. Empty once the queue is closed and drained, or stopped.
    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return stopped_ || closed_ || !items_.empty(); });
        if (stopped_ || items_.empty()) return std::nullopt;
        std::optional<T> item(std::move(items_.front()));
        items_.pop_front();
        space_.notify_one();
        return item;
    }

    /// As pop(), but waits at most `wait`; empty (and `timed_out` true) when nothing came.
    template <typename Duration>
    std::optional<T> pop_for(Duration wait, bool& timed_out) {
        std::unique_lock<std::mutex> lock(mu_);
        timed_out = !ready_.wait_for(lock, wait, [&] { return stopped_ || closed_ || !items_.empty(); });
        if (timed_out || stopped_ || items_.empty()) return std::nullopt;
        std::optional<T> item(std::move(items_.front()));
        items_.pop_front();
        space_.notify_one();
        return item;
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
    std::mutex mu_;
    std::condition_variable ready_, space_;
    std::deque<T> items_;
    std::size_t capacity_;
    bool closed_ = false;
    bool stopped_ = false;
};

}  // namespace lantern
