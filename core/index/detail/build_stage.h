// build_stage.h: progress after the files are read. The last steps of a build (merging a full
// build's parts, computing the vocabulary) run inside one call each and, at 1,000,000 documents,
// for minutes: a reporter thread says which step is running when it starts and again every few
// seconds while it lasts, so the build never looks stuck (issue 21).
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
    /// `files`, timed from `started`, every `every` while a stage lasts.
    StageReporter(ProgressSink sink, std::size_t files, std::chrono::steady_clock::time_point started,
                  std::chrono::milliseconds every = std::chrono::seconds(5));
    ~StageReporter();  ///< stops the thread: no report after it
    StageReporter(const StageReporter&) = delete;
    StageReporter& operator=(const StageReporter&) = delete;

    /// The step now running; reported at once.
    void set(const std::string& stage);

private:
    void run();
    ProgressSink sink_;
    std::size_t files_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::milliseconds every_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string stage_;
    bool fresh_ = false;  ///< stage_ changed since the last report
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace lantern
