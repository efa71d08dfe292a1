// query_terms.h: the Xapian queries for a query's words and for thesaurus phrases, built the way
// the indexer stores terms (stems for words, unstemmed positional terms for phrases: text/schema.h).
// Internal to core (Xapian types): the planner and expansion_weight use it.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace lantern {

/// The term a plain word searches: its stem (schema::stemmed_term), or the word itself for numbers, which
/// the indexer stores unstemmed only.
std::string word_term(const std::string& key, const Xapian::Stem& stem);

/// The user's own words: one word is its term; several are all required (stopwords dropped).
/// Their stems (or numbers) go to `highlight`.
Xapian::Query words_query(const std::string& phrase, const Xapian::Stem& stem, std::vector<std::string>& highlight);

/// Surface forms of a word that the index holds, for phrases (phrases match unstemmed terms):
/// the word and its simple English plural or singular; empty when the index holds none.
Xapian::Query held_forms(const std::string& w, const Xapian::Database& db);

/// A thesaurus expansion: one word is its stem; several must appear as a phrase (plural forms
/// allowed), so "syringe services program" does not match every page that uses the three words.
/// With `drop_impossible`, a phrase with a word the index lacks is empty (it could match
/// nothing), found before its other words are looked up: with a grown thesaurus those lookups
/// had become a large part of a query's cost. A typed compound keeps it, so tier 1 still asks.
Xapian::Query expansion_query(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem,
                              std::vector<std::string>& highlight, bool drop_impossible = false);

}  // namespace lantern
