// Tests for core/schema: term bounds, date values, hashing and the stored-document format.
#include "text/schema.h"

#include <gtest/gtest.h>

#include "text/errors.h"

namespace lantern::schema {
namespace {

TEST(BoundedTerm, Table) {
    const std::string long_value(400, 'a');
    const struct {
        std::string prefix, value;
        std::size_t max_len;
        bool exact;
    } rows[] = {
        {"Q", "site/a.html", 12, true},
        {"XP", long_value, 240, false},
        {"Q", std::string(239, 'b'), 240, true},
    };
    for (const auto& r : rows) {
        const std::string t = bounded_term(r.prefix, r.value);
        EXPECT_LE(t.size(), r.max_len);
        EXPECT_EQ(t == r.prefix + r.value, r.exact);
    }
    // Two long values differing only at the end stay distinct.
    EXPECT_NE(bounded_term("Q", long_value + "x"), bounded_term("Q", long_value + "y"));
}

TEST(DateValue, Table) {
    EXPECT_EQ(date_value("2026-05-19"), "20260519");
    EXPECT_EQ(date_value(""), "");
}

TEST(ContentHash, StableKnownValues) {
    // FNV-1a 64 reference values: a change here changes every stored hash (and forces re-extraction).
    EXPECT_EQ(content_hash(""), "cbf29ce484222325");
    EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
}

TEST(StoredDocument, RoundTrip) {
    Article a;
    a.id = "x.xml#7";
    a.path = "x.xml";
    a.source = "corpus";
    a.format = "xml";
    a.url = "https://e.example/x";
    a.title = "T \"quoted\"";
    a.description = "D";
    a.author = "Au";
    a.language = "en";
    a.audience = "public";
    a.topics = {"one", "two"};
    a.published = "2024-01-01";
    a.modified = "2025-01-01";
    a.reviewed = "2026-01-01";
    a.body = "Line one\nLine two \xC3\xA9";
    a.sections = {{"Heading", "anchor", 9}};
    const Article b = decode_stored(encode_stored(a));
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.title, a.title);
    EXPECT_EQ(b.topics, a.topics);
    EXPECT_EQ(b.body, a.body);
    EXPECT_EQ(b.reviewed, a.reviewed);
    ASSERT_EQ(b.sections.size(), 1u);
    EXPECT_EQ(b.sections[0].heading, "Heading");
    EXPECT_EQ(b.sections[0].anchor, "anchor");
    EXPECT_EQ(b.sections[0].offset, 9u);
    // Records are decompressed into a buffer kept per thread: a short one after a long one, and
    // one too big to keep, come back exact.
    for (const std::size_t size : {std::size_t{100000}, std::size_t{10}, std::size_t{5} << 20, std::size_t{3}}) {
        a.body = std::string(size, 'x') + "\xC3\xA9";
        EXPECT_EQ(decode_stored(encode_stored(a)).body, a.body) << size;
    }
}

TEST(StoredDocument, ForeignDataIsAnIndexError) {
    Article a;
    a.id = "x";
    a.body = "text";
    const std::string good = encode_stored(a);
    for (const std::string& bad : {std::string("not ours"), std::string("{\"id\":1}"), std::string(""),
                                   good.substr(0, good.size() - 1), good + "x", "L4" + good.substr(2),
                                   std::string("L5\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
                                   // a zstd frame header claiming 2^40 bytes: refused before any allocation
                                   std::string("L5\x28\xb5\x2f\xfd\xe0\x00\x00\x00\x00\x00\x01\x00\x00", 15)}) {
        EXPECT_THROW(decode_stored(bad), BadIndex) << bad;
    }
}

}  // namespace
}  // namespace lantern::schema
