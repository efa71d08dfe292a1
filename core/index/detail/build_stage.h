// build_stage.h: progress outside the reading of files. The first steps of a build (finding the
// files, checking which changed) and the last (merging a full build's parts, computing the
// vocabulary) run for seconds to minutes at 1,000,000 documents: a reporter thread says which
// step is running when it starts and again every few seconds while it lasts, so the build never
// looks stuck (issue 21).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "index/index_build.h"

namespace lantern {

class StageReporter {
public:
    /// Reports through `sink` (nothing at all when it is empty), with `files` files done of
    /// `files`, timed from `started`, every `every` while a stage lasts; nothing in the first
    /// `quiet` (a step of an ordinary build that ends sooner is not reported at all).
    StageReporter(ProgressSink sink, std::size_t files, std::chrono::steady_clock::time_point started,
                  std::chrono::milliseconds every = std::chrono::seconds(5),
                  std::chrono::milliseconds quiet = std::chrono::milliseconds(0));
    ~StageReporter();  ///< stops the thread: no report after it
    StageReporter(const StageReporter&) = delete;
    StageReporter& operator=(const StageReporter&) = delete;

    /// The step now running; reported at once (once the quiet time is over).
    void set(const std::string& stage);

    /// The same step, said anew (how far it has got): reported at the next regular report.
    void update(const std::string& stage);

private:
    void run();
    ProgressSink sink_;
    std::size_t files_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::milliseconds every_;
    std::chrono::steady_clock::time_point quiet_until_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string stage_;
    bool fresh_ = false;  ///< stage_ changed since the last report
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace lantern
