// Tests for core/text_fold: accent folding and word splitting.
#include "text/text_fold.h"

#include <xapian.h>

#include <map>

#include "text/analysis.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <utility>

namespace lantern {
namespace {

TEST(FoldAccents, Table) {
    const struct {
        std::string in, want;
    } rows[] = {
        {"caf\xC3\xA9", "cafe"},
        {"Caf\xC3\xA9 Cr\xC3\xA8me", "Cafe Creme"},
        {"na\xC3\xAFve r\xC3\xA9sum\xC3\xA9", "naive resume"},
        {"stra\xC3\x9F" "e", "strasse"},
        {"\xC3\x86r\xC3\xB8", "AEro"},
        {"\xC5\x93uvre \xC5\x81\xC3\xB3" "d\xC5\xBA", "oeuvre Lodz"},
        {"don\xE2\x80\x99t", "don't"},
        {"\xE2\x80\x9Cquoted\xE2\x80\x9D", "\xE2\x80\x9Cquoted\xE2\x80\x9D"},   // double quotes are punctuation, kept
        {"\xD0\xBC\xD0\xB5\xD1\x82\xD0\xB0\xD0\xB4\xD0\xBE\xD0\xBD", "\xD0\xBC\xD0\xB5\xD1\x82\xD0\xB0\xD0\xB4\xD0\xBE\xD0\xBD"},  // Cyrillic unchanged
        {"59\xC2\xB0" "F", "59\xC2\xB0" "F"},
        // Issue 18: Unicode normalisation through utf8proc. Combining accents (NFD) fold as the
        // precomposed letters do.
        {"cafe\xCC\x81", "cafe"},
        {"CAFE\xCC\x81", "CAFE"},
        {"Vie\xCC\xA3\xCC\x82t", "Viet"},                          // two marks on one letter
        {"Vi\xE1\xBB\x87t", "Viet"},                               // the same, precomposed
        // Compatibility forms: ligatures, fullwidth letters and digits, super- and subscripts.
        {"\xEF\xAC\x81nd \xEF\xAC\x84" "ow", "find fflow"},
        {"\xEF\xBC\xA8\xEF\xBC\xA9\xEF\xBC\xB6 \xEF\xBC\x99\xEF\xBC\x98\xEF\xBC\x98", "HIV 988"},
        {"m\xC2\xB2 CO\xE2\x82\x82", "m2 CO2"},
        {"\xC2\xB5g", "\xCE\xBCg"},                                // micro sign: Greek mu
        // Greek and Cyrillic: case-folded, accents stripped; final sigma is sigma.
        {"\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82", "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83 \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83"},
        {"\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC", "\xCE\xB5\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xB1"},
        {"\xD0\x9C\xD0\x95\xD0\xA2\xD0\x90\xD0\x94\xD0\x9E\xD0\x9D", "\xD0\xBC\xD0\xB5\xD1\x82\xD0\xB0\xD0\xB4\xD0\xBE\xD0\xBD"},
        {"\xD1\x91\xD0\xBB\xD0\xBA\xD0\xB0", "\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0"},   // ё -> е
        // Turkish: dotted capital I and dotless small i both fold to the Latin letter, so
        // "İstanbul", "ISTANBUL" and "istanbul" meet (no locale-dependent rule).
        {"\xC4\xB0stanbul DIYARBAKI\xCC\x87R diyarbak\xC4\xB1r", "Istanbul DIYARBAKIR diyarbakir"},
        // Scripts whose marks are letters keep them; Hangul stays composed.
        {"\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80", "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80"},
        {"\xED\x95\x9C\xEA\xB5\xAD", "\xED\x95\x9C\xEA\xB5\xAD"},
        {"\xE4\xB8\xAD\xE6\x96\x87", "\xE4\xB8\xAD\xE6\x96\x87"},
        {"\xC3\x97 \xC3\xB7", "\xC3\x97 \xC3\xB7"},                // symbols: unchanged
        // Bytes that are not UTF-8 stay as they are, and do not hide the text after them.
        {"caf\xE9", "caf\xE9"},
        {"\xC3", "\xC3"},
        {"\xC3(caf\xC3\xA9)", "\xC3(cafe)"},
        {"\xED\xA0\x80 \xF4\x90\x80\x80 \xC0\xAF \xFF", "\xED\xA0\x80 \xF4\x90\x80\x80 \xC0\xAF \xFF"},
        {std::string("a\0\xC3\xA9", 4), std::string("a\0e", 3)},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(fold_accents(r.in), r.want) << r.in;
        EXPECT_EQ(fold_accents(r.want), r.want) << "folding again changes " << r.want;
    }
}

// Issue 18 replaced the hand-written tables of Latin-1 and Latin Extended-A with utf8proc; these
// are those tables, kept as the reference: every letter of both blocks folds as it did before.
TEST(FoldAccents, LatinOneAndExtendedAFoldAsBeforeUtf8proc) {
    constexpr const char* kBeforeLatin1[64] = {
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        "D", "N", "O", "O", "O", "O", "O", "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",
    };
    const std::string before_extended_a =
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    for (char32_t c = 0xC0; c <= 0x17F; ++c) {
        std::string utf8;
        Xapian::Unicode::append_utf8(utf8, static_cast<unsigned>(c));
        std::string want = c <= 0xFF ? kBeforeLatin1[c - 0xC0] : std::string(1, before_extended_a[c - 0x100]);
        if (want.empty()) want = utf8;
        if (c == 0x132 || c == 0x133) want = c == 0x132 ? "IJ" : "ij";
        if (c == 0x152 || c == 0x153) want = c == 0x152 ? "OE" : "oe";
        EXPECT_EQ(fold_accents(utf8), want) << "U+" << std::hex << static_cast<unsigned>(c);
    }
}

TEST(SplitWords, Table) {
    const struct {
        std::string in;
        std::vector<std::string> keys;
    } rows[] = {
        {"Track marks: why they form", {"track", "marks", "why", "they", "form"}},
        {"don\xE2\x80\x99t stop", {"don't", "stop"}},
        {"'quoted' words", {"quoted", "words"}},
        {"co-prescribing long-term", {"co", "prescribing", "long", "term"}},
        {"Caf\xC3\xA9 \xE2\x80\x93 drop-in", {"cafe", "drop", "in"}},
        {"988, 911 and 1-800", {"988", "911", "and", "1", "800"}},
        {"", {}},
        {"\xE2\x80\x94\xE2\x80\xA6 ...", {}},
        {"Cre\xCC\x80me bru\xCC\x82le\xCC\x81" "e", {"creme", "brulee"}},   // NFD (issue 18)
        {"\xEF\xAC\x81rst-aid \xEF\xBC\xA8\xEF\xBC\xA9\xEF\xBC\xB6", {"first", "aid", "hiv"}},
    };
    for (const auto& r : rows) {
        std::vector<std::string> got;
        for (const Word& w : split_words(r.in)) got.push_back(w.key);
        EXPECT_EQ(got, r.keys) << r.in;
    }
    const std::vector<Word> w = split_words("a caf\xC3\xA9!");
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[1].begin, 2u);
    EXPECT_EQ(w[1].end, 7u);  // byte range of "café" in the original text
    const std::vector<Word> nfd = split_words("a cafe\xCC\x81!");
    ASSERT_EQ(nfd.size(), 2u);
    EXPECT_EQ(nfd[1].key, "cafe");
    EXPECT_EQ(nfd[1].end, 8u);  // the combining accent is part of the word
}

// One tokeniser (issue 16): a query's words are the terms the indexer's TermGenerator makes of
// the same text, so "0.4 mg naloxone" asks for the index's term "0.4" (it used to ask for "0"
// and "4", which no page about a 0.4 mg dose holds).
TEST(SplitWords, AgreesWithTheIndexersTermGenerator) {
    const std::string rows[] = {
        "0.4 mg naloxone", "1,000 people", "3.5-4.0 mg", "4.2.1", "v1.2", "covid-19", "C++ and C#",
        "hello+ world++++", "C++11", "AT&T", "R&D", "3&4", "H.I.V. and U.S.A.", "A.B.c", "A.b", "e.g. i.e.",
        "don't can't", "O'Neil", "it\xE2\x80\x99s", "'quoted'", "na\xC3\xAFve caf\xC3\xA9", "\xC3\x86r\xC3\xB8",
        "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC \xD0\x9C\xD0\xB5\xD1\x82\xD0\xB0\xD0\xB4\xD0\xBE\xD0\xBD",
        "\xE4\xB8\xAD\xE6\x96\x87", "HIV/AIDS", "mg/kg", "24/7", "word_under", "x86_64", "2024-05-01", "end.",
        "zero\xE2\x80\x8Bwidth", "1\xE2\x80\x8B" "000", "-- -- --", "",
        // Issue 18: forms utf8proc folds, and bytes that are not UTF-8.
        "cafe\xCC\x81 CAFE\xCC\x81", "\xEF\xAC\x81nd \xEF\xBC\xA8\xEF\xBC\xA9\xEF\xBC\xB6", "H.I\xCC\x81.V.", "\xC2\xBD dose", "1\xE2\x81\x84" "2 3\xD6\x89" "4 5\xDF\xB8" "6 7\xEF\xB8\x90" "8",
        "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82", "\xC4\xB0stanbul diyarbak\xC4\xB1r", "\xED\x95\x9C\xEA\xB5\xAD",
        "caf\xE9 au lait", "\xC3(x) \xC3", "\xED\xA0\x80" "abc",
    };
    for (const std::string& text : rows) {
        Xapian::TermGenerator tg = analysis::make_term_generator();
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(analysis::index_form(text));
        std::map<Xapian::termpos, std::string> by_position;   // unstemmed terms carry positions
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) by_position[*p] = *t;
        }
        std::vector<std::string> indexed;
        for (const auto& [pos, term] : by_position) indexed.push_back(term);
        std::vector<std::string> query;
        for (const Word& w : split_words(text)) query.push_back(w.key);
        EXPECT_EQ(query, indexed) << text;
    }
    // Byte ranges stay those of the raw text, accents and initialisms included.
    const std::string text = "caf\xC3\xA9 H.I.V. 0.4mg";
    const std::vector<Word> w = split_words(text);
    ASSERT_EQ(w.size(), 3u);
    EXPECT_EQ(text.substr(w[0].begin, w[0].end - w[0].begin), "caf\xC3\xA9");
    EXPECT_EQ(text.substr(w[1].begin, w[1].end - w[1].begin), "H.I.V.");
    EXPECT_EQ(text.substr(w[2].begin, w[2].end - w[2].begin), "0.4mg");
}

