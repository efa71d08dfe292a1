// facet_counts.cpp: facet counting three ways: per match from the slot (local shards, and the
// first search of a revision), from a table of the whole revision (a single local database), and
// from whole slot values counted by Xapian's own spy (remote shards).
#include "search/detail/facet_counts.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/schema.h"

namespace lantern {

/// Every document's facet items as small integers, read once per opened revision of a local
/// index: counting a match is then an array walk instead of a value read, a split and a hash per
/// item (those were 30% of a search on ../shared/corpora: docs/BENCHMARKS.md). Memory: four bytes
/// per item and per document id; reading it walks the facet slot once (~1 s at 1,000,000 documents).
struct FacetTable {
    std::vector<std::string> names;    ///< facet letter + value, by item id
    std::vector<char> facet_of;        ///< facet letter, by item id (names[id][0], without a pointer to follow)
    std::vector<std::uint32_t> first;  ///< by docid: where its items start in `items` (docid + 1: where they end)
    std::vector<std::uint32_t> items;

    static FacetTable read(const Xapian::Database& db) {
        FacetTable t;
        std::unordered_map<std::string, std::uint32_t> ids;
        const Xapian::docid last = db.get_lastdocid();
        t.first.assign(static_cast<std::size_t>(last) + 2, 0);
        Xapian::docid next = 0;  // the first docid whose start is not yet set
        for (auto v = db.valuestream_begin(schema::kSlotFacets); v != db.valuestream_end(schema::kSlotFacets); ++v) {
            const Xapian::docid d = v.get_docid();
            for (; next <= d; ++next) t.first[next] = static_cast<std::uint32_t>(t.items.size());
            schema::for_each_facet_item(*v, [&](std::string_view item) {
                const auto [at, added] = ids.try_emplace(std::string(item), static_cast<std::uint32_t>(t.names.size()));
                if (added) {
                    t.names.push_back(at->first);
                    t.facet_of.push_back(item[0]);
                }
                t.items.push_back(at->second);
            });
        }
        for (; next < t.first.size(); ++next) t.first[next] = static_cast<std::uint32_t>(t.items.size());
        return t;
    }
};

namespace {

constexpr Xapian::doccount kFacetScan = 10000;  ///< documents a facet count looks at, at most
constexpr std::size_t kFacetValues = 10;        ///< values listed per facet

/// The most frequent of `found` (items of one facet, with counts), most frequent first, ties in
/// value order. Thousands of distinct values are common (topics): only the winners are sorted.
std::vector<FacetValue> top_values(std::vector<std::pair<std::string_view, unsigned>> found) {
    const auto shown = std::min(found.size(), kFacetValues);
    std::partial_sort(
        found.begin(), found.begin() + static_cast<std::ptrdiff_t>(shown), found.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    std::vector<FacetValue> out;
    for (std::size_t i = 0; i < shown; ++i) out.push_back({std::string(found[i].first.substr(1)), found[i].second});
    return out;
}

/// Counts facet items from kSlotFacets values: of each match (local shards), or of the whole
/// values ValueCountMatchSpy reports (remote shards). Items are counted in a table keyed by their
/// 64-bit hash. A single database counts with TableFacetSpy below instead.
class FacetSpy : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double) override { add(doc.get_value(schema::kSlotFacets), 1); }

    /// Counts the items of one kSlotFacets value `n` times.
    void add(std::string_view value, unsigned n) {
        schema::for_each_facet_item(value, [&](std::string_view item) { count(item, n); });
    }

    /// The most frequent values of one facet (a schema::kFacet* letter), most frequent first,
    /// ties in value order.
    std::vector<FacetValue> top(char facet) const {
        std::vector<std::pair<std::string_view, unsigned>> found;
        for (const auto* list : {&items_, &collided_}) {
            for (const auto& item : *list) {
                if (item.first[0] == facet) found.emplace_back(item.first, item.second);
            }
        }
        return top_values(std::move(found));
    }

