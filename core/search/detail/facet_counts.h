// facet_counts.h: a search's facet counts (SearchResults::facets): the items of the matches'
// schema::kSlotFacets values, counted by a match spy, the most frequent values of each facet kept.
// Internal to the search layer (Xapian types).
#pragma once

#include <xapian.h>

#include <memory>

#include "search/search.h"

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

struct FacetTable;

/// Counts facets for one Searcher, keeping what makes counting cheap on the revision it opened.
class FacetCounter {
public:
    FacetCounter();
    ~FacetCounter();
    FacetCounter(const FacetCounter&) = delete;
    FacetCounter& operator=(const FacetCounter&) = delete;

    /// After a (re)open: what was kept no longer matches the database.
    void forget();

    /// Fills out.facets with the most frequent values of each facet among the matches of `q` in
    /// `db` (the first 10,000 of them). `remote`: some shards are remote (xapian-tcpsrv runs only
    /// Xapian's own match spies); `single`: one database rather than shards. Throws Xapian errors.
    void count(const Xapian::Database& db, const Xapian::Query& q, bool remote, bool single, SearchResults& out);

private:
    std::unique_ptr<FacetTable> table_;  ///< of the open revision; null until needed, and after forget()
    unsigned counts_ = 0;                ///< facet counts made on the open revision
};

}  // namespace lantern
