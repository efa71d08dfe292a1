// response_cache_test.cpp: keys, expiry, the memory bound, and the live index's revision.
#include "serve/response_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/fake_clock.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

HttpRequest request(const std::string& path, std::multimap<std::string, std::string> params) {
    HttpRequest r;
    r.path = path;
    r.params = std::move(params);
    return r;
}

HttpResponse answer(const std::string& body) {
    HttpResponse r;
    r.body = body;
    r.cacheable = true;
    return r;
}

TEST(ResponseCache, KeysTellRequestsApart) {
    struct Case {
        const char* name;
        HttpRequest a;
        std::string rev_a;
        HttpRequest b;
        std::string rev_b;
        bool same;
    };
    const Case cases[] = {
        {"parameter order does not matter", request("/api/search", {{"q", "naloxone"}, {"limit", "5"}}), "r1",
         request("/api/search", {{"limit", "5"}, {"q", "naloxone"}}), "r1", true},
        {"another query", request("/api/search", {{"q", "naloxone"}}), "r1", request("/api/search", {{"q", "narcan"}}), "r1", false},
        {"another revision", request("/api/search", {{"q", "naloxone"}}), "r1", request("/api/search", {{"q", "naloxone"}}), "r2", false},
        {"another path", request("/api/search", {{"q", "naloxone"}}), "r1", request("/", {{"q", "naloxone"}}), "r1", false},
        {"repeated filters count", request("/api/search", {{"q", "x"}, {"topic", "a"}}), "r1",
         request("/api/search", {{"q", "x"}, {"topic", "a"}, {"topic", "b"}}), "r1", false},
        {"a value is not a name", request("/api/search", {{"q", "a=b"}}), "r1", request("/api/search", {{"q=a", "b"}}), "r1", false},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(ResponseCache::key_of(c.a, c.rev_a) == ResponseCache::key_of(c.b, c.rev_b), c.same) << c.name;
    }
}

// Expiry on a fake clock: time passes when the test says, so the edges are exact and nothing sleeps.
TEST(ResponseCache, KeepsAnswersUntilTheyExpire) {
    test::FakeClock clock;
    ResponseCache cache(milliseconds(150), 1 << 20, clock);
    cache.store("k", answer("one"));
    ASSERT_TRUE(cache.find("k").has_value());
    EXPECT_EQ(cache.find("k")->body, "one");
    EXPECT_FALSE(cache.find("other").has_value());
    clock.advance(milliseconds(149));
    EXPECT_TRUE(cache.find("k").has_value()) << "still fresh a moment before its time";
    clock.advance(milliseconds(1));
    EXPECT_FALSE(cache.find("k").has_value()) << "an answer past its time is not served";
    EXPECT_EQ(cache.hits(), 3u);
    EXPECT_EQ(cache.misses(), 2u);
}

TEST(ResponseCache, StoringAgainRenewsAnAnswer) {
    test::FakeClock clock;
    ResponseCache cache(milliseconds(100), 1 << 20, clock);
    cache.store("k", answer("old"));
    clock.advance(milliseconds(60));
    cache.store("k", answer("new"));
    clock.advance(milliseconds(60));
    ASSERT_TRUE(cache.find("k").has_value()) << "100 ms from the second store, not the first";
    EXPECT_EQ(cache.find("k")->body, "new");
}

TEST(ResponseCache, SweepDropsExpiredAnswers) {
    test::FakeClock clock;
    ResponseCache cache(milliseconds(100), 1 << 20, clock);
    cache.store("old", answer("old"));
    clock.advance(milliseconds(150));
    cache.store("new", answer("new"));
    cache.sweep();
    EXPECT_FALSE(cache.find("old").has_value());
    EXPECT_TRUE(cache.find("new").has_value());
}

TEST(ResponseCache, StaysWithinItsMemoryAndDropsTheOldestFirst) {
    ResponseCache cache(milliseconds(60000), 1000);
    for (int i = 0; i < 20; ++i) cache.store("k" + std::to_string(i), answer(std::string(100, 'x')));
    EXPECT_FALSE(cache.find("k0").has_value());
    EXPECT_TRUE(cache.find("k19").has_value());
    int kept = 0;
    for (int i = 0; i < 20; ++i) kept += cache.find("k" + std::to_string(i)).has_value() ? 1 : 0;
    EXPECT_GE(kept, 3);
    EXPECT_LE(kept, 4) << "1000 bytes of 100-byte answers, each counted with its key (twice) and bookkeeping: about 250 bytes";
    EXPECT_LE(cache.bytes(), 1000u);
    EXPECT_EQ(cache.entries(), static_cast<std::size_t>(kept));
    cache.store("big", answer(std::string(200, 'y')));
    EXPECT_FALSE(cache.find("big").has_value()) << "one answer may not take over an eighth of the cache";
}

