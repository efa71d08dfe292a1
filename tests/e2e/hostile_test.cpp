// End-to-end: every hostile fixture (tests/data/hostile, plus a FIFO, an oversize file, an
// unmatched XML file and, when not root, an unreadable file made here) has one expected outcome:
// indexed correctly, or skipped/failed with "path: reason". The rest of the run completes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

enum class Outcome { Indexed, Skipped, Failed };

struct Row {
    std::string file;
    Outcome outcome;
    std::string reason_or_word;  ///< Skipped/Failed: the exact reason; Indexed: a word only that file contains
    std::string snippet_has;     ///< Indexed: text the snippet must contain ("" = no check)
};

TEST(HostileInput, EveryFixtureHasItsExpectedOutcome) {
    const TempDir dir;
    const fs::path in = fs::path(dir.path()) / "in";
    fs::copy(LANTERN_HOSTILE_DATA, in, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    ASSERT_EQ(::mkfifo((in / "fifo.html").c_str(), 0600), 0);
    std::ofstream(in / "huge.html") << "<html><body><p>" << std::string(100000, 'a') << "</p></body></html>";
    std::ofstream(in / "unmapped.xml") << "<catalog><item>x</item></catalog>";
    const bool root = ::geteuid() == 0;
    if (!root) {
        std::ofstream(in / "unreadable.html") << "<p>secret</p>";
        fs::permissions(in / "unreadable.html", fs::perms::none);
    }

    const std::vector<Row> rows = {
        {"truncated.html", Outcome::Indexed, "truncatedword", "drop-in and"},
        {"unclosed-tags.html", Outcome::Indexed, "unclosedword", "item two still going cell text"},
        {"deep-nesting.html", Outcome::Indexed, "deepword", "inside ten thousand levels"},
        {"invalid-utf8.html", Outcome::Indexed, "invalidutfword", "before \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD after caf\xC3\xA9"},
        {"utf16-bom.html", Outcome::Indexed, "utfsixteenword", "hepatitis testing caf\xC3\xA9"},
        {"mislabelled-charset.html", Outcome::Indexed, "mislabelledword", "caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted\xE2\x80\x9D"},
        {"entity-bomb.xml", Outcome::Indexed, "bomb", "&amp;lol4;"},
        {"external-entity.xml", Outcome::Indexed, "externalentityword", ""},
        {"binary.html", Outcome::Failed, "binary data, not an HTML page", ""},
        {"empty.html", Outcome::Failed, "empty file", ""},
        {"malformed.xml", Outcome::Failed, "malformed XML at line 5, column 5: Start-end tags mismatch", ""},
        {"unmapped.xml", Outcome::Failed,
         "no title or body element found (looked for <title>, <headline>, <body>, <content>, <text>); describe this XML with "
         "a mapping file (--mapping; examples in examples/mappings/, docs/xml-mapping.md)", ""},
        {"dangling.html", Outcome::Failed, "cannot read: No such file or directory", ""},
        {"loop-a.html", Outcome::Skipped, "symlink loop", ""},
        {"loop-b.html", Outcome::Skipped, "symlink loop", ""},
        {"fifo.html", Outcome::Skipped, "not a regular file (FIFO, socket or device)", ""},
        {"huge.html", Outcome::Skipped, "larger than the size limit (100033 bytes; limit 65536, see --max-size)", ""},
    };

    const std::string db = dir.path() + "/db";
    const RunResult r = run({kIndex, "build", "--db", db, "--max-size", "65536", in.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;  // finished, some files failed

    // Collect "path: reason" lines: failures on stderr, skips on stdout as "skipped path: reason".
    std::map<std::string, std::pair<Outcome, std::string>> seen;
    auto collect = [&](const std::string& text, const std::string& prefix, Outcome o) {
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind(prefix + in.string() + "/", 0) != 0) continue;
            const std::string rest = line.substr(prefix.size() + in.string().size() + 1);
            const std::size_t colon = rest.find(": ");
            seen[rest.substr(0, colon)] = {o, rest.substr(colon + 2)};
        }
    };
    collect(r.err, "", Outcome::Failed);
    collect(r.out, "skipped ", Outcome::Skipped);

    std::size_t indexed = 0, skipped = 0, failed = root ? 0 : 1;
    for (const Row& row : rows) {
        if (row.outcome == Outcome::Indexed) {
            ++indexed;
            EXPECT_EQ(seen.count(row.file), 0u) << row.file << " was reported: " << seen[row.file].second;
            const RunResult s = run({kSearch, "--db", db, "--json", row.reason_or_word});
            ASSERT_EQ(s.exit_code, 0) << s.err;
            const nlohmann::json j = nlohmann::json::parse(s.out);
            ASSERT_EQ(j["results"].size(), 1u) << row.file;
            EXPECT_EQ(j["results"][0]["path"], row.file);
            const std::string snippet = j["results"][0]["snippet"];
            EXPECT_NE(snippet.find(row.snippet_has), std::string::npos) << row.file << ": " << snippet;
            continue;
        }
        ++(row.outcome == Outcome::Skipped ? skipped : failed);
        ASSERT_EQ(seen.count(row.file), 1u) << row.file << " not reported\nstdout:\n" << r.out << "\nstderr:\n" << r.err;
        EXPECT_EQ(seen[row.file].first, row.outcome) << row.file;
        EXPECT_EQ(seen[row.file].second, row.reason_or_word) << row.file;
    }
    if (!root) {
        EXPECT_EQ(seen["unreadable.html"], std::make_pair(Outcome::Failed, std::string("cannot open file")));
    }
    const std::string summary = ": " + std::to_string(indexed) + " added, 0 updated, 0 unchanged, 0 removed, " +
                                std::to_string(skipped) + " skipped, " + std::to_string(failed) + " failed";
    EXPECT_NE(r.out.find(summary), std::string::npos) << summary << "\n" << r.out;

    // Nothing was expanded or fetched: the entity bomb stays small, no file contents leak in.
    for (const char* leaked : {"lollol", "localhost", "root:"}) {
        const RunResult s = run({kSearch, "--db", db, "--json", leaked});
        EXPECT_EQ(nlohmann::json::parse(s.out)["total"], 0) << leaked;
    }
}

// A result's link comes from the document (canonical link, XML url) and ends up in an href on the
// search page and in the widget, which runs inside other intranet pages under their CSP. Links
// that would run script there are dropped; the page then gets its link from --url-base.
TEST(HostileInput, LinksThatWouldRunScriptAreNeverResultLinks) {
    const TempDir dir;
    const std::string site = dir.path() + "/site";
    fs::create_directories(site + "/sub");
    const struct {
        std::string file;
        std::string canonical;   ///< as written in the page's <link rel="canonical" href="...">
        std::string url;         ///< the result's link with --url-base https://intranet.example/health/
        std::string url_alone;   ///< and without
    } rows[] = {
        {"js.html", "javascript:alert(1)", "https://intranet.example/health/js.html", ""},
        {"upper.html", "JaVaScRiPt:alert(1)", "https://intranet.example/health/upper.html", ""},
        {"data.html", "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;", "https://intranet.example/health/data.html", ""},
        {"vb.html", "vbscript:msgbox(1)", "https://intranet.example/health/vb.html", ""},
        {"tab.html", "java&#9;script:alert(1)", "https://intranet.example/health/tab.html", ""},
        {"newline.html", "java&#10;script:alert(1)", "https://intranet.example/health/newline.html", ""},
        {"space.html", "&#32;javascript:alert(1)", "https://intranet.example/health/space.html", ""},
        {"other.html", "https://other.example/page", "https://other.example/page", "https://other.example/page"},
        {"rooted.html", "/absolute/path", "https://intranet.example/absolute/path", "/absolute/path"},
        // Bug (issue 18): relative to the page's own address, not to --url-base (was .../health/../other/page.html).
        {"sub/dotdot.html", "../other/page.html", "https://intranet.example/health/other/page.html", "../other/page.html"},
    };
    int n = 0;
    for (const auto& row : rows) {
        std::ofstream(site + "/" + row.file) << "<html><head><title>Link test</title><link rel=\"canonical\" href=\"" << row.canonical
                                             << "\"></head><body><main><p>linkword" << n++ << " text</p></main></body></html>";
    }
    std::ofstream(site + "/record.xml") << "<article><title>Record</title><url>javascript:alert(2)</url><body>linkwordxml text</body></article>";
    for (const bool with_base : {true, false}) {
        SCOPED_TRACE(with_base ? "with --url-base" : "without --url-base");
        const std::string db = dir.path() + (with_base ? "/db-base" : "/db");
        std::vector<std::string> argv = {kIndex, "build", "--db", db, "--quiet", site};
        if (with_base) argv.insert(argv.end() - 1, {"--url-base", "https://intranet.example/health/"});
        ASSERT_EQ(run(argv).exit_code, 0);
        n = 0;
        for (const auto& row : rows) {
            const RunResult s = run({kSearch, "--db", db, "--json", "linkword" + std::to_string(n++)});
            const nlohmann::json j = nlohmann::json::parse(s.out);
            ASSERT_EQ(j["results"].size(), 1u) << row.file;
            EXPECT_EQ(j["results"][0]["url"], with_base ? row.url : row.url_alone) << row.file;
        }
        const nlohmann::json xml = nlohmann::json::parse(run({kSearch, "--db", db, "--json", "linkwordxml"}).out);
        ASSERT_EQ(xml["results"].size(), 1u);
        const std::string url = xml["results"][0]["url"];
        EXPECT_EQ(url.find("javascript"), std::string::npos) << url;
        EXPECT_EQ(url.rfind(with_base ? "https://intranet.example/health/" : "", 0), 0u) << url;
    }
}

TEST(HostileInput, AFilePastItsDeadlineIsSkippedByNameAndTheRestIndexed) {
    const TempDir dir;
    const fs::path in = fs::path(dir.path()) / "in";
    fs::create_directories(in);
    for (int i = 0; i < 3; ++i) {
        std::ofstream(in / ("good" + std::to_string(i) + ".html")) << "<html><body><p>deadlinegoodword page " << i << "</p></body></html>";
    }
    {   // ordinary paragraphs, about 12 MB: seconds of work, far past a 0.2 s deadline
        std::ofstream slow(in / "slow.html");
        slow << "<html><body>";
        for (int i = 0; i < 60000; ++i) slow << "<p>slowword " << i << " words words words words words words words words words words words words words words words words words words words words words words words words words words words words words words</p>\n";
        slow << "</body></html>";
    }
    const std::string db = dir.path() + "/db";
    const RunResult r = run({kIndex, "build", "--db", db, "--file-timeout", "0.2", in.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::string slow = (in / "slow.html").string();
    EXPECT_TRUE(contains(without_progress(r.err), slow + ": skipped: extraction took longer than 0.2 s")) << r.err;
    EXPECT_TRUE(contains(r.out, "3 added")) << r.out;
    EXPECT_TRUE(contains(r.out, "1 skipped")) << r.out;
    const RunResult found = run({kSearch, "--db", db, "--json", "deadlinegoodword"});
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_EQ(nlohmann::json::parse(found.out).at("total").get<int>(), 3) << found.out;
}

}  // namespace
}  // namespace lantern::test
