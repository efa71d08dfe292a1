// zero_result_report.cpp: the counts, and their JSON through nlohmann (which escapes and repairs
// UTF-8) like every other answer of the server.
#include "search/zero_result_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace lantern {

void ZeroResultReport::add(const std::string& query) {
    if (query.empty()) return;
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = counts_.find(query);
    if (it != counts_.end()) {
        ++it->second;
    } else if (counts_.size() < kMaxEntries) {
        counts_.emplace(query, 1);
    } else {
        ++dropped_;
    }
}

std::string ZeroResultReport::json() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::pair<std::string, unsigned long>> sorted(counts_.begin(), counts_.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    // ordered_json: the keys stay in the order the report has always had.
    nlohmann::ordered_json queries = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < sorted.size() && i < kListed; ++i) {
        // Control characters carry no search and are left out (a reader's terminal would obey them).
        std::string q = sorted[i].first;
        q.erase(std::remove_if(q.begin(), q.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
                q.end());
        queries.push_back({{"query", q}, {"count", sorted[i].second}});
    }
    const nlohmann::ordered_json report = {
        {"queries", queries}, {"distinct", counts_.size()}, {"not_counted", dropped_}};
    return report.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace lantern
