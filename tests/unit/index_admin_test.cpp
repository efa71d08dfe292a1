// Tests for core/index/index_admin: reading --stale-after, and looking after an index built from
// tests/data/sample in a temporary folder: stats, the integrity check, the librarian's report,
// compaction and rollback (docs/operations.md).
#include "index/index_admin.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "index/index_build.h"
#include "text/abbreviations.h"
#include "text/errors.h"
#include "text/facet_table.h"
#include "text/index_layout.h"
#include "text/revision_file.h"
#include "text/schema.h"
#include "text/word_lists.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;

TEST(ParseMonths, Table) {
    const struct {
        const char* text;
        int want;  ///< 0: rejected with the message naming --stale-after
    } rows[] =
        {
            {"24m", 24}, {"6mo", 6}, {"2y", 24}, {"90d", 3},          {"1d", 1},  {"31d", 2},
            {"soon", 0}, {"", 0},    {"m", 0},   {"0m", 0},           {"-5m", 0}, {"+5m", 0},
            {" 5m", 0},  {"5", 0},   {"5 m", 0}, {"99999999999m", 0},  // past int: was std::stoi's out_of_range, caught
                                                                       // and reported the same way
        };
    for (const auto& r : rows) {
        try {
            EXPECT_EQ(parse_months(r.text), r.want) << r.text;
        } catch (const BadInput& e) {
            EXPECT_EQ(r.want, 0) << r.text;
            EXPECT_EQ(std::string(e.what()),
                      "--stale-after must be a period such as 24m, 2y or 90d, not '" + std::string(r.text) + "'");
        }
    }
}

