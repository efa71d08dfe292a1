// Tests for core/source_scan: classification, hidden entries, symlink loops and FIFOs.
#include "extract/source_scan.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

class ScanTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("lantern-scan-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "docs" / "sub");
        fs::create_directories(root_ / "docs" / ".git");
        for (const char* f : {"docs/a.html", "docs/B.HTM", "docs/sub/c.xml", "docs/sub/d.txt", "docs/.git/e.html", "docs/.hidden.html"}) {
            std::ofstream(root_ / f) << "x";
        }
    }
    void TearDown() override { fs::remove_all(root_); }
    fs::path root_;
};

TEST_F(ScanTest, ClassifiesAndSkipsHidden) {
    const ScanResult r = scan_sources({(root_ / "docs").string()});
    ASSERT_EQ(r.files.size(), 3u);
    EXPECT_EQ(r.files[0].rel_path, "B.HTM");
    EXPECT_EQ(r.files[1].rel_path, "a.html");
    EXPECT_EQ(r.files[2].rel_path, "sub/c.xml");
    EXPECT_EQ(r.files[2].kind, FileKind::Xml);
    EXPECT_EQ(r.files[0].source, "docs");
    EXPECT_EQ(r.other_files, 1u);
    EXPECT_TRUE(r.problems.empty());
}

TEST_F(ScanTest, SymlinkLoopAndFifoAreReportedNotFollowed) {
    fs::create_directory_symlink(root_ / "docs", root_ / "docs" / "sub" / "loop");
    fs::create_symlink(root_ / "docs" / "self1", root_ / "docs" / "self2");
    fs::create_symlink(root_ / "docs" / "self2", root_ / "docs" / "self1");
    ASSERT_EQ(::mkfifo((root_ / "docs" / "pipe.html").c_str(), 0600), 0);
    const ScanResult r = scan_sources({(root_ / "docs").string()});
    EXPECT_EQ(r.files.size(), 3u);
    std::vector<std::string> reasons;
    for (const auto& p : r.problems) {
        EXPECT_FALSE(p.failure) << p.path;
        reasons.push_back(fs::path(p.path).filename().string() + ": " + p.reason);
    }
    std::sort(reasons.begin(), reasons.end());
    const std::vector<std::string> want = {
        "loop: folder already visited (symlink loop)",
        "pipe.html: not a regular file (FIFO, socket or device)",
        "self1: symlink loop",
        "self2: symlink loop",
    };
    EXPECT_EQ(reasons, want);
}

TEST_F(ScanTest, SingleFileAndMissingRoot) {
    const ScanResult r = scan_sources({(root_ / "docs" / "a.html").string()});
    ASSERT_EQ(r.files.size(), 1u);
    EXPECT_EQ(r.files[0].rel_path, "a.html");
    EXPECT_THROW(scan_sources({(root_ / "nope").string()}), BadInput);
}

TEST(KindOf, FormatsByExtension) {
    const struct {
        const char* path;
        bool known;
        FileKind kind;
        const char* format;
    } rows[] = {
        {"a.html", true, FileKind::Html, "html"},    {"a.XHTML", true, FileKind::Html, "html"},
        {"a.htm", true, FileKind::Html, "html"},     {"feed.xml", true, FileKind::Xml, "xml"},
        {"leaflet.PDF", true, FileKind::Pdf, "pdf"}, {"report.docx", true, FileKind::Docx, "docx"},
        {"leaflet.odt", true, FileKind::Odt, "odt"}, {"old.doc", false, FileKind::Html, ""},
        {"sheet.ods", false, FileKind::Html, ""},    {"notes.txt", false, FileKind::Html, ""},
    };
    for (const auto& r : rows) {
        FileKind kind = FileKind::Html;
        EXPECT_EQ(kind_of(r.path, kind), r.known) << r.path;
        if (!r.known) continue;
        EXPECT_EQ(kind, r.kind) << r.path;
        EXPECT_STREQ(format_name(kind), r.format) << r.path;
        FileKind back = FileKind::Html;
        EXPECT_TRUE(kind_of_format(r.format, back)) << r.format;
        EXPECT_EQ(back, r.kind) << r.format;
    }
    FileKind none;
    EXPECT_FALSE(kind_of_format("doc", none));
    EXPECT_EQ(format_names(), "html, xml, pdf, docx, odt");
}

TEST(MatchesPattern, FormatNamesAndGlobs) {
    const SourceFile pdf{"/x/leaflets/a.pdf", "leaflets/a.pdf", "x", FileKind::Pdf};
    const SourceFile page{"/x/print/b.html", "print/b.html", "x", FileKind::Html};
    const struct {
        const char* pattern;
        bool pdf, page;
    } rows[] = {
        {"pdf", true, false},     {"html", false, true}, {"docx", false, false},          {"*.pdf", true, false},
        {"print/*", false, true}, {"*", true, true},     {"leaflets/a.pdf", true, false},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(matches_pattern(r.pattern, pdf), r.pdf) << r.pattern;
        EXPECT_EQ(matches_pattern(r.pattern, page), r.page) << r.pattern;
    }
    EXPECT_NO_THROW(check_patterns({"pdf", "*.html", "docs/*", "index.html"}, "source.include"));
    try {
        check_patterns({"html", "pfd"}, "source.include");
        ADD_FAILURE() << "pfd accepted";
    } catch (const BadInput& e) {
        EXPECT_EQ(std::string(e.what()),
                  "source.include: 'pfd' is neither a format (html, xml, pdf, docx, odt) nor a glob (such as '*.pfd' "
                  "or 'docs/*')");
    }
}

}  // namespace
}  // namespace lantern
