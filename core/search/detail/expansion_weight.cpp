// expansion_weight.cpp: page counts that decide the weight of thesaurus expansions
// (expansion_weight.h).
#include "search/detail/expansion_weight.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "text/analysis.h"
#include "search/detail/query_terms.h"

namespace lantern {
namespace {

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

/// A several-word entry whose typed words stand together on at most this share of the pages
/// holding all of them is a set phrase its collection mostly uses apart (EntryWeight::apart). Measured
/// at 0.1 to 0.5 (docs/relevance.md): from 0.15 to 0.3 both collections score alike.
constexpr double kApartShare = 0.2;

/// Pages matching `q`: exact below `enough`, at least `enough` otherwise.
Xapian::doccount pages_matching(const Xapian::Query& q, const Xapian::Database& db, Xapian::doccount enough) {
    Xapian::Enquire count(db);
    count.set_query(q);
    count.set_weighting_scheme(Xapian::BoolWeight());
    return count.get_mset(0, 0, enough).get_matches_lower_bound();
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
/// or a word's term: exact below `enough`, and at least `enough` otherwise, which is all the
/// caller needs to know.
Xapian::doccount pages_with_phrase(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem,
                                   Xapian::doccount enough) {
    if (phrase.find(' ') == std::string::npos) return pages_with_all(phrase, db, stem);
    std::vector<std::string> unused;
    const Xapian::Query q = expansion_query(phrase, db, stem, unused, true);
    return q.empty() ? 0 : pages_matching(q, db, enough);
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
    const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query(word_term(m.phrase, stem)),
                             Xapian::Query(Xapian::Query::OP_OR, expansions.begin(), expansions.end()));
    const auto enough = static_cast<Xapian::doccount>(kAgreementShare * static_cast<double>(typed)) + 1;
    return pages_matching(both, db, enough) < kAgreementShare * static_cast<double>(typed);
}

}  // namespace

namespace {

/// Whether the entry's expansions carry it, from `typed`: the pages holding its typed words (as
/// a phrase when several), exact below `cap`.
bool carried(const ThesaurusMatch& m, Xapian::doccount typed, Xapian::doccount cap, const Xapian::Database& db,
             const Xapian::Stem& stem) {
    if (typed == 0) return true;
    if (typed < cap) {
        const auto enough = static_cast<Xapian::doccount>(static_cast<double>(typed) * kRarerThanExpansions) + 1;
        for (const std::string& e : m.expansions) {
            // The bound first: most expansions are ruled out without a phrase search.
            if (pages_with_all(e, db, stem) >= enough && pages_with_phrase(e, db, stem, enough) >= enough) return true;
        }
    }
    return m.count == 1 && used_in_another_sense(m, typed, db, stem);
}

/// Whether a several-word entry's typed words stand together on at most kApartShare of the pages
/// holding all of them (`over`: that share of their bound, plus one), and on one at least.
/// `phrase_pages` (the typed phrase's pages, exact below `over`) rules out most entries at once:
/// a page with the phrase holds the words together.
bool apart(const ThesaurusMatch& m, Xapian::doccount phrase_pages, Xapian::doccount over, const Xapian::Database& db,
           const Xapian::Stem& stem) {
    if (phrase_pages >= over) return false;
    const Xapian::Query near = typed_words_near(m, db);
    if (near.empty()) return false;
    const Xapian::doccount together = pages_matching(near, db, over);
    if (together == 0 || together >= over) return false;
    std::vector<std::string> unused;
    const auto needed = static_cast<Xapian::doccount>(std::ceil(static_cast<double>(together) / kApartShare));
    return pages_matching(words_query(m.phrase, stem, unused), db, needed) >= needed;
}

}  // namespace

EntryWeight weigh_entry(const ThesaurusMatch& m, const Xapian::Database& db, const Xapian::Stem& stem) {
    // A typed phrase is counted only up to what an expansion could exceed tenfold (the bound of
    // its commonest expansion), or what rules it out as mostly apart: counting a common phrase
    // exactly over the whole collection cost more than the rest of a query.
    Xapian::doccount most = 0;
    for (const std::string& e : m.expansions) most = std::max(most, pages_with_all(e, db, stem));
    const auto cap = static_cast<Xapian::doccount>(static_cast<double>(most) / kRarerThanExpansions) + 1;
    if (m.count == 1) return {carried(m, pages_with_all(m.phrase, db, stem), cap, db, stem), false};
    // Together on more than the share of the pages that could hold every word: not mostly apart,
    // whatever the exact count of those pages.
    const auto over = static_cast<Xapian::doccount>(kApartShare * pages_with_all(m.phrase, db, stem)) + 1;
    const Xapian::doccount typed = pages_with_phrase(m.phrase, db, stem, std::max(cap, over));
    EntryWeight w;
    w.carry = carried(m, typed, cap, db, stem);
    w.apart = !w.carry && apart(m, typed, over, db, stem);
    return w;
}

Xapian::Query typed_words_near(const ThesaurusMatch& m, const Xapian::Database& db) {
    std::vector<Xapian::Query> parts;
    std::istringstream in(m.phrase);
    for (std::string w; in >> w;) {
        if (analysis::is_stopword(w)) continue;
        Xapian::Query forms = held_forms(w, db);
        if (forms.empty()) return Xapian::Query();
        parts.push_back(forms);
    }
    if (parts.size() < 2) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(parts.size()) + kNearSlack);
}

Xapian::Query typed_words_together(const ThesaurusMatch& m, const Xapian::Database& db) {
    const Xapian::Query near = typed_words_near(m, db);
    return !near.empty() && pages_matching(near, db, 1) > 0 ? near : Xapian::Query();
}


}  // namespace lantern
