// latency.cpp: nearest-rank percentiles (see latency.h).
#include "bench/latency.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lantern::bench {

namespace {

double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

}  // namespace

LatencySummary summarize(std::vector<double> ms) {
    LatencySummary s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    s.count = ms.size();
    s.p50_ms = percentile(ms, 50);
    s.p95_ms = percentile(ms, 95);
    s.p99_ms = percentile(ms, 99);
    s.max_ms = ms.back();
    const double sum = std::accumulate(ms.begin(), ms.end(), 0.0);
    s.mean_ms = sum / static_cast<double>(ms.size());
    s.total_s = sum / 1000.0;
    s.per_second = s.total_s > 0 ? static_cast<double>(ms.size()) / s.total_s : 0;
    return s;
}

}  // namespace lantern::bench
