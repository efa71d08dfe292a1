// Tests for core/index/detail/build_record: a build's summary as a record, shards' records added
// up, and the manifest a full or incremental build leaves.
#include "index/detail/build_record.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/schema.h"

namespace lantern {
namespace {

BuildSummary summary_of_a_build(bool full, const std::string& thesaurus = "") {
    BuildSummary s;
    s.full = full;
    s.release = "R2";
    s.files = 5;
    s.added = 4;
    s.skipped = 1;
    s.documents = 4;
    s.seconds = 0.5;
    s.skips = {{"x.xml", "record 2: left out"}};
    s.boilerplate = {{"corpus", 2}};
    s.thesaurus = {thesaurus, true, ""};
    return s;
}

TEST(BuildRecordOf, CarriesEveryCountAndList) {
    const BuildRecord r = record_of(summary_of_a_build(true));
    EXPECT_TRUE(r.full);
    EXPECT_EQ(r.counts.files, 5u);
    EXPECT_EQ(r.counts.added, 4u);
    EXPECT_EQ(r.counts.skipped, 1u);
    EXPECT_EQ(r.skipped.size(), 1u);
    EXPECT_EQ(r.boilerplate_learned, (std::vector<std::pair<std::string, std::size_t>>{{"corpus", 2}}));
    EXPECT_EQ(r.finished, "");
}

TEST(AddShardRecord, AddsCountsAndListsBoilerplateOnce) {
    BuildSummary total;
    for (const bool first : {true, false}) add_shard_record(total, record_of(summary_of_a_build(true)), first);
    EXPECT_EQ(total.added, 8u);
    EXPECT_EQ(total.documents, 8u);
    EXPECT_EQ(total.skips.size(), 2u);
    EXPECT_EQ(total.boilerplate.size(), 1u);  // every shard learns the same from the same sample
    EXPECT_EQ(total.files, 0u);               // the scan's own counts are the parent's
}

TEST(ManifestAfter, FullStartsAfreshIncrementalAddsToTheLiveOne) {
    const std::string config =
        (std::filesystem::temp_directory_path() / ("lantern-record-" + std::to_string(::getpid()))).string();
    std::ofstream(config) << "[index]\n";
    ReleaseManifest live;
    live.release = "R1";
    live.created = "2026-01-01T00:00:00Z";
    live.compacted_from = "R0";
    live.schema_version = 3;
    live.other = {{"signed_by", "\"k1\""}};
    live.builds = {{true, "2026-01-01T00:00:00Z", {}, 9}};
    const struct {
        bool full;
        std::string created;
        std::string compacted_from;
        std::size_t builds, other;
    } rows[] = {
        {true, "NOW", "", 1, 0},
        {false, "2026-01-01T00:00:00Z", "R0", 2, 1},
    };
    for (const auto& r : rows) {
        BuildOptions options;
        options.config_path = config;
        const ReleaseManifest m =
            manifest_after(summary_of_a_build(r.full, config), options, live, {{"corpus", "corpus", ""}}, "NOW");
        EXPECT_EQ(m.release, "R2") << r.full;
        EXPECT_EQ(m.created, r.created) << r.full;
        EXPECT_EQ(m.updated, "NOW") << r.full;
        EXPECT_EQ(m.compacted_from, r.compacted_from) << r.full;
        EXPECT_EQ(m.schema_version, schema::kSchemaVersion) << r.full;
        EXPECT_EQ(m.builds.size(), r.builds) << r.full;
        EXPECT_EQ(m.builds.back().full, r.full) << r.full;
        EXPECT_EQ(m.builds.back().finished, "NOW") << r.full;
        EXPECT_EQ(m.other.size(), r.other) << r.full;
        ASSERT_TRUE(m.last_build);
        EXPECT_EQ(m.last_build->finished, "NOW");
        ASSERT_TRUE(m.config);
        EXPECT_EQ(m.config->hash, schema::content_hash("[index]\n"));
        EXPECT_FALSE(m.config->bundled);  // only vocabulary files say whether they are bundled
        ASSERT_TRUE(m.thesaurus);
        EXPECT_EQ(m.thesaurus->bundled, std::optional<bool>(true));
        EXPECT_FALSE(m.safety_panel);  // none compiled in: null in the file
    }
    std::filesystem::remove(config);
}

}  // namespace
}  // namespace lantern
