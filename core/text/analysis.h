// analysis.h: text analysis, set up ONCE (STYLE.md rule 2). The TermGenerator that indexes, the
// QueryParser that reads queries and the snippet generator all take their stemmer, stopper and
// flags from here, so index time and query time can never disagree.
//
// Internal to core: only index_writer.cpp and search.cpp include it (Xapian types appear here).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace lantern::analysis {

/// The stemmer for the index's language (English, Snowball "english").
Xapian::Stem stemmer();

/// True for a word (folded, lower case) on Lantern's stopword list.
bool is_stopword(const std::string& word);

/// A term generator with Lantern's stemmer, stopper, stemming strategy and flags. It records no
/// spelling data: the index writer counts spelling words from the documents and writes them in
/// batches (index_writer.cpp).
Xapian::TermGenerator make_term_generator();

/// A query parser with the same stemmer and stopper, the field prefixes users may type
/// (title:, topic:, ...), bounded wildcard expansion, and `db` for wildcards and spelling.
Xapian::QueryParser make_query_parser(const Xapian::Database& db);

/// QueryParser flags for a user's query: phrases, boolean operators, +/-, wildcards.
unsigned query_flags();

/// Flags for MSet::snippet.
unsigned snippet_flags();

/// Text as the indexer and query parser see it: accents folded (text_fold.h), so "cafe" finds
/// "café". Stored text keeps its accents; snippets fold as they match.
std::string index_form(const std::string& text);

/// The title-key term (schema::kPrefixTitleKey) of a title or of a query's words: empty when the
/// text has no word but stopwords, or more than schema::kTitleKeyWords other words.
std::string title_key(const std::string& text);

/// The word in the other grammatical number, as English spells it regularly: "veins" -> vein,
/// "vein" -> veins, "abscesses" -> abscess, "injury" -> injuries, "od" -> ods. Candidates, not a
/// dictionary: a caller keeps those its table or index holds. Irregular plurals are not known,
/// and a plural of three letters or fewer is not undone; none for one letter or a word starting
/// with a digit.
std::vector<std::string> number_forms(const std::string& word);

/// The singular of a regular English plural ("programs" -> program, "processes" -> process,
/// "injuries" -> injury), or the word itself when it does not look plural (number_forms' rule).
std::string singular_form(const std::string& word);

/// Most terms a trailing-wildcard query may expand to.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 100;

}  // namespace lantern::analysis
