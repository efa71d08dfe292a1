// abbreviations.h: abbreviations a collection defines for itself ("syringe services programs
// (SSPs)"), found while indexing and used at search time like thesaurus entries, both ways
// (docs/relevance.md). Finding them is Schwartz & Hearst (2003), "A simple algorithm for
// identifying abbreviation definitions in biomedical text", with a few extra rules for web pages.
// Each document keeps its own pairs as boolean terms (schema::kPrefixAbbreviation), so Xapian
// counts how many documents define a pair through incremental builds, deletions and shards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class Database;
}

namespace lantern {

class Thesaurus;

/// One definition found in a text.
struct AbbreviationPair {
    std::string short_form;  ///< as written, a plural's "s" dropped ("SEPs" -> "SEP")
    std::string long_form;   ///< folded lower-case words, a plural's last word made singular
    bool operator==(const AbbreviationPair& o) const { return short_form == o.short_form && long_form == o.long_form; }
};

/// Every definition in the text, in order of appearance, each pair once: "long form (SF)" and
/// "SF (long form)". Pure; never throws on any input.
std::vector<AbbreviationPair> find_abbreviations(std::string_view text);

/// The boolean term that records in a document that it defines `pair` (prefix + SF TAB long form),
/// or "" when it would not fit a term.
std::string abbreviation_term(const AbbreviationPair& pair);

/// How the searcher uses the pairs (`[index]` keys in lantern.toml, docs/config.md), stored in
/// the index's metadata (schema::kMetaAbbreviations) at build time.
struct AbbreviationSettings {
    /// A pair is used when at least this many documents define it: one page's definition may be
    /// a one-off ("ED" as "eating disorder" in one report), and the measured best is 2
    /// (docs/relevance.md).
    static constexpr std::size_t kDefaultMinDocuments = 2;

    bool learn = true;  ///< false: learned pairs are not used
    std::size_t min_documents = kDefaultMinDocuments;
    std::vector<std::string> veto;  ///< short or long forms never used (folded)

    /// JSON for the metadata, and back. from_stored("") is the defaults; throws BadIndex when damaged.
    std::string to_stored() const;
    static AbbreviationSettings from_stored(const std::string& data);
};

/// A pair the searcher uses, and how many documents define it.
struct LearnedAbbreviation {
    std::string short_form;
    std::string long_form;
    std::size_t documents = 0;
    bool vetoed = false;  ///< listed so the report can show it, but not used
};

/// Most pair terms read from an index: bounds the work of opening a searcher on a huge collection.
inline constexpr std::size_t kMaxAbbreviationTerms = 200000;

/// The table from (term, documents defining it) rows: pairs defined often enough, the most frequent
/// long form of each short form (ties: the shorter, then alphabetical), short forms that are
/// stopwords left out, vetoed pairs kept but marked. Sorted by short form.
std::vector<LearnedAbbreviation> select_abbreviations(const std::vector<std::pair<std::string, std::size_t>>& terms,
                                                      const AbbreviationSettings& settings);

/// select_abbreviations over the index's pair terms (the first kMaxAbbreviationTerms) and its
/// stored settings. Internal to core (search.cpp, index_admin.cpp). Throws Xapian errors and BadIndex.
std::vector<LearnedAbbreviation> learned_abbreviations(const Xapian::Database& db,
                                                       const AbbreviationSettings& settings);

/// Adds the index's learned pairs to `thesaurus` both ways (Thesaurus::add_learned), unless its
/// stored settings turn learning off. Internal to core (search.cpp). Throws Xapian errors and BadIndex.
void add_learned_abbreviations(const Xapian::Database& db, Thesaurus& thesaurus);

/// The vocabulary searches use: the index's stored thesaurus with its learned abbreviations added.
/// compile_vocabulary works it out (a build stores it as schema::kMetaVocabulary once its documents
/// are in); open_vocabulary maps the vocabulary file written for this revision (`file`, "" for
/// none: shards), else reads what the build stored, or compiles it for an index built before.
/// Throw Xapian errors and BadIndex.
Thesaurus compile_vocabulary(const Xapian::Database& db);
Thesaurus open_vocabulary(const Xapian::Database& db, const std::string& file = "");

/// The vocabulary file of the database in `folder`: its compiled vocabulary (as stored under
/// schema::kMetaVocabulary) as a revision file (text/revision_file.h), which a lookup maps rather
/// than copying 300 KB out of the database (two hundred page faults, a tenth of a CLI lookup).
std::string vocabulary_path(const std::string& folder);
inline constexpr std::string_view kVocabularyFileKind = "vocabulary-1";  ///< its kind, as map_revision_file checks it

/// Writes the vocabulary file of `db`'s revision to `path` unless it is there already, or when the
/// database stores no compiled vocabulary. Throws BadIndex when it cannot write.
void write_vocabulary_file(const std::string& path, const Xapian::Database& db);

/// What `lantern-index report` says about them.
struct AbbreviationsReport {
    bool learning = true;  ///< the stored settings' `learn`
    std::size_t min_documents = 0;
    std::vector<std::string> veto;
    std::vector<LearnedAbbreviation> learned;  ///< most documents first
};

/// The report's section on the index's abbreviations. Internal to core (index_admin.cpp).
AbbreviationsReport abbreviations_report(const Xapian::Database& db);
/// The report's section as text.
std::string abbreviations_report_text(const AbbreviationsReport& report);

}  // namespace lantern
