// thesaurus.h: lay, slang, brand and clinical terms that mean the same (corpus/README.md gives
// the file format). Compiled into the index at build time; the searcher expands plain queries
// with it. Matching uses text_fold's words, so case and accents never matter.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "text/text_fold.h"

namespace lantern {

/// One thesaurus entry found in a query: words [first, first+count) of the query, and what they expand to.
struct ThesaurusMatch {
    std::size_t first = 0;
    std::size_t count = 0;
    std::string phrase;                    ///< the matched words, folded, space-separated
    std::vector<std::string> expansions;   ///< phrases to search as well (folded, space-separated)
};

class Thesaurus {
public:
    /// Most expansions kept for one phrase (bounds query size whatever the file says).
    static constexpr std::size_t kMaxExpansions = 8;

    /// Reads a thesaurus file. Throws BadInput "FILE:LINE: reason" for a line of neither form.
    static Thesaurus load_file(const std::string& path);

    /// Parses thesaurus text; `name` is used in error messages.
    static Thesaurus parse(const std::string& text, const std::string& name);

    /// Serialised form stored in the index metadata, and back. from_stored throws BadIndex.
    std::string to_stored() const;
    static Thesaurus from_stored(const std::string& data);

    /// The table as readers use it (the file's entries with the learned ones added), in a form that
    /// loads without parsing JSON or folding again: one line per phrase, "PHRASE\tEXPANSION...",
    /// in phrase order. A build stores it (schema::kMetaVocabulary) so that opening an index, which
    /// every command-line lookup does, costs a read rather than the compilation. from_compiled
    /// keeps the text as it is and finds phrases in it by bisecting the text itself, parsing only
    /// the lines a lookup reads (building the table of 9,000 phrases was a quarter of a lookup's
    /// instructions, and an index of where each line starts an eighth). It throws BadIndex when
    /// the text is cut short or does not start with a phrase; a lookup (find, size) throws it
    /// when a line it reads has no phrase.
    std::string to_compiled() const;
    static Thesaurus from_compiled(std::string data);
    /// The same over text kept elsewhere (a mapped file), alive while `owner` is.
    static Thesaurus from_compiled(std::string_view data, std::shared_ptr<const void> owner);

    /// Adds learned expansions (phrase, expansion), one way each (abbreviations.cpp adds both ways
    /// where it should), folded as the file's are. A phrase this thesaurus already expands is
    /// left as it is: the librarian's entries win over learned ones.
    void add_learned(const std::vector<std::pair<std::string, std::string>>& expansions);

    /// Entries found in a query's words, longest first, left to right, not overlapping.
    std::vector<ThesaurusMatch> find(const std::vector<Word>& words) const;

    bool empty() const { return compiled_.empty() && table_.empty(); }
    std::size_t size() const;   ///< phrases that expand

private:
    using Table = std::map<std::string, std::vector<std::string>>;
    void add(const std::string& from, const std::string& to);
    /// The expansions of a phrase, from the table or the compiled text; empty when it has none.
    std::vector<std::string> expansions_of(const std::string& phrase) const;
    /// The compiled text as a table (for the writers and add_learned).
    Table table() const;
    /// Whether some phrase starts with these words and goes on ("opioid use" for "opioid use disorder").
    bool has_phrase_starting(const std::string& words) const;
    /// compiled_: the phrase of the line that starts at `start`; throws BadIndex when it has none.
    std::string_view phrase_at(std::size_t start) const;
    /// compiled_: where the first line whose phrase sorts at or after `key` starts (its size if none).
    std::size_t first_line_from(std::string_view key) const;
    Table table_;                          ///< phrase -> expansions, unless compiled_ holds them
    std::string_view compiled_;            ///< from_compiled: the stored text, searched in place
    std::shared_ptr<const void> owner_;    ///< what compiled_ points into
};

/// A phrase key as the planner looks it up: queries lose their stopwords before the lookup
/// (query_plan.cpp), so "chasing the dragon" is found under "chasing dragon". Only stopwords
/// between two other words go: a first or last one carries meaning ("hepatitis a" must not
/// become "hepatitis").
std::string match_key(const std::string& phrase);

}  // namespace lantern