// WordCursor classifies 16 bytes at a time where it can: its words must be those of a plain
// piece-by-piece reading, wherever words and the 16-byte blocks fall. Random texts of pieces
// whose class is known, with a reference reading of them.
TEST(WordCursor, MatchesAPieceByPieceReading) {
    enum Kind { kLetter, kGapPiece, kApostrophe };
    const struct {
        const char* bytes;
        Kind kind;
    } pieces[] = {
        {"a", kLetter}, {"Z", kLetter}, {"7", kLetter}, {"\xC3\xA9", kLetter}, {"\xD0\xBC", kLetter},
        {" ", kGapPiece}, {".", kGapPiece}, {"-", kGapPiece}, {"\n", kGapPiece}, {"\xE2\x80\x94", kGapPiece},
        {"'", kApostrophe}, {"\xE2\x80\x99", kApostrophe},
    };
    std::uint32_t seed = 12345;
    auto next_random = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        std::vector<std::pair<std::size_t, Kind>> at;   // where each piece starts, and its kind
        const std::size_t n = next_random() % 80;
        for (std::size_t k = 0; k < n; ++k) {
            // Mostly letters, so long words cross the 16-byte blocks.
            const std::uint32_t r = next_random() % 20;
            const auto& p = pieces[r < 8 ? r % 5 : r % std::size(pieces)];
            at.emplace_back(text.size(), p.kind);
            text += p.bytes;
        }
        // Reference: a word is a run of letters; an apostrophe between two letters joins them.
        std::vector<std::pair<std::size_t, std::size_t>> want;
        for (std::size_t k = 0; k < at.size();) {
            if (at[k].second != kLetter) {
                ++k;
                continue;
            }
            const std::size_t begin = at[k].first;
            std::size_t last = k;
            for (++k; k < at.size(); ++k) {
                if (at[k].second == kLetter) {
                    last = k;
                } else if (!(at[k].second == kApostrophe && k + 1 < at.size() && at[k + 1].second == kLetter)) {
                    break;
                }
            }
            want.emplace_back(begin, last + 1 < at.size() ? at[last + 1].first : text.size());
        }
        std::vector<std::pair<std::size_t, std::size_t>> got;
        for (const WordSpan& w : word_spans(text)) got.emplace_back(w.begin, w.end);
        ASSERT_EQ(got, want) << "round " << round << ": " << text;
    }
}

}  // namespace
}  // namespace lantern
