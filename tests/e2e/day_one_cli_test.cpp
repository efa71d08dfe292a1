// End-to-end: the first day of a librarian with lantern-index and lantern-search (issue 19):
// nothing that misleads, nothing that fails silently. The server's side is in day_one_test.cpp.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

/// `program ARGS...` run in `folder` (a relative lantern.toml is looked for there).
RunResult day_one_run_in(const std::string& folder, std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"/usr/bin/env", "-C", folder});
    return run(argv);
}

// Issue 19: without --url-base, results rendered <a href=""> and the build said nothing.
TEST(DayOneCli, ArticlesWithoutALinkAreWarnedAboutAndShownUnlinked) {
    const TempDir dir;
    const std::string site = dir.path() + "/pages";
    fs::create_directories(site);
    std::ofstream(site + "/a.html") << small_page("alphaword", false);
    std::ofstream(site + "/b.html") << small_page("betaword", false);
    const RunResult bare = run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", site});
    ASSERT_EQ(bare.exit_code, 0) << bare.err;
    EXPECT_EQ(bare.err,
              "lantern-index: warning: 2 articles have no link: no canonical URL (or XML url) of their own, and no "
              "--url-base "
              "(url_base in lantern.toml) to make one for source pages; search results show them without a link\n");
    const RunResult linked =
        run({kIndex, "build", "--db", dir.path() + "/linked", "--quiet", "--url-base", "https://x.example/", site});
    EXPECT_EQ(linked.err, "");
    EXPECT_NE(linked.out.find("; 2 documents;"), std::string::npos) << linked.out;

    const ServerProcess server(dir.path() + "/index", dir.path());
    const std::string page = server.client().Get("/?q=alphaword")->body;
    EXPECT_EQ(page.find("href=\"\""), std::string::npos) << page;
    EXPECT_NE(page.find("<h2><mark>alphaword</mark> page</h2>\n<p class=\"unlinked\">No link: this page was indexed "
                        "without a web address.</p>"),
              std::string::npos)
        << page;
}

