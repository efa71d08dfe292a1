// text_fold.h: the character-level half of text analysis, shared by indexing, query planning,
// the thesaurus, the safety panel and snippets (STYLE.md rule 2): accent folding and word splitting.
// No Xapian types: analysis.h adds the stemmer and stopper on top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lantern {

/// THE folding of index, query, snippet, thesaurus and title-key text, through utf8proc:
/// compatibility forms decomposed ("ﬁ" -> "fi", fullwidth "Ａ" -> "A", "²" -> "2"), accents
/// stripped whether precomposed or combining (NFC "café", NFD "cafe\u0301" -> "cafe"), letters
/// outside ASCII case-folded ("ΟΔΟΣ" -> "οδοσ"), "Æ", "ø", "ł", "ı" ... to their base letters
/// ("Ærø" -> "AEro", "straße" -> "strasse") and typographic apostrophes to "'". Letters that fold
/// to ASCII keep their case (the TermGenerator needs the capitals of "H.I.V."). Folding a text
/// folds each code point on its own; bytes that are not UTF-8 are kept as they are. Never throws
/// (but std::bad_alloc).
std::string fold_accents(std::string_view utf8);

/// A word in a text: its byte range in the original text and its folded, lower-case form.
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string key;
};

/// Where a word is in a text, without its folded form (cheap: no allocation per word).
struct WordSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Splits text into words by the indexer's own rules (Xapian's TermGenerator, after accent
/// folding): keys are the terms the index holds, e.g. "0.4", "1,000", "at&t", "c++", "don't",
/// "hiv" for "H.I.V.". Used for queries, the thesaurus and the safety panel. (Snippets read
/// words with the cheaper WordCursor, which splits "0.4" in two: a display matter only.)
std::vector<Word> split_words(std::string_view utf8);

/// "Dope  Sick" -> "dope sick": split_words' keys joined by single spaces.
std::string phrase_key(std::string_view text);

/// The same words as split_words, as byte ranges only; word_key gives a range's folded form.
std::vector<WordSpan> word_spans(std::string_view utf8);

/// word_spans one word at a time, for a scan that keeps only a few of them (snippets):
///   WordCursor words(text); WordSpan w; while (words.next(w)) ...
class WordCursor {
public:
    /// Reads from byte `from`, which must not be inside a word.
    explicit WordCursor(std::string_view utf8, std::size_t from = 0) : s_(utf8), i_(from) {}
    /// The next word into `word`; false at the end of the text.
    bool next(WordSpan& word);
    /// Where reading resumes: just after the last word (the text's size at the end).
    std::size_t position() const { return i_; }

private:
    std::string_view s_;
    std::size_t i_ = 0;
};

/// The bytes at p[0..63] as bit masks, bit k for byte k: the result marks ASCII letters and
/// digits, `other` the bytes only WordCursor reads right (non-ASCII bytes and apostrophes). Where
/// `other` is 0, the words are exactly the runs of the result's bits, so a scan can find them a
/// block at a time (snippets).
std::uint64_t word_byte_mask64(const char* p, std::uint64_t& other);

/// A word's folded, lower-case form (Word::key).
std::string word_key(std::string_view word);

}  // namespace lantern
