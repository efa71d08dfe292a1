// Tests for core/text/release_manifest: manifest.json and the build record, both ways; older and
// damaged manifests.
#include "text/release_manifest.h"

#include <gtest/gtest.h>

#include <functional>

#include "text/errors.h"

namespace lantern {
namespace {

BuildRecord sample_record() {
    BuildRecord r;
    r.full = true;
    r.release = "20260101T000000Z-001";
    r.shards = 1;
    r.counts = {56, 67, 0, 0, 0, 1, 0, 2, 6};
    r.documents = 67;
    r.seconds = 0.25;
    r.boilerplate_learned = {{"corpus", 3}};
    r.thesaurus_entries = 12;
    r.safety_cards = 3;
    r.failed = {{"a.html", "empty file"}, {"b.xml", "malformed XML"}};
    r.skipped = {{"c.xml", "record 4: left out"}};
    return r;
}

ReleaseManifest sample_manifest() {
    ReleaseManifest m;
    m.release = "20260101T000000Z-001";
    m.created = "2026-01-01T00:00:00Z";
    m.updated = "2026-01-02T00:00:00Z";
    m.built_by = "lantern-index 0.1.0";
    m.schema_version = 8;
    m.config = RecordedFile{"lantern.toml", "d858f5c9b509f2b4", std::nullopt};
    m.sources = {{"corpus", "corpus", "https://riverbend.example/"}};
    m.thesaurus = RecordedFile{"/usr/share/lantern/thesaurus", "33c7c9b9461975de", true};
    m.documents = 67;
    m.shards = 1;
    m.last_build = sample_record();
    m.last_build->finished = "2026-01-02T00:00:00Z";
    m.builds = {{true, "2026-01-01T00:00:00Z", sample_record().counts, 0.25}};
    return m;
}

// The file's format, pinned: keys sorted, two-space indent, null for what was not used, optional
// keys (created, compacted_from, a vocabulary's "bundled", a build's "finished") left out when unset.
TEST(ReleaseManifest, WritesTheFormatItAlwaysHad) {
    ReleaseManifest m;
    m.release = "R";
    m.updated = "U";
    m.built_by = "lantern-index 0.1.0";
    m.schema_version = 8;
    m.config = RecordedFile{"lantern.toml", "h", std::nullopt};
    m.safety_panel = RecordedFile{"panel.toml", "p", false};
    m.documents = 2;
    m.builds = {{false, "F", BuildCounts{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1.5}};
    EXPECT_EQ(manifest_json(m), R"({
  "builds": [
    {
      "counts": {
        "added": 2,
        "failed": 8,
        "files": 1,
        "other_files": 9,
        "removed": 5,
        "skipped": 6,
        "timed_out": 7,
        "unchanged": 4,
        "updated": 3
      },
      "finished": "F",
      "kind": "incremental",
      "seconds": 1.5
    }
  ],
  "built_by": "lantern-index 0.1.0",
  "config": {
    "hash": "h",
    "path": "lantern.toml"
  },
  "documents": 2,
  "release": "R",
  "safety_panel": {
    "bundled": false,
    "hash": "p",
    "path": "panel.toml"
  },
  "schema_version": 8,
  "shards": 1,
  "sources": [],
  "thesaurus": null,
  "updated": "U"
}
)");
}

TEST(ReleaseManifest, RoundTrips) {
    const ReleaseManifest m = sample_manifest();
    const std::string text = manifest_json(m);
    const std::optional<ReleaseManifest> back = parse_manifest(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(manifest_json(*back), text);
    EXPECT_EQ(back->thesaurus->bundled, std::optional<bool>(true));
    EXPECT_FALSE(back->config->bundled);
    ASSERT_TRUE(back->last_build);
    EXPECT_EQ(back->last_build->failed.size(), 2u);
    EXPECT_EQ(back->last_build->failed[1].reason, "malformed XML");
    EXPECT_EQ(back->last_build->boilerplate_learned, m.last_build->boilerplate_learned);
}

TEST(ReleaseManifest, ReadsOlderAndDamagedManifests) {
    const struct {
        const char* name;
        std::string text;
        std::function<void(const ReleaseManifest&)> check;  ///< null: not a manifest at all (nullopt)
    } rows[] = {
        {"cut short", R"({"release": "R", "docum)", nullptr},
        {"empty file", "", nullptr},
        {"JSON but not an object: complete, every field at its default", "[1, 2]",
         [](const ReleaseManifest& m) {
             EXPECT_EQ(m.release, "");
             EXPECT_EQ(m.shards, 1u);
             EXPECT_FALSE(m.last_build);
         }},
        {"before shards and bundled existed", R"({"release": "R", "schema_version": 3, "documents": 5,
           "thesaurus": {"path": "t", "hash": "h"}, "config": null})",
         [](const ReleaseManifest& m) {
             EXPECT_EQ(m.schema_version, 3);
             EXPECT_EQ(m.documents, 5u);
             EXPECT_EQ(m.shards, 1u);
             ASSERT_TRUE(m.thesaurus);
             EXPECT_FALSE(m.thesaurus->bundled);
             EXPECT_FALSE(m.config);
             EXPECT_EQ(m.created, "");
         }},
        {"fields of another type keep their defaults", R"({"documents": "many", "schema_version": "8", "sources": {},
           "last_build": [], "builds": [3, {"kind": "full", "counts": {"added": -1, "files": 2}}]})",
         [](const ReleaseManifest& m) {
             EXPECT_EQ(m.documents, 0u);
             EXPECT_EQ(m.schema_version, 0);
             EXPECT_TRUE(m.sources.empty());
             EXPECT_FALSE(m.last_build);
             ASSERT_EQ(m.builds.size(), 1u);
             EXPECT_TRUE(m.builds[0].full);
             EXPECT_EQ(m.builds[0].counts.added, 0u);
             EXPECT_EQ(m.builds[0].counts.files, 2u);
         }},
        {"keys this version does not know are kept and written back",
         R"({"release": "R", "signed_by": {"key": "k1", "at": [1, 2]}, "compacted_from": "Q"})",
         [](const ReleaseManifest& m) {
             ASSERT_EQ(m.other.size(), 1u);
             EXPECT_EQ(m.other[0].first, "signed_by");
             EXPECT_EQ(m.compacted_from, "Q");
             const std::string again = manifest_json(m);
             EXPECT_NE(
                 again.find("\"signed_by\": {\n    \"at\": [\n      1,\n      2\n    ],\n    \"key\": \"k1\"\n  }"),
                 std::string::npos)
                 << again;
             EXPECT_NE(again.find("\"compacted_from\": \"Q\""), std::string::npos);
         }},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        const std::optional<ReleaseManifest> m = parse_manifest(r.text);
        ASSERT_EQ(m.has_value(), r.check != nullptr);
        if (m) r.check(*m);
    }
}

