// query_plan.h: from a user's query text to Xapian queries, with everything --explain reports.
// Internal to core (Xapian types): search.cpp is its only user.
//
// Plain words (no query syntax) are planned here: accents folded, stopwords dropped, thesaurus
// entries expanded (OP_SYNONYM, so a word and its synonyms count as one term), unknown words
// corrected from the index's spelling data. Queries with syntax go through Xapian's QueryParser;
// when it cannot read them, they fall back to plain words, and a note says so.
#pragma once

#include <xapian.h>

#include <chrono>
#include <functional>
#include <unordered_map>
#include <string>
#include <vector>

#include "search/detail/expansion_weight.h"
#include "search/detail/spelling.h"
#include "text/thesaurus.h"

namespace lantern {

/// Most words a query plans (stopwords, operators and field names not counted): the words after
/// them are dropped, with a note. Each word costs a spelling check and a thesaurus lookup (up to a
/// few phrase counts): 200 thesaurus phrases took 0.57 s and 102 MiB on ../shared/corpora. The
/// longest judged query has 10 words (docs/security.md, "Hostile queries, measured").
inline constexpr std::size_t kMaxQueryWords = 32;

/// Most trailing wildcards a query expands ("a*", "title:co*"); a '*' after them is dropped and
/// its word searched as typed, with a note. Xapian expands a wildcard by reading every indexed
/// term that starts with it, in each of the three matches a search makes (tier 1, tier 2,
/// facets): "s*" reads 13,000 terms on ../shared/corpora, and 333 one-letter wildcards took
/// 2.8 s and 159 MiB there (4.6 s under the server's 2 s budget).
inline constexpr std::size_t kMaxWildcards = 4;

/// Most terms a query's wildcards expand to together: each of N wildcards to its
/// kMaxWildcardTerms / N most frequent terms, with a note when N > 1 (one wildcard keeps
/// analysis::kMaxWildcardExpansion, as before).
inline constexpr Xapian::termcount kMaxWildcardTerms = 100;

struct QueryPlan {
    Xapian::Query all;                        ///< tier 1: every word but common_words (or the query as written)
    Xapian::Query some;                       ///< tier 2: any word; equal to `all` when there is one tier
    bool two_tiers = false;                   ///< `some` differs from `all` (more than one unit)
    bool syntax = false;                      ///< parsed with query syntax
    std::vector<std::string> words;           ///< the words searched (after correction)
    bool title_pages = false;                 ///< some page's title is exactly the query (or its one thesaurus entry)
    std::vector<std::string> common_words;    ///< words too common to require in tier 1: they only raise the rank
    std::vector<std::string> together;        ///< entries the collection mostly holds apart: pages holding them together rank higher
    std::vector<ThesaurusMatch> synonyms;     ///< thesaurus entries applied
    std::vector<std::pair<std::string, std::string>> corrections;  ///< misspelled word -> correction
    std::string suggestion;                   ///< corrected query text when corrections were made
    std::vector<std::string> notes;           ///< e.g. syntax fallback
    std::vector<std::string> highlight;       ///< stems (and raw numbers) to highlight in snippets and titles
    bool budget_exceeded = false;             ///< the deadline passed while planning: later words were neither corrected nor expanded
};

/// What planning finds out about one revision of an index whatever the rest of the query: each
/// typed word's spelling correction, and whether a thesaurus entry's expansions carry it (their
/// page counts). Words and entries recur across distinct questions, and these were a tenth of a
/// search on ../shared/corpora (callgrind, docs/BENCHMARKS.md). A Searcher keeps one (per server
/// worker: not thread-safe) and empties it whenever its index changes revision. At most
/// kMaxEntries of each are kept; then they are emptied and filled again.
class PlanMemo {
public:
    static constexpr std::size_t kMaxEntries = 10000;

    /// correct_word's answer for the typed word `typed`, from `compute` the first time.
    const std::string& correction(const std::string& typed, const std::function<std::string()>& compute);

    /// weigh_entry's answer for the entry `m`, from `compute` the first time.
    EntryWeight weighs(const ThesaurusMatch& m, const std::function<EntryWeight()>& compute);

    void clear();

private:
    std::unordered_map<std::string, std::string> corrections_;
    std::unordered_map<std::string, EntryWeight> weights_;  ///< by the entry's phrase and expansions
};

struct PlanOptions {
    bool correct_spelling = true;             ///< replace words the index has never seen by its suggestions
    /// Past this, the remaining words are searched as typed: no spelling checks, no thesaurus
    /// expansions (whose page counts are the costly part of planning).
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    /// Answers kept from earlier queries on the same revision of the index, or null.
    PlanMemo* memo = nullptr;
    /// The word lists spelling checks consult (the Searcher's, which try its release's words
    /// file), or null for WordLists::installed().
    const WordLists* words = nullptr;
};

/// Plans a query: its first kMaxQueryWords words, its first kMaxWildcards wildcards. `parser`
/// must come from analysis::make_query_parser(db); its wildcard limit is set here for each query.
QueryPlan plan_query(const std::string& text, const Xapian::Database& db, Xapian::QueryParser& parser,
                     const Thesaurus& thesaurus, const PlanOptions& options);

/// True when the text uses query syntax (quotes, field:, AND/OR/NOT/NEAR, +/-word, word*, ranges, brackets).
bool uses_syntax(const std::string& text);

}  // namespace lantern
