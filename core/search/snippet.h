// snippet.h: the best passage of an article for a query, HTML-escaped with matches in <mark>,
// and the section it comes from. Matching is by stem on folded words (text_fold + analysis), so
// stemmed forms, thesaurus synonyms and accented spellings are all highlighted.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
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

/// What best_passage reads of an article whatever the query: where each word of its body is,
/// grouped by its first two letters, and the lines that repeat its title. Scanning every word of
/// a long body for each result was the larger part of a snippet's cost (callgrind,
/// docs/BENCHMARKS.md); with this, a query looks only at the words whose first letters can match
/// one of its stems. Worth building for an article that recurs in answers: the Searcher's
/// document cache keeps one beside an article from its second use.
class PreparedBody {
public:
    explicit PreparedBody(const Article& a);

    /// Memory it holds, for the cache's budget.
    std::size_t bytes() const;

private:
    friend class Highlighter;
    /// One distinct word (byte for byte) of the body: its first-two-letter key
    /// (Highlighter::word_key_of), its length, and where it occurs, as a range of `occurrences_`.
    struct Word {
        std::uint32_t key;
        std::uint32_t length;
        std::uint32_t begin;
        std::uint32_t end;
    };
    std::vector<std::pair<std::size_t, std::size_t>> title_lines_;
    std::vector<std::uint32_t> starts_;       ///< by word number: where it begins in the body
    std::vector<Word> words_;                 ///< distinct words, in order of first occurrence
    std::vector<std::uint32_t> occurrences_;  ///< word numbers, by distinct word, ascending within one
    /// Distinct words (indexes into words_) grouped by their key's first byte, 256 for kAnyWord:
    /// a highlighter visits only the groups of its stems' first letters.
    std::vector<std::uint32_t> by_first_;
    /// The groups present, in order: (first byte or 256, where its words start in by_first_); a
    /// group ends where the next starts.
    std::vector<std::pair<std::uint16_t, std::uint32_t>> groups_;
};

/// Stems to highlight (as produced by query planning), checked against each word's stem.
class Highlighter {
public:
    explicit Highlighter(const std::vector<std::string>& stems);

    /// Whole text escaped, every matching word marked (for titles).
    std::string mark_all(const std::string& text) const;

    /// The passage of at most `max_chars` bytes with the most distinct matches (earliest wins ties).
    /// `prepared`, when given, must have been built from `article`: the passage is the same, found
    /// sooner.
    Snippet best_passage(const Article& article, std::size_t max_chars, const PreparedBody* prepared = nullptr) const;

    /// A word's group in a PreparedBody: its first two bytes in lower case (kNoSecond for a
    /// one-byte word or a non-ASCII second byte), or kAnyWord when its first byte is not ASCII.
    static std::uint32_t word_key_of(std::string_view word);
    static constexpr std::uint32_t kAnyWord = 0xffffffffu;
    /// "No second byte" for may_start_a_match and word_key_of: a one-byte word, or a non-ASCII second byte.
    static constexpr unsigned kNoSecond = 256;

private:
    /// Whether a word starting with lower-case ASCII `first` and `second` can match (first_letters_,
    /// first_pairs_); false rules it out without folding or stemming.
    bool may_start_a_match(unsigned first, unsigned second) const {
        return first_letters_.test(first) && (second == kNoSecond || first_pairs_[first * 256u + second]);
    }
    /// may_start_a_match for a word_key_of key (a non-ASCII first byte may always match).
    bool may_start_word(std::uint32_t key) const { return key == kAnyWord || may_start_a_match(key / 257u, key % 257u); }
    /// Index in stems_ of the word at `w` in `text`, or -1 when it does not match.
    int stem_of(std::string_view text, WordSpan w) const;
    /// The words of `text` that match, in order.
    std::vector<SnippetMatch> matches(std::string_view text) const;
    /// The same, from the words of a PreparedBody of `text` that may match.
    std::vector<SnippetMatch> matches(std::string_view text, const PreparedBody& prepared) const;
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