// Issue 19: "1 cards", "1 documents".
TEST(DayOneCli, CountsAgreeWithTheirNouns) {
    const TempDir dir;
    std::ofstream(dir.path() + "/only.html") << small_page("soleword", false);
    const std::string panel = dir.path() + "/panel.toml";
    std::ofstream(panel)
        << "[[card]]\nid = \"one\"\ntitle = \"One card\"\ntext = \"Its text.\"\ntriggers = [\"soleword\"]\n";
    const RunResult r = run({kIndex, "build", "--db", dir.path() + "/index", "--url-base", "https://x.example/",
                             "--safety-panel", panel, "--no-thesaurus", dir.path() + "/only.html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("safety panel: 1 card, from " + panel + "\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("; 1 document;"), std::string::npos) << r.out;
    EXPECT_NE(run({kIndex, "stats", "--db", dir.path() + "/index"}).out.find("  1 document, "), std::string::npos);
    EXPECT_NE(run({kIndex, "check", "--db", dir.path() + "/index"}).out.find(", 1 document, "), std::string::npos);
}

// Issue 19: lantern-index build read ./lantern.toml while lantern-search beside it demanded --db,
// and with no configuration the indexer said "--db is required".
TEST(DayOneCli, BothProgramsFindLanternTomlTheSameWay) {
    const TempDir dir;
    fs::create_directories(dir.path() + "/site");
    std::ofstream(dir.path() + "/site/a.html") << small_page("configword", false);
    std::ofstream(dir.path() + "/lantern.toml")
        << "[index]\ndb = \"index\"\n\n[[source]]\npath = \"site\"\nurl_base = \"https://x.example/\"\n";
    const RunResult built = day_one_run_in(dir.path(), {kIndex, "build", "--quiet"});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    const RunResult found = day_one_run_in(dir.path(), {kSearch, "configword"});
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_NE(found.out.find("https://x.example/a.html"), std::string::npos) << found.out;
    EXPECT_EQ(day_one_run_in(dir.path(), {kIndex, "stats"}).exit_code, 0);
    EXPECT_EQ(run({kSearch, "--config", dir.path() + "/lantern.toml", "configword"}).exit_code, 0);

    const TempDir empty;
    const std::string here = fs::canonical(empty.path()).string();
    const struct {
        std::vector<std::string> argv;
        std::string err;
    } rows[] = {
        {{kSearch, "configword"},
         "lantern-search: no index given: give --db DIR or --config FILE (no lantern.toml in " + here + ")\n"},
        {{kSearch, "serve"},
         "lantern-search: no index given: give --db DIR or --config FILE (no lantern.toml in " + here + ")\n"},
        {{kIndex, "build"},
         "lantern-index: nothing to index: no folders given and no lantern.toml in " + here +
             " (give --config FILE, or --db DIR and the folders to index)\n"},
        {{kIndex, "stats"},
         "lantern-index: no index given: give --db DIR or --config FILE (no lantern.toml in " + here + ")\n"},
        {{kIndex, "build", "site"},
         "lantern-index: --db: give the index folder to build (folders on the command line need --db, or --config "
         "FILE)\n"},
    };
    for (const auto& r : rows) {
        const RunResult got = day_one_run_in(empty.path(), r.argv);
        EXPECT_EQ(got.exit_code, 2) << r.argv[1];
        EXPECT_EQ(got.err, r.err) << r.argv[1];
    }
}

// Issue 19: the page's title, heading and "In an emergency call 911" were compiled in.
TEST(DayOneCli, PageTextAndLanguageComeFromTheConfig) {
    const TempDir dir;
    fs::create_directories(dir.path() + "/site");
    std::ofstream(dir.path() + "/site/a.html") << small_page("pageword", false);
    ASSERT_EQ(run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", "--url-base", "https://x.example/",
                   dir.path() + "/site"})
                  .exit_code,
              0);
    const std::string config = dir.path() + "/lantern.toml";
    std::ofstream(config)
        << "[index]\ndb = \"index\"\n\n[page]\nlang = \"en-GB\"\nsite_name = \"Riverside Trust\"\n"
           "heading = \"Search Riverside health advice\"\nfooter = \"Information, not medical advice.\"\n"
           "emergency = \"In an emergency call 999, or 111 for urgent advice.\"\n";
    const ServerProcess server("", dir.path(), {"--config", config});
    ASSERT_NE(server.port(), 0) << server.log();
    const std::string page = server.client().Get("/?q=pageword")->body;
    for (const char* want : {"<html lang=\"en-GB\">", "<title>pageword - Riverside Trust</title>",
                             "<h1>Search Riverside health advice</h1>",
                             "<footer><p>Information, not medical advice. In an emergency call 999, or 111 for urgent "
                             "advice.</p></footer>"}) {
        EXPECT_NE(page.find(want), std::string::npos) << want << "\n" << page;
    }
    EXPECT_EQ(page.find("911"), std::string::npos);
    // The indexer reads the same file: [page] is no unknown table to it.
    EXPECT_EQ(run({kIndex, "build", "--config", config, "--quiet", dir.path() + "/site"}).exit_code, 0);

    for (const std::string lang : {"English", "en_GB", ""}) {
        std::ofstream(config) << "[index]\ndb = \"index\"\n\n[page]\nlang = \"" << lang << "\"\n";
        const RunResult bad =
            run({"/usr/bin/timeout", "20", kSearch, "--config", config, "serve", "--listen", "127.0.0.1:0"});
        EXPECT_EQ(bad.exit_code, 2) << lang;
        EXPECT_EQ(bad.err, "lantern-search: " + config +
                               ":5: page.lang: must be a language tag such as \"en\", \"en-GB\" or \"fr-CA\", not \"" +
                               lang + "\"\n");
    }
}

// Issue 19: giving any --mapping turned the built-in XML mapping off for every other file.
TEST(DayOneCli, AMappingForOneExportLeavesTheOtherXmlToTheBuiltInMapping) {
    const TempDir dir;
    const std::string corpus = LANTERN_CORPUS;
    const RunResult r =
        run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", "--url-base", "https://x.example/", "--mapping",
             std::string(LANTERN_SOURCE_DIR) + "/examples/mappings/cms-export.toml", corpus + "/xml"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("no XML mapping matches"), std::string::npos) << r.err;
    const nlohmann::json j =
        nlohmann::json::parse(run({kSearch, "--db", dir.path() + "/index", "--json", "naltrexone"}).out);
    EXPECT_FALSE(j["results"].empty());
}

