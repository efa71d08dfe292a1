// text_fold.cpp: folding through utf8proc (Debian's libutf8proc: the Unicode decomposition and
// case-folding tables, which Lantern used to hand-maintain for Latin-1 and Latin Extended-A only),
// and word splitting by the TermGenerator's rules.
#include "text/text_fold.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

#include <utf8proc.h>
#include <xapian.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace lantern {
namespace {

/// Decodes the code point at s[i] as Xapian's Utf8Iterator does, so that words split here are
/// the TermGenerator's: a byte that does not start a well-formed sequence (a bad or missing
/// continuation byte, an overlong form) reads as the Latin-1 character of its value, length 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto b0 = byte(0);
    len = 1;
    if (b0 < 0xC2 || b0 > 0xF4) return b0;
    const auto cont = [&](std::size_t k) { return i + k < s.size() && (byte(k) & 0xC0) == 0x80; };
    if (b0 < 0xE0) {
        if (!cont(1)) return b0;
        len = 2;
        return (static_cast<char32_t>(b0 & 0x1F) << 6) | (byte(1) & 0x3F);
    }
    if (b0 < 0xF0) {
        if (!cont(1) || !cont(2) || (b0 == 0xE0 && byte(1) < 0xA0)) return b0;
        len = 3;
        return (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    }
    if (!cont(1) || !cont(2) || !cont(3) || (b0 == 0xF0 && byte(1) < 0x90) || (b0 == 0xF4 && byte(1) >= 0x90)) return b0;
    len = 4;
    return (static_cast<char32_t>(b0 & 0x07) << 18) | (static_cast<char32_t>(byte(1) & 0x3F) << 12) |
           (static_cast<char32_t>(byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
}

bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018; }

/// Letters and digits: ASCII alphanumerics and any non-ASCII code point outside the common
/// punctuation and symbol blocks.
bool is_word_char(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c >= 0x80 && c <= 0xBF) return c == 0xAA || c == 0xB5 || c == 0xBA;  // Latin-1 punctuation and symbols
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return false;  // general punctuation, symbols, arrows, shapes
    if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
    if (c >= 0xFE30 && c <= 0xFE4F) return false;
    if (c >= 0xFF00 && c <= 0xFF0F) return false;
    if (c == 0xFFFD || c == 0xFEFF) return false;
    return true;
}

/// Letters Unicode gives no decomposition, folded to the base letters Lantern has always used
/// for them (Latin-1 and Latin Extended-A: "Ærø" -> "AEro", "Łódź" -> "Lodz", Turkish dotless
/// "ı" -> "i"). Case is kept, as for every letter that folds to ASCII. Sorted by code point.
struct BaseLetters {
    char32_t c;
    const char* ascii;
};
constexpr BaseLetters kUndecomposed[] = {
    {0xC6, "AE"}, {0xD0, "D"},  {0xD8, "O"},  {0xDE, "TH"}, {0xE6, "ae"},  {0xF0, "d"},   {0xF8, "o"},
    {0xFE, "th"}, {0x110, "D"}, {0x111, "d"}, {0x126, "H"}, {0x127, "h"},  {0x131, "i"},  {0x138, "k"},
    {0x13F, "L"}, {0x140, "l"}, {0x141, "L"}, {0x142, "l"}, {0x149, "n"},  {0x14A, "N"},  {0x14B, "n"},
    {0x152, "OE"}, {0x153, "oe"}, {0x166, "T"}, {0x167, "t"},
};

const char* undecomposed(char32_t c) {
    if (c < 0xC6 || c > 0x167) return nullptr;
    const auto* e = std::lower_bound(std::begin(kUndecomposed), std::end(kUndecomposed), c,
                                     [](const BaseLetters& b, char32_t x) { return b.c < x; });
    return e != std::end(kUndecomposed) && e->c == c ? e->ascii : nullptr;
}

/// The combining marks folding strips: the blocks of accents on Latin, Greek and Cyrillic
/// letters. utf8proc's STRIPMARK would strip every mark, Indic vowel signs and viramas among
/// them, which are letters in all but name: those stay.
bool is_accent(utf8proc_int32_t c) {
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

/// Room for any code point's decomposition (the longest, U+FDFA, has 18) and its case folding.
constexpr utf8proc_ssize_t kMaxFolded = 64;

/// Appends the folded form of the code point c (not ASCII), whose UTF-8 bytes are `raw`.
/// Each code point folds on its own, so folding a text is folding its code points one by one
/// (split_words relies on it); the marks of an NFD text are code points of their own, stripped.
void fold_code_point(char32_t c, std::string_view raw, std::string& out) {
    if (c == 0x2018 || c == 0x2019) {   // typographic apostrophes: "don’t" is "don't"
        out.push_back('\'');
        return;
    }
    if (const char* base = undecomposed(c)) {
        out.append(base);
        return;
    }
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE);
    const auto fold_options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    utf8proc_int32_t decomposed[kMaxFolded];
    const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), decomposed, kMaxFolded, options, nullptr);
    if (n < 0 || n > kMaxFolded) {
        out.append(raw);
        return;
    }
    // Compatibility decomposition ("ﬁ" -> "fi", fullwidth "Ａ" -> "A", "²" -> "2"), accents
    // stripped, then case folding of what is not ASCII ("Σ" and "ς" -> "σ"). A letter that folds
    // to ASCII keeps its case: the TermGenerator lower-cases it, and reads "H.I.V." as one
    // initialism only while its capitals are capitals.
    utf8proc_int32_t folded[kMaxFolded];
    utf8proc_ssize_t m = 0;
    bool ascii = true;
    for (utf8proc_ssize_t k = 0; k < n; ++k) {
        const utf8proc_int32_t d = decomposed[k];
        if (is_accent(d)) continue;
        if (d < 0x80) {
            if (m == kMaxFolded) {
                out.append(raw);
                return;
            }
            folded[m++] = d;
            continue;
        }
        utf8proc_int32_t cased[kMaxFolded];
        const utf8proc_ssize_t f = utf8proc_decompose_char(d, cased, kMaxFolded, fold_options, nullptr);
        if (f < 0 || f > kMaxFolded || m + f > kMaxFolded) {
            out.append(raw);
            return;
        }
        for (utf8proc_ssize_t j = 0; j < f; ++j) {
            if (is_accent(cased[j])) continue;
            ascii = ascii && cased[j] < 0x80;
            folded[m++] = cased[j];
        }
    }
    // Recomposed where a decomposition left more than accents (a Hangul syllable's jamo).
    if (!ascii && m > 1) m = utf8proc_normalize_utf32(folded, m, UTF8PROC_COMPOSE);
    for (utf8proc_ssize_t k = 0; k < m; ++k) {
        utf8proc_uint8_t bytes[4];
        const utf8proc_ssize_t len = utf8proc_encode_char(folded[k], bytes);
        out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(len));
    }
}

