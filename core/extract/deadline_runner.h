// deadline_runner.h: runs tasks on a thread of its own and waits for each at most a deadline, the
// last line of defence against a file whose extraction would hold a build. A task that overruns is
// abandoned: nothing can stop a thread safely, so its thread is detached and runs on to the task's
// end with the task's own state (a task must own everything it touches), and the next task gets a
// fresh thread. A process that abandoned tasks ends without waiting for them (abandoned_running).
// Internal to core: the build pipeline and the boilerplate sample use it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>

#include "text/clock.h"

namespace lantern {

class DeadlineRunner {
public:
    /// `clock`: what deadlines are measured by (text/clock.h).
    explicit DeadlineRunner(const Clock& clock = real_clock()) : clock_(clock) {}
    ~DeadlineRunner();
    DeadlineRunner(const DeadlineRunner&) = delete;
    DeadlineRunner& operator=(const DeadlineRunner&) = delete;

    /// Runs `task`. True when it finished within `deadline` (an exception it threw is thrown
    /// here); false when it was abandoned. A zero deadline runs it on the caller's thread.
    bool run(std::function<void()> task, std::chrono::milliseconds deadline);

    /// Tasks abandoned in this process that are still running.
    static std::size_t abandoned_running();

private:
    struct Channel;
    const Clock& clock_;
    std::shared_ptr<Channel> channel_;
    std::thread thread_;
};

}  // namespace lantern