TEST(BuildRecord, AsReportAndBack) {
    BuildRecord r = sample_record();
    r.failed[0].path = "bad\xff.html";  // file names come as they are: replaced, never thrown on
    const std::string text = build_record_json(r);
    EXPECT_EQ(text.rfind("{\n  \"boilerplate_changed\": [],\n  \"boilerplate_learned\": {\n    \"corpus\": 3\n  },\n  \"counts\": {", 0), 0u) << text;
    EXPECT_EQ(text.find("finished"), std::string::npos);  // --report has no finishing time
    EXPECT_NE(text.find("\"kind\": \"full\""), std::string::npos);
    EXPECT_NE(text.find("bad\xEF\xBF\xBD.html"), std::string::npos);
    EXPECT_EQ(text.back(), '}');
    const BuildRecord back = parse_build_record(text);
    EXPECT_EQ(back.counts.failed, 2u);
    EXPECT_EQ(back.counts.other_files, 6u);
    EXPECT_EQ(back.skipped[0].reason, "record 4: left out");
    EXPECT_EQ(build_record_json(back), text);
}

TEST(BuildRecord, NotAnObjectIsAnIndexError) {
    for (const char* bad : {"", "[]", "{\"kind\": "}) {
        EXPECT_THROW(parse_build_record(bad), BadIndex) << bad;
    }
}

}  // namespace
}  // namespace lantern