/// The first byte at or after `from` that is not ASCII (s.size() when none is).
std::size_t first_non_ascii(std::string_view s, std::size_t from) {
    std::size_t i = from;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t block;
        std::memcpy(&block, s.data() + i, 8);
        if (block & 0x8080808080808080ULL) break;
    }
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    return i;
}

}  // namespace

std::string fold_accents(std::string_view s) {
    // Nearly all of a health text is ASCII, which folds to itself: it is copied a block at a time
    // and only the other code points go through utf8proc (a full build folds every page's text).
    std::size_t i = first_non_ascii(s, 0);
    if (i == s.size()) return std::string(s);
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    out.append(s.substr(0, i));
    while (i < s.size()) {
        utf8proc_int32_t c = 0;
        const utf8proc_ssize_t len =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i), static_cast<utf8proc_ssize_t>(s.size() - i), &c);
        if (len <= 0) {
            out.push_back(s[i++]);   // not UTF-8: the byte is kept as it is (never dropped, never replaced)
        } else {
            fold_code_point(static_cast<char32_t>(c), s.substr(i, static_cast<std::size_t>(len)), out);
            i += static_cast<std::size_t>(len);
        }
        const std::size_t next = first_non_ascii(s, i);
        out.append(s.substr(i, next - i));
        i = next;
    }
    return out;
}

namespace {

/// How WordCursor treats a byte: most of an English text is classified from this table alone.
enum ByteClass : unsigned char { kGap, kWordByte, kOther };   // kOther: non-ASCII, or an apostrophe

constexpr std::array<unsigned char, 256> kByteClass = [] {
    std::array<unsigned char, 256> t{};
    for (int b = 0; b < 256; ++b) {
        const bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
        t[static_cast<std::size_t>(b)] = b >= 0x80 || b == '\'' ? kOther : alnum ? kWordByte : kGap;
    }
    return t;
}();

}  // namespace

#ifdef __SSE2__
namespace {

/// Bit k set: byte k of the 16 at `p` is an ASCII letter or digit (kWordByte); `other` gets the
/// bytes that need decoding (kOther: non-ASCII or an apostrophe). SSE2 is part of x86-64.
unsigned word_bytes16(const char* p, unsigned& other) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Shift each range to start at -128 so one signed compare tests it.
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                                          _mm_set1_epi8(static_cast<char>(-128 + 26)));
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                         _mm_set1_epi8(static_cast<char>(-128 + 10)));
    other = static_cast<unsigned>(_mm_movemask_epi8(v)) | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
}

}  // namespace
#endif

