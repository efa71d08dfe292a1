// search.cpp: filters, the two-tier match (all words, then some), duplicate collapsing,
// snippets, safety cards and the explanation. Query text -> Xapian queries lives in query_plan,
// facet counting in facet_counts.
#include "search/search.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "text/abbreviations.h"
#include "text/analysis.h"
#include "text/errors.h"
#include "search/detail/document_cache.h"
#include "search/detail/facet_count.h"
#include "text/facet_table.h"
#include "search/detail/query_plan.h"
#include "text/index_layout.h"
#include "text/schema.h"
#include "search/snippet.h"
#include "text/thesaurus.h"
#include "text/xapian_errors.h"

namespace lantern {
namespace {

constexpr std::size_t kSnippetChars = 240;
/// Decoded articles (and their prepared bodies) a Searcher keeps for snippets
/// (detail/document_cache.h): per server worker. At 32 MB, the articles the 600-query mix shows on
/// ../shared/corpora were decoded and prepared three times over in four passes; at 64 MB once.
constexpr std::size_t kDocumentCacheBytes = 64u << 20;
constexpr std::size_t kMaxDuplicatesListed = 5;

Xapian::Database open_index(const std::string& dir) {
    const std::string path = reading_path(dir);
    Xapian::Database db = with_xapian(IndexTask{IndexTask::kOpen, dir}, [&] { return Xapian::Database(path); });
    schema::check_schema_version(db, dir);
    return db;
}

/// Reading the index at `dir` while `doing` something: how a Xapian failure is reported (xapian_errors.h).
IndexTask reading(const std::string& dir, const char* doing) { return IndexTask{IndexTask::kRead, dir, doing}; }

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
    throw BadParameter(name, name + " must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not '" + text + "'");
}

/// The terms of a facet filter group, one per value (any of them matches).
std::vector<std::string> facet_terms(schema::Facet facet, const std::vector<std::string>& values) {
    std::vector<std::string> terms;
    for (const std::string& v : values) terms.push_back(schema::facet_term(facet, v));
    return terms;
}

/// The query of a facet filter group, or an empty one when the group matches every document: it
/// filters nothing, and an unweighted term in every document meets the Xapian 1.4.22 bug
/// described at UnscoredWeight (detail/match_set.h).
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
    for (const schema::FacetInfo& facet : schema::kFacets) {
        const std::vector<std::string>& values = f.values(facet.facet);
        if (values.empty()) continue;
        Xapian::Query group = any_of(db, facet_terms(facet.facet, values));
        if (!group.empty()) parts.push_back(std::move(group));
        std::string d = std::string(facet.field) + " is ";
        for (std::size_t k = 0; k < values.size(); ++k) d += (k ? " or " : "") + values[k];
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

std::vector<std::string>& SearchFilters::values(schema::Facet facet) {
    switch (facet) {
        case schema::Facet::Topic: return topics;
        case schema::Facet::Audience: return audiences;
        case schema::Facet::Source: return sources;
        case schema::Facet::Language: return languages;
        case schema::Facet::Format: return formats;
    }
    throw std::logic_error("SearchFilters::values: not a facet");
}

const std::vector<std::string>& SearchFilters::values(schema::Facet facet) const {
    return const_cast<SearchFilters&>(*this).values(facet);
}

bool SearchFilters::any() const {
    return !since.empty() || !until.empty() ||
           std::any_of(std::begin(schema::kFacets), std::end(schema::kFacets),
                       [this](const schema::FacetInfo& f) { return !values(f.facet).empty(); });
}

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
    bool remote = false;   ///< some shards are remote (a dropped connection is opened again)
    FacetCounter facets;
    DocumentCache documents{kDocumentCacheBytes};
    PlanMemo plan_memo;
    Xapian::QueryParser parser;
    Thesaurus thesaurus;
    SafetyPanel safety;
    std::string words_file;                  ///< the release's words file, "" when it has none
    std::shared_ptr<const WordLists> words;  ///< for this revision: the words file is written per revision

    explicit Impl(const std::string& d) : dir(d) { open(); }

    /// The stub's identity is recorded only once its release opened: after a switch to a broken
    /// release every search tries again (BadIndex until the index is repaired) instead of some
    /// quietly answering from the old one (FaultsServer.KeepsServingThroughDamageAndRepair).
    void open() {
        const std::pair<ino_t, long> seen = stub_identity(dir);
        with_xapian(reading(dir, "opening"), [&] {
            Xapian::Database opened = open_index(dir);
            const std::vector<StubDatabase> databases = stub_databases(reader_stub(dir));
            const bool is_remote = std::any_of(databases.begin(), databases.end(), [](const StubDatabase& d) { return d.remote; });
            // One local database: its folder holds the files lantern-index wrote for its revision.
            const bool single = databases.size() <= 1 && !is_remote;
            const std::string folder = databases.empty() ? dir : databases.front().target;
            Thesaurus t = open_vocabulary(opened, single ? vocabulary_path(folder) : "");
            SafetyPanel p = SafetyPanel::from_stored(opened.get_metadata(schema::kMetaSafetyPanel));
            db = opened;
            remote = is_remote;
            facets.reset(remote, databases.size() <= 1, single ? facet_table_path(folder) : "");
            documents.clear();   // a new release numbers its documents from 1 again
            plan_memo.clear();
            parser = analysis::make_query_parser(db);
            thesaurus = std::move(t);
            safety = std::move(p);
            words_file = single ? word_lists_path(folder) : "";
            words = lists_for_revision();
        });
        stub = seen;
    }

    /// Before each search: a switched release is opened afresh; an incremental commit to the live
    /// one is picked up by reopen(). Until then, searches answer from what was open.
    void refresh() {
        if (stub_identity(dir) != stub) {
            open();
            return;
        }
        const auto reopen = [this] {
            if (db.reopen()) forget_revision();
        };
        if (!remote) return reopen();
        // A remote shard dropped its connection (restarted?): connect again.
        recovering(XapianFailure::kNetwork, reopen, [this] { open(); });
    }

    /// After a reopen found a new revision: what was learnt of the old one no longer holds
    /// (changed pages have new ids; the old ones' text is memory to free).
    void forget_revision() {
        facets.forget();
        documents.clear();
        plan_memo.clear();
        words = lists_for_revision();
    }

    std::shared_ptr<const WordLists> lists_for_revision() const { return WordLists::for_release(words_file, db); }

    void run(const QueryPlan& plan, const Xapian::Query& filter, SortOrder sort, std::chrono::steady_clock::time_point deadline,
             SearchResults& out);
    void append_hits(const Xapian::MSet& mset, unsigned first_rank, const Highlighter& hl, std::vector<SearchHit>& hits);
};

Searcher::Searcher(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}
Searcher::~Searcher() = default;

SearchResults Searcher::search(const SearchRequest& req) {
    if (req.limit < 1 || req.limit > kMaxLimit) {
        throw BadParameter("limit",
                           "limit must be between 1 and " + std::to_string(kMaxLimit) + ", not " + std::to_string(req.limit));
    }
    if (req.query.size() > kMaxQueryBytes) {
        throw BadParameter("q", "the query is " + std::to_string(req.query.size()) + " bytes long; the most is " +
                                    std::to_string(kMaxQueryBytes), BadParameter::kTooLong);
    }
    if (req.offset > kMaxOffset) {
        throw BadParameter("offset",
                           "offset must be at most " + std::to_string(kMaxOffset) + ", not " + std::to_string(req.offset));
    }
    for (const schema::FacetInfo& facet : schema::kFacets) {
        const std::size_t n = req.filters.values(facet.facet).size();
        if (n > kMaxFilterValues) {
            throw BadParameter(facet.field, std::string(facet.field) + " is given " + std::to_string(n) +
                                                " values; the most is " + std::to_string(kMaxFilterValues));
        }
    }
    // The budget runs from here: planning (spelling checks, thesaurus page counts) spends it too.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(req.time_budget_ms);
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.limit = req.limit;
    std::vector<std::string> filter_notes;
    const Xapian::Query filter = with_xapian(reading(impl_->dir, "reopening"), [&] {
        impl_->refresh();
        return filter_query(req.filters, impl_->db, filter_notes);
    });
    out.safety = impl_->safety.match(split_words(req.query));

    const auto answer = [&] {
        const PlanOptions options{req.correct_spelling, deadline, &impl_->plan_memo, impl_->words.get()};
        const QueryPlan plan = plan_query(req.query, impl_->db, impl_->parser, impl_->thesaurus, options);
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
            if (req.sort == SortOrder::date) e.fields += "; each newest first (last reviewed, else modified, else published)";
            if (plan.title_pages) e.fields += "; pages titled exactly with these words (or their synonyms) rank higher";
            for (const std::string& t : plan.together) {
                e.fields += "; pages with \"" + t + "\" together rank higher (this index mostly has its words apart)";
            }
            e.query = filtered(plan.some, filter).get_description();
        }
        if (!plan.all.empty()) impl_->run(plan, filter, req.sort, deadline, out);
        if (out.budget_exceeded) {
            out.notes.push_back("The search stopped after its time budget (" + std::to_string(req.time_budget_ms) +
                                " ms); results and counts may be incomplete.");
        }
    };
    // A writer committing while we read can invalidate this reader's snapshot: reopen and retry once.
    with_xapian(reading(impl_->dir, "searching"), [&] {
        recovering(XapianFailure::kChanged, answer, [&] {
            out.hits.clear();
            out.notes.clear();
            out.budget_exceeded = false;
            impl_->db.reopen();
            impl_->forget_revision();
            answer();
        });
    });
    return out;
}

