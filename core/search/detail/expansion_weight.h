// expansion_weight.h: how much a thesaurus match's expansions weigh beside the typed words,
// decided by counting pages of the index being searched (docs/relevance.md, issue 16 second
// round). Internal to core (Xapian types): the planner is its only user.
#pragma once

#include <xapian.h>

#include "text/thesaurus.h"

namespace lantern {

/// Weight of thesaurus expansions when the typed word is how the collection itself names the
/// concept (1.0 where expansions_carry). Tuned on the judged queries: 0.3 is the value at
/// which every query kind beats the foundation (0.7 scores higher overall but costs clinical
/// queries; docs/relevance.md).
inline constexpr double kExpansionWeight = 0.3;

/// Whether a thesaurus match's expansions carry the unit at full weight rather than only widen
/// the typed words: when the collection names the concept far more often with an expansion than
/// with the typed words ("smack" beside "heroin"; the lay phrase "get clean needles", which few
/// pages hold as a phrase, beside "syringe exchange"), never with the typed words (slang such as
/// "bupe"), or uses a single typed word in another sense ("subs": few of its pages mention any
/// expansion). Otherwise the typed words keep the lead and expansions add kExpansionWeight.
bool expansions_carry(const ThesaurusMatch& m, const Xapian::Database& db, const Xapian::Stem& stem);

/// The typed words of a several-word thesaurus entry near each other (any order, within one
/// position more than their number), when any page holds them so; otherwise empty, and the
/// words are searched apart as before (they may be all the evidence there is). For entries whose
/// expansions carry them: their words scattered over a page (*needle* in one paragraph, *marks*
/// in another sense further on) say little, and pages that hold them close say much.
Xapian::Query typed_words_together(const ThesaurusMatch& m, const Xapian::Database& db);

}  // namespace lantern
