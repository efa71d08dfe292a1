// query_plan.cpp: plain-word planning (thesaurus, spelling) and the QueryParser path.
#include "core/query_plan.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "core/analysis.h"
#include "core/errors.h"
#include "core/spelling.h"

namespace lantern {
namespace {

/// Weight of thesaurus expansions when the typed word is how the collection itself names the
/// concept (1.0 otherwise: expansions_carry). Tuned on the judged queries: 0.3 is the value at
/// which every query kind beats the foundation (0.7 scores higher overall but costs clinical
/// queries; docs/relevance.md).
constexpr double kExpansionWeight = 0.3;

/// A typed word on more than this share of the pages only raises a page's rank in tier 1 rather
/// than being required there ("effects", "testing", "last"), as long as a rarer word is required.
/// Measured at 0.01 to 0.15 on both judged collections: every value helped both; 0.05 is the
/// middle of the plateau (docs/relevance.md).
constexpr double kCommonWordShare = 0.05;

/// Weight of a page's title being exactly the query's words (schema::kPrefixTitleKey). Its term
/// is rare, so BM25 gives it a large idf; measured from 0.03 to 4, every value helped the shared
/// collection and left the bundled one as it was; 0.1 scored highest (docs/relevance.md).
constexpr double kTitleMatchWeight = 0.1;

/// Positions a several-word thesaurus entry's typed words may spread over beyond their own number
/// when its expansions carry it (typed_words_together): one word between two, or three words in
/// any order. Windows of 3 to 12 positions measured within 0.003 of each other (docs/relevance.md).
constexpr Xapian::termcount kNearSlack = 1;

/// A typed word this many times rarer than its most common expansion is not how the collection
/// names the concept. Measured at 3, 10, 30 and 100 on both judged collections (docs/relevance.md).
constexpr double kRarerThanExpansions = 10.0;

/// A typed word whose pages hold one of its expansions less often than this is used in another
/// sense by the collection ("subs": subsections, sub-Saharan; few of those pages say
/// buprenorphine). Measured at 0.05, 0.1, 0.2 and 0.3 (docs/relevance.md).
constexpr double kAgreementShare = 0.1;

bool is_operator(const std::string& token) {
    return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" || token == "ADJ" ||
           token.rfind("NEAR/", 0) == 0 || token.rfind("ADJ/", 0) == 0;
}

/// The term a plain word searches: its stem ("Z" + stem), or the word itself for numbers, which
/// the indexer stores unstemmed only.
std::string word_term(const std::string& key, const Xapian::Stem& stem) {
    if (!key.empty() && key[0] >= '0' && key[0] <= '9') return key;
    return "Z" + stem(key);
}

/// The user's own words: one word is its term; several are all required (stopwords dropped).
Xapian::Query words_query(const std::string& phrase, const Xapian::Stem& stem, std::vector<std::string>& highlight) {
    std::vector<Xapian::Query> parts;
    std::istringstream in(phrase);
    for (std::string w; in >> w;) {
        if (analysis::is_stopword(w)) continue;
        const std::string t = word_term(w, stem);
        parts.emplace_back(t);
        highlight.push_back(t[0] == 'Z' ? t.substr(1) : t);
    }
    if (parts.empty()) return Xapian::Query();
    return parts.size() == 1 ? parts[0] : Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

/// Surface forms of a word that the index holds, for phrases (phrases match unstemmed terms):
/// the word and its simple English plural or singular; empty when the index holds none.
Xapian::Query held_forms(const std::string& w, const Xapian::Database& db) {
    std::vector<Xapian::Query> forms;
    std::set<std::string> tried;
    for (const std::string& f : {w, w + "s", w + "es", w.size() > 3 && w.back() == 's' ? w.substr(0, w.size() - 1) : w}) {
        if (tried.insert(f).second && db.term_exists(f)) forms.emplace_back(f);
    }
    if (forms.empty()) return Xapian::Query();
    return forms.size() == 1 ? forms[0] : Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

/// A thesaurus expansion: one word is its stem; several must appear as a phrase (plural forms
/// allowed), so "syringe services program" does not match every page that uses the three words.
/// With `drop_impossible`, a phrase with a word the index lacks is empty (it could match
/// nothing), found before its other words are looked up: with a grown thesaurus those lookups
/// had become a large part of a query's cost. A typed compound keeps it, so tier 1 still asks.
Xapian::Query expansion_query(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem,
                              std::vector<std::string>& highlight, bool drop_impossible = false) {
    std::vector<std::string> words;
    std::istringstream in(phrase);
    for (std::string w; in >> w;) words.push_back(w);
    if (words.size() == 1) return words_query(phrase, stem, highlight);
    std::vector<Xapian::Query> parts;
    for (const std::string& w : words) {
        Xapian::Query forms = held_forms(w, db);
        if (forms.empty()) {
            if (drop_impossible) return Xapian::Query();
            forms = Xapian::Query(w);
        }
        parts.push_back(forms);
        if (!analysis::is_stopword(w)) highlight.push_back(word_term(w, stem)[0] == 'Z' ? stem(w) : w);
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
}

/// Pages holding a word's term, or every word of a phrase's (an upper bound on the phrase's).
Xapian::doccount pages_with_all(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem) {
    Xapian::doccount pages = db.get_doccount();
    std::istringstream in(phrase);
    for (std::string w; in >> w;) {
        if (!analysis::is_stopword(w)) pages = std::min(pages, db.get_termfreq(word_term(w, stem)));
    }
    return pages;
}

/// Pages that hold a phrase as a phrase (plural forms allowed, as expansion_query searches it),
/// or a word's term: exact up to `enough`, which is all the caller needs to know.
Xapian::doccount pages_with_phrase(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem,
                                   Xapian::doccount enough) {
    if (phrase.find(' ') == std::string::npos) return pages_with_all(phrase, db, stem);
    std::vector<std::string> unused;
    const Xapian::Query q = expansion_query(phrase, db, stem, unused, true);
    if (q.empty()) return 0;
    Xapian::Enquire count(db);
    count.set_query(q);
    count.set_weighting_scheme(Xapian::BoolWeight());
    return count.get_mset(0, 0, enough).get_matches_estimated();
}

/// Whether few of the pages holding a typed word (`typed` of them) hold any of its expansions.
bool used_in_another_sense(const ThesaurusMatch& m, Xapian::doccount typed, const Xapian::Database& db,
                           const Xapian::Stem& stem) {
    std::vector<std::string> unused;
    std::vector<Xapian::Query> expansions;
    for (const std::string& e : m.expansions) {
        Xapian::Query q = expansion_query(e, db, stem, unused, true);
        if (!q.empty()) expansions.push_back(q);
    }
    if (expansions.empty()) return false;
    Xapian::Enquire count(db);
    count.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(word_term(m.phrase, stem)),
                                  Xapian::Query(Xapian::Query::OP_OR, expansions.begin(), expansions.end())));
    count.set_weighting_scheme(Xapian::BoolWeight());
    const auto enough = static_cast<Xapian::doccount>(kAgreementShare * static_cast<double>(typed)) + 1;
    return count.get_mset(0, 0, enough).get_matches_estimated() < kAgreementShare * static_cast<double>(typed);
}

/// Whether a thesaurus match's expansions carry the unit at full weight rather than only widen
/// the typed words: when the collection names the concept far more often with an expansion than
/// with the typed words ("smack" beside "heroin"; the lay phrase "get clean needles", which few
/// pages hold as a phrase, beside "syringe exchange"), never with the typed words (slang such as
/// "bupe"), or uses a typed word in another sense (used_in_another_sense). Otherwise the typed
/// words keep the lead and expansions add kExpansionWeight.
bool expansions_carry(const ThesaurusMatch& m, const Xapian::Database& db, const Xapian::Stem& stem) {
    const Xapian::doccount typed = pages_with_phrase(m.phrase, db, stem, db.get_doccount());
    if (typed == 0) return true;
    const auto enough = static_cast<Xapian::doccount>(static_cast<double>(typed) * kRarerThanExpansions) + 1;
    for (const std::string& e : m.expansions) {
        // The bound first: most expansions are ruled out without a phrase search.
        if (pages_with_all(e, db, stem) >= enough && pages_with_phrase(e, db, stem, enough) >= enough) return true;
    }
    return m.count == 1 && used_in_another_sense(m, typed, db, stem);
}

/// The typed words of a several-word thesaurus entry near each other (any order, within
/// kNearSlack extra positions), when any page holds them so; otherwise empty, and the words are
/// searched apart as before (they may be all the evidence there is). Used where the expansions
/// carry the entry: its words scattered over a page (*needle* in one paragraph, *marks* in
/// another sense further on) say little, and pages that hold them close say much.
Xapian::Query typed_words_together(const ThesaurusMatch& m, const Xapian::Database& db) {
    std::vector<Xapian::Query> parts;
    std::istringstream in(m.phrase);
    for (std::string w; in >> w;) {
        if (analysis::is_stopword(w)) continue;
        Xapian::Query forms = held_forms(w, db);
        if (forms.empty()) return Xapian::Query();
        parts.push_back(forms);
    }
    if (parts.size() < 2) return Xapian::Query();
    const Xapian::Query near(Xapian::Query::OP_NEAR, parts.begin(), parts.end(),
                             static_cast<Xapian::termcount>(parts.size()) + kNearSlack);
    Xapian::Enquire any(db);
    any.set_query(near);
    any.set_weighting_scheme(Xapian::BoolWeight());
    return any.get_mset(0, 0, 1).get_matches_estimated() > 0 ? near : Xapian::Query();
}

void collect_highlights(const Xapian::Query& q, const Xapian::Stem& stem, std::vector<std::string>& out) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
        const std::string term = *t;
        if (term.empty()) continue;
        if (term[0] == 'Z') {
            out.push_back(term.substr(1));
        } else if (std::islower(static_cast<unsigned char>(term[0])) || std::isdigit(static_cast<unsigned char>(term[0]))) {
            out.push_back(stem(term));
        } else if (term.size() > 1 && term[0] == 'S') {  // title: field
            out.push_back(stem(term.substr(term[1] == 'Z' ? 2 : 1)));
        }
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
    if (options.correct_spelling) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& key = words[i].key;
            if (in_match[i]) continue;
            const std::string fix = correct_word(text.substr(words[i].begin, words[i].end - words[i].begin), key, db,
                                                 WordLists::installed());
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
        if (next_match < matches.size() && matches[next_match].first == i) {
            const ThesaurusMatch& m = matches[next_match++];
            len = m.count;
            std::vector<Xapian::Query> expansions;
            for (const std::string& e : m.expansions) {
                Xapian::Query q = expansion_query(e, db, stem, plan.highlight, true);
                if (!q.empty()) expansions.push_back(q);
            }
            Xapian::Query original = words_query(m.phrase, stem, plan.highlight);
            const bool carry = expansions_carry(m, db, stem);
            if (carry && m.count > 1 && !original.empty()) {
                if (Xapian::Query together = typed_words_together(m, db); !together.empty()) original = together;
            }
            const Xapian::Query added(Xapian::Query::OP_SCALE_WEIGHT,
                                      Xapian::Query(Xapian::Query::OP_SYNONYM, expansions.begin(), expansions.end()),
                                      carry ? 1.0 : kExpansionWeight);
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

QueryPlan plan_query(const std::string& raw, const Xapian::Database& db, Xapian::QueryParser& parser,
                     const Thesaurus& thesaurus, const PlanOptions& options) {
    const std::string text = fold_accents(raw);
    if (!uses_syntax(text)) return plan_plain(text, db, thesaurus, options);
    QueryPlan plan;
    plan.syntax = true;
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

}  // namespace lantern
