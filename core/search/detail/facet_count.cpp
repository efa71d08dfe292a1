// facet_count.cpp: the facet spies of search.cpp, with exact duplicates counted once.
#include "search/detail/facet_count.h"

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>

#include "search/detail/match_set.h"
#include "text/schema.h"

namespace lantern {
namespace {

constexpr std::size_t kFacetValues = 10;        ///< values listed per facet
constexpr Xapian::doccount kFacetScan = 10000;  ///< documents a facet count looks at, at most

/// The first kFacetValues of `found` (items of one facet) in the order `before` gives (most
/// frequent first, ties in value order), each as `value` shows it. Thousands of distinct values
/// are common (topics): only the winners are sorted.
template <typename Item, typename Before, typename Value>
std::vector<FacetValue> top_values(std::vector<Item> found, Before before, Value value) {
    const auto shown = std::min(found.size(), kFacetValues);
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(shown), found.end(), before);
    std::vector<FacetValue> out;
    for (std::size_t i = 0; i < shown; ++i) out.push_back(value(found[i]));
    return out;
}

/// top_values over (letter + value, count) pairs, ties by comparing the values.
std::vector<FacetValue> top_values(std::vector<std::pair<std::string_view, unsigned>> found) {
    return top_values(
        std::move(found), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; },
        [](const auto& item) { return FacetValue{std::string(item.first.substr(1)), item.second}; });
}

/// Copies of texts that match, most a remote count corrects (each is a document fetched).
constexpr Xapian::doccount kMaxCopiesCorrected = 1000;

}  // namespace

void FacetSpy::uncount_copies(const std::vector<std::string>& values) {
    std::unordered_map<std::string, unsigned> copies_with;  // item -> copies that have it
    for (const std::string& v : values) {
        std::unordered_set<std::string> items;
        schema::for_each_facet_item(v, [&](std::string_view item) { items.emplace(item); });
        for (const std::string& item : items) ++copies_with[item];
    }
    for (const auto& [item, n] : copies_with) {
        const auto id = ids_.find(std::hash<std::string_view>{}(item), [&](std::uint32_t i) { return names_[i] == item; });
        if (n > 1 && id) counts_[*id] -= n - 1;
    }
}

namespace {

/// A remote shard's whole-value counts count each copy of a text: the texts seen more than once
/// are looked up (one query for all of them) and their extra copies taken off, as FacetSpy
/// counts them locally (ShardsTest.RemoteShardsThroughXapianTcpsrvAnswerExactlyAsOneDatabase).
void uncount_remote_copies(const Xapian::Database& db, const Xapian::Query& query,
                           const Xapian::ValueCountMatchSpy& texts, FacetSpy& spy) {
    std::vector<std::string> terms;
    Xapian::doccount copies = 0;
    for (auto t = texts.values_begin(); t != texts.values_end(); ++t) {
        if (t.get_termfreq() < 2) continue;
        terms.push_back(schema::kPrefixTextHash + *t);
        copies += t.get_termfreq();
    }
    if (terms.empty() || copies > kMaxCopiesCorrected) return;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
    std::map<std::string, std::vector<std::string>> by_text;
    const Xapian::MSet found = enquire.get_mset(0, copies);
    for (auto it = found.begin(); it != found.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        by_text[doc.get_value(schema::kSlotTextHash)].push_back(doc.get_value(schema::kSlotFacets));
    }
    for (const auto& [text, values] : by_text) spy.uncount_copies(values);
}

/// The spy's facets, and its number of results when it saw every match.
template <typename Spy>
void fill(const Spy& spy, bool every_match, FacetCounts& out) {
    out.facets = spy.tops();
    if (every_match) out.results = spy.results();
}

/// Did the matcher see every match? Then the spy's number of results is the true total, which
/// Xapian's estimate for a collapsed page of ten is not.
bool every_match_seen(const Xapian::MSet& all) {
    return all.get_matches_lower_bound() == all.get_matches_upper_bound() && all.get_matches_upper_bound() <= kFacetScan;
}

/// Counts `docids` (ascending) by their kSlotFacets and kSlotTextHash values, read as two value
/// streams: each Document::get_value decodes its value chunk from the start.
void add_matches(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, FacetSpy& spy) {
    Xapian::ValueIterator facets = db.valuestream_begin(schema::kSlotFacets);
    Xapian::ValueIterator texts = db.valuestream_begin(schema::kSlotTextHash);
    const Xapian::ValueIterator end;
    const auto value_of = [&end](Xapian::ValueIterator& v, Xapian::docid d) {
        if (v != end && v.get_docid() < d) v.skip_to(d);
        return v != end && v.get_docid() == d ? *v : std::string();
    };
    for (const Xapian::docid d : docids) {
        std::string value = value_of(facets, d);
        spy.add_document(std::move(value), value_of(texts, d));
    }
}

/// Counts `docids` from the spy's FacetTable.
void add_matches(const Xapian::Database&, const std::vector<Xapian::docid>& docids, TableFacetSpy& spy) {
    for (const Xapian::docid d : docids) spy.add(d);
}

}  // namespace

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    add_document(doc.get_value(schema::kSlotFacets), doc.get_value(schema::kSlotTextHash));
}

