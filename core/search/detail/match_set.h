// match_set.h: the documents a query matches, in docid order, read from posting lists with set
// algebra on bitmaps instead of Xapian's matcher (facet_count.cpp counts facets over them). With
// zero weights the matcher still costs thousands of instructions per matching document: a
// search's facet count was a third of its time on ../shared/corpora (docs/BENCHMARKS.md).
// May touch: the database's posting lists and value streams (read only), and a PostingCache.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lantern {

/// The first matches of a query, lowest docid first.
struct FirstMatches {
    std::vector<Xapian::docid> docids;  ///< at most the number asked for
    bool all = false;                   ///< there are no further matches
};

/// Posting lists kept as arrays of docids between the searches of one index revision: a server
/// meets the same words again and again, and decoding a posting list costs ~75 instructions a
/// document. Bounded: lists longer than kMaxPostings are never kept, and once the lists kept
/// would pass the budget, all are dropped and the cache fills again. Not thread-safe.
class PostingCache {
public:
    static constexpr std::size_t kMaxPostings = 65536;  ///< the longest list kept (256 KiB)
    using List = std::shared_ptr<const std::vector<Xapian::docid>>;

    explicit PostingCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    /// The docids of `term` ("": every document), ascending; null when the list is too long to keep.
    List get(const Xapian::Database& db, const std::string& term);

    /// After the index changed: every list may be stale.
    void clear();

    std::size_t bytes() const { return bytes_; }

private:
    std::size_t budget_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, List> lists_;
};

/// The first `limit` documents `query` matches, as Xapian's matcher would list them to a match spy
/// with zero weights; or nothing when the query has a part that this cannot decide:
///   - a phrase or NEAR with a candidate (a document with all its words) that no other branch of
///     an OR matches anyway: deciding it needs positions, which Xapian's matcher reads faster;
///   - a value range whose bounds are not plain dates or numbers; wildcards, elite sets, XOR,
///     posting sources.
/// The caller then asks Xapian's matcher. Bounded: the docids are walked in windows of 8,192,
/// and the walk stops once `limit` matches (and one more) are found.
/// With a `cache`, posting lists are read from it (and kept in it) where they fit.
std::optional<FirstMatches> first_matches(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount limit,
                                          PostingCache* cache = nullptr);

}  // namespace lantern
