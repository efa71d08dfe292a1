// facet_count.h: counting facet values over a match (search.cpp's count_facets). Exact duplicates
// (one text at several addresses) fold into one result, so they count once: a value's count is
// the number of results the list would show with that filter on (issue 19: "naloxone (2)" over
// one result). Two copies with different values count once for each value.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "search/detail/hash_slots.h"
#include "search/detail/match_set.h"
#include "search/search.h"
#include "text/facet_table.h"

namespace lantern {

/// Counts facet items from kSlotFacets values: of each match (local shards, and a revision's
/// first search), or of the whole values ValueCountMatchSpy reports (remote shards, whose extra
/// copies of a text are then taken off with uncount_copies). A single database counts with
/// TableFacetSpy below from its second search on. Items get small ids as they are met, found by
/// hash in HashSlots; a value is kept only while an item name points into it (a string and a map
/// node per item and per match were 79% of a one-search CLI lookup, callgrind: docs/BENCHMARKS.md).
class FacetSpy : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double) override;

    /// Counts one matching document by its kSlotFacets and kSlotTextHash values.
    void add_document(std::string value, const std::string& text);

    /// Counts the items of one kSlotFacets value `n` times.
    void add(std::string_view value, unsigned n);

    /// The most frequent values of one facet (a schema::kFacet* letter), most frequent first,
    /// ties in value order.
    std::vector<FacetValue> top(char facet) const;

    /// top() of every facet of schema::kFacets, by name (as TableFacetSpy::tops).
    std::map<std::string, std::vector<FacetValue>> tops() const;

    /// Takes off what add() counted more than once for the copies of one text whose kSlotFacets
    /// values are `values`: each item then counts once for them, as operator() counts copies.
    void uncount_copies(const std::vector<std::string>& values);

    /// Results among the documents seen: exact duplicates count once.
    unsigned results() const { return documents_ - copies_; }

private:
    /// A text met: where its first copy's item ids are in items_, and, once a second copy is
    /// met, a number for it.
    struct Text {
        std::uint64_t hash = 0;  ///< hash64 of its kSlotTextHash value
        std::uint32_t begin = 0, end = 0;
        std::uint32_t number = 0;  ///< 0 until a copy is met
    };

    /// Appends the item ids of `value` to items_, keeping the value while new items name it.
    void append_items(std::string value);
    std::uint32_t id_of(std::string_view item);

    unsigned documents_ = 0;  ///< documents seen by operator()
    unsigned copies_ = 0;     ///< of them, copies of a text seen before

    std::deque<std::string> kept_;        ///< values that item names point into (stable addresses)
    std::vector<std::string_view> names_;  ///< facet letter + value, by item id
    std::vector<unsigned> counts_;         ///< by item id
    HashSlots ids_;                        ///< std::hash of a name -> item id
    std::vector<std::uint32_t> items_;     ///< item ids of the first copies of texts (and scratch)
    HashSlots text_ids_;                   ///< hash64 of a kSlotTextHash value -> index in texts_
    std::vector<Text> texts_;
    std::unordered_set<std::uint64_t> counted_;  ///< (text number, item id) counted for a text with copies
    std::uint32_t numbered_ = 0;                 ///< texts with copies met
};

/// Counts the facet items of each match from a FacetTable.
class TableFacetSpy : public Xapian::MatchSpy {
public:
    explicit TableFacetSpy(const FacetTable& t);
    TableFacetSpy(const TableFacetSpy&) = delete;
    TableFacetSpy& operator=(const TableFacetSpy&) = delete;
    ~TableFacetSpy() override;
    void operator()(const Xapian::Document& doc, double) override;
    /// Counts one matching document (by docid, as operator() does).
    void add(Xapian::docid docid);
    /// As FacetSpy::top, for every facet of schema::kFacets (by name) in one walk over the items
    /// counted (a walk per facet was 3% of a server's time on ../shared/corpora, perf).
    std::map<std::string, std::vector<FacetValue>> tops() const;

    /// As FacetSpy::results: exact duplicates count once.
    unsigned results() const { return results_; }

private:
    /// Counts by item id, all zero between searches: kept per thread, since allocating and
    /// zeroing one per search cost more than the counting on ../shared/corpora (perf).
    static std::vector<unsigned>& scratch();
    const FacetTable& table_;
    std::vector<unsigned>& counts_;
    // The items counted so far: tops() walks these, not every item of the index (scanning all
    // item ids four times per search was 13% of a search on ../shared/corpora, callgrind).
    std::vector<std::uint32_t> seen_;
    std::unordered_set<std::uint64_t> copies_counted_;  ///< (copies number, item id) already counted
    std::unordered_set<std::uint32_t> copies_seen_;     ///< copies numbers seen
    unsigned results_ = 0;
};

/// What a facet count found.
struct FacetCounts {
    std::map<std::string, std::vector<FacetValue>> facets;  ///< topic, audience, source, language
    /// The number of results (exact duplicates once), when every match was counted; unknown when
    /// there were more than 10,000 or a remote shard counted them.
    std::optional<unsigned> results;
};

/// The facet counting of one Searcher: the spy that fits the open index, and for a single local
/// database the FacetTable of its open revision: mapped from the file lantern-index wrote for
/// that revision, else read from the values once the revision has been searched twice. Not
/// thread-safe, as the Searcher.
class FacetCounter {
public:
    /// After the index was (re)opened: `remote` when some shards are remote, `single` when it is
    /// one database (not shards), `table_file` its facet table file ("" for none).
    void reset(bool remote, bool single, std::string table_file);

    /// After a reopen found a new revision: the table no longer matches the database.
    void forget();

    /// Topic, audience, source and language values over the matches of `query` (at most the
    /// first 10,000), each most frequent first, and how many results they are.
    FacetCounts count(const Xapian::Database& db, const Xapian::Query& query);

private:
    static constexpr std::size_t kPostingCacheBytes = std::size_t{16} << 20;  ///< posting lists
    static constexpr std::size_t kPhraseCacheBytes = std::size_t{4} << 20;    ///< phrase match sets: 100 of 10,000 and more

    bool remote_ = false;
    bool single_ = true;
    std::string table_file_;
    bool file_tried_ = false;            ///< the file was looked at for the open revision
    std::unique_ptr<FacetTable> table_;  ///< of the open revision; null until needed, and after a reopen
    unsigned counts_ = 0;                ///< facet counts made on the open revision without a mapped table
    /// Posting lists of the open revision, used whenever the table is (facet_count.cpp says why
    /// also with a table mapped for a one-search process).
    PostingCache postings_{kPostingCacheBytes, kPhraseCacheBytes};
};

}  // namespace lantern
