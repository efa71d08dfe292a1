// Tests for core/text_fold: accent folding and word splitting.
#include "core/text_fold.h"

#include <gtest/gtest.h>

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
    };
    for (const auto& r : rows) EXPECT_EQ(fold_accents(r.in), r.want) << r.in;
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
}

}  // namespace
}  // namespace lantern