void FacetSpy::add_document(std::string value, const std::string& text) {
    ++documents_;
    const auto begin = static_cast<std::uint32_t>(items_.size());
    append_items(std::move(value));
    const auto end = static_cast<std::uint32_t>(items_.size());
    const auto count_all = [this](std::uint32_t from, std::uint32_t to) {
        for (std::uint32_t i = from; i < to; ++i) ++counts_[items_[i]];
    };
    // A text is known by its hash (kSlotTextHash holds a hash already).
    const auto index = static_cast<std::uint32_t>(texts_.size());
    const std::uint64_t hash = text.empty() ? 0 : schema::hash64(text);
    const std::uint32_t seen =
        text.empty() ? index : text_ids_.find_or_add(hash, index, [&](std::uint32_t i) { return texts_[i].hash == hash; });
    if (seen == index) {
        count_all(begin, end);
        if (text.empty()) {
            items_.resize(begin);  // no copy will ask for them
        } else {
            texts_.push_back(Text{hash, begin, end, 0});
        }
        return;
    }
    ++copies_;
    // A copy of a text already counted: only the items its earlier copies did not have.
    Text& t = texts_[seen];
    const auto key = [&t, this](std::uint32_t i) { return std::uint64_t{t.number} << 32 | items_[i]; };
    if (t.number == 0) {
        t.number = ++numbered_;
        for (std::uint32_t i = t.begin; i < t.end; ++i) counted_.insert(key(i));
    }
    for (std::uint32_t i = begin; i < end; ++i) {
        if (counted_.insert(key(i)).second) ++counts_[items_[i]];
    }
    items_.resize(begin);
}

void FacetSpy::add(std::string_view value, unsigned n) {
    const std::size_t begin = items_.size();
    append_items(std::string(value));
    for (std::size_t i = begin; i < items_.size(); ++i) counts_[items_[i]] += n;
    items_.resize(begin);
}

void FacetSpy::append_items(std::string value) {
    if (value.empty()) return;
    kept_.push_back(std::move(value));
    const std::size_t names = names_.size();
    schema::for_each_facet_item(kept_.back(), [&](std::string_view item) { items_.push_back(id_of(item)); });
    if (names_.size() == names) kept_.pop_back();  // no name points into it
}

std::uint32_t FacetSpy::id_of(std::string_view item) {
    const auto fresh = static_cast<std::uint32_t>(names_.size());
    const std::uint32_t id = ids_.find_or_add(std::hash<std::string_view>{}(item), fresh, [&](std::uint32_t i) { return names_[i] == item; });
    if (id == fresh) {
        names_.push_back(item);
        counts_.push_back(0);
    }
    return id;
}

std::map<std::string, std::vector<FacetValue>> FacetSpy::tops() const {
    std::map<std::string, std::vector<FacetValue>> out;
    for (const schema::FacetInfo& facet : schema::kFacets) out[facet.name] = top(facet.letter);
    return out;
}

std::vector<FacetValue> FacetSpy::top(char facet) const {
    std::vector<std::pair<std::string_view, unsigned>> found;
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
        if (names_[id][0] == facet && counts_[id] > 0) found.emplace_back(names_[id], counts_[id]);
    }
    return top_values(std::move(found));
}

TableFacetSpy::TableFacetSpy(const FacetTable& t) : table_(t), counts_(scratch()) {
    if (counts_.size() < t.item_count()) counts_.resize(t.item_count());
}

TableFacetSpy::~TableFacetSpy() {
    for (const std::uint32_t id : seen_) counts_[id] = 0;  // the scratch is all zeros again
}

void TableFacetSpy::operator()(const Xapian::Document& doc, double) {
    add(doc.get_docid());
}

void TableFacetSpy::add(Xapian::docid docid) {
    const std::size_t d = docid;
    // Added after the table was made: not counted. (The bounds also keep a damaged file's
    // numbers inside its arrays.)
    if (d + 1 >= table_.first.size || d >= table_.copies.size) return;
    const std::uint64_t copies = table_.copies[d];
    if (copies == 0 || copies_seen_.insert(static_cast<std::uint32_t>(copies)).second) ++results_;
    const std::uint32_t end = std::min<std::uint32_t>(table_.first[d + 1], static_cast<std::uint32_t>(table_.items.size));
    for (std::uint32_t i = table_.first[d]; i < end; ++i) {
        const std::uint32_t item = table_.items[i];
        if (item >= table_.item_count()) continue;
        if (copies != 0 && !copies_counted_.insert(copies << 32 | item).second) continue;  // counted for another copy
        if (counts_[item]++ == 0) seen_.push_back(item);
    }
}

