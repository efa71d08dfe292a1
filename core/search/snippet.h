// snippet.h: the best passage of an article for a query, HTML-escaped with matches in <mark>,
// and the section it comes from. Matching is by stem on folded words (text_fold + analysis), so
// stemmed forms, thesaurus synonyms and accented spellings are all highlighted.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/article.h"
#include "text/text_fold.h"

namespace lantern {

/// A word of a text that matches a Highlighter's stems (defined in snippet.cpp).
struct SnippetMatch;

struct Snippet {
    std::string html;        ///< escaped text, matches wrapped in <mark>…</mark>, "…" where cut
    std::string heading;     ///< heading of the section the passage is in ("" when none)
    std::string anchor;      ///< that section's id, or its PDF page's page_anchor() ("" when none)
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
    /// "No second byte" for may_start_a_match: a one-byte word, or a non-ASCII second byte.
    static constexpr unsigned kNoSecond = 256;
    /// Whether a word starting with lower-case ASCII `first` and `second` can match (first_letters_,
    /// first_pairs_); false rules it out without folding or stemming.
    bool may_start_a_match(unsigned first, unsigned second) const {
        return first_letters_.test(first) && (second == kNoSecond || first_pairs_[first * 256u + second]);
    }
    /// Index in stems_ of the word at `w` in `text`, or -1 when it does not match.
    int stem_of(std::string_view text, WordSpan w) const;
    /// The words of `text` that match, in order.
    std::vector<SnippetMatch> matches(std::string_view text) const;
    std::vector<std::string> stems_;   ///< sorted
    std::bitset<256> first_letters_;   ///< first byte of each stem: most words are rejected without folding or stemming
    /// First two bytes of each stem (byte0 * 256 + byte1; a one-byte stem admits every second
    /// byte): an ASCII word whose first two lower-case bytes are not here cannot match, since an
    /// English stem keeps its word's first two letters (but for
    /// dying/lying/tying, handled in the constructor). Rejects most of the words first_letters_ lets by.
    std::vector<bool> first_pairs_ = std::vector<bool>(256 * 256);
    // Stemming every word of every result dominated a search's cost (callgrind): words repeat, so
    // each is stemmed once per Highlighter (one search, one thread). Keyed by schema::hash64 of
    // the folded word, which is kept to rule out collisions.
    mutable std::unordered_map<std::uint64_t, std::pair<std::string, int>> memo_;
};

/// Escapes &, <, >, " and ' for HTML.
std::string escape_html(const std::string& text);

}  // namespace lantern
