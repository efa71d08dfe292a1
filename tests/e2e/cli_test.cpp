// End-to-end: both binaries on tests/data, checking output, messages and exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>

#include "process.h"

namespace lantern::test {
namespace {

const std::string kData = LANTERN_TEST_DATA;

std::size_t line_count(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

class CliTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        first_build_ = new RunResult(run({kIndex, "build", "--db", db(), kData}));
    }
    static void TearDownTestSuite() {
        delete first_build_;
        delete dir_;
    }
    static std::string db() { return dir_->path() + "/db"; }
    static TempDir* dir_;
    static RunResult* first_build_;
};
TempDir* CliTest::dir_ = nullptr;
RunResult* CliTest::first_build_ = nullptr;

TEST_F(CliTest, BuildReportsEachFailureAndASummary) {
    const RunResult& r = *first_build_;
    EXPECT_EQ(r.exit_code, 1) << "some files failed, so exit code 1\n" << r.err;
    EXPECT_TRUE(contains(r.err, kData + "/site/binary.html: binary data, not an HTML page\n")) << r.err;
    EXPECT_TRUE(contains(r.err, kData + "/xml/malformed.xml: malformed XML at line 5, column 5: Start-end tags mismatch\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "lantern-index: warning: 4 articles have no link: ")) << r.err;   // no --url-base (issue 19)
    EXPECT_EQ(line_count(without_progress(r.err)), 3u) << r.err;
    EXPECT_NE(r.err.find("progress: 10/10 files (100%)"), std::string::npos) << r.err;  // plain lines when not a terminal
    EXPECT_TRUE(contains(r.out, "skipped " + kData + "/site/private-noindex.html: robots meta tag says noindex")) << r.out;
    EXPECT_TRUE(contains(r.out, "skipped " + kData + "/xml/cms-export.xml: record 9: status is draft, not published")) << r.out;
    EXPECT_TRUE(contains(r.out,
                         ": 8 added, 0 updated, 0 unchanged, 0 removed, 2 skipped, 2 failed (1 other file ignored: of "
                         "no format Lantern reads, or excluded); 8 documents; "))
        << r.out;
}

// Issue 21: after the files, the steps that run for minutes at 1,000,000 documents (merging a full
// build's parts, computing the vocabulary) are each named as they start, so a build never looks stuck.
TEST_F(CliTest, BuildNamesItsLastStepsAsTheyStart) {
    const TempDir dir;
    const RunResult r = run({kIndex, "build", "--db", dir.path() + "/db", "--writers", "2", kData});
    for (const char* step : {"merging 2 parts into one index: postlist table",
                                    "merging 2 parts into one index: position table",
                                    "computing what searches read at opening (the vocabulary)"}) {
        EXPECT_TRUE(contains(r.err, std::string("progress: 10/10 files read; ") + step + "; 0:")) << step << "\n" << r.err;
    }
    const RunResult quiet = run({kIndex, "build", "--db", dir.path() + "/db2", "--writers", "2", "--quiet", kData});
    EXPECT_FALSE(contains(quiet.err, "progress:")) << quiet.err;
}

TEST_F(CliTest, RebuildReplacesRatherThanDuplicates) {
    const RunResult r = run({kIndex, "build", "--db", db(), kData});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(contains(r.out, ": 0 added, 0 updated, 8 unchanged,")) << r.out;
    EXPECT_EQ(Xapian::Database(db() + "/current").get_doccount(), 8u);
}

TEST_F(CliTest, TextOutputHighlightsMatches) {
    const RunResult r = run({kSearch, "--db", db(), "collapsed", "veins"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "1. Caring for *veins*\n")) << r.out;  // titles are highlighted too
    EXPECT_TRUE(contains(r.out, "   https://health.example/guides/vein-care\n")) << r.out;
    EXPECT_TRUE(contains(r.out, "*collapsed* *vein*")) << r.out;  // piped: plain markers, stemmed match
    EXPECT_FALSE(contains(r.out, "\033[")) << "no escape codes when piped";

    const RunResult color = run({kSearch, "--db", db(), "--color=always", "collapsed"});
    EXPECT_TRUE(contains(color.out, "\033[1mcollapsed\033[0m")) << color.out;
}

TEST_F(CliTest, JsonOutputIsTheDocumentedContract) {
    const RunResult r = run({kSearch, "--db", db(), "--json", "--limit", "2", "--offset", "1", "opioid", "overdose"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["query"], "opioid overdose");
    EXPECT_EQ(j["offset"], 1);
    EXPECT_EQ(j["limit"], 2);
    EXPECT_GE(j["total"].get<int>(), 4);
    ASSERT_EQ(j["results"].size(), 2u);
    EXPECT_EQ(j["results"][0]["rank"], 2);
    for (const auto& hit : j["results"]) {
        for (const char* key : {"id", "path", "url", "title", "snippet", "score", "reviewed"}) EXPECT_TRUE(hit.contains(key)) << key;
        EXPECT_TRUE(contains(hit["snippet"].get<std::string>(), "<mark>")) << hit;
    }
}

TEST_F(CliTest, NoResultsIsNotAnError) {
    const RunResult r = run({kSearch, "--db", db(), "--exact", "volunteering"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "No results for \"volunteering\".\n");
}

TEST_F(CliTest, UnreadableSyntaxFallsBackToPlainWords) {
    const RunResult r = run({kSearch, "--db", db(), "--json", "naloxone", "AND"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["notes"].size(), 1u);
    EXPECT_EQ(j["notes"][0].get<std::string>().rfind("The query syntax could not be read (", 0), 0u) << j["notes"];
    EXPECT_GE(j["results"].size(), 2u);
}

/// lantern-search --db DB --topic t ... (`n` times) naloxone.
std::vector<std::string> cli_hostile_topics(const std::string& db, int n) {
    std::vector<std::string> argv{kSearch, "--db", db};
    for (int i = 0; i < n; ++i) {
        argv.push_back("--topic");
        argv.push_back("t");
    }
    argv.push_back("naloxone");
    return argv;
}

// Issue 17: hostile query shapes within 1,000 bytes: results (or none) and a note, exit 0.
TEST_F(CliTest, HostileQueriesAreAnsweredWithANote) {
    std::string words, wildcards;
    for (int i = 0; i < 100; ++i) words += (i ? " " : "") + std::string("naloxone");
    for (int i = 0; i < 100; ++i) wildcards += (i ? " " : "") + std::string(1, static_cast<char>('a' + i % 26)) + "*";
    const struct {
        std::string query;
        std::string note;
    } rows[] = {
        {words, "The query has more than 32 words; only the first 32 were searched."},
        {wildcards, "The query has 32 wildcards; only the first 4 were expanded (to their 25 most frequent words each), the "
                    "others were searched as typed."},
    };
    for (const auto& r : rows) {
        const RunResult got = run({kSearch, "--db", db(), "--json", r.query});
        ASSERT_EQ(got.exit_code, 0) << got.err;
        const nlohmann::json j = nlohmann::json::parse(got.out);
        const std::vector<std::string> notes = j["notes"];
        EXPECT_NE(std::find(notes.begin(), notes.end(), r.note), notes.end()) << r.query;
        EXPECT_FALSE(j["results"].empty()) << r.query;
    }
}

TEST_F(CliTest, ErrorsAreOneLineWithDocumentedExitCodes) {
    const TempDir other;
    {
        Xapian::WritableDatabase w(other.path() + "/v9", Xapian::DB_CREATE_OR_OPEN);
        w.set_metadata("lantern.schema_version", "9");
        w.commit();
    }
    const struct {
        std::string name;
        std::vector<std::string> argv;
        int code;
        std::string err_starts;
    } rows[] = {
        {"missing index", {kSearch, "--db", other.path() + "/none", "x"}, 3, "lantern-search: no Lantern index at "},
        {"other schema", {kSearch, "--db", other.path() + "/v9", "x"}, 3, "lantern-search: the index at " + other.path() + "/v9 has schema version 9"},
        {"bad limit", {kSearch, "--db", db(), "--limit", "0", "x"}, 2, "--limit: Value 0 not in range"},
        {"no query", {kSearch, "--db", db()}, 2, "query is required"},
        {"bad color", {kSearch, "--db", db(), "--color", "pink", "x"}, 2, "--color: Check pink value in {"},
        {"offset too large", {kSearch, "--db", db(), "--offset", "100001", "x"}, 2, "--offset: Value 100001 not in range 0 to 100000"},
        {"negative offset", {kSearch, "--db", db(), "--offset", "-1", "x"}, 2, "--offset: Value -1 not in range 0 to 100000"},
        {"too many topics", cli_hostile_topics(db(), 21), 2, "lantern-search: topic is given 21 values; the most is 20"},
        {"impossible --since date", {kSearch, "--db", db(), "--since", "2026-02-31", "x"}, 2,
         "lantern-search: since must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not '2026-02-31'"},   // was searched (issue 18)
        {"no subcommand", {kIndex}, 2, "A subcommand is required"},
        {"incremental limit of none", {kIndex, "build", "--db", other.path() + "/l", "--incremental-limit", "0", kData}, 2,
         "--incremental-limit: Value 0 not in range 1 to 1000000000"},
        {"size limit of none", {kIndex, "build", "--db", other.path() + "/s", "--max-size", "0", kData}, 2,
         "--max-size: Value 0 not in range 1 to 1099511627776"},
        {"build without db", {kIndex, "build", kData}, 2, "lantern-index: --db: give the index folder"},
        {"bad url base", {kIndex, "build", "--db", other.path() + "/u", "--url-base", "intranet", kData}, 2,
         "lantern-index: --url-base: 'intranet' is not an absolute http(s) URL"},
        {"url base whose links would be dropped", {kIndex, "build", "--db", other.path() + "/f", "--url-base", "file:///srv/www/", kData}, 2,
         "lantern-index: --url-base: 'file:///srv/www/' is not an absolute http(s) URL"},
        {"inspect's url base", {kIndex, "inspect", "--url-base", "intranet", kData + "/site/naloxone.html"}, 2,
         "lantern-index: --url-base: 'intranet' is not an absolute http(s) URL"},
        {"missing folder", {kIndex, "build", "--db", other.path() + "/m", other.path() + "/nothing"}, 2,
         "lantern-index: cannot read " + other.path() + "/nothing: No such file or directory"},
        {"index over a file", {kIndex, "build", "--db", kData + "/site/notes.txt", kData + "/site/naloxone.html"}, 3,
         "lantern-index: cannot create the index folder " + kData + "/site/notes.txt"},
    };
    for (const auto& r : rows) {
        const RunResult got = run(r.argv);
        EXPECT_EQ(got.exit_code, r.code) << r.name << "\n" << got.err;
        EXPECT_TRUE(contains(got.err, r.err_starts)) << r.name << ": " << got.err;
        EXPECT_LE(line_count(got.err), 3u) << r.name << ": " << got.err;  // CLI11 adds a "Run with --help" line
    }
}

TEST(CliInspect, ShowsWhatWouldBeIndexed) {
    const RunResult r = run({kIndex, "inspect", kData + "/site/guides/vein-care.html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* want : {"Read as:   HTML, UTF-8 (meta)\n", "Title:       Caring for veins\n", "Reviewed:    2026-05-19\n",
                             "Language:    en\n", "  #collapsed-veins  Collapsed veins\n", "--- text ---\nCaring for veins\n"}) {
        EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
    }
    for (const char* chrome : {"Volunteering", "Sidebarword", "Footerword", "scriptonlyword", "Hiddenbyhtdig"}) {
        EXPECT_EQ(r.out.find(chrome), std::string::npos) << chrome;
    }

    const RunResult j = run({kIndex, "inspect", "--json", kData + "/xml/cms-export.xml"});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    const nlohmann::json doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["how"], "XML, mapping built-in");
    ASSERT_EQ(doc["articles"].size(), 2u);
    EXPECT_EQ(doc["articles"][0]["id"], "cms-export.xml#7");
    EXPECT_EQ(doc["articles"][0]["sections"][0]["anchor"], "take-homes");
    EXPECT_EQ(doc["skipped_records"][0], "record 9: status is draft, not published");

    const RunResult robots = run({kIndex, "inspect", kData + "/site/private-noindex.html"});
    EXPECT_EQ(robots.exit_code, 0);
    EXPECT_NE(robots.out.find("Skipped:   robots meta tag says noindex"), std::string::npos) << robots.out;

    const RunResult bad = run({kIndex, "inspect", kData + "/xml/malformed.xml"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(bad.err, kData + "/xml/malformed.xml: malformed XML at line 5, column 5: Start-end tags mismatch\n");

    const RunResult other = run({kIndex, "inspect", kData + "/site/notes.txt"});
    EXPECT_EQ(other.exit_code, 2);
    EXPECT_EQ(other.err,
              "lantern-index: " + kData +
                  "/site/notes.txt is of no format Lantern reads (.html, .htm, .xhtml, .xml, .pdf, .docx, .odt)\n");
}

TEST(CliHelp, DocumentsExitCodesAndSyntax) {
    const RunResult s = run({kSearch, "--help"});
    EXPECT_EQ(s.exit_code, 0);
    EXPECT_TRUE(contains(s.out, "Exit codes: 0 success")) << s.out;
    EXPECT_TRUE(contains(s.out, "title:word")) << s.out;
    const RunResult i = run({kIndex, "build", "--help"});
    EXPECT_EQ(i.exit_code, 0);
    EXPECT_TRUE(contains(i.out, "--url-base")) << i.out;
}

// A lookup never loads the server's libraries: `serve` is lantern-search-server's, found beside
// lantern-search (or in libexec/lantern/ when installed). Without it, serve says what is missing.
TEST_F(CliTest, ServeRunsTheServerProgramAndSaysWhenItIsMissing) {
    const std::string alone = dir_->path() + "/alone";
    std::filesystem::create_directories(alone);
    std::filesystem::copy_file(kSearch, alone + "/lantern-search");
    const RunResult r = run({alone + "/lantern-search", "serve", "--db", db(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_TRUE(contains(r.err, "lantern-search-server is not installed beside lantern-search")) << r.err;
    // A lookup from that copy works: it needs nothing of the server's.
    const RunResult lookup = run({alone + "/lantern-search", "--db", db(), "naloxone"});
    EXPECT_EQ(lookup.exit_code, 0) << lookup.err;
}

}  // namespace
}  // namespace lantern::test
