// query_plan.cpp: plain-word planning (thesaurus, spelling) and the QueryParser path.
#include "search/detail/query_plan.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <set>
#include <sstream>

#include "text/analysis.h"
#include "text/errors.h"
#include "text/schema.h"
#include "search/detail/expansion_weight.h"
#include "search/detail/query_terms.h"
#include "search/detail/spelling.h"

namespace lantern {
namespace {

/// A typed word on more than this share of the pages only raises a page's rank in tier 1 rather
/// than being required there ("effects", "testing", "last"), as long as a rarer word is required.
/// Measured at 0.01 to 0.15 on both judged collections: every value helped both; 0.05 is the
/// middle of the plateau (docs/relevance.md).
constexpr double kCommonWordShare = 0.05;

/// Weight of a page's title being exactly the query's words (schema::kPrefixTitleKey). Its term
/// is rare, so BM25 gives it a large idf; measured from 0.03 to 4, every value helped the shared
/// collection and left the bundled one as it was; 0.1 scored highest (docs/relevance.md).
constexpr double kTitleMatchWeight = 0.1;

bool is_operator(const std::string& token) {
    return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" || token == "ADJ" ||
           token.rfind("NEAR/", 0) == 0 || token.rfind("ADJ/", 0) == 0;
}

/// The stems a parsed query's free-text terms search, in any field (title:, description:, or
/// none), for the highlighter; boolean terms (topic:, ...) highlight nothing.
void collect_highlights(const Xapian::Query& q, const Xapian::Stem& stem, std::vector<std::string>& out) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
        const std::string term = *t;
        const std::optional<schema::TextTerm> text = schema::text_term(term);
        if (!text) continue;
        out.push_back(text->stemmed ? std::string(text->word) : stem(std::string(text->word)));
    }
}

