// fake_clock.h: a Clock (text/clock.h) that moves only when a test advances it, and that knows
// how many threads wait on it; with it, timeouts are tested without sleeping and without flaking
// on a loaded machine.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "text/clock.h"

namespace lantern::test {

class FakeClock final : public Clock {
public:
    time_point now() const override { return time_point(duration(now_.load())); }

    /// Waits until `ready()` or until the test has advanced the clock to `deadline`.
    bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, time_point deadline,
                    const std::function<bool()>& ready) const override {
        Waiting w(*this, cv, lock);
        cv.wait(lock, [&] { return ready() || now() >= deadline; });
        return ready();
    }

    void wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
              const std::function<bool()>& ready) const override {
        Waiting w(*this, cv, lock);
        cv.wait(lock, ready);
    }

    /// Moves the clock on and wakes every thread waiting on it, so those past their deadline return.
    void advance(duration d) {
        now_ += d.count();
        std::lock_guard<std::mutex> registry(mu_);
        for (const auto& [cv, mutex] : waiting_) {
            // Taking the waiter's mutex means it is inside cv.wait (or has yet to check the time,
            // which it will then see moved): the notification cannot be lost.
            { std::lock_guard<std::mutex> hold(*mutex); }
            cv->notify_all();
        }
    }

    /// Threads waiting on this clock now (timed or not).
    std::size_t waiters() const {
        std::lock_guard<std::mutex> registry(mu_);
        return waiting_.size();
    }

private:
    /// Registers a waiter for its wait. The caller's lock is let go meanwhile, as a wait lets it
    /// go: advance() holds the registry while it takes the waiters' mutexes, so no waiter may hold
    /// its mutex while it takes the registry (and no waiter returns while advance() notifies it).
    class Waiting {
    public:
        Waiting(const FakeClock& clock, std::condition_variable& cv, std::unique_lock<std::mutex>& lock)
            : clock_(clock), entry_(&cv, lock.mutex()), lock_(lock) {
            lock_.unlock();
            {
                std::lock_guard<std::mutex> registry(clock_.mu_);
                clock_.waiting_.push_back(entry_);
            }
            lock_.lock();
        }
        ~Waiting() {
            lock_.unlock();
            {
                std::lock_guard<std::mutex> registry(clock_.mu_);
                auto& w = clock_.waiting_;
                w.erase(std::find(w.begin(), w.end(), entry_));
            }
            lock_.lock();
        }
        Waiting(const Waiting&) = delete;
        Waiting& operator=(const Waiting&) = delete;

    private:
        const FakeClock& clock_;
        std::pair<std::condition_variable*, std::mutex*> entry_;
        std::unique_lock<std::mutex>& lock_;
    };

    std::atomic<duration::rep> now_{0};
    mutable std::mutex mu_;
    mutable std::vector<std::pair<std::condition_variable*, std::mutex*>> waiting_;
};

/// Spins (yielding) until `condition()` holds; false if it has not after 10 s of real time, which
/// only a broken module takes: a test fails then instead of hanging. Never waits once it holds.
inline bool eventually(const std::function<bool()>& condition) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::yield();
    }
    return true;
}

}  // namespace lantern::test
