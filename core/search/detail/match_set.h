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

/// Every match weighs 0, as with Xapian::BoolWeight, but the weight asks for wdf. With BoolWeight,
/// or as an unweighted filter, Xapian 1.4.22 reads a term that is in every document from the
/// document-length list under that term's name; once a document has been deleted (a gap in the
/// docids) and the list has grown a second chunk, the read fails with "Unexpected end of posting
/// list" (SearchAfterDeletes in tests/unit/index_search_test.cpp; docs/operations.md).
class UnscoredWeight : public Xapian::Weight {
public:
    UnscoredWeight() { need_stat(WDF); }
    Weight* clone() const override { return new UnscoredWeight; }
    void init(double) override {}
    double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxpart() const override { return 0; }
    double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxextra() const override { return 0; }
};

/// The first matches of a query, lowest docid first.
struct FirstMatches {
    std::vector<Xapian::docid> docids;  ///< at most the number asked for
    bool all = false;                   ///< there are no further matches
};

/// Posting lists kept as arrays of docids between the searches of one index revision: a server
/// meets the same words again and again, and decoding a posting list costs ~75 instructions a
/// document. Bounded: lists longer than kMaxPostings are never kept, and once the lists kept
/// would pass their budget, all are dropped and the cache fills again. A phrase's match set
/// costs a walk of Xapian's matcher over every document with all its words, far more than
/// reading a list again, so match sets have a budget of their own and are not dropped to make
/// room for lists: at 1,000,000 articles the mix's lists filled the
/// one shared budget again and again, and each refill listed the thesaurus's phrases afresh.
/// Not thread-safe.
class PostingCache {
public:
    static constexpr std::size_t kMaxPostings = 65536;  ///< the longest list kept (256 KiB)
    /// The most matches of a phrase kept (positional): as many as a facet count reads
    /// (kFacetScan, facet_count.cpp), so that listing a phrase once reads no more than the count
    /// it stands in for.
    static constexpr std::size_t kMaxPhraseMatches = 10000;
    using List = std::shared_ptr<const std::vector<Xapian::docid>>;

    /// At most `list_bytes` of posting lists and `phrase_bytes` of phrase match sets.
    PostingCache(std::size_t list_bytes, std::size_t phrase_bytes) : lists_{list_bytes, 0, {}}, phrases_{phrase_bytes, 0, {}} {}

    /// The docids of `term` ("": every document), ascending; null when the list is too long to keep.
    List get(const Xapian::Database& db, const std::string& term);

    /// Every document a phrase or NEAR query matches, ascending, from Xapian's matcher on it
    /// alone (it reads positions faster than this file could); null when more than
    /// kMaxPhraseMatches do, which is remembered, so that such a phrase is walked once a revision
    /// at most. The thesaurus's phrases recur in query after query, and each one left the whole
    /// facet count to Xapian's matcher (a tenth of a server's instructions on ../shared/corpora).
    List positional(const Xapian::Database& db, const Xapian::Query& query);

    /// After the index changed: every list may be stale.
    void clear();

    std::size_t bytes() const { return lists_.bytes + phrases_.bytes; }

private:
    struct Shelf {
        std::size_t budget;
        std::size_t bytes;
        std::unordered_map<std::string, List> kept;  ///< by term, or by the query's description (null: too many matches)
        /// Counts `more` bytes in the budget, first dropping everything kept when they would
        /// not fit; false (and nothing counted) when they are more than the whole budget.
        bool make_room(std::size_t more);
        void clear();
    };
    Shelf lists_, phrases_;
};

/// The first `limit` documents `query` matches, as Xapian's matcher would list them to a match spy
/// with zero weights; or nothing when the query has a part that this cannot decide:
///   - without a cache (or past its bounds: PostingCache::positional), a phrase or NEAR with a
///     candidate (a document with all its words) that no other branch of an OR matches anyway:
///     deciding it needs positions, which Xapian's matcher reads faster;
///   - a value range whose bounds are not plain dates or numbers; wildcards, elite sets, XOR,
///     posting sources.
/// The caller then asks Xapian's matcher. Bounded: the docids are walked in windows of 8,192,
/// and the walk stops once `limit` matches (and one more) are found.
/// With a `cache`, posting lists are read from it (and kept in it) where they fit.
std::optional<FirstMatches> first_matches(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount limit,
                                          PostingCache* cache = nullptr);

}  // namespace lantern