std::map<std::string, std::vector<FacetValue>> TableFacetSpy::tops() const {
    // By item id: ties of counts go by the name's rank, read from the table, so
    // the many values counted once are not told apart by comparing their names (which was most
    // of this on ../shared/corpora, callgrind).
    std::array<std::vector<std::uint32_t>, std::size(schema::kFacets)> found;
    std::array<std::size_t, 256> slot{};   // facet letter -> its index in kFacets + 1 (0: none)
    for (std::size_t f = 0; f < std::size(schema::kFacets); ++f) slot[static_cast<unsigned char>(schema::kFacets[f].letter)] = f + 1;
    for (auto& ids : found) ids.reserve(seen_.size());
    for (const std::uint32_t id : seen_) {
        const std::string_view name = table_.name(id);
        const std::size_t f = name.empty() ? 0 : slot[static_cast<unsigned char>(name[0])];
        if (f != 0) found[f - 1].push_back(id);
    }
    const auto before = [this](std::uint32_t a, std::uint32_t b) {
        return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : table_.name_order[a] < table_.name_order[b];
    };
    const auto value = [this](std::uint32_t id) { return FacetValue{std::string(table_.name(id).substr(1)), counts_[id]}; };
    std::map<std::string, std::vector<FacetValue>> out;
    for (std::size_t f = 0; f < std::size(schema::kFacets); ++f) out[schema::kFacets[f].name] = top_values(std::move(found[f]), before, value);
    return out;
}

void FacetCounter::reset(bool remote, bool single, std::string table_file) {
    remote_ = remote;
    single_ = single;
    table_file_ = std::move(table_file);
    forget();
}

void FacetCounter::forget() {
    table_.reset();
    file_tried_ = false;
    postings_.clear();
    counts_ = 0;
}

FacetCounts FacetCounter::count(const Xapian::Database& db, const Xapian::Query& query) {
    FacetCounts out;
    const Xapian::doccount scan = std::min(db.get_doccount(), kFacetScan);
    if (remote_) {
        // A remote shard (xapian-tcpsrv) runs only Xapian's own match spies and weighting
        // schemes: there, whole slot values are counted by ValueCountMatchSpy and split into
        // facet items here.
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy whole_values(schema::kSlotFacets);
        Xapian::ValueCountMatchSpy texts(schema::kSlotTextHash);
        enquire.add_matchspy(&whole_values);
        enquire.add_matchspy(&texts);
        enquire.get_mset(0, 0, scan);
        FacetSpy spy;
        for (auto v = whole_values.values_begin(); v != whole_values.values_end(); ++v) spy.add(*v, v.get_termfreq());
        uncount_remote_copies(db, query, texts, spy);
        fill(spy, false, out);  // the estimate stays: copies were not counted document by document
        return out;
    }
    // The table: mapped from the file lantern-index wrote for this revision, from the first
    // search on; without one, read from the values once a revision has been searched twice.
    // Reading it costs a few searches' worth (4.5 ms on ../shared/corpora), which a one-search
    // process (the CLI) would only lose. Local shards count from values: a match spy sees
    // shard-local document ids, which a table of the combined database's ids cannot serve
    // (ShardsTest caught it).
    if (single_ && !table_ && !file_tried_ && !table_file_.empty()) {
        file_tried_ = true;
        if (std::optional<FacetTable> mapped = FacetTable::map(table_file_, db)) table_ = std::make_unique<FacetTable>(std::move(*mapped));
    }
    const bool table = single_ && (table_ || ++counts_ >= 2);
    if (table && !table_) table_ = std::make_unique<FacetTable>(FacetTable::read(db));
    // With a table comes the posting cache. A one-search process with the mapped table pays for
    // whole lists and phrase match sets it reads once; measured over 43 CLI lookups on
    // ../shared/corpora that is 1% fewer instructions than walking without it (callgrind).
    std::optional<FirstMatches> matches = first_matches(db, query, kFacetScan, table ? &postings_ : nullptr);
    // Shards: Xapian's matcher takes its first 10,000 shard by shard, not by combined docid.
    if (matches && !single_ && !matches->all) matches.reset();
    // Gives `spy` the matches, and says whether it saw every one.
    const auto feed = [&](auto& spy) {
        if (matches) {
            add_matches(db, matches->docids, spy);
            return matches->all;
        }
        // Xapian's matcher, for queries first_matches cannot decide. Counting needs no ranking:
        // zero weights let it skip scoring, and UnscoredWeight avoids a bug of BoolWeight's.
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(UnscoredWeight());
        enquire.add_matchspy(&spy);
        return every_match_seen(enquire.get_mset(0, 0, scan));
    };
    if (table) {
        TableFacetSpy spy(*table_);
        fill(spy, feed(spy), out);
    } else {
        FacetSpy spy;
        fill(spy, feed(spy), out);
    }
    return out;
}

std::vector<unsigned>& TableFacetSpy::scratch() {
    static thread_local std::vector<unsigned> counts;
    return counts;
}

}  // namespace lantern