std::vector<std::string> Searcher::missing_ids(const std::vector<std::string>& ids) {
    std::vector<std::string> missing;
    with_xapian(reading(impl_->dir, "reading"), [&] {
        impl_->refresh();
        for (const std::string& id : ids) {
            if (!impl_->db.term_exists(schema::bounded_term(schema::kPrefixId, id))) missing.push_back(id);
        }
    });
    return missing;
}

unsigned Searcher::check_health() {
    const auto read = [this] {
        impl_->refresh();
        const Xapian::Database& db = impl_->db;
        const Xapian::PostingIterator first = db.postlist_begin("");
        if (first != db.postlist_end("")) (void)db.get_document(*first).get_data();
        return db.get_doccount();
    };
    // A writer committing meanwhile: refresh() reopens, so reading once more is the retry.
    return with_xapian(reading(impl_->dir, "reading"), [&] { return recovering(XapianFailure::kChanged, read, read); });
}

// The time budget is enforced here, between phases, and not with Xapian's
// Enquire::set_time_limit: in Xapian 1.4.22 its timer thread sets an "expired" flag on the
// matcher's stack, and under load it can fire after get_mset has returned, writing a 0x01 byte
// into whatever then occupies that stack slot. ASan caught it corrupting a result's string
// pointer (the low byte became 01) in CorpusTest.TimeBudgetCutsAreReported. Each phase is
// bounded anyway (32 words, wildcards to 200 terms in all, synonyms to 8 per phrase, facets to
// 10,000 documents: query_plan.h), so a query cannot hang; once the budget is spent, by planning
// or by tier 1, the optional phases (fewer-words tier, facets) are skipped and the results say so.
void Searcher::Impl::run(const QueryPlan& plan, const Xapian::Query& filter, SortOrder sort,
                         std::chrono::steady_clock::time_point deadline, SearchResults& out) {
    auto over_budget = [&] {
        if (std::chrono::steady_clock::now() > deadline) out.budget_exceeded = true;
        return out.budget_exceeded;
    };
    const Highlighter hl(plan.highlight);
    Xapian::Enquire enquire(db);
    enquire.set_collapse_key(schema::kSlotTextHash);
    // Newest first within each tier; an undated article's empty value sorts last.
    if (sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
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
    if (!over_budget()) {
        FacetCounts counted = facets.count(db, filtered(plan.some, filter));
        out.facets = std::move(counted.facets);
        // Every result was counted (duplicates once): the total is that, not an estimate (issue 19:
        // "of about 20" over 15 results, whose facets said 15).
        if (counted.results) out.total = *counted.results;
    }
    (void)over_budget();   // facets that finished past the deadline: the answer still says so
}

void Searcher::Impl::append_hits(const Xapian::MSet& mset, unsigned first_rank, const Highlighter& hl, std::vector<SearchHit>& hits) {
    unsigned rank = first_rank;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        const std::shared_ptr<const Article> stored = documents.get(*it, [&] { return schema::decode_stored(doc.get_data()); });
        const Article& a = *stored;
        SearchHit h;
        h.rank = rank++;
        h.id = a.id;
        h.path = a.path;
        h.url = a.url;
        h.title = a.title;
        h.title_html = hl.mark_all(a.title);
        h.reviewed = a.reviewed;
        h.score = it.get_weight();
        const std::shared_ptr<const PreparedBody> prepared = documents.prepared(*it);
        const Snippet s = hl.best_passage(a, kSnippetChars, prepared.get());
        h.snippet = s.html;
        if (s.heading != a.title) h.section = s.heading;
        if (!s.anchor.empty() && !a.url.empty()) h.section_url = a.url.substr(0, a.url.find('#')) + "#" + s.anchor;
        h.page = page_of_anchor(s.anchor);
        if (it.get_collapse_count() > 0) {
            const std::string term = schema::text_hash_term(doc.get_value(schema::kSlotTextHash));
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && h.duplicates.size() < kMaxDuplicatesListed; ++p) {
                if (*p == *it) continue;
                const std::shared_ptr<const Article> dup =
                    documents.get(*p, [&] { return schema::decode_stored(db.get_document(*p).get_data()); });
                // A print copy often shares the canonical URL: then its path is what tells it apart.
                h.duplicates.push_back(dup->url.empty() || dup->url == a.url ? dup->path : dup->url);
                h.duplicate_ids.push_back(dup->id);
            }
        }
        hits.push_back(std::move(h));
    }
}

}  // namespace lantern

namespace lantern {

std::vector<Suggestion> Searcher::suggest(const std::string& typed, unsigned limit) {
    if (limit < 1 || limit > 20) {
        throw BadParameter("limit", "limit must be between 1 and 20, not " + std::to_string(limit));
    }
    if (typed.size() > kMaxQueryBytes) {
        throw BadParameter("q", "q is " + std::to_string(typed.size()) + " bytes long; the most is " +
                                    std::to_string(kMaxQueryBytes), BadParameter::kTooLong);
    }
    std::vector<Suggestion> out;
    std::vector<Word> words = split_words(typed);
    if (words.empty()) return out;
    with_xapian(reading(impl_->dir, "completing words from"), [&] {
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
            if (!analysis::is_stopword(w.key)) parts.emplace_back(schema::title_stem_term(stem(w.key)));
        }
        if (!last.empty()) {
            parts.emplace_back(Xapian::Query::OP_WILDCARD, schema::title_word_term(last), 50,
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
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace lantern
