// snippet.h: the best passage of an article for a query, HTML-escaped with matches in <mark>,
// and the section it comes from. Matching is by stem on folded words (text_fold + analysis), so
// stemmed forms, thesaurus synonyms and accented spellings are all highlighted.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/article.h"

namespace lantern {

struct Snippet {
    std::string html;        ///< escaped text, matches wrapped in <mark>…</mark>, "…" where cut
    std::string heading;     ///< heading of the section the passage is in ("" when none)
    std::string anchor;      ///< that section's id ("" when none)
};

/// Stems to highlight (as produced by query planning), checked against each word's stem.
class Highlighter {
public:
    explicit Highlighter(const std::vector<std::string>& stems);

    /// Whole text escaped, every matching word marked (for titles).
    std::string mark_all(const std::string& text) const;

    /// The passage of at most `max_chars` bytes with the most distinct matches (earliest wins ties).
    Snippet best_passage(const Article& article, std::size_t max_chars) const;

private:
    bool matches(const std::string& folded_word) const;
    std::vector<std::string> stems_;   ///< sorted
    std::string first_letters_;        ///< first byte of each stem: most words are rejected without stemming
    // Stemming every word of every result dominated a search's cost (callgrind): words repeat, so
    // each is stemmed once per Highlighter (one search, one thread).
    mutable std::unordered_map<std::string, bool> memo_;
};

/// Escapes &, <, >, " and ' for HTML.
std::string escape_html(const std::string& text);

}  // namespace lantern
