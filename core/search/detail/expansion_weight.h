// expansion_weight.h: how much a thesaurus match's expansions weigh beside the typed words,
// decided by counting pages of the index being searched (docs/relevance.md, issue 16 second
// round). Internal to core (Xapian types): the planner is its only user.
#pragma once

#include <xapian.h>

#include "text/thesaurus.h"

namespace lantern {

/// Weight of thesaurus expansions when the typed word is how the collection itself names the
/// concept (1.0 where EntryWeight::carry). Tuned on the judged queries: 0.3 is the value at
/// which every query kind beats the foundation (0.7 scores higher overall but costs clinical
/// queries; docs/relevance.md).
inline constexpr double kExpansionWeight = 0.3;

/// How a thesaurus match weighs, from page counts of the index being searched.
struct EntryWeight {
    /// The expansions carry the unit at full weight rather than only widen the typed words: the
    /// collection names the concept far more often with an expansion than with the typed words
    /// ("smack" beside "heroin"; the lay phrase "get clean needles", which few pages hold as a
    /// phrase, beside "syringe exchange"), never with the typed words (slang such as "bupe"), or
    /// uses a single typed word in another sense ("subs": few of its pages mention any
    /// expansion). Otherwise the typed words keep the lead and expansions add kExpansionWeight.
    bool carry = false;
    /// Not carried, several words, and a set phrase the collection mostly uses apart: some page
    /// holds its words together (as typed_words_together), but at most a fifth of the pages
    /// holding all of them do. "track marks": one report on needle track marks among nine pages
    /// that also track infants or differ markedly. The planner then lets pages holding them
    /// together rank higher (kTogetherWeight).
    bool apart = false;
};

/// The weight of match `m`. Counts are bounded by what the answers need, and the typed phrase is
/// counted once for both.
EntryWeight weigh_entry(const ThesaurusMatch& m, const Xapian::Database& db, const Xapian::Stem& stem);

/// The typed words of a several-word thesaurus entry near each other (any order, within one
/// position more than their number), when any page holds them so; otherwise empty, and the
/// words are searched apart as before (they may be all the evidence there is). For entries whose
/// expansions carry them: their words scattered over a page (*needle* in one paragraph, *marks*
/// in another sense further on) say little, and pages that hold them close say much.
Xapian::Query typed_words_together(const ThesaurusMatch& m, const Xapian::Database& db);

/// Weight of the pages that hold the typed words of a mostly-apart entry together, beside the
/// words anywhere (docs/relevance.md: 0.2 to 1 measured; 0.3 kept).
inline constexpr double kTogetherWeight = 0.3;

/// The typed words of a several-word entry near each other, as typed_words_together searches
/// them, without asking whether any page holds them so (empty when a word has no form in the index).
Xapian::Query typed_words_near(const ThesaurusMatch& m, const Xapian::Database& db);

}  // namespace lantern
