// search.cpp: filters, the two-tier match (all words, then some), facets, duplicate collapsing,
// snippets, safety cards and the explanation. Query text -> Xapian queries lives in query_plan.
#include "search/search.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "text/abbreviations.h"
#include "text/analysis.h"
#include "text/errors.h"
#include "search/detail/query_plan.h"
#include "text/index_layout.h"
#include "text/schema.h"
#include "search/snippet.h"
#include "text/thesaurus.h"

namespace lantern {
namespace {

constexpr std::size_t kSnippetChars = 240;
constexpr std::size_t kMaxDuplicatesListed = 5;
constexpr Xapian::doccount kFacetScan = 10000;   ///< documents a facet count looks at, at most
constexpr std::size_t kFacetValues = 10;         ///< values listed per facet

Xapian::Database open_index(const std::string& dir) {
    const std::string path = reading_path(dir);
    Xapian::Database db;
    try {
        db = Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw BadIndex("no Lantern index at " + dir + " (build one with: lantern-index build --db " + dir + " FOLDER)");
    } catch (const Xapian::NetworkError&) {
        throw;   // a remote shard: Impl::open names which one
    } catch (const Xapian::Error& e) {
        throw BadIndex("cannot open the index at " + dir + ": " + e.get_msg());
    }
    const std::string version = db.get_metadata(schema::kMetaSchemaVersion);
    if (version != std::to_string(schema::kSchemaVersion)) {
        throw BadIndex("the index at " + dir + " has schema version " + (version.empty() ? "(none)" : version) +
                       " but this lantern-search reads version " + std::to_string(schema::kSchemaVersion) +
                       "; rebuild it with lantern-index build");
    }
    return db;
}

/// Calls `item` with each item (facet letter + value) of one kSlotFacets value.
template <typename Fn>
void for_each_facet_item(std::string_view value, Fn item) {
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find(schema::kListSeparator, start);
        if (end == std::string_view::npos) end = value.size();
        if (end > start) item(value.substr(start, end - start));
        start = end + 1;
    }
}

/// The most frequent of `found` (items of one facet, with counts), most frequent first, ties in
/// value order. Thousands of distinct values are common (topics): only the winners are sorted.
std::vector<FacetValue> top_values(std::vector<std::pair<std::string_view, unsigned>> found) {
    const auto shown = std::min(found.size(), kFacetValues);
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(shown), found.end(),
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
        for_each_facet_item(value, [&](std::string_view item) { count(item, n); });
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
            auto same = std::find_if(collided_.begin(), collided_.end(), [&](const auto& c) { return c.first == item; });
            if (same == collided_.end()) {
                collided_.emplace_back(std::string(item), n);
            } else {
                same->second += n;
            }
        }
    }

private:
    std::unordered_map<std::uint64_t, std::size_t> index_;     ///< hash -> position in items_
    std::vector<std::pair<std::string, unsigned>> items_;      ///< facet letter + value, count
    std::vector<std::pair<std::string, unsigned>> collided_;
};

/// Every document's facet items as small integers, read once per opened revision of a local
/// index: counting a match is then an array walk instead of a value read, a split and a hash per
/// item (those were 30% of a search on ../shared/corpora: docs/BENCHMARKS.md). Memory: four bytes
/// per item and per document id; reading it walks the facet slot once (~1 s at 1,000,000 documents).
struct FacetTable {
    std::vector<std::string> names;       ///< facet letter + value, by item id
    std::vector<char> facet_of;           ///< facet letter, by item id (names[id][0], without a pointer to follow)
    std::vector<std::uint32_t> first;     ///< by docid: where its items start in `items` (docid + 1: where they end)
    std::vector<std::uint32_t> items;