    /// Counts one item (facet letter + value) `n` times.
    void count(std::string_view item, unsigned n) {
        const auto [at, added] = index_.try_emplace(schema::hash64(item), items_.size());
        if (added) {
            items_.emplace_back(std::string(item), n);
        } else if (items_[at->second].first == item) {
            items_[at->second].second += n;
        } else {
            // Two values with one 64-bit hash: practically never, so a linear search will do.
            auto same =
                std::find_if(collided_.begin(), collided_.end(), [&](const auto& c) { return c.first == item; });
            if (same == collided_.end()) {
                collided_.emplace_back(std::string(item), n);
            } else {
                same->second += n;
            }
        }
    }

private:
    std::unordered_map<std::uint64_t, std::size_t> index_;  ///< hash -> position in items_
    std::vector<std::pair<std::string, unsigned>> items_;   ///< facet letter + value, count
    std::vector<std::pair<std::string, unsigned>> collided_;
};

/// Counts the facet items of each match from a FacetTable.
class TableFacetSpy : public Xapian::MatchSpy {
public:
    explicit TableFacetSpy(const FacetTable& t) : table_(t), counts_(scratch()) {
        if (counts_.size() < t.names.size()) counts_.resize(t.names.size());
    }
    TableFacetSpy(const TableFacetSpy&) = delete;
    TableFacetSpy& operator=(const TableFacetSpy&) = delete;
    ~TableFacetSpy() override {
        for (const std::uint32_t id : seen_) counts_[id] = 0;  // the scratch is all zeros again
    }
    void operator()(const Xapian::Document& doc, double) override {
        const std::size_t d = doc.get_docid();
        if (d + 1 >= table_.first.size()) return;  // added after the table was read: not counted
        for (std::uint32_t i = table_.first[d]; i < table_.first[d + 1]; ++i) {
            if (counts_[table_.items[i]]++ == 0) seen_.push_back(table_.items[i]);
        }
    }
    /// As FacetSpy::top: the most frequent values of one facet, ties in value order.
    std::vector<FacetValue> top(char facet) const {
        std::vector<std::pair<std::string_view, unsigned>> found;
        for (const std::uint32_t id : seen_) {
            if (table_.facet_of[id] == facet) found.emplace_back(table_.names[id], counts_[id]);
        }
        return top_values(std::move(found));
    }

private:
    /// Counts by item id, all zero between searches: kept per thread, since allocating and
    /// zeroing one per search cost more than the counting on ../shared/corpora (perf).
    static std::vector<unsigned>& scratch() {
        static thread_local std::vector<unsigned> counts;
        return counts;
    }
    const FacetTable& table_;
    std::vector<unsigned>& counts_;
    // The items counted so far: top() walks these, not every item of the index (scanning all
    // item ids four times per search was 13% of a search on ../shared/corpora, callgrind).
    std::vector<std::uint32_t> seen_;
};

}  // namespace

FacetCounter::FacetCounter() = default;
FacetCounter::~FacetCounter() = default;

void FacetCounter::forget() {
    table_.reset();
    counts_ = 0;
}

void FacetCounter::count(const Xapian::Database& db, const Xapian::Query& q, bool remote, bool single,
                         SearchResults& out) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    // Counting needs no ranking: zero weights let the matcher skip scoring every document. A remote
    // shard (xapian-tcpsrv) knows only Xapian's own schemes; locally, UnscoredWeight avoids a bug.
    if (remote) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    } else {
        enquire.set_weighting_scheme(UnscoredWeight());
    }
    const auto fill = [&out](const auto& spy) {
        for (const schema::FacetInfo& f : schema::kFacets) out.facets[f.name] = spy.top(f.letter);
    };
    if (remote) {
        // A remote shard (xapian-tcpsrv) runs only Xapian's own match spies: there, whole slot
        // values are counted by ValueCountMatchSpy and split into facet items here.
        Xapian::ValueCountMatchSpy whole_values(schema::kSlotFacets);
        enquire.add_matchspy(&whole_values);
        enquire.get_mset(0, 0, std::min(db.get_doccount(), kFacetScan));
        FacetSpy spy;
        for (auto v = whole_values.values_begin(); v != whole_values.values_end(); ++v) spy.add(*v, v.get_termfreq());
        fill(spy);
    } else if (!single || (!table_ && ++counts_ < 2)) {
        // Values read per match. Local shards: a match spy sees shard-local document ids, which a
        // table of the combined database's ids cannot serve (ShardsTest caught it). The first
        // search of a revision: reading the table costs a few searches' worth (4.5 ms on
        // ../shared/corpora), which a one-search process (the CLI) would only lose.
        FacetSpy spy;
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, std::min(db.get_doccount(), kFacetScan));
        fill(spy);
    } else {
        if (!table_) table_ = std::make_unique<FacetTable>(FacetTable::read(db));
        TableFacetSpy from_table(*table_);
        enquire.add_matchspy(&from_table);
        enquire.get_mset(0, 0, std::min(db.get_doccount(), kFacetScan));
        fill(from_table);
    }
}

}  // namespace lantern