/// An index of tests/data/sample in a folder of its own: 8 articles, 2 files failed.
struct SampleIndex {
    fs::path dir;
    std::string release;
    explicit SampleIndex(const std::string& name)
        : dir(fs::temp_directory_path() / ("lantern-admin-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(dir);
        BuildOptions o;
        o.db_path = path();
        SourceSpec s;
        s.path = LANTERN_TEST_DATA;
        o.sources = {s};
        o.thesaurus.from = VocabularySetting::From::none;
        o.safety_panel.from = VocabularySetting::From::none;
        release = build_index(o, nullptr, nullptr).release;
    }
    ~SampleIndex() { fs::remove_all(dir); }
    std::string path() const { return (dir / "db").string(); }
};

bool text_has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// One index for the tests that only read it.
class IndexAdminRead : public ::testing::Test {
protected:
    static void SetUpTestSuite() { shared_ = new SampleIndex("read"); }
    static void TearDownTestSuite() {
        delete shared_;
        shared_ = nullptr;
    }
    static SampleIndex* shared_;
};
SampleIndex* IndexAdminRead::shared_ = nullptr;

TEST_F(IndexAdminRead, StatsCountTheLiveRelease) {
    const SampleIndex& index = *shared_;
    const IndexStats stats = index_stats(index.path());
    const nlohmann::json s = nlohmann::json::parse(stats_to_json(stats));
    EXPECT_EQ(s["index"], index.path());
    EXPECT_EQ(s["release"], index.release);
    EXPECT_EQ(s["documents"], 8);
    EXPECT_EQ(s["schema_version"], std::to_string(schema::kSchemaVersion));
    EXPECT_EQ(s["by_format"], (nlohmann::json{{"html", 4}, {"xml", 4}})) << s.dump();
    EXPECT_EQ(s["by_source"], (nlohmann::json{{"sample", 8}})) << s.dump();
    EXPECT_EQ(s["thesaurus"], nullptr) << "none compiled in";
    ASSERT_EQ(s["releases"].size(), 1u);
    EXPECT_EQ(s["releases"][0]["name"], index.release);
    EXPECT_EQ(s["releases"][0]["live"], true);
    EXPECT_EQ(s["releases"][0]["complete"], true);
    EXPECT_EQ(s["releases"][0]["documents"], 8);

    const std::string text = stats_to_text(stats);
    EXPECT_EQ(text.rfind("Index " + index.path() + ", release " + index.release + " (schema " +
                             std::to_string(schema::kSchemaVersion) + ")\n  8 documents, ",
                         0),
              0u)
        << text;
    EXPECT_TRUE(text_has(text, "  format: html (4) xml (4)\n")) << text;
    EXPECT_TRUE(text_has(text, "Releases (oldest first):\n  " + index.release + "  live  8 documents")) << text;

    const std::string missing = index.dir.string() + "/none";
    EXPECT_THROW(index_stats(missing), BadIndex);
}

TEST_F(IndexAdminRead, CheckAndReport) {
    const SampleIndex& index = *shared_;
    const CheckResult ok = check_index(index.path());
    EXPECT_TRUE(ok.ok) << ok.text;
    EXPECT_EQ(
        ok.text.rfind("ok: " + index.path() + "/releases/" + index.release + ", schema " +
                          std::to_string(schema::kSchemaVersion) + ", 8 documents, Xapian's check found no errors\n",
                      0),
        0u)
        << ok.text;
    const std::string missing = index.dir.string() + "/none";
    const CheckResult none = check_index(missing);
    EXPECT_FALSE(none.ok);
    EXPECT_EQ(none.text, "no Lantern index at " + missing + " (build one with: lantern-index build --db " + missing +
                             " FOLDER)\n");

    const IndexReport r_report = index_report(index.path(), 1200);
    const nlohmann::json r = nlohmann::json::parse(report_to_json(r_report));  // stale: reviewed over 100 years ago
    EXPECT_EQ(r["documents"], 8);
    EXPECT_EQ(r["stale_reviewed_date"]["count"], 0);
    EXPECT_EQ(r["short_or_empty"]["count"], 8) << "every sample page is under 100 words";
    EXPECT_EQ(r["missing_reviewed_date"]["count"], 4);
    // Listed in document order, which the build's threads decide.
    const auto undated = r["missing_reviewed_date"]["items"].get<std::set<std::string>>();
    EXPECT_EQ(undated, (std::set<std::string>{"site/legacy-cp1252.html", "site/naloxone.html",
                                              "site/overdose-signs.html", "xml/entity-bomb.xml"}));
    EXPECT_EQ(r["missing_title"]["count"], 0);
    const std::string data = LANTERN_TEST_DATA;
    ASSERT_EQ(r["failed_files"].size(), 2u) << r.dump();
    std::set<std::string> failed;
    for (const auto& f : r["failed_files"])
        failed.insert(f["path"].get<std::string>() + ": " + f["reason"].get<std::string>());
    EXPECT_EQ(failed, (std::set<std::string>{
                          data + "/site/binary.html: binary data, not an HTML page",
                          data + "/xml/malformed.xml: malformed XML at line 5, column 5: Start-end tags mismatch"}))
        << r.dump();

    const std::string text = report_to_text(r_report);
    EXPECT_EQ(text.rfind("Report on 8 documents (stale = last reviewed before ", 0), 0u) << text;
    EXPECT_TRUE(text_has(text, "\nFiles that failed in the last build: 2\n")) << text;
    EXPECT_TRUE(text_has(text, "\n  " + data + "/site/binary.html: binary data, not an HTML page\n")) << text;
    EXPECT_TRUE(text_has(text, "\nNo last-reviewed date: 4\n  ")) << text;
}

TEST(IndexAdmin, CompactionMakesANewReleaseAndRollbackReturnsToTheOld) {
    const SampleIndex index("compact");
    const std::string compacted = compact_index(index.path(), 3, false);
    EXPECT_NE(compacted, index.release);
    // Both the built release and the compacted one carry the files searches map, for their revision.
    for (const std::string& release : {index.release, compacted}) {
        const std::string folder = IndexPaths(index.path()).release(release);
        EXPECT_TRUE(FacetTable::map(facet_table_path(folder), Xapian::Database(folder))) << release;
        EXPECT_TRUE(map_word_lists_file(word_lists_path(folder), Xapian::Database(folder), kEnglishList, kMedicalList))
            << release;
        // This index has no thesaurus: no vocabulary to map (ReleaseFiles in index_search_test has one).
        EXPECT_EQ(map_revision_file(vocabulary_path(folder), kVocabularyFileKind, Xapian::Database(folder)).has_value(),
                  !Xapian::Database(folder).get_metadata(schema::kMetaVocabulary).empty())
            << release;
    }
    nlohmann::json s = nlohmann::json::parse(stats_to_json(index_stats(index.path())));
    EXPECT_EQ(s["release"], compacted);
    EXPECT_EQ(s["documents"], 8) << "the same documents";
    EXPECT_EQ(s["releases"].size(), 2u);
    EXPECT_TRUE(check_index(index.path()).ok);

    EXPECT_EQ(rollback_index(index.path(), false), index.release);
    s = nlohmann::json::parse(stats_to_json(index_stats(index.path())));
    EXPECT_EQ(s["release"], index.release);
    EXPECT_EQ(s["documents"], 8);

    const std::string missing = index.dir.string() + "/none";
    EXPECT_THROW(compact_index(missing, 3, false), BadIndex);
}

}  // namespace
}  // namespace lantern