    static FacetTable read(const Xapian::Database& db) {
        FacetTable t;
        std::unordered_map<std::string, std::uint32_t> ids;
        const Xapian::docid last = db.get_lastdocid();
        t.first.assign(static_cast<std::size_t>(last) + 2, 0);
        Xapian::docid next = 0;   // the first docid whose start is not yet set
        for (auto v = db.valuestream_begin(schema::kSlotFacets); v != db.valuestream_end(schema::kSlotFacets); ++v) {
            const Xapian::docid d = v.get_docid();
            for (; next <= d; ++next) t.first[next] = static_cast<std::uint32_t>(t.items.size());
            for_each_facet_item(*v, [&](std::string_view item) {
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

/// Counts the facet items of each match from a FacetTable.
class TableFacetSpy : public Xapian::MatchSpy {
public:
    explicit TableFacetSpy(const FacetTable& t) : table_(t), counts_(scratch()) {
        if (counts_.size() < t.names.size()) counts_.resize(t.names.size());
    }
    TableFacetSpy(const TableFacetSpy&) = delete;
    TableFacetSpy& operator=(const TableFacetSpy&) = delete;
    ~TableFacetSpy() override {
        for (const std::uint32_t id : seen_) counts_[id] = 0;   // the scratch is all zeros again
    }
    void operator()(const Xapian::Document& doc, double) override {
        const std::size_t d = doc.get_docid();
        if (d + 1 >= table_.first.size()) return;   // added after the table was read: not counted
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

/// The "remote HOST:PORT" lines among a stub's database lines (releases.h, stub_lines).
std::vector<std::string> remote_lines(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const std::string& line : lines) {
        if (line.rfind("remote ", 0) == 0) out.push_back(line);
    }
    return out;
}

std::vector<std::string> remote_shards(const std::string& dir) { return remote_lines(stub_lines(reader_stub(dir))); }

/// Which remote shards do not answer now, e.g. "remote 10.0.0.7:7001 (Couldn't connect: Connection refused)".
std::string unreachable_shards(const std::string& dir) {
    std::string down;
    for (const std::string& line : remote_shards(dir)) {
        const std::string address = line.substr(7);
        const std::size_t colon = address.rfind(':');
        unsigned port = 0;
        const char* port_end = address.data() + address.size();
        const auto [end, error] = colon == std::string::npos
                                      ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                                      : std::from_chars(address.data() + colon + 1, port_end, port);
        if (error != std::errc() || end != port_end || port > 65535) {
            down += (down.empty() ? "" : ", ") + line + " (no port number after the last ':')";
            continue;
        }
        try {
            (void)Xapian::Remote::open(address.substr(0, colon), port, 2000, 2000);
        } catch (const Xapian::Error& e) {
            down += (down.empty() ? "" : ", ") + line + " (" + e.get_msg() + (e.get_error_string() ? std::string(": ") + e.get_error_string() : "") + ")";
        }
    }
    return down;
}

/// A Xapian failure on an open index, as a message naming the index and what to do next.
BadIndex index_failure(const std::string& dir, const char* doing, const Xapian::Error& e) {
    std::string why = e.get_msg();
    if (e.get_error_string() != nullptr) why += std::string(" (") + e.get_error_string() + ")";
    if (std::string(e.get_type()).rfind("Network", 0) == 0) {   // NetworkError, NetworkTimeoutError
        const std::string down = unreachable_shards(dir);
        return BadIndex(std::string(doing) + " the index at " + dir + " failed: " +
                        (down.empty() ? "a remote shard stopped answering (" + why + ")"
                                      : "unreachable shard(s): " + down + "; start xapian-tcpsrv there, or remove the line from the stub"));
    }
    return BadIndex(std::string(doing) + " the index at " + dir + " failed: " + why + "; run lantern-index check --db " + dir);
}

/// "2025", "2025-06" or "2025-06-30" -> YYYYMMDD at the start (or end) of that period.
std::string filter_date(const std::string& name, const std::string& text, bool end) {
    const std::string t = collapse_space(text);
    const bool digits4 = t.size() >= 4 && std::all_of(t.begin(), t.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
    if (t.size() == 4 && digits4) return t + (end ? "1231" : "0101");
    if (t.size() == 7 && digits4 && t[4] == '-') {
        const std::string full = normalize_date(t + "-01");
        if (!full.empty()) return schema::date_value(full.substr(0, 8)) + (end ? "31" : "01");
    }
    const std::string full = normalize_date(t);
    if (!full.empty() && t.size() == 10) return schema::date_value(full);
    throw BadInput(name + " must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not '" + text + "'");
}

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

/// The terms of a facet filter group, one per value (any of them matches).
std::vector<std::string> facet_terms(const char* prefix, const std::vector<std::string>& values) {
    std::vector<std::string> terms;
    for (const std::string& v : values) terms.push_back(schema::bounded_term(prefix, ascii_lower(collapse_space(v))));
    return terms;
}

/// The query of a facet filter group, or an empty one when the group matches every document: it
/// filters nothing, and an unweighted term in every document meets the Xapian 1.4.22 bug
/// described at UnscoredWeight.
Xapian::Query any_of(const Xapian::Database& db, const std::vector<std::string>& terms) {
    const Xapian::doccount all = db.get_doccount();
    for (const std::string& t : terms) {
        if (all > 0 && db.get_termfreq(t) == all) return Xapian::Query();
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/// The filter query (empty when nothing filters) and its description for --explain. A facet group
/// that matches every document of `db` is described but not applied (see any_of).
Xapian::Query filter_query(const SearchFilters& f, const Xapian::Database& db, std::vector<std::string>& described) {
    std::vector<Xapian::Query> parts;
    const std::pair<const char*, const std::vector<std::string>*> facets[] = {
        {schema::kPrefixTopic, &f.topics}, {schema::kPrefixAudience, &f.audiences},
        {schema::kPrefixSource, &f.sources}, {schema::kPrefixLanguage, &f.languages},
        {schema::kPrefixFormat, &f.formats}};
    const char* names[] = {"topic", "audience", "source", "lang", "format"};
    for (std::size_t i = 0; i < std::size(names); ++i) {
        if (facets[i].second->empty()) continue;
        Xapian::Query group = any_of(db, facet_terms(facets[i].first, *facets[i].second));
        if (!group.empty()) parts.push_back(std::move(group));
        std::string d = std::string(names[i]) + " is ";
        for (std::size_t k = 0; k < facets[i].second->size(); ++k) d += (k ? " or " : "") + (*facets[i].second)[k];
        described.push_back(d);
    }
    if (!f.since.empty() || !f.until.empty()) {
        const std::string lo = f.since.empty() ? "00000000" : filter_date("since", f.since, false);
        const std::string hi = f.until.empty() ? "99991231" : filter_date("until", f.until, true);
        parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
        described.push_back("last reviewed (or published) " + (f.since.empty() ? "" : "since " + f.since) +
                            (!f.since.empty() && !f.until.empty() ? " and " : "") + (f.until.empty() ? "" : "until " + f.until));
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query filtered(const Xapian::Query& q, const Xapian::Query& filter) {
    return filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
}

}  // namespace

/// Identity of DIR/current: a new release renames a new stub over it, changing the inode.
std::pair<ino_t, long> stub_identity(const std::string& dir) {
    struct stat st {};
    // --db names an index folder (watch DIR/current) or a stub file of its own (watch that).
    const std::string stub = reader_stub(dir);
    if (stub.empty() || ::stat(stub.c_str(), &st) != 0) return {0, 0};
    return {st.st_ino, st.st_mtim.tv_nsec};
}


struct Searcher::Impl {
    std::string dir;
    std::pair<ino_t, long> stub;
    Xapian::Database db;
    bool remote = false;   ///< some shards are remote: facets use Xapian's own (serialisable) spy
    bool single = true;    ///< one database (not shards): facets count from a FacetTable
    std::unique_ptr<FacetTable> facet_table{};   ///< of the open revision; null until needed, and after a reopen
    unsigned facet_counts = 0;                   ///< facet counts made on the open revision

    /// After a (re)open: the table no longer matches the database.
    void forget_facets() {
        facet_table.reset();
        facet_counts = 0;
    }
    Xapian::QueryParser parser;
    Thesaurus thesaurus;
    SafetyPanel safety;

    explicit Impl(const std::string& d) : dir(d) { open(); }

    /// The stub's identity is recorded only once its release opened: after a switch to a broken
    /// release every search tries again (BadIndex until the index is repaired) instead of some
    /// quietly answering from the old one (FaultsServer.KeepsServingThroughDamageAndRepair).
    void open() {
        const std::pair<ino_t, long> seen = stub_identity(dir);
        try {
            Xapian::Database opened = open_index(dir);
            Thesaurus t = Thesaurus::from_stored(opened.get_metadata(schema::kMetaThesaurus));
            add_learned_abbreviations(opened, t);   // the collection's own abbreviations, after the librarian's
            SafetyPanel p = SafetyPanel::from_stored(opened.get_metadata(schema::kMetaSafetyPanel));
            db = opened;
            const std::vector<std::string> lines = stub_lines(reader_stub(dir));
            remote = !remote_lines(lines).empty();
            single = lines.size() <= 1;
            forget_facets();
            parser = analysis::make_query_parser(db);
            thesaurus = std::move(t);
            safety = std::move(p);
        } catch (const Xapian::Error& e) {
            throw index_failure(dir, "opening", e);
        }
        stub = seen;
    }

    /// Before each search: a switched release is opened afresh; an incremental commit to the live
    /// one is picked up by reopen(). Until then, searches answer from what was open.
    void refresh() {
        if (stub_identity(dir) != stub) {
            open();
            return;
        }
        try {
            if (db.reopen()) forget_facets();
        } catch (const Xapian::NetworkError&) {
            if (!remote) throw;
            open();   // a remote shard dropped its connection (restarted?): connect again
        }
    }

    void run(const QueryPlan& plan, const Xapian::Query& filter, std::chrono::steady_clock::time_point deadline,
             SearchResults& out);
    void append_hits(const Xapian::MSet& mset, unsigned first_rank, const Highlighter& hl, std::vector<SearchHit>& hits);
    void count_facets(const Xapian::Query& q, SearchResults& out);
};

Searcher::Searcher(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}
Searcher::~Searcher() = default;

SearchResults Searcher::search(const SearchRequest& req) {
    if (req.limit < 1 || req.limit > kMaxLimit) {
        throw BadInput("limit must be between 1 and " + std::to_string(kMaxLimit) + ", not " + std::to_string(req.limit));
    }
    if (req.query.size() > kMaxQueryBytes) {
        throw BadInput("the query is " + std::to_string(req.query.size()) + " bytes long; the most is " +
                       std::to_string(kMaxQueryBytes));
    }
    if (req.offset > kMaxOffset) {
        throw BadInput("offset must be at most " + std::to_string(kMaxOffset) + ", not " + std::to_string(req.offset));
    }
    const std::pair<const char*, const std::vector<std::string>*> lists[] = {
        {"topic", &req.filters.topics}, {"audience", &req.filters.audiences},
        {"source", &req.filters.sources}, {"lang", &req.filters.languages},
        {"format", &req.filters.formats}};
    for (const auto& [name, values] : lists) {
        if (values->size() > kMaxFilterValues) {
            throw BadInput(std::string(name) + " is given " + std::to_string(values->size()) + " values; the most is " +
                           std::to_string(kMaxFilterValues));
        }
    }
    // The budget runs from here: planning (spelling checks, thesaurus page counts) spends it too.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(req.time_budget_ms);
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.limit = req.limit;
    std::vector<std::string> filter_notes;
    Xapian::Query filter;
    try {
        impl_->refresh();
        filter = filter_query(req.filters, impl_->db, filter_notes);
    } catch (const Xapian::Error& e) {
        throw index_failure(impl_->dir, "reopening", e);
    }
    out.safety = impl_->safety.match(split_words(req.query));

    // A writer committing while we read can invalidate this reader's snapshot: reopen and retry once.
    for (int attempt = 0;; ++attempt) {
        try {
            const QueryPlan plan =
                plan_query(req.query, impl_->db, impl_->parser, impl_->thesaurus, PlanOptions{req.correct_spelling, deadline});
            out.notes = plan.notes;
            out.budget_exceeded = plan.budget_exceeded;
            if (!plan.suggestion.empty()) {
                out.corrected_query = plan.suggestion;
                out.notes.push_back("Showing results for \"" + plan.suggestion + "\". Search instead for \"" + req.query + "\".");
            }
            if (req.explain) {
                Explanation& e = out.explanation;
                out.explained = true;
                e.mode = plan.syntax ? "query syntax" : "plain words";
                e.words = plan.words;
                e.corrections = plan.corrections;
                for (const ThesaurusMatch& m : plan.synonyms) e.synonyms.emplace_back(m.phrase, m.expansions);
                e.filters = filter_notes;
                e.fields = "title x" + std::to_string(schema::kWeightTitle) + ", description x" +
                           std::to_string(schema::kWeightDescription) + ", headings x" + std::to_string(schema::kWeightHeading) +
                           ", body x" + std::to_string(schema::kWeightBody) + "; results with every word first";
                if (!plan.common_words.empty()) {
                    std::string listed;
                    for (const std::string& w : plan.common_words) listed += (listed.empty() ? "" : ", ") + w;
                    e.fields += " (but " + listed + ": on so many pages that they only raise the rank)";
                }
                e.fields += ", then results with some";
                if (plan.title_pages) e.fields += "; pages titled exactly with these words (or their synonyms) rank higher";
                e.query = filtered(plan.some, filter).get_description();
            }
            if (!plan.all.empty()) impl_->run(plan, filter, deadline, out);
            if (out.budget_exceeded) {
                out.notes.push_back("The search stopped after its time budget (" + std::to_string(req.time_budget_ms) +
                                    " ms); results and counts may be incomplete.");
            }
            return out;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0) throw BadIndex("the index kept changing during the search; try again");
            out.hits.clear();
            out.notes.clear();
            out.budget_exceeded = false;
            impl_->db.reopen();
            impl_->forget_facets();
        } catch (const Xapian::Error& e) {
            throw index_failure(impl_->dir, "searching", e);
        }
    }
}

unsigned Searcher::check_health() {
    for (int attempt = 0;; ++attempt) {
        try {
            impl_->refresh();
            const Xapian::Database& db = impl_->db;
            const Xapian::PostingIterator first = db.postlist_begin("");
            if (first != db.postlist_end("")) (void)db.get_document(*first).get_data();
            return db.get_doccount();
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt > 0) throw index_failure(impl_->dir, "reading", e);
        } catch (const Xapian::Error& e) {
            throw index_failure(impl_->dir, "reading", e);
        }
    }
}

// The time budget is enforced here, between phases, and not with Xapian's
// Enquire::set_time_limit: in Xapian 1.4.22 its timer thread sets an "expired" flag on the
// matcher's stack, and under load it can fire after get_mset has returned, writing a 0x01 byte
// into whatever then occupies that stack slot. ASan caught it corrupting a result's string
// pointer (the low byte became 01) in CorpusTest.TimeBudgetCutsAreReported. Each phase is
// bounded anyway (32 words, wildcards to 200 terms in all, synonyms to 8 per phrase, facets to
// 10,000 documents: query_plan.h), so a query cannot hang; once the budget is spent, by planning
// or by tier 1, the optional phases (fewer-words tier, facets) are skipped and the results say so.
void Searcher::Impl::run(const QueryPlan& plan, const Xapian::Query& filter, std::chrono::steady_clock::time_point deadline,
                         SearchResults& out) {
    auto over_budget = [&] {
        if (std::chrono::steady_clock::now() > deadline) out.budget_exceeded = true;
        return out.budget_exceeded;
    };
    const Highlighter hl(plan.highlight);
    Xapian::Enquire enquire(db);
    enquire.set_collapse_key(schema::kSlotTextHash);
    enquire.set_query(filtered(plan.all, filter));
    // Tier 1: documents with every word. check_at_least makes the count exact when the tier is
    // smaller than the page, which the paging into tier 2 relies on.
    const Xapian::MSet first = enquire.get_mset(out.offset, out.limit, out.offset + out.limit);
    append_hits(first, out.offset + 1, hl, out.hits);
    out.total = first.get_matches_estimated();
    if (plan.two_tiers && !over_budget()) {
        // Tier 2: documents with some of the words but not all, ranked after tier 1.
        enquire.set_query(filtered(Xapian::Query(Xapian::Query::OP_AND_NOT, plan.some, plan.all), filter));
        const unsigned in_first = first.get_matches_estimated();
        if (out.hits.size() < out.limit) {
            const unsigned offset2 = out.offset > in_first ? out.offset - in_first : 0;
            const auto have = static_cast<unsigned>(out.hits.size());
            const Xapian::MSet second = enquire.get_mset(offset2, out.limit - have);
            append_hits(second, out.offset + have + 1, hl, out.hits);
            out.total += second.get_matches_estimated();
        } else {
            out.total += enquire.get_mset(0, 0).get_matches_estimated();
        }
    }
    if (!over_budget()) count_facets(filtered(plan.some, filter), out);
    (void)over_budget();   // facets that finished past the deadline: the answer still says so
}

void Searcher::Impl::count_facets(const Xapian::Query& q, SearchResults& out) {
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
        out.facets["topic"] = spy.top(schema::kFacetTopic);
        out.facets["audience"] = spy.top(schema::kFacetAudience);
        out.facets["source"] = spy.top(schema::kFacetSource);
        out.facets["language"] = spy.top(schema::kFacetLanguage);
        out.facets["format"] = spy.top(schema::kFacetFormat);
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
    } else if (!single || (!facet_table && ++facet_counts < 2)) {
        // Values read per match. Local shards: a match spy sees shard-local document ids, which a
        // table of the combined database's ids cannot serve (ShardsTest caught it). The first
        // search of a revision: reading the table costs a few searches' worth (4.5 ms on
        // ../shared/corpora), which a one-search process (the CLI) would only lose.
        FacetSpy spy;
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, std::min(db.get_doccount(), kFacetScan));
        fill(spy);
    } else {
        if (!facet_table) facet_table = std::make_unique<FacetTable>(FacetTable::read(db));
        TableFacetSpy from_table(*facet_table);
        enquire.add_matchspy(&from_table);
        enquire.get_mset(0, 0, std::min(db.get_doccount(), kFacetScan));
        fill(from_table);
    }
}

void Searcher::Impl::append_hits(const Xapian::MSet& mset, unsigned first_rank, const Highlighter& hl, std::vector<SearchHit>& hits) {
    unsigned rank = first_rank;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        const Article a = schema::decode_stored(doc.get_data());
        SearchHit h;
        h.rank = rank++;
        h.id = a.id;
        h.path = a.path;
        h.url = a.url;
        h.title = a.title;
        h.title_html = hl.mark_all(a.title);
        h.reviewed = a.reviewed;
        h.score = it.get_weight();
        const Snippet s = hl.best_passage(a, kSnippetChars);
        h.snippet = s.html;
        if (s.heading != a.title) h.section = s.heading;
        if (!s.anchor.empty() && !a.url.empty()) h.section_url = a.url.substr(0, a.url.find('#')) + "#" + s.anchor;
        h.page = page_of_anchor(s.anchor);
        if (it.get_collapse_count() > 0) {
            const std::string term = schema::kPrefixTextHash + doc.get_value(schema::kSlotTextHash);
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && h.duplicates.size() < kMaxDuplicatesListed; ++p) {
                if (*p == *it) continue;
                const Article dup = schema::decode_stored(db.get_document(*p).get_data());
                // A print copy often shares the canonical URL: then its path is what tells it apart.
                h.duplicates.push_back(dup.url.empty() || dup.url == a.url ? dup.path : dup.url);
                h.duplicate_ids.push_back(dup.id);
            }
        }
        hits.push_back(std::move(h));
    }
}

}  // namespace lantern

namespace lantern {

std::vector<Suggestion> Searcher::suggest(const std::string& typed, unsigned limit) {
    if (limit < 1 || limit > 20) throw BadInput("limit must be between 1 and 20, not " + std::to_string(limit));
    if (typed.size() > kMaxQueryBytes) {
        throw BadInput("q is " + std::to_string(typed.size()) + " bytes long; the most is " + std::to_string(kMaxQueryBytes));
    }
    std::vector<Suggestion> out;
    std::vector<Word> words = split_words(typed);
    if (words.empty()) return out;
    try {
        impl_->refresh();
        Xapian::Database& db = impl_->db;
        const bool completing = !typed.empty() && typed.back() != ' ';
        std::string last = completing ? words.back().key : "";
        if (completing) words.pop_back();
        std::string before;
        for (const Word& w : words) before += w.key + " ";
        // Typo tolerance where cheap: nothing starts with the last word -> its spelling correction.
        if (last.size() >= 4 && db.allterms_begin(last) == db.allterms_end(last)) {
            const std::string fix = db.get_spelling_suggestion(last);
            if (!fix.empty()) last = fix;
        }
        // Titles: every finished word in the title, and a title word starting with the last one.
        std::vector<Xapian::Query> parts;
        const Xapian::Stem stem = analysis::stemmer();
        for (const Word& w : words) {
            if (!analysis::is_stopword(w.key)) parts.emplace_back("Z" + std::string(schema::kPrefixTitle) + stem(w.key));  // stemmed field terms are Z + prefix + stem
        }
        if (!last.empty()) {
            parts.emplace_back(Xapian::Query::OP_WILDCARD, std::string(schema::kPrefixTitle) + last, 50,
                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        }
        if (!parts.empty()) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
            enquire.set_collapse_key(schema::kSlotTextHash);
            const Xapian::MSet titles = enquire.get_mset(0, (limit + 1) / 2);
            for (auto it = titles.begin(); it != titles.end(); ++it) {
                const Article a = schema::decode_stored(it.get_document().get_data());
                out.push_back({a.title, a.url, "title"});
            }
        }
        // Words completing the last one, most frequent first.
        if (!last.empty()) {
            std::vector<std::pair<Xapian::doccount, std::string>> terms;
            std::size_t scanned = 0;
            for (auto t = db.allterms_begin(last); t != db.allterms_end(last) && scanned < 500; ++t, ++scanned) {
                const std::string term = *t;
                if (term.find_first_of(" :") == std::string::npos) terms.emplace_back(t.get_termfreq(), term);
            }
            std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
            for (const auto& [freq, term] : terms) {
                if (out.size() >= limit) break;
                out.push_back({before + term, "", "word"});
            }
        }
    } catch (const Xapian::Error& e) {
        throw index_failure(impl_->dir, "completing words from", e);
    }
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace lantern