// The soak (scripts/soak, docs/security.md): at 4 release switches a second the cache sat at its
// limit with answers of releases no longer live, which no key can reach again.
TEST(ResponseCache, AnAnswerOfANewRevisionDropsThoseOfTheOld) {
    ResponseCache cache(milliseconds(60000), 1 << 20);
    const HttpRequest q = request("/api/search", {{"q", "naloxone"}});
    const HttpRequest p = request("/api/search", {{"q", "overdose"}});
    cache.store(ResponseCache::key_of(q, "r1"), answer("one"));
    cache.store(ResponseCache::key_of(p, "r1"), answer("two"));
    EXPECT_EQ(cache.entries(), 2u);
    cache.store(ResponseCache::key_of(q, "r2"), answer("three"));
    EXPECT_EQ(cache.entries(), 1u);
    EXPECT_FALSE(cache.find(ResponseCache::key_of(p, "r1")).has_value());
    EXPECT_EQ(cache.find(ResponseCache::key_of(q, "r2"))->body, "three");
}

TEST(ResponseCache, ZeroSecondsKeepsNothing) {
    ResponseCache cache(milliseconds(0), 1 << 20);
    EXPECT_FALSE(cache.enabled());
    cache.store("k", answer("one"));
    EXPECT_FALSE(cache.find("k").has_value());
}

/// An index folder laid out as releases.h describes, with stand-in version files.
struct FakeIndex {
    fs::path dir = fs::temp_directory_path() / ("lantern-cache-test-" + std::to_string(::getpid()));
    FakeIndex() {
        fs::remove_all(dir);
        fs::create_directories(dir / "releases/r1");
        fs::create_directories(dir / "releases/r2");
        write(dir / "releases/r1/iamglass", "v1");
        write(dir / "releases/r2/iamglass", "v1");
        write(dir / "current", "auto releases/r1\n");
    }
    ~FakeIndex() { fs::remove_all(dir); }
    static void write(const fs::path& p, const std::string& text) {
        // Written beside and renamed over, as Xapian and lantern-index do.
        const fs::path tmp = p.string() + ".tmp";
        std::ofstream(tmp) << text;
        fs::rename(tmp, p);
    }
};

TEST(LiveRevision, ChangesWithEachCommitAndReleaseSwitch) {
    FakeIndex index;
    const std::string first = live_revision(index.dir.string());
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(live_revision(index.dir.string()), first) << "nothing changed";

    FakeIndex::write(index.dir / "releases/r1/iamglass", "v2");   // a commit to the live database
    const std::string committed = live_revision(index.dir.string());
    EXPECT_NE(committed, first);

    FakeIndex::write(index.dir / "current", "auto releases/r2\n");   // a switch to another release
    EXPECT_NE(live_revision(index.dir.string()), committed);

    FakeIndex::write(index.dir / "current", "auto releases/r1\nauto releases/r2\n");   // shards
    const std::string sharded = live_revision(index.dir.string());
    FakeIndex::write(index.dir / "releases/r2/iamglass", "v2");
    EXPECT_NE(live_revision(index.dir.string()), sharded) << "a commit to any shard counts";
}

TEST(LiveRevision, UnknowableRevisionsAreEmpty) {
    FakeIndex index;
    FakeIndex::write(index.dir / "current", "auto releases/r1\nremote :127.0.0.1:7001\n");
    EXPECT_EQ(live_revision(index.dir.string()), "") << "a remote shard's commits cannot be seen";
    FakeIndex::write(index.dir / "current", "auto releases/missing\n");
    EXPECT_EQ(live_revision(index.dir.string()), "");
    EXPECT_EQ(live_revision((index.dir / "no-such-index").string()), "");
    // A stub file given as --db is read the same way (paths relative to the stub's folder).
    FakeIndex::write(index.dir / "mine.stub", "auto releases/r1\n");
    EXPECT_FALSE(live_revision((index.dir / "mine.stub").string()).empty());
}

}  // namespace
}  // namespace lantern