bool WordCursor::next(WordSpan& word) {
    const std::string_view s = s_;
    const auto byte_class = [&](std::size_t at) { return kByteClass[static_cast<unsigned char>(s[at])]; };
    std::size_t i = i_;
    while (i < s.size()) {
#ifdef __SSE2__
        // Whole runs of gap bytes at a time (the byte loop below was most of a snippet's cost).
        if (i + 16 <= s.size()) {
            unsigned other = 0;
            const unsigned start = word_bytes16(s.data() + i, other) | other;
            if (start == 0) {
                i += 16;
                continue;
            }
            i += static_cast<unsigned>(__builtin_ctz(start));
        }
#endif
        const unsigned char first = byte_class(i);
        if (first == kGap) {
            ++i;
            continue;
        }
        std::size_t len = 1;
        char32_t c = decode(s, i, len);
        if (!is_word_char(c)) {
            i += len;
            continue;
        }
        const std::size_t begin = i;
        std::size_t end = i;
        while (i < s.size()) {
#ifdef __SSE2__
            // Whole runs of ASCII letters and digits at a time.
            if (i + 16 <= s.size()) {
                unsigned other = 0;
                const unsigned run = static_cast<unsigned>(__builtin_ctz(~word_bytes16(s.data() + i, other)));  // < 32
                if (run > 0) {
                    i += run;
                    end = i;
                    continue;
                }
            }
#endif
            const unsigned char k = byte_class(i);
            if (k == kWordByte) {
                end = ++i;
                continue;
            }
            if (k == kGap) break;
            c = decode(s, i, len);
            if (is_word_char(c)) {
                i += len;
                end = i;
                continue;
            }
            // An apostrophe joins two letters ("don't"), and is kept out of the word otherwise.
            if (is_apostrophe(c) && i + len < s.size()) {
                std::size_t next_len = 1;
                if (is_word_char(decode(s, i + len, next_len))) {
                    i += len;
                    continue;
                }
            }
            break;
        }
        i_ = i;
        word = {begin, end};
        return true;
    }
    i_ = i;
    return false;
}

std::uint64_t word_byte_mask64(const char* p, std::uint64_t& other) {
    std::uint64_t words = 0;
    other = 0;
#ifdef __SSE2__
    for (unsigned k = 0; k < 64; k += 16) {
        unsigned o = 0;
        words |= static_cast<std::uint64_t>(word_bytes16(p + k, o)) << k;
        other |= static_cast<std::uint64_t>(o) << k;
    }
#else
    for (unsigned k = 0; k < 64; ++k) {
        const unsigned char c = kByteClass[static_cast<unsigned char>(p[k])];
        if (c == kWordByte) words |= std::uint64_t{1} << k;
        if (c == kOther) other |= std::uint64_t{1} << k;
    }
#endif
    return words;
}

std::string phrase_key(std::string_view text) {
    // Text that is a key already (lower-case ASCII letters and digits, single spaces between
    // words) is its own key: stored phrases, such as learned long forms, are folded again and
    // again when an index opens.
    const bool folded = !text.empty() && text.front() != ' ' && text.back() != ' ' &&
                        std::all_of(text.begin(), text.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ';
                        }) &&
                        text.find("  ") == std::string_view::npos;
    if (folded) return std::string(text);
    std::string key;
    for (const Word& w : split_words(text)) key += (key.empty() ? "" : " ") + w.key;
    return key;
}

std::vector<WordSpan> word_spans(std::string_view s) {
    std::vector<WordSpan> words;
    words.reserve(s.size() / 6);
    WordCursor cursor(s);
    WordSpan w;
    while (cursor.next(w)) words.push_back(w);
    return words;
}

std::string word_key(std::string_view word) {
    std::string key = fold_accents(word);
    for (char& ch : key) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return key;
}

namespace {

// split_words follows the word rules of Xapian 1.4's TermGenerator (termgenerator_internal.cc),
// which splits every indexed text, so a query asks for the terms the index holds: "0.4" and
// "1,000" stay whole (digits joined by '.', ',' or ';'), "AT&T" and "don't" too (letters joined
// by '&' or an apostrophe), "C++" and "C#" keep up to three trailing '+'/'#', and capitals
// joined by dots are one initialism ("H.I.V." is "hiv"). AnalysisAgreement in
// tests/unit/text_fold_test.cpp holds it to the TermGenerator over awkward inputs.

/// The joining character an infix stands for, 0 when it ends the word, kIgnore when it vanishes.
constexpr char32_t kIgnore = 0xFFFFFFFF;
char32_t letter_infix(char32_t c) {
    if (c == '\'' || c == '&' || c == 0xB7 || c == 0x5F4 || c == 0x2027) return c;
    if (c == 0x2019 || c == 0x201B) return '\'';
    if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) return kIgnore;
    return 0;
}
char32_t digit_infix(char32_t c) {
    // The TermGenerator keeps each of these as it is ("1⁄2" with its fraction slash, which "½"
    // folds to). The compatibility forms among them (U+037E, U+FE10, U+FE13, U+FE14) are folded
    // to ASCII before this sees them.
    if (c == ',' || c == '.' || c == ';' || c == 0x037E || c == 0x0589 || c == 0x060D || c == 0x07F8 ||
        c == 0x2044 || c == 0xFE10 || c == 0xFE13 || c == 0xFE14) {
        return c;
    }
    if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) return kIgnore;
    return 0;
}
bool xapian_word_char(char32_t c) { return Xapian::Unicode::is_wordchar(static_cast<unsigned>(c)); }
bool is_decimal_digit(char32_t c) {
    return Xapian::Unicode::get_category(static_cast<unsigned>(c)) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}
