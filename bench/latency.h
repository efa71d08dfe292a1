// latency.h: percentiles of a set of measured latencies, as the benchmark reports them.
#pragma once

#include <vector>

namespace lantern::bench {

struct LatencySummary {
    std::size_t count = 0;
    double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
    double total_s = 0;     ///< sum of the latencies (the time spent searching)
    double per_second = 0;  ///< count / total_s: one thread, back to back
};

/// Nearest-rank percentiles (the smallest sample with at least p% of samples at or below it),
/// mean and throughput of `ms`. An empty input gives an all-zero summary.
LatencySummary summarize(std::vector<double> ms);

}  // namespace lantern::bench
