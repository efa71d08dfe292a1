// End-to-end: PDF, DOCX and ODT documents beside HTML and XML, indexed by the real lantern-index
// and searched with the real lantern-search (issue 20). A search for words on page 7 of a PDF
// finds that page, names it and links to #page=7; hostile documents are skipped or fail by name
// with their reason, and the rest of the run completes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

const std::string kDocuments = std::string(LANTERN_SOURCE_DIR) + "/tests/data/documents";
const std::string kBase = "https://intranet.example/docs/";

/// A folder of all five formats: the documents of tests/data/documents/mixed, a page and an
/// article of the corpus, and a second copy of the guide (an exact duplicate).
class DocumentsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string in = dir_->path() + "/shared-drive";
        fs::create_directories(in + "/leaflets");
        fs::copy(kDocuments + "/mixed", in, fs::copy_options::recursive);
        fs::copy_file(kDocuments + "/mixed/guide.pdf", in + "/leaflets/guide-copy.pdf");
        fs::copy_file(std::string(LANTERN_CORPUS) + "/site/harms/abscesses.html", in + "/abscesses.html");
        fs::copy_file(std::string(LANTERN_CORPUS) + "/xml/articles/hepatitis-c-testing.xml",
                      in + "/hepatitis-c-testing.xml");
        build_ = new RunResult(run({kIndex, "build", "--db", db(), "--url-base", kBase, in}));
    }
    static void TearDownTestSuite() {
        delete build_;
        delete dir_;
    }
    static std::string db() { return dir_->path() + "/db"; }
    static std::string folder() { return dir_->path() + "/shared-drive"; }
    static nlohmann::json search(const std::vector<std::string>& args) {
        std::vector<std::string> argv = {kSearch, "--db", db(), "--json"};
        argv.insert(argv.end(), args.begin(), args.end());
        const RunResult r = run(argv);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }
    static TempDir* dir_;
    static RunResult* build_;
};

TempDir* DocumentsTest::dir_ = nullptr;
RunResult* DocumentsTest::build_ = nullptr;

TEST_F(DocumentsTest, AllFiveFormatsAreIndexed) {
    ASSERT_EQ(build_->exit_code, 0) << build_->out << build_->err;
    EXPECT_TRUE(
        contains(build_->out, ": 6 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed; 6 documents;"))
        << build_->out;
    const nlohmann::json all =
        search({"--limit", "20", "format:html OR format:xml OR format:pdf OR format:docx OR format:odt"});
    std::map<std::string, unsigned> formats;
    for (const auto& f : all["facets"]["format"]) formats[f["value"]] = f["count"];
    // The two copies of the guide fold into one result, and a facet counts what the list shows.
    EXPECT_EQ(formats, (std::map<std::string, unsigned>{{"docx", 1}, {"html", 1}, {"odt", 1}, {"pdf", 1}, {"xml", 1}}))
        << all.dump(1);
    for (const auto& [format, path] : std::map<std::string, std::string>{
             {"pdf", "guide.pdf"}, {"docx", "report.docx"}, {"odt", "leaflet.odt"}, {"html", "abscesses.html"}}) {
        const nlohmann::json only = search({"format:" + format});
        ASSERT_GE(only["results"].size(), 1u) << format;
        EXPECT_EQ(only["results"][0]["path"], path) << format;
    }
    const nlohmann::json odt = search({"--format", "odt", "naloxone"});
    ASSERT_GE(odt["results"].size(), 1u);
    for (const auto& r : odt["results"]) EXPECT_EQ(r["path"], "leaflet.odt");
}

TEST_F(DocumentsTest, WordsOnPageSevenFindPageSeven) {
    const nlohmann::json j = search({"warrants probation parole"});
    ASSERT_GE(j["results"].size(), 1u) << j.dump(1);
    const nlohmann::json& hit = j["results"][0];
    EXPECT_EQ(hit["path"], "guide.pdf");
    EXPECT_EQ(hit["url"], kBase + "guide.pdf");
    EXPECT_EQ(hit["page"], 7);
    EXPECT_EQ(hit["section_url"], kBase + "guide.pdf#page=7");
    EXPECT_EQ(hit["section"], "Worried about calling 911?");  // its outline entry
    EXPECT_TRUE(contains(hit["snippet"], "<mark>warrants</mark>")) << hit["snippet"];
    EXPECT_EQ(hit["duplicates"],
              nlohmann::json::array({kBase + "leaflets/guide-copy.pdf"}));  // folded as any duplicate is
    // The text output names the page and links to it.
    const RunResult text = run({kSearch, "--db", db(), "warrants probation parole"});
    EXPECT_TRUE(contains(text.out, "   Page 7, in \"Worried about calling 911?\": " + kBase + "guide.pdf#page=7\n"))
        << text.out;
    // Words of another page find that one.
    const nlohmann::json other = search({"speedball"});
    ASSERT_GE(other["results"].size(), 1u);
    EXPECT_EQ(other["results"][0]["page"], 6);
    // Results that are no PDF carry no page.
    const nlohmann::json docx = search({"tablewordsecond"});
    ASSERT_EQ(docx["results"].size(), 1u);
    EXPECT_EQ(docx["results"][0]["path"], "report.docx");
    EXPECT_FALSE(docx["results"][0].contains("page"));
    EXPECT_EQ(search({"footnoteonlyword"})["total"], 0) << "footnotes are left out";
}