bool ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }
void append_lower(std::string& out, char32_t c) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(static_cast<unsigned>(c)));
}

/// The code points of a text with their byte offsets (one past the end holds s.size()).
struct CodePoints {
    std::vector<char32_t> c;
    std::vector<std::size_t> at;
    explicit CodePoints(std::string_view s) {
        for (std::size_t i = 0, len = 1; i < s.size(); i += len) {
            c.push_back(decode(s, i, len));
            at.push_back(i);
        }
        at.push_back(s.size());
    }
};

}  // namespace

std::vector<Word> split_words(std::string_view raw) {
    // The folded text's code points, and the byte in the raw text where each one's raw code
    // point starts: words are found in the folded text and reported as raw byte ranges. Plain
    // ASCII (nearly every query, and every stored thesaurus phrase) folds to itself.
    std::vector<char32_t> c;
    std::vector<std::size_t> start;
    c.reserve(raw.size());
    start.reserve(raw.size());
    if (std::all_of(raw.begin(), raw.end(), [](char b) { return static_cast<unsigned char>(b) < 0x80; })) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            c.push_back(static_cast<unsigned char>(raw[i]));
            start.push_back(i);
        }
    } else {
        // fold_accents maps a code point to one or more others, so each is folded on its own.
        const CodePoints cp(raw);
        for (std::size_t k = 0; k < cp.c.size(); ++k) {
            const CodePoints f(fold_accents(raw.substr(cp.at[k], cp.at[k + 1] - cp.at[k])));
            for (char32_t x : f.c) {
                c.push_back(x);
                start.push_back(cp.at[k]);
            }
        }
    }
    const auto raw_begin = [&](std::size_t k) { return start[k]; };
    const auto raw_end = [&](std::size_t k) { return k < c.size() ? start[k] : raw.size(); };
    const auto at = [&](std::size_t k) { return k < c.size() ? c[k] : char32_t{0}; };
    std::vector<Word> words;
    std::size_t k = 0;
    while (k < c.size()) {
        if (!xapian_word_char(c[k])) {
            ++k;
            continue;
        }
        const std::size_t begin = k;
        std::string key;
        if (ascii_upper(c[k])) {   // an initialism: capitals joined by dots, then no word character
            std::size_t p = k;
            std::string initials;
            while (true) {
                append_lower(initials, c[p++]);
                if (at(p) != '.') break;
                ++p;   // past the dot, as Xapian does: "A.B.c" is no initialism
                if (!ascii_upper(at(p))) break;
            }
            if (initials.size() > 1 && (p >= c.size() || !xapian_word_char(c[p]))) {
                words.push_back({raw_begin(begin), raw_end(p), initials});
                k = p;
                continue;
            }
        }
        while (true) {
            const char32_t prev = c[k];
            append_lower(key, prev);
            ++k;
            if (k >= c.size()) break;
            if (xapian_word_char(c[k])) continue;
            if (k + 1 >= c.size() || !xapian_word_char(c[k + 1])) break;
            const bool digits = is_decimal_digit(prev) && is_decimal_digit(c[k + 1]);
            const char32_t infix = digits ? digit_infix(c[k]) : letter_infix(c[k]);
            if (infix == 0) break;
            if (infix != kIgnore) Xapian::Unicode::append_utf8(key, static_cast<unsigned>(infix));
            ++k;
        }
        // "C++", "C#": up to three '+' or '#', not followed by a word character.
        std::size_t suffix = 0;
        while (suffix < 4 && (at(k + suffix) == '+' || at(k + suffix) == '#')) ++suffix;
        if (suffix > 0 && suffix <= 3 && !xapian_word_char(at(k + suffix))) {
            for (std::size_t j = 0; j < suffix; ++j) key.push_back(static_cast<char>(c[k + j]));
            k += suffix;
        }
        words.push_back({raw_begin(begin), raw_end(k), key});
    }
    return words;
}

}  // namespace lantern