/// Plain words: thesaurus units combined with AND (tier 1) and OR (tier 2).
QueryPlan plan_plain(const std::string& text, const Xapian::Database& db, const Thesaurus& thesaurus,
                     const PlanOptions& options) {
    QueryPlan plan;
    const Xapian::Stem stem = analysis::stemmer();
    std::vector<Word> words = split_words(text);
    // Stopwords go, unless nothing else is left ("who", "the the").
    std::vector<Word> kept;
    for (const Word& w : words) {
        if (!analysis::is_stopword(w.key)) kept.push_back(w);
    }
    if (!kept.empty()) words = kept;
    if (words.empty()) return plan;
    // Hyphenated compounds ("co-prescribing", "long-term") are searched as phrases, as Xapian's
    // QueryParser does: joined[i] says word i continues into word i + 1.
    std::vector<bool> joined(words.size(), false);
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        joined[i] = words[i].end < text.size() && text[words[i].end] == '-' && words[i + 1].begin == words[i].end + 1;
    }

    std::vector<ThesaurusMatch> matches = thesaurus.find(words);
    std::vector<bool> in_match(words.size(), false);
    for (const ThesaurusMatch& m : matches) {
        for (std::size_t k = m.first; k < m.first + m.count; ++k) in_match[k] = true;
    }
    const auto out_of_time = [&] {
        if (!plan.budget_exceeded && std::chrono::steady_clock::now() > options.deadline) plan.budget_exceeded = true;
        return plan.budget_exceeded;
    };
    if (options.correct_spelling) {
        for (std::size_t i = 0; i < words.size() && !out_of_time(); ++i) {
            const std::string& key = words[i].key;
            if (in_match[i]) continue;
            const std::string typed = text.substr(words[i].begin, words[i].end - words[i].begin);
            const WordLists& lists = options.words ? *options.words : WordLists::installed();
            const auto correct = [&] { return correct_word(typed, key, db, lists); };
            const std::string fix = options.memo ? options.memo->correction(typed, correct) : correct();
            if (fix.empty()) continue;
            plan.corrections.emplace_back(key, fix);
            words[i].key = fix;
        }
        if (!plan.corrections.empty()) {
            // A corrected word may now be a thesaurus entry ("narcann" -> "narcan").
            matches = thesaurus.find(words);
            for (std::size_t i = 0; i < words.size(); ++i) plan.suggestion += (i == 0 ? "" : " ") + words[i].key;
        }
    }

    // Each unit is the user's word(s), OR'd with the thesaurus expansions at a lower weight: the
    // typed word keeps its own idf (a synonym group would dilute it), and pages using both the lay
    // and the clinical term rank highest. Tuned on the judged queries (docs/relevance.md).
    std::vector<Xapian::Query> units;          // required in tier 1
    std::vector<Xapian::Query> common;         // typed words too common to require (kCommonWordShare)
    std::vector<Xapian::Query> single_words;   // every word on its own, for tier 2
    const double common_pages = kCommonWordShare * static_cast<double>(db.get_doccount());
    std::size_t next_match = 0;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t len = 1;
        Xapian::Query unit;
        if (next_match < matches.size() && matches[next_match].first == i && out_of_time()) {
            // Out of time: the entry's words are searched as typed, without the page counts.
            len = matches[next_match++].count;
            unit = words_query(matches[next_match - 1].phrase, stem, plan.highlight);
        } else if (next_match < matches.size() && matches[next_match].first == i) {
            const ThesaurusMatch& m = matches[next_match++];
            len = m.count;
            // Variants that differ only in number ("drug user", "drug users") build one query: it
            // is asked once, so a page is not counted twice for it and the search does not pay twice.
            std::vector<Xapian::Query> expansions;
            std::set<std::string> built;
            for (const std::string& e : m.expansions) {
                Xapian::Query q = expansion_query(e, db, stem, plan.highlight, true);
                if (!q.empty() && built.insert(q.get_description()).second) expansions.push_back(q);
            }
            Xapian::Query original = words_query(m.phrase, stem, plan.highlight);
            const auto count = [&] { return weigh_entry(m, db, stem); };
            const EntryWeight weight = options.memo ? options.memo->weighs(m, count) : count();
            if (weight.carry && m.count > 1 && !original.empty()) {
                if (Xapian::Query together = typed_words_together(m, db); !together.empty()) original = together;
            } else if (weight.apart && !original.empty()) {
                // A set phrase its collection mostly uses apart: the pages holding it rank higher.
                original = Xapian::Query(Xapian::Query::OP_AND_MAYBE, original,
                                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, typed_words_near(m, db), kTogetherWeight));
                plan.together.push_back(m.phrase);
            }
            const Xapian::Query added(Xapian::Query::OP_SCALE_WEIGHT,
                                      Xapian::Query(Xapian::Query::OP_SYNONYM, expansions.begin(), expansions.end()),
                                      weight.carry ? 1.0 : kExpansionWeight);
            unit = original.empty() ? added : expansions.empty() ? original : Xapian::Query(Xapian::Query::OP_OR, original, added);
            plan.synonyms.push_back(m);
        } else if (joined[i]) {
            std::string compound = words[i].key;
            while (i + len < words.size() && joined[i + len - 1] &&
                   !(next_match < matches.size() && matches[next_match].first == i + len)) {
                compound += " " + words[i + len].key;
                ++len;
            }
            unit = len > 1 ? expansion_query(compound, db, stem, plan.highlight) : words_query(compound, stem, plan.highlight);
        } else {
            unit = words_query(words[i].key, stem, plan.highlight);
            const std::string term = word_term(words[i].key, stem);
            if (!unit.empty() && static_cast<double>(db.get_termfreq(term)) > common_pages) {
                common.push_back(unit);
                plan.common_words.push_back(words[i].key);
                unit = Xapian::Query();
            }
        }
        if (!unit.empty()) units.push_back(unit);
        for (std::size_t k = i; k < i + len; ++k) {
            plan.words.push_back(words[k].key);
            if (len > 1 && !analysis::is_stopword(words[k].key)) single_words.emplace_back(word_term(words[k].key, stem));
        }
        i += len;
    }
    if (units.empty()) {   // every word is common: require them all after all
        units.swap(common);
        plan.common_words.clear();
    }
    if (units.empty()) return plan;
    plan.all = Xapian::Query(Xapian::Query::OP_AND, units.begin(), units.end());
    if (!common.empty()) {
        plan.all = Xapian::Query(Xapian::Query::OP_AND_MAYBE, plan.all,
                                 Xapian::Query(Xapian::Query::OP_OR, common.begin(), common.end()));
    }
    // A page titled exactly with the query's words, or with the expansion of a query that is one
    // thesaurus entry ("smack" -> a page titled "Heroin"), is the collection's page on the topic.
    std::string typed;
    for (const Word& w : words) typed += (typed.empty() ? "" : " ") + w.key;
    std::vector<std::string> titles{typed};
    if (matches.size() == 1 && matches[0].first == 0 && matches[0].count == words.size()) {
        titles.insert(titles.end(), matches[0].expansions.begin(), matches[0].expansions.end());
    }
    std::vector<Xapian::Query> keys;
    std::set<std::string> seen;
    for (const std::string& t : titles) {
        const std::string key = analysis::title_key(t);
        if (!key.empty() && seen.insert(key).second && db.term_exists(key)) keys.emplace_back(key);
    }
    if (!keys.empty()) {
        plan.title_pages = true;
        plan.all = Xapian::Query(Xapian::Query::OP_AND_MAYBE, plan.all,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                               Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end()), kTitleMatchWeight));
    }
    std::vector<Xapian::Query> any = units;
    any.insert(any.end(), common.begin(), common.end());
    any.insert(any.end(), single_words.begin(), single_words.end());
    plan.two_tiers = any.size() > 1;
    plan.some = plan.two_tiers ? Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()) : plan.all;
    return plan;
}

}  // namespace

