// Tests for core/extract/pdf_extract: what a PDF gives (text page by page, metadata, outline
// titles), and what is skipped or fails and why. PDFs are built in memory (documents.h), or read
// from tests/data/documents (made by scripts/make-documents).
#include "extract/pdf_extract.h"

#include <gtest/gtest.h>

#include "documents.h"
#include "text/errors.h"

namespace lantern {
namespace {

using test::build_pdf;
using test::pdf_page;
using test::pdf_text_page;
using test::TestPdf;

/// Sections as "anchor heading" lines, for compact expectations.
std::vector<std::string> pdf_sections_of(const Article& a) {
    std::vector<std::string> out;
    for (const Section& s : a.sections) out.push_back(s.anchor + (s.heading.empty() ? "" : " " + s.heading));
    return out;
}

TEST(PdfExtract, FieldsAndPages) {
    const struct {
        const char* name;
        TestPdf pdf;
        Article want;  ///< title, author, description, topics, language, dates, body
        std::vector<std::string> sections;
    } rows[] = {
        {"metadata from the document information",
         {{pdf_text_page({"Naloxone reverses an overdose."})},
          "/Title (Naloxone guide) /Author (Riverbend) /Subject (How to use it) /Keywords (naloxone; overdose) "
          "/CreationDate (D:20250102030405Z) /ModDate (D:20260304)",
          "",
          {}},
         [] {
             Article a;
             a.title = "Naloxone guide";
             a.author = "Riverbend";
             a.description = "How to use it";
             a.topics = {"naloxone", "overdose"};
             a.published = "2025-01-02";
             a.modified = "2026-03-04";
             a.body = "Naloxone reverses an overdose.";
             return a;
         }(),
         {"page=1"}},
        {"title from the first heading-like line; language from the catalog",
         {{pdf_page({{20, 72, 780, "Fentanyl test strips"}, {10, 72, 740, "Test every batch you use."}})},
          "",
          "/Lang (en-GB)",
          {}},
         [] {
             Article a;
             a.title = "Fentanyl test strips";
             a.language = "en";
             a.body = "Fentanyl test strips\nTest every batch you use.";
             return a;
         }(),
         {"page=1"}},
        {"a file name is no title",
         {{pdf_text_page({"Body text."})}, "/Title (leaflet-final.docx)", "", {}},
         [] {
             Article a;
             a.body = "Body text.";
             return a;
         }(),
         {"page=1"}},
        {"each page a section; a blank page none",
         {{pdf_text_page({"Page one text."}), "", pdf_text_page({"Page three text."})}, "", "", {}},
         [] {
             Article a;
             a.body = "Page one text.\nPage three text.";
             return a;
         }(),
         {"page=1", "page=3"}},
        {"outline entries are section titles where their text is",
         {{pdf_text_page({"Intro text."}), pdf_text_page({"Some text.", "", "Where to get it", "", "Free from us."})},
          "",
          "",
          {"Where to get it", "An entry with no text"}},
         [] {
             Article a;
             a.body = "Intro text.\nSome text.\nWhere to get it\nFree from us.";
             return a;
         }(),
         {"page=1", "page=2", "page=2 Where to get it"}},
        {"running footers and page numbers are left out",
         {{pdf_page({{10, 72, 780, "First page text."}, {8, 72, 40, "Riverbend Network"}, {8, 300, 20, "1"}}),
           pdf_page({{10, 72, 780, "Second page text."}, {8, 72, 40, "Riverbend Network"}, {8, 300, 20, "2"}})},
          "",
          "",
          {}},
         [] {
             Article a;
             a.body = "First page text.\nSecond page text.";
             return a;
         }(),
         {"page=1", "page=2"}},
    };
    for (const auto& r : rows) {
        const DocumentExtraction x = extract_pdf(build_pdf(r.pdf));
        EXPECT_EQ(x.skip_reason, "") << r.name;
        const Article& a = x.article;
        EXPECT_EQ(a.format, "pdf") << r.name;
        EXPECT_EQ(a.title, r.want.title) << r.name;
        EXPECT_EQ(a.author, r.want.author) << r.name;
        EXPECT_EQ(a.description, r.want.description) << r.name;
        EXPECT_EQ(a.topics, r.want.topics) << r.name;
        EXPECT_EQ(a.language, r.want.language) << r.name;
        EXPECT_EQ(a.published, r.want.published) << r.name;
        EXPECT_EQ(a.modified, r.want.modified) << r.name;
        EXPECT_EQ(a.body, r.want.body) << r.name;
        EXPECT_EQ(pdf_sections_of(a), r.sections) << r.name;
    }
}

TEST(PdfExtract, BoundsSkipsAndCuts) {
    const auto pages = [](std::size_t blank, const std::vector<std::string>& then) {
        TestPdf p;
        p.pages.assign(blank, "");
        for (const std::string& t : then) p.pages.push_back(pdf_text_page({t}));
        return build_pdf(p);
    };
    DocumentLimits small;
    small.max_pages = 4;
    small.max_pages_without_text = 3;
    small.max_text_bytes = 40;
    const struct {
        const char* name;
        std::string pdf;
        const char* skip;
        const char* cut;
        const char* body;
    } rows[] = {
        {"no text at all", pages(2, {}), "PDF has no text layer: needs OCR", "", ""},
        {"blank pages stop the reading", pages(3, {"late text"}),
         "PDF has no text layer: needs OCR (the first 3 of 4 pages have none)", "", ""},
        {"text, then blank pages to the bound",
         [&] {
             TestPdf p{{pdf_text_page({"early"}), "", "", "", pdf_text_page({"late"})}, "", "", {}};
             return build_pdf(p);
         }(),
         "", "stopped after 3 pages in a row without text (pages 5 to 5 not read)", "early"},
        {"pages past the bound", pages(0, {"one", "two", "three", "four", "five"}), "",
         "pages past 4 left out (5 pages)", "one\ntwo\nthree\nfour"},
        {"text past the bound", pages(0, {"Alpha letters here.", "Bravo letters here.", "Charlie letters."}), "",
         "text past 40 bytes left out (pages 3 to 3)", "Alpha letters here.\nBravo letters here."},
    };
    for (const auto& r : rows) {
        const DocumentExtraction x = extract_pdf(r.pdf, small);
        EXPECT_EQ(x.skip_reason, r.skip) << r.name;
        EXPECT_EQ(x.cut, r.cut) << r.name;
        EXPECT_EQ(x.article.body, r.body) << r.name;
    }
}

// poppler's C++ API reads a whole outline recursively, checking each entry against its ancestors:
// 100,000 nested entries took minutes. An outline with more titles than are used is not read.
TEST(PdfExtract, AnOutlinePastItsBoundIsNotRead) {
    DocumentLimits small;
    small.max_outline_entries = 3;
    const auto outline = [](std::size_t n, bool nested) {
        TestPdf p{{pdf_text_page({"Entry 1", "", "Entry 2", "", "Entry 3", "", "Entry 4"})}, "", "", {}, nested};
        for (std::size_t i = 1; i <= n; ++i) p.outline.push_back("Entry " + std::to_string(i));
        return build_pdf(p);
    };
    const struct {
        const char* name;
        std::string pdf;
        const char* cut;
        std::size_t sections;  ///< the page's and the entries'
    } rows[] = {
        {"within the bound, siblings", outline(3, false), "", 4},
        {"within the bound, nested", outline(3, true), "", 4},
        {"past the bound", outline(5, true), "outline not read (5 titles, more than the 3 entries read)", 1},
    };
    for (const auto& r : rows) {
        const DocumentExtraction x = extract_pdf(r.pdf, small);
        EXPECT_EQ(x.cut, r.cut) << r.name;
        EXPECT_EQ(x.article.sections.size(), r.sections) << r.name;
    }
}

TEST(PdfExtract, HostileFilesAreSkippedOrFailWithAReason) {
    const struct {
        const char* file;
        const char* skip;   ///< "" when indexed or failing
        const char* error;  ///< BadDocument's message starts with this ("" when none)
    } rows[] = {
        {"hostile/encrypted.pdf", "PDF is encrypted: it needs a password to open", ""},
        {"hostile/restricted.pdf", "", ""},  // an owner password only: readable, so indexed
        {"hostile/image-only.pdf", "PDF has no text layer: needs OCR", ""},
        {"hostile/blank-pages.pdf", "PDF has no text layer: needs OCR (the first 200 of 5000 pages have none)", ""},
        {"hostile/flate-bomb.pdf", "a compressed stream expands past 64 MiB (a compression bomb?)", ""},
        {"hostile/truncated.pdf", "", "damaged PDF, cannot be opened"},
        {"hostile/not-a-pdf.pdf", "", "not a PDF file (no %PDF- header)"},
    };
    for (const auto& r : rows) {
        const std::string bytes = test::document_fixture(r.file);
        ASSERT_FALSE(bytes.empty()) << r.file;
        try {
            const DocumentExtraction x = extract_pdf(bytes);
            EXPECT_EQ(r.error, std::string()) << r.file << " did not fail";
            EXPECT_EQ(x.skip_reason, r.skip) << r.file;
            if (x.skip_reason.empty()) {
                EXPECT_FALSE(x.article.body.empty()) << r.file;
            }
        } catch (const BadDocument& e) {
            EXPECT_EQ(std::string(e.what()).rfind(r.error, 0), 0u) << r.file << ": " << e.what();
            EXPECT_NE(std::string(r.error), "") << r.file << ": " << e.what();
        }
    }
}

// The guide of tests/data/documents/mixed: 26 pages, a two-level outline, a footer on every page.
TEST(PdfExtract, GuideKeepsEachPageApart) {
    const DocumentExtraction x = extract_pdf(test::document_fixture("mixed/guide.pdf"));
    ASSERT_EQ(x.skip_reason, "");
    EXPECT_EQ(x.how, "PDF 1.4, 26 pages, outline of 26 entries");
    EXPECT_EQ(x.article.title, "A harm reduction guide");
    EXPECT_EQ(x.article.author, "Riverbend Harm Reduction Network");
    // Page 7 holds the section about calling 911, and its outline title.
    std::size_t page7 = std::string::npos, page8 = std::string::npos;
    std::string heading7;
    for (const Section& s : x.article.sections) {
        if (s.anchor == "page=7" && page7 == std::string::npos) page7 = s.offset;
        if (s.anchor == "page=7" && !s.heading.empty()) heading7 = s.heading;
        if (s.anchor == "page=8" && page8 == std::string::npos) page8 = s.offset;
    }
    ASSERT_LT(page7, page8);
    const std::string text7 = x.article.body.substr(page7, page8 - page7);
    EXPECT_NE(text7.find("outstanding warrants or probation and parole"), std::string::npos) << text7;
    EXPECT_EQ(heading7, "Worried about calling 911?");
    EXPECT_EQ(x.article.body.find("Riverbend Harm Reduction Network"), std::string::npos) << "the running footer";
}

}  // namespace
}  // namespace lantern
