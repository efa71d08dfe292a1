// Tests for core/search/detail/document_cache: which articles a Searcher keeps decoded, and
// which it decodes again.
#include "search/detail/document_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lantern {
namespace {

constexpr std::size_t kEntry = DocumentCache::kEntryBytes;

Article article_of(std::size_t body_bytes) {
    Article a;
    a.body.assign(body_bytes, 'x');
    return a;
}

// Each row asks for documents in order (their body sizes given) and names the ones that had to
// be decoded (cache misses).
TEST(DocumentCache, KeepsTheMostRecentlyUsedWithinItsBudget) {
    const struct {
        const char* name;
        std::size_t budget;
        std::vector<Xapian::docid> asked;
        std::size_t body_bytes;
        std::vector<Xapian::docid> decoded;
    } rows[] = {
        {"each decoded once", 10 * kEntry, {1, 2, 1, 2, 3, 1}, 100, {1, 2, 3}},
        {"the least recently used goes first", 2 * (kEntry + 100), {1, 2, 1, 3, 1, 2}, 100, {1, 2, 3, 2}},
        {"larger than the whole cache: never kept", kEntry, {1, 1}, 100, {1, 1}},
        {"an empty budget keeps nothing", 0, {1, 1, 2}, 0, {1, 1, 2}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        DocumentCache cache(row.budget);
        std::vector<Xapian::docid> decoded;
        for (const Xapian::docid id : row.asked) {
            const auto a = cache.get(id, [&] {
                decoded.push_back(id);
                return article_of(row.body_bytes);
            });
            EXPECT_EQ(a->body.size(), row.body_bytes);
        }
        EXPECT_EQ(decoded, row.decoded);
        EXPECT_LE(cache.bytes(), row.budget);
    }
}

TEST(DocumentCache, ClearForgetsEverything) {
    DocumentCache cache(1 << 20);
    int decodes = 0;
    const auto decode = [&] {
        ++decodes;
        return article_of(10);
    };
    cache.get(1, decode);
    cache.get(1, decode);
    EXPECT_EQ(decodes, 1);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.bytes(), 10 + kEntry);
    cache.clear();
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
    cache.get(1, decode);
    EXPECT_EQ(decodes, 2);
}

// An article's PreparedBody is built at its second use, kept with it and counted in the budget;
// one that no longer fits takes older articles out, and one that is not cached has none.
TEST(DocumentCache, PreparesAnArticleAtItsSecondUse) {
    DocumentCache cache(1 << 20);
    const auto decode = [] {
        Article a;
        a.body = "veins and more veins";
        return a;
    };
    EXPECT_EQ(cache.prepared(1), nullptr);   // not cached
    cache.get(1, decode);
    EXPECT_EQ(cache.prepared(1), nullptr);   // used once
    const std::size_t before = cache.bytes();
    cache.get(1, decode);
    const auto prepared = cache.prepared(1);
    ASSERT_NE(prepared, nullptr);
    EXPECT_EQ(cache.prepared(1), prepared);  // kept, not built again
    EXPECT_EQ(cache.bytes(), before + prepared->bytes());

    DocumentCache small(2 * (kEntry + 20) + 10);
    small.get(1, decode);
    small.get(2, decode);
    small.get(2, decode);
    ASSERT_NE(small.prepared(2), nullptr);   // the older article makes room for it
    EXPECT_EQ(small.size(), 1u);
    EXPECT_LE(small.bytes(), 2 * (kEntry + 20) + 10);
}

}  // namespace
}  // namespace lantern
