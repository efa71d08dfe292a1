// query_plan.h: from a user's query text to Xapian queries, with everything --explain reports.
// Internal to core (Xapian types): search.cpp is its only user.
//
// Plain words (no query syntax) are planned here: accents folded, stopwords dropped, thesaurus
// entries expanded (OP_SYNONYM, so a word and its synonyms count as one term), unknown words
// corrected from the index's spelling data. Queries with syntax go through Xapian's QueryParser;
// when it cannot read them, they fall back to plain words, and a note says so.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "core/thesaurus.h"

namespace lantern {

struct QueryPlan {
    Xapian::Query all;                        ///< tier 1: every word but common_words (or the query as written)
    Xapian::Query some;                       ///< tier 2: any word; equal to `all` when there is one tier
    bool two_tiers = false;                   ///< `some` differs from `all` (more than one unit)
    bool syntax = false;                      ///< parsed with query syntax
    std::vector<std::string> words;           ///< the words searched (after correction)
    bool title_pages = false;                 ///< some page's title is exactly the query (or its one thesaurus entry)
    std::vector<std::string> common_words;    ///< words too common to require in tier 1: they only raise the rank
    std::vector<ThesaurusMatch> synonyms;     ///< thesaurus entries applied
    std::vector<std::pair<std::string, std::string>> corrections;  ///< misspelled word -> correction
    std::string suggestion;                   ///< corrected query text when corrections were made
    std::vector<std::string> notes;           ///< e.g. syntax fallback
    std::vector<std::string> highlight;       ///< stems (and raw numbers) to highlight in snippets and titles
};

struct PlanOptions {
    bool correct_spelling = true;             ///< replace words the index has never seen by its suggestions
};

/// Plans a query. `parser` must come from analysis::make_query_parser(db).
QueryPlan plan_query(const std::string& text, const Xapian::Database& db, Xapian::QueryParser& parser,
                     const Thesaurus& thesaurus, const PlanOptions& options);

/// True when the text uses query syntax (quotes, field:, AND/OR/NOT/NEAR, +/-word, word*, ranges, brackets).
bool uses_syntax(const std::string& text);

}  // namespace lantern
