// search.h: ranked search with snippets over a Lantern index. Plain structs in and out; Xapian
// stays inside search.cpp. A Searcher is not thread-safe: give each thread its own (STYLE.md rule 6).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lantern {

struct SearchRequest {
    std::string query;
    unsigned offset = 0;     ///< rank of the first result to return (0-based)
    unsigned limit = 10;     ///< how many results, 1 to kMaxLimit
};

inline constexpr unsigned kMaxLimit = 100;
inline constexpr std::size_t kMaxQueryBytes = 1000;

struct SearchHit {
    unsigned rank = 0;        ///< 1-based rank over the whole result list
    std::string id;
    std::string path;
    std::string url;
    std::string title;
    std::string snippet;      ///< HTML-escaped text; matches wrapped in <mark>...</mark>
    std::string reviewed;     ///< last-reviewed date, YYYY-MM-DD or ""
    double score = 0;
};

struct SearchResults {
    std::string query;
    unsigned total = 0;       ///< Xapian's estimate of all matches
    unsigned offset = 0;
    unsigned limit = 0;
    std::vector<SearchHit> hits;
};

class Searcher {
public:
    /// Opens the index at db_path read-only. Throws BadIndex if it is missing, unreadable or of
    /// another schema version.
    explicit Searcher(const std::string& db_path);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs a query. Documents matching every word rank before documents matching fewer.
    /// Throws BadInput for an empty, over-long or unparsable query or a bad offset/limit.
    SearchResults search(const SearchRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lantern