bool uses_syntax(const std::string& text) {
    if (text.find_first_of("\"():*") != std::string::npos) return true;
    if (text.find("..") != std::string::npos) return true;
    std::istringstream in(text);
    for (std::string token; in >> token;) {
        if (is_operator(token) || token[0] == '+' || (token[0] == '-' && token.size() > 1)) return true;
    }
    return false;
}

namespace {

bool is_word_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

/// Where the text is cut so that kMaxQueryWords words are left, or npos when it has no more.
/// Stopwords, operators and field names are not counted (they cost no lookups), but a wildcard
/// is, whatever its letters ("a*"). The cut is at the first space after the last word kept, so
/// its wildcard, closing quote or bracket stays and a dangling operator ("... AND NOT") goes.
std::size_t word_limit_cut(const std::string& text) {
    std::size_t counted = 0;
    std::size_t last_end = 0;
    for (const WordSpan& w : word_spans(text)) {
        const std::string typed = text.substr(w.begin, w.end - w.begin);
        const bool field = w.end < text.size() && text[w.end] == ':';
        const bool wildcard = w.end < text.size() && text[w.end] == '*';
        if (!wildcard && (field || is_operator(typed) || analysis::is_stopword(word_key(typed)))) continue;
        if (++counted <= kMaxQueryWords) {
            last_end = w.end;
            continue;
        }
        const std::size_t space = text.find_first_of(" \t\n\r", last_end);
        if (space < w.begin) return space;
        // The word too many shares a run of non-space characters with the last word kept (a date
        // range, "a-b-c"): the whole run goes, as cutting inside it can change what it means
        // ("reviewed:0001-01" is a phrase). A run that starts the query is cut at the word.
        const std::size_t run = text.find_last_of(" \t\n\r", w.begin);
        return run != std::string::npos ? run : w.begin;
    }
    return std::string::npos;
}

/// Keeps the first kMaxWildcards trailing wildcards of a query with syntax (a '*' right after a
/// word: "a*", "title:co*") and makes the rest plain words. Returns how many the text had.
std::size_t keep_first_wildcards(std::string& text) {
    std::size_t n = 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '*' && is_word_byte(text[i - 1]) && ++n > kMaxWildcards) text[i] = ' ';
    }
    return n;
}

