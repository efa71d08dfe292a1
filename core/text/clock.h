// clock.h: the time that modules which wait or expire things read, and their waits on it. Code
// that times something out (the build's queues, the per-file deadline, the response cache) takes
// a `const Clock&` defaulting to real_clock(), so a test can hand it a clock that moves only when
// the test says (tests/unit/fake_clock.h) and check a timeout without sleeping, or flaking on a
// busy machine. Production code keeps the default: std::chrono::steady_clock and plain
// condition-variable waits.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace lantern {

class Clock {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~Clock() = default;

    /// The time now.
    virtual time_point now() const = 0;

    /// Waits on `cv` (`lock` holds its mutex) until `ready()` is true or `now()` reaches
    /// `deadline`; returns ready(). As std::condition_variable::wait_until with a predicate.
    virtual bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, time_point deadline,
                            const std::function<bool()>& ready) const = 0;

    /// Waits on `cv` until `ready()` is true, however long that takes. Through the clock only so
    /// that a test's clock can tell that a thread is waiting.
    virtual void wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                      const std::function<bool()>& ready) const = 0;
};

/// std::chrono::steady_clock, and condition-variable waits as they are.
class SteadyClock final : public Clock {
public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
    bool wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, time_point deadline,
                    const std::function<bool()>& ready) const override {
        return cv.wait_until(lock, deadline, ready);
    }
    void wait(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
              const std::function<bool()>& ready) const override {
        cv.wait(lock, ready);
    }
};

/// The clock every module uses unless it is given another (it holds no state).
inline const Clock& real_clock() {
    static const SteadyClock clock;
    return clock;
}

}  // namespace lantern
