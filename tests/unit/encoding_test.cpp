// Tests for core/extract/encoding: charset sniffing and conversion (UTF-8 checks: utf8_test.cpp).
#include "extract/encoding.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

TEST(DecodeHtml, Table) {
    const struct {
        std::string name;
        std::string bytes;
        std::string want_utf8_contains;
        std::string want_charset;
        std::string want_how;
    } rows[] = {
        {"utf8 bom", "\xEF\xBB\xBF<p>caf\xC3\xA9</p>", "caf\xC3\xA9", "UTF-8", "BOM"},
        {"utf16le bom", std::string("\xFF\xFE<\0p\0>\0\xE9\0", 10), "<p>\xC3\xA9", "UTF-16LE", "BOM"},
        {"utf16be bom", std::string("\xFE\xFF\0<\0p\0>\0\xE9", 10), "<p>\xC3\xA9", "UTF-16BE", "BOM"},
        {"meta charset 1252", "<meta charset=\"windows-1252\"><p>\x93hi\x94 caf\xE9</p>",
         "\xE2\x80\x9Chi\xE2\x80\x9D caf\xC3\xA9", "windows-1252", "meta"},
        {"latin1 label means 1252", "<meta charset=iso-8859-1><p>\x96</p>", "\xE2\x80\x93", "windows-1252", "meta"},
        {"http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>\xE9</p>",
         "\xC3\xA9", "windows-1252", "meta"},
        {"undeclared utf8", "<p>caf\xC3\xA9</p>", "caf\xC3\xA9", "UTF-8", "detected"},
        {"declared utf16 in ascii is utf8", "<meta charset=utf-16><p>x</p>", "<p>x</p>", "UTF-8", "meta"},
        {"invalid utf8 replaced", "<meta charset=utf-8><p>a\xFF" "b caf\xC3\xA9</p>", "a\xEF\xBF\xBD" "b", "UTF-8", "meta"},
        {"mislabelled utf8 is detected", "<meta charset=utf-8><p>caf\xE9 \x93quoted\x94 cr\xE8me br\xFBl\xE9" "e</p>",
         "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D", "windows-1252", "detected; declared UTF-8 was wrong"},
    };
    for (const auto& r : rows) {
        const DecodedText d = decode_html(r.bytes);
        EXPECT_NE(d.utf8.find(r.want_utf8_contains), std::string::npos) << r.name << ": got " << d.utf8;
        EXPECT_EQ(d.charset, r.want_charset) << r.name;
        EXPECT_EQ(d.how, r.want_how) << r.name;
        EXPECT_TRUE(is_valid_utf8(d.utf8)) << r.name;
    }
}

TEST(DecodeHtml, UndeclaredLegacyBytesBecomeValidUtf8) {
    // No declaration and not UTF-8: detection (or the windows-1252 default) must still give UTF-8.
    const DecodedText d = decode_html("<p>Le caf\xE9 est ouvert, la cr\xE8me br\xFBl\xE9" "e aussi.</p>");
    EXPECT_TRUE(is_valid_utf8(d.utf8));
    EXPECT_NE(d.utf8.find("caf\xC3\xA9"), std::string::npos) << d.charset << ": " << d.utf8;
}

TEST(LooksBinary, Table) {
    const struct {
        std::string bytes;
        bool want;
    } rows[] = {
        {"<html><body>text</body></html>", false},
        {std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10), true},
        {std::string(100, '\x01'), true},
        {"", false},
        {"caf\xC3\xA9 \t\r\n", false},
    };
    for (const auto& r : rows) EXPECT_EQ(looks_binary(r.bytes), r.want) << r.bytes.size();
}

}  // namespace
}  // namespace lantern
