// build_stage.cpp: the reporter thread of build_stage.h.
#include "index/detail/build_stage.h"

#include <utility>

namespace lantern {

StageReporter::StageReporter(ProgressSink sink, std::size_t files, std::chrono::steady_clock::time_point started,
                             std::chrono::milliseconds every, std::chrono::milliseconds quiet)
    : sink_(std::move(sink)), files_(files), started_(started), every_(every),
      quiet_until_(std::chrono::steady_clock::now() + quiet) {
    if (sink_) thread_ = std::thread([this] { run(); });
}

StageReporter::~StageReporter() {
    if (!thread_.joinable()) return;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_one();
    thread_.join();
}

void StageReporter::set(const std::string& stage) {
    if (!thread_.joinable()) return;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stage_ = stage;
        fresh_ = true;
    }
    changed_.notify_one();
}

void StageReporter::update(const std::string& stage) {
    if (!thread_.joinable()) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    stage_ = stage;
}

void StageReporter::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (changed_.wait_until(lock, quiet_until_, [this] { return stop_; })) return;
    fresh_ = !stage_.empty();   // the step running when the quiet time ends: at once
    while (!stop_) {
        // A new stage is reported at once; one that lasts, every `every_`.
        changed_.wait_for(lock, every_, [this] { return stop_ || fresh_; });
        if (stop_) break;
        if (stage_.empty()) continue;
        fresh_ = false;
        BuildProgress p;
        p.done = p.total = files_;
        p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        p.stage = stage_;
        lock.unlock();  // the sink writes to stderr: not under the lock set() takes
        sink_(p);
        lock.lock();
    }
}

}  // namespace lantern