TEST_F(DocumentsTest, ThePageLinksToThePage) {
    const ServerProcess server(db(), dir_->path());
    ASSERT_GT(server.port(), 0);
    const auto res = server.client().Get("/?q=warrants+probation+parole");
    ASSERT_TRUE(res);
    EXPECT_TRUE(contains(res->body, "<p class=\"section\">From <a href=\"" + kBase +
                                        "guide.pdf#page=7\">page 7</a>, in the section "
                                        "Worried about calling 911?</p>"))
        << res->body;
    const auto filtered = server.client().Get("/api/search?q=naloxone&format=odt");
    ASSERT_TRUE(filtered);
    const nlohmann::json j = nlohmann::json::parse(filtered->body);
    ASSERT_GE(j["results"].size(), 1u);
    for (const auto& r : j["results"]) EXPECT_EQ(r["path"], "leaflet.odt");
}

TEST_F(DocumentsTest, InspectReportAndIncrementalBuildsTreatThemAsAnyFile) {
    const RunResult inspect = run({kIndex, "inspect", "--json", folder() + "/guide.pdf"});
    ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
    const nlohmann::json x = nlohmann::json::parse(inspect.out);
    EXPECT_EQ(x["how"], "PDF 1.4, 26 pages, outline of 26 entries");
    EXPECT_EQ(x["articles"][0]["format"], "pdf");
    EXPECT_EQ(x["articles"][0]["sections"][0]["anchor"], "page=1");

    const RunResult again = run({kIndex, "build", "--db", db(), "--url-base", kBase, folder()});
    EXPECT_TRUE(contains(again.out, ": 0 added, 0 updated, 6 unchanged, 0 removed, 0 skipped, 0 failed; 6 documents;"))
        << again.out;

    const RunResult report = run({kIndex, "report", "--db", db(), "--json"});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_TRUE(contains(report.out, "report.docx")) << report.out;  // no review date, as any page without one
}

// Each hostile document of tests/data/documents/hostile has one outcome: skipped or failed with
// "path: reason", or indexed; the run completes (the sanitizer build runs this too).
TEST(HostileDocuments, EachIsSkippedOrFailsByNameAndTheRunCompletes) {
    const TempDir dir;
    const RunResult r = run({kIndex, "build", "--db", dir.path() + "/db", kDocuments + "/hostile"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // finished, some files failed
    const std::string in = kDocuments + "/hostile/";
    const struct {
        const char* file;
        const char* skipped;  ///< the reason on stdout ("skipped PATH: REASON"), or ""
        const char* failed;   ///< the reason on stderr ("PATH: REASON"), or ""
    } rows[] = {
        {"encrypted.pdf", "PDF is encrypted: it needs a password to open", ""},
        {"image-only.pdf", "PDF has no text layer: needs OCR", ""},
        {"blank-pages.pdf", "PDF has no text layer: needs OCR (the first 200 of 5000 pages have none)", ""},
        {"flate-bomb.pdf", "a compressed stream expands past 64 MiB (a compression bomb?)", ""},
        {"zip-bomb.docx",
         "word/document.xml declares 40 MiB uncompressed, past the 32 MiB read of one part (a zip bomb?)", ""},
        {"lying-size.docx",
         "word/document.xml inflates to more than the 2000 bytes its header declares (damaged, or a zip bomb)", ""},
        {"encrypted.docx", "DOCX is encrypted: it needs a password to open", ""},
        {"encrypted.odt", "ODT is encrypted: it needs a password to open", ""},
        {"truncated.pdf", "", "damaged PDF, cannot be opened: Couldn't find trailer dictionary"},
        {"not-a-pdf.pdf", "", "not a PDF file (no %PDF- header)"},
        {"legacy.docx", "", "not a DOCX file: an older Word (.doc) file, which Lantern does not read"},
        {"truncated.docx", "", "damaged zip: Not a zip archive"},
        {"spreadsheet.odt", "",
         "not an ODT text document (its mimetype is application/vnd.oasis.opendocument.spreadsheet)"},
    };
    for (const auto& row : rows) {
        const std::string path = in + row.file;
        if (row.skipped[0] != '\0') {
            EXPECT_TRUE(contains(r.out, "skipped " + path + ": " + row.skipped + "\n")) << row.file << "\n" << r.out;
        } else {
            EXPECT_TRUE(contains(r.err, path + ": " + row.failed + "\n")) << row.file << "\n" << r.err;
        }
    }
    EXPECT_TRUE(contains(r.out, ": 3 added, 0 updated, 0 unchanged, 0 removed, 8 skipped, 5 failed; 3 documents;"))
        << r.out;
    // Indexed: the deep nesting of both zips, and a PDF restricted by an owner password only.
    for (const char* word : {"deepdocxword", "deepodtword", "warrants"}) {
        const RunResult s = run({kSearch, "--db", dir.path() + "/db", "--json", word});
        EXPECT_EQ(nlohmann::json::parse(s.out)["total"], 1) << word;
    }
}

// `include` takes format names beside globs: a source of documents only, and one without PDFs.
TEST(DocumentFormats, IncludeChoosesFormats) {
    const TempDir dir;
    const std::string config = dir.path() + "/lantern.toml";
    std::ofstream(config) << "[index]\ndb = \"db\"\n[[source]]\npath = \"" << kDocuments
                          << "/mixed\"\ninclude = [\"docx\", \"odt\"]\n";
    const RunResult r = run({kIndex, "build", "--config", config});
    EXPECT_TRUE(
        contains(r.out, ": 2 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 failed (1 other file ignored"))
        << r.out << r.err;
    std::ofstream(config) << "[index]\ndb = \"db\"\n[[source]]\npath = \"" << kDocuments
                          << "/mixed\"\ninclude = [\"pfd\"]\n";
    const RunResult bad = run({kIndex, "build", "--config", config});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(contains(bad.err, "lantern.toml:5: source.include: 'pfd' is neither a format")) << bad.err;
}

}  // namespace
}  // namespace lantern::test
