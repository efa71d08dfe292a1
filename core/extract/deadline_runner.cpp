// deadline_runner.cpp: one helper thread per runner, handed one task at a time (deadline_runner.h).
#include "extract/deadline_runner.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <utility>

namespace lantern {
namespace {

std::atomic<std::size_t> g_abandoned{0};

}  // namespace

/// What the runner and its helper thread share; the helper keeps it alive if it is abandoned.
struct DeadlineRunner::Channel {
    std::mutex mu;
    std::condition_variable cv;
    std::function<void()> task;
    std::exception_ptr error;
    bool has_task = false;
    bool done = false;
    bool quit = false;
    bool abandoned = false;

    static void serve(const std::shared_ptr<Channel>& ch) {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock<std::mutex> lock(ch->mu);
                ch->cv.wait(lock, [&] { return ch->has_task || ch->quit; });
                if (!ch->has_task) return;
                task = std::move(ch->task);
                ch->has_task = false;
            }
            std::exception_ptr error;
            try {
                task();
            } catch (...) {
                error = std::current_exception();
            }
            task = nullptr;   // the task's state goes before the thread reports
            std::lock_guard<std::mutex> lock(ch->mu);
            if (ch->abandoned) {
                --g_abandoned;
                return;
            }
            ch->error = error;
            ch->done = true;
            ch->cv.notify_all();
        }
    }
};

DeadlineRunner::~DeadlineRunner() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(channel_->mu);
        channel_->quit = true;
    }
    channel_->cv.notify_all();
    thread_.join();
}

bool DeadlineRunner::run(std::function<void()> task, std::chrono::milliseconds deadline) {
    if (deadline.count() <= 0) {
        task();
        return true;
    }
    if (!thread_.joinable()) {
        channel_ = std::make_shared<Channel>();
        thread_ = std::thread([ch = channel_] { Channel::serve(ch); });
    }
    std::unique_lock<std::mutex> lock(channel_->mu);
    channel_->task = std::move(task);
    channel_->has_task = true;
    channel_->done = false;
    channel_->error = nullptr;
    channel_->cv.notify_all();
    // The helper cannot take the task before the wait releases the lock, so the deadline is
    // always read before the task starts.
    if (!clock_.wait_until(channel_->cv, lock, clock_.now() + deadline, [&] { return channel_->done; })) {
        channel_->abandoned = true;
        ++g_abandoned;
        lock.unlock();
        thread_.detach();   // a fresh thread is started for the next task
        channel_.reset();
        return false;
    }
    if (channel_->error) std::rethrow_exception(std::exchange(channel_->error, nullptr));
    return true;
}

std::size_t DeadlineRunner::abandoned_running() { return g_abandoned.load(); }

}  // namespace lantern
