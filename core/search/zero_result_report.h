// zero_result_report.h: what people searched for and did not find, so librarians can fill the
// gaps (`GET /api/zero-results`, docs/http.md). Counts per folded query, nothing about who asked
// or when; memory only, at most kMaxEntries queries. Thread-safe: the server's workers share one.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace lantern {

class ZeroResultReport {
public:
    static constexpr std::size_t kMaxEntries = 1000;  ///< distinct queries kept; later ones are only counted
    static constexpr std::size_t kListed = 100;       ///< the most frequent ones the report lists

    /// Counts one search for `query` (folded) that found nothing; "" is ignored.
    void add(const std::string& query);

    /// The report: {"queries":[{"query":Q,"count":N},...],"distinct":N,"not_counted":N} and a
    /// newline, most frequent first. Always valid JSON: a query's control characters are left
    /// out and bytes that are not UTF-8 become U+FFFD (a query need not be UTF-8: q=%FF).
    std::string json() const;

private:
    mutable std::mutex mu_;
    std::map<std::string, unsigned long> counts_;
    unsigned long dropped_ = 0;
};

}  // namespace lantern
