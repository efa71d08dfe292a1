// Tests for core/text/utf8: what counts as UTF-8 (RFC 3629: no overlongs, no surrogates, nothing
// past U+10FFFF), and how text that is not is made so. Queries, vocabulary files and extracted
// text all pass through these checks.
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace lantern {
namespace {

// Each row: bytes, the length of the sequence at offset 0 (0: invalid there), whether the whole
// is valid, and what sanitize_utf8 makes of it (one U+FFFD per byte that starts no valid sequence).
const std::string kFffd = "\xEF\xBF\xBD";

struct Utf8Row {
    const char* name;
    std::string bytes;
    std::size_t first_length;
    bool valid;
    std::string sanitized;
};

const Utf8Row kRows[] = {
    {"empty", "", 0, true, ""},
    {"ascii", "plain", 1, true, "plain"},
    {"two bytes (e acute)", "\xC3\xA9", 2, true, "\xC3\xA9"},
    {"three bytes (euro)", "\xE2\x82\xAC", 3, true, "\xE2\x82\xAC"},
    {"four bytes (emoji)", "\xF0\x9F\x98\x80", 4, true, "\xF0\x9F\x98\x80"},
    {"last code point U+10FFFF", "\xF4\x8F\xBF\xBF", 4, true, "\xF4\x8F\xBF\xBF"},
    {"past U+10FFFF", "\xF4\x90\x80\x80", 0, false, kFffd + kFffd + kFffd + kFffd},
    {"F5 never starts a sequence", "\xF5\x80\x80\x80", 0, false, kFffd + kFffd + kFffd + kFffd},
    {"truncated sequence", "\xC3", 0, false, kFffd},
    {"truncated before ascii",
     "\xE2\x82"
     "a",
     0, false, kFffd + kFffd + "a"},
    {"UTF-16 surrogate", "\xED\xA0\x80", 0, false, kFffd + kFffd + kFffd},
    {"last before the surrogates U+D7FF", "\xED\x9F\xBF", 3, true, "\xED\x9F\xBF"},
    {"overlong slash", "\xC0\xAF", 0, false, kFffd + kFffd},
    {"overlong three-byte", "\xE0\x80\xAF", 0, false, kFffd + kFffd + kFffd},
    {"overlong four-byte", "\xF0\x80\x80\xAF", 0, false, kFffd + kFffd + kFffd + kFffd},
    {"lone continuation byte",
     "\x80"
     "a",
     0, false, kFffd + "a"},
    {"invalid in the middle", "caf\xE9 ok", 1, false, "caf" + kFffd + " ok"},
    {"U+FFFD itself is valid", kFffd, 3, true, kFffd},
};

TEST(Utf8SequenceLength, Table) {
    for (const Utf8Row& r : kRows) {
        if (r.bytes.empty()) continue;  // there is no sequence at offset 0
        EXPECT_EQ(utf8_sequence_length(r.bytes, 0), r.first_length) << r.name;
    }
    // At an offset inside the text: "a\xC3\xA9" has a two-byte sequence at 1, a continuation at 2.
    EXPECT_EQ(utf8_sequence_length("a\xC3\xA9", 1), 2u);
    EXPECT_EQ(utf8_sequence_length("a\xC3\xA9", 2), 0u);
}

TEST(IsValidUtf8, Table) {
    for (const Utf8Row& r : kRows) EXPECT_EQ(is_valid_utf8(r.bytes), r.valid) << r.name;
}

TEST(SanitizeUtf8, Table) {
    for (const Utf8Row& r : kRows) {
        const std::string got = sanitize_utf8(r.bytes);
        EXPECT_EQ(got, r.sanitized) << r.name;
        EXPECT_TRUE(is_valid_utf8(got)) << r.name;
    }
}

}  // namespace
}  // namespace lantern