// Issue 19: eval scored a judged document missing from the index as 0 without a word.
TEST(DayOneCli, EvalWarnsAboutJudgedDocumentsTheIndexLacks) {
    const TempDir dir;
    std::ofstream(dir.path() + "/a.html") << small_page("evalword", false);
    ASSERT_EQ(run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", "--url-base", "https://x.example/",
                   dir.path() + "/a.html"})
                  .exit_code,
              0);
    std::ofstream(dir.path() + "/queries.tsv") << "q1\tlay\tevalword\n";
    std::ofstream(dir.path() + "/qrels.txt") << "q1 0 a.html 3\nq1 0 elsewhere/b.html 2\nq1 0 elsewhere/c.html 0\n";
    const RunResult r = run({kSearch, "--db", dir.path() + "/index", "eval", "--queries", dir.path() + "/queries.tsv",
                             "--qrels", dir.path() + "/qrels.txt", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err,
              "lantern-search eval: warning: 1 document judged relevant is not in the index (elsewhere/b.html): no "
              "ranking can "
              "find it, so its queries score lower; ids are paths relative to the indexed folder, as in the JSON's "
              "results\n");
    EXPECT_EQ(nlohmann::json::parse(r.out)["missing_relevant"], nlohmann::json::array({"elsewhere/b.html"}));
}

// Issue 19: the learned boilerplate of a small folder turned on and off as pages came and went,
// indexing every page again, with only a missing line in the output to show it.
TEST(DayOneCli, AChangeOfLearnedBoilerplateIsSaid) {
    const TempDir dir;
    const std::string site = dir.path() + "/small";
    fs::create_directories(site);
    for (const char* w : {"oneword", "twoword", "threeword", "fourword"})
        std::ofstream(site + "/" + w + ".html") << small_page(w, true);
    const RunResult first =
        run({kIndex, "build", "--db", dir.path() + "/index", "--url-base", "https://x.example/", site});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("learned 1 paragraph repeated on most pages of small"), std::string::npos) << first.out;
    fs::remove(site + "/fourword.html");
    const RunResult second =
        run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", "--url-base", "https://x.example/", site});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(
        second.out.find(
            "boilerplate of small changed since the last build (1 paragraph before, 0 now: too few pages, or none "
            "repeats on most of them): its pages are indexed again\n"),
        std::string::npos)
        << second.out;
    EXPECT_NE(second.out.find("3 updated"), std::string::npos) << second.out;
}

// Issue 19: sort by date, and filters that leave nothing, on the command line.
TEST(DayOneCli, SortByDateAndEmptyFilteredSearchesOnTheCommandLine) {
    const TempDir dir;
    std::ofstream(dir.path() + "/old.html")
        << "<html><head><title>Old sortword</title><meta name=\"dcterms.modified\" content=\"2020-01-01\">"
           "</head><body><main><p>sortword sortword sortword.</p></main></body></html>";
    std::ofstream(dir.path() + "/new.html")
        << "<html><head><title>New</title><meta name=\"dcterms.modified\" content=\"2025-01-01\">"
           "</head><body><main><p>Once sortword.</p></main></body></html>";
    ASSERT_EQ(
        run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", "--url-base", "https://x.example/", dir.path()})
            .exit_code,
        0);
    const auto first_id = [&](std::vector<std::string> extra) {
        std::vector<std::string> argv = {kSearch, "--db", dir.path() + "/index", "--json", "sortword"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return nlohmann::json::parse(run(argv).out)["results"][0]["id"].get<std::string>();
    };
    EXPECT_EQ(first_id({}), "old.html");
    EXPECT_EQ(first_id({"--sort", "date"}), "new.html");
    EXPECT_EQ(run({kSearch, "--db", dir.path() + "/index", "--sort", "newest", "sortword"}).exit_code, 2);
    const RunResult none = run({kSearch, "--db", dir.path() + "/index", "--audience", "nobody", "sortword"});
    EXPECT_EQ(none.out, "No results for \"sortword\".\n(with the filters given; search without them for more)\n");
}

}  // namespace
}  // namespace lantern::test