QueryPlan plan_within_limits(std::string text, const Xapian::Database& db, Xapian::QueryParser& parser,
                             const Thesaurus& thesaurus, const PlanOptions& options) {
    if (!uses_syntax(text)) return plan_plain(text, db, thesaurus, options);
    QueryPlan plan;
    plan.syntax = true;
    const std::size_t wildcards = keep_first_wildcards(text);
    const std::size_t expanded = std::min(wildcards, kMaxWildcards);
    const Xapian::termcount per_wildcard =
        expanded == 0 ? kMaxWildcardTerms : kMaxWildcardTerms / static_cast<Xapian::termcount>(expanded);
    // The parser is the searcher's and outlives this query: its wildcard limit is set every time.
    parser.set_max_expansion(per_wildcard, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (wildcards > kMaxWildcards) {
        plan.notes.push_back("The query has " + std::to_string(wildcards) + " wildcards; only the first " +
                             std::to_string(kMaxWildcards) + " were expanded (to their " + std::to_string(per_wildcard) +
                             " most frequent words each), the others were searched as typed.");
    } else if (expanded > 1) {
        plan.notes.push_back("The query has " + std::to_string(wildcards) + " wildcards; each was expanded to its " +
                             std::to_string(per_wildcard) + " most frequent words.");
    }
    try {
        parser.set_default_op(Xapian::Query::OP_AND);
        plan.all = parser.parse_query(text, analysis::query_flags());
        parser.set_default_op(Xapian::Query::OP_OR);
        plan.some = parser.parse_query(text, analysis::query_flags());
        // Syntax queries: the default operator only matters where the user left words side by side.
        plan.two_tiers = plan.all.get_description() != plan.some.get_description();
    } catch (const Xapian::QueryParserError& e) {
        QueryPlan fallback = plan_plain(text, db, thesaurus, options);
        fallback.notes.push_back("The query syntax could not be read (" + e.get_msg() + "), so its words were searched instead.");
        return fallback;
    }
    for (auto t = plan.some.get_terms_begin(); t != plan.some.get_terms_end(); ++t) plan.words.push_back(*t);
    collect_highlights(plan.some, analysis::stemmer(), plan.highlight);
    return plan;
}

}  // namespace

const std::string& PlanMemo::correction(const std::string& typed, const std::function<std::string()>& compute) {
    const auto found = corrections_.find(typed);
    if (found != corrections_.end()) return found->second;
    if (corrections_.size() >= kMaxEntries) corrections_.clear();
    return corrections_.emplace(typed, compute()).first->second;
}

EntryWeight PlanMemo::weighs(const ThesaurusMatch& m, const std::function<EntryWeight()>& compute) {
    std::string key = m.phrase;
    for (const std::string& e : m.expansions) key += '\n' + e;
    const auto found = weights_.find(key);
    if (found != weights_.end()) return found->second;
    if (weights_.size() >= kMaxEntries) weights_.clear();
    return weights_.emplace(std::move(key), compute()).first->second;
}

void PlanMemo::clear() {
    corrections_.clear();
    weights_.clear();
}

QueryPlan plan_query(const std::string& raw, const Xapian::Database& db, Xapian::QueryParser& parser,
                     const Thesaurus& thesaurus, const PlanOptions& options) {
    std::string text = fold_accents(raw);
    const std::size_t cut = word_limit_cut(text);
    if (cut != std::string::npos) text.resize(cut);
    QueryPlan plan = plan_within_limits(text, db, parser, thesaurus, options);
    if (cut != std::string::npos) {
        plan.notes.insert(plan.notes.begin(), "The query has more than " + std::to_string(kMaxQueryWords) +
                                                  " words; only the first " + std::to_string(kMaxQueryWords) + " were searched.");
    }
    return plan;
}

}  // namespace lantern
