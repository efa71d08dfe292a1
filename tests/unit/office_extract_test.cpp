// Tests for core/extract/office_extract: what DOCX and ODT files give (paragraphs, headings as
// sections, tables, core properties) and leave out (headers, footers, comments, footnotes, tracked
// deletions, field codes), and what is skipped or fails and why. Documents are zipped in memory
// from the XML each row states (documents.h), or read from tests/data/documents.
#include "extract/office_extract.h"

#include <gtest/gtest.h>

#include "documents.h"
#include "text/errors.h"

namespace lantern {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

const char* const kW =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

std::string docx_document(const std::string& body) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document ") + kW + "><w:body>" + body +
           "</w:body></w:document>";
}

std::string docx_p(const std::string& text, const std::string& style = "") {
    return "<w:p>" + (style.empty() ? "" : "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>") + "<w:r><w:t>" + text +
           "</w:t></w:r></w:p>";
}

std::string odt_content(const std::string& text) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
           "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
           "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
           "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:body><office:text>" +
           text + "</office:text></office:body></office:document-content>";
}

Parts odt_parts(const std::string& text, const std::string& meta = "") {
    Parts p = {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", odt_content(text)}};
    if (!meta.empty()) {
        p.push_back({"meta.xml",
                     "<?xml version=\"1.0\"?><office:document-meta "
                     "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                     "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
                     "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta>" +
                         meta + "</office:meta></office:document-meta>"});
    }
    return p;
}

/// Sections as their headings, in order.
std::vector<std::string> office_headings(const Article& a) {
    std::vector<std::string> out;
    for (const Section& s : a.sections) out.push_back(s.heading);
    return out;
}

struct OfficeRow {
    const char* name;
    Parts parts;
    const char* title;
    const char* body;
    std::vector<std::string> headings;
};

void check_rows(const std::vector<OfficeRow>& rows,
                DocumentExtraction (*extract)(std::string_view, const DocumentLimits&)) {
    for (const OfficeRow& r : rows) {
        const DocumentExtraction x = extract(test::build_zip(r.parts), DocumentLimits());
        EXPECT_EQ(x.skip_reason, "") << r.name;
        EXPECT_EQ(x.article.title, r.title) << r.name;
        EXPECT_EQ(x.article.body, r.body) << r.name;
        EXPECT_EQ(office_headings(x.article), r.headings) << r.name;
    }
}

TEST(DocxExtract, Table) {
    const std::string styles =
        std::string("<?xml version=\"1.0\"?><w:styles ") + kW +
        "><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Chapter\"><w:name w:val=\"Chapter\"/><w:pPr><w:outlineLvl "
        "w:val=\"0\"/></w:pPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"MyHeading\"><w:name w:val=\"My heading\"/><w:basedOn "
        "w:val=\"Kop1\"/></w:style>"
        "</w:styles>";
    const std::vector<OfficeRow> rows = {
        {"runs join; a run of spaces is text",
         {{"word/document.xml",
           docx_document(
               "<w:p><w:r><w:t>Naloxone</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r><w:r><w:t>works"
               "</w:t></w:r><w:r><w:tab/><w:t>fast</w:t><w:br/><w:t>always</w:t></w:r></w:p>")}},
         "",
         "Naloxone works fast always",
         {}},
        {"Word's built-in heading ids, and the first heading as title",
         {{"word/document.xml", docx_document(docx_p("Where to get it", "Heading1") + docx_p("Free from us."))}},
         "Where to get it",
         "Where to get it\nFree from us.",
         {"Where to get it"}},
        {"headings by styles.xml: a name, an outline level, a based-on style; Title is the title",
         {{"word/styles.xml", styles},
          {"word/document.xml",
           docx_document(docx_p("Naloxone leaflet", "Title") + docx_p("Dutch heading", "Kop1") + docx_p("Text.") +
                         docx_p("Chapter one", "Chapter") + docx_p("Mine", "MyHeading"))}},
         "Naloxone leaflet",
         "Naloxone leaflet\nDutch heading\nText.\nChapter one\nMine",
         {"Naloxone leaflet", "Dutch heading", "Chapter one", "Mine"}},
        {"a table's rows, cells separated",
         {{"word/document.xml", docx_document("<w:tbl><w:tr><w:tc>" + docx_p("Day") + "</w:tc><w:tc>" + docx_p("Dose") +
                                              docx_p("mg") + "</w:tc></w:tr><w:tr><w:tc>" + docx_p("1") +
                                              "</w:tc><w:tc>" + docx_p("4") + "</w:tc></w:tr></w:tbl>")}},
         "",
         "Day | Dose mg\n1 | 4",
         {}},
        {"tracked deletions, field codes and a text box's fallback copy are left out",
         {{"word/document.xml",
           docx_document(
               "<w:p><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins><w:r><w:t>inserted</w:t></w:r>"
               "</w:ins><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t> kept</w:t></w:r></w:p>"
               "<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>" +
               docx_p("boxed") + "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>" + docx_p("boxed") +
               "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>")}},
         "",
         "inserted kept\nboxed",
         {}},
        {"headers, footers, comments and footnotes are parts never read",
         {{"word/document.xml", docx_document(docx_p("Body."))},
          {"word/header1.xml", docx_document(docx_p("headerword"))},
          {"word/footer1.xml", docx_document(docx_p("footerword"))},
          {"word/comments.xml", docx_document(docx_p("commentword"))},
          {"word/footnotes.xml", docx_document(docx_p("footnoteword"))}},
         "",
         "Body.",
         {}},
    };
    check_rows(rows, &extract_docx);
}

TEST(DocxExtract, CoreProperties) {
    const Parts parts = {
        {"word/document.xml", docx_document(docx_p("Text."))},
        {"docProps/core.xml",
         "<?xml version=\"1.0\"?><cp:coreProperties "
         "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
         "<dc:title>Hepatitis C testing</dc:title><dc:creator>Riverbend</dc:creator><dc:subject>Who should "
         "test</dc:subject>"
         "<cp:keywords>hepatitis C, testing</cp:keywords><dcterms:created>2025-05-06T07:08:09Z</dcterms:created>"
         "<dcterms:modified>2026-01-02T00:00:00Z</dcterms:modified><dc:language>es-MX</dc:language></"
         "cp:coreProperties>"}};
    const Article a = extract_docx(test::build_zip(parts)).article;
    EXPECT_EQ(a.format, "docx");
    EXPECT_EQ(a.title, "Hepatitis C testing");
    EXPECT_EQ(a.author, "Riverbend");
    EXPECT_EQ(a.description, "Who should test");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"hepatitis C", "testing"}));
    EXPECT_EQ(a.published, "2025-05-06");
    EXPECT_EQ(a.modified, "2026-01-02");
    EXPECT_EQ(a.language, "es");
}

TEST(OdtExtract, Table) {
    const std::vector<OfficeRow> rows = {
        {"headings, paragraphs, spaces, tabs and line breaks",
         odt_parts(
             "<text:h text:outline-level=\"1\">Using alone</text:h><text:p>Tell<text:s text:c=\"3\"/>someone<text:tab/>"
             "first<text:line-break/>always.</text:p>"),
         "Using alone",
         "Using alone\nTell someone first always.",
         {"Using alone"}},
        {"lists and sections are read through; a Title paragraph is the title",
         odt_parts(
             "<text:p text:style-name=\"Title\">Leaflet</text:p><text:section><text:list><text:list-item><text:p>one"
             "</text:p></text:list-item><text:list-item><text:p>two</text:p></text:list-item></text:list></"
             "text:section>"),
         "Leaflet",
         "Leaflet\none\ntwo",
         {"Leaflet"}},
        {"a table's rows, cells separated",
         odt_parts(
             "<table:table><table:table-row><table:table-cell><text:p>Day</text:p></table:table-cell><table:table-cell>"
             "<text:p>Dose</text:p></table:table-cell></table:table-row></table:table>"),
         "",
         "Day | Dose",
         {}},
        {"comments, footnotes and tracked changes are left out",
         odt_parts(
             "<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p></text:deletion>"
             "</text:changed-region></text:tracked-changes><text:p>Kept<office:annotation><text:p>comment</text:p>"
             "</office:annotation> text<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>"
             "footnote</text:p></text:note-body></text:note>.</text:p>"),
         "",
         "Kept text.",
         {}},
    };
    check_rows(rows, &extract_odt);
    const Article a =
        extract_odt(test::build_zip(odt_parts(
                        "<text:p>Text.</text:p>",
                        "<dc:title>Using alone</dc:title><meta:initial-creator>Riverbend</meta:initial-creator>"
                        "<dc:subject>Lower the risk</dc:subject><meta:keyword>overdose</meta:keyword>"
                        "<meta:keyword>using alone</meta:keyword><meta:creation-date>2025-05-06T07:08:09"
                        "</meta:creation-date><dc:date>2026-01-02T00:00:00</dc:date><dc:language>en-US</dc:language>")))
            .article;
    EXPECT_EQ(a.format, "odt");
    EXPECT_EQ(a.title, "Using alone");
    EXPECT_EQ(a.author, "Riverbend");
    EXPECT_EQ(a.description, "Lower the risk");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"overdose", "using alone"}));
    EXPECT_EQ(a.published, "2025-05-06");
    EXPECT_EQ(a.modified, "2026-01-02");
    EXPECT_EQ(a.language, "en");
}

TEST(OfficeExtract, SkipsFailuresAndBounds) {
    DocumentLimits small;
    small.max_text_bytes = 20;
    small.max_part_bytes = 4096;
    small.max_zip_bytes = 6000;
    small.max_zip_entries = 3;
    const std::string long_docx =
        docx_document(docx_p("twelve chars") + docx_p("twelve chars") + docx_p("twelve chars"));
    const struct {
        const char* name;
        bool docx;
        std::string bytes;
        const char* skip;
        const char* cut;
        const char* error;  ///< BadDocument's message starts with this
    } rows[] = {
        {"text past the bound", true, test::build_zip({{"word/document.xml", long_docx}}), "",
         "text past 20 bytes left out", ""},
        {"a part declared past the bound", true,
         test::build_zip({{"word/document.xml", docx_document(docx_p(std::string(5000, 'a')))}}),
         "word/document.xml declares 5255 bytes uncompressed, past the 4096 bytes read of one part (a zip bomb?)", "",
         ""},
        {"parts past the archive's bound", true,
         test::build_zip(
             {{"word/styles.xml", "<w:styles " + std::string(kW) + ">" + std::string(3900, ' ') + "</w:styles>"},
              {"word/document.xml", docx_document(docx_p(std::string(3000, 'a')))}}),
         "its parts declare more than the 6000 bytes read of one document in all (a zip bomb?)", "", ""},
        {"too many entries", true,
         test::build_zip({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"word/document.xml", docx_document(docx_p("x"))}}),
         "its zip lists 4 entries, more than the 3 read (a zip bomb?)", "", ""},
        {"an encrypted part", true,
         test::build_zip({{"word/document.xml", docx_document(docx_p("x"))}}, {"word/document.xml"}),
         "word/document.xml is encrypted", "", ""},
        {"no text", true, test::build_zip({{"word/document.xml", docx_document("<w:p/>")}}), "DOCX has no text", "",
         ""},
        {"no document part", true, test::build_zip({{"word/other.xml", "<x/>"}}), "", "",
         "not a DOCX file: no word/document.xml in the zip"},
        {"malformed XML", true, test::build_zip({{"word/document.xml", "<w:document><w:body></w:document>"}}), "", "",
         "word/document.xml: malformed XML at line 1, column"},
        {"not a zip", true, "plain text, not a zip", "", "", "not a zip file"},
        {"a spreadsheet is no text document", false,
         test::build_zip(
             {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", odt_content("")}}),
         "", "", "not an ODT text document (its mimetype is application/vnd.oasis.opendocument.spreadsheet)"},
        {"no content part", false, test::build_zip({{"mimetype", "application/vnd.oasis.opendocument.text"}}), "", "",
         "not an ODT file: no content.xml in the zip"},
    };
    for (const auto& r : rows) {
        try {
            const DocumentExtraction x = r.docx ? extract_docx(r.bytes, small) : extract_odt(r.bytes, small);
            EXPECT_EQ(r.error, std::string()) << r.name << " did not fail";
            EXPECT_EQ(x.skip_reason, r.skip) << r.name;
            EXPECT_EQ(x.cut, r.cut) << r.name;
        } catch (const BadDocument& e) {
            EXPECT_NE(std::string(r.error), "") << r.name << ": " << e.what();
            EXPECT_EQ(std::string(e.what()).rfind(r.error, 0), 0u) << r.name << ": " << e.what();
        }
    }
}

TEST(OfficeExtract, HostileFilesAreSkippedOrFailWithAReason) {
    const struct {
        const char* file;
        const char* skip;
        const char* error;  ///< BadDocument's message starts with this ("" when none)
        const char* word;   ///< indexed: a word the text holds
    } rows[] = {
        {"hostile/zip-bomb.docx",
         "word/document.xml declares 40 MiB uncompressed, past the 32 MiB read of one part (a zip bomb?)", "", ""},
        {"hostile/lying-size.docx",
         "word/document.xml inflates to more than the 2000 bytes its header declares (damaged, or a zip bomb)", "", ""},
        {"hostile/deep-nesting.docx", "", "", "deepdocxword"},
        {"hostile/encrypted.docx", "DOCX is encrypted: it needs a password to open", "", ""},
        {"hostile/legacy.docx", "", "not a DOCX file: an older Word (.doc) file, which Lantern does not read", ""},
        {"hostile/truncated.docx", "", "damaged zip", ""},
        {"hostile/deep-nesting.odt", "", "", "deepodtword"},
        {"hostile/encrypted.odt", "ODT is encrypted: it needs a password to open", "", ""},
        {"hostile/spreadsheet.odt", "", "not an ODT text document", ""},
        {"mixed/report.docx", "", "", "tablewordsecond"},
        {"mixed/leaflet.odt", "", "", "naloxone"},
    };
    for (const auto& r : rows) {
        const std::string bytes = test::document_fixture(r.file);
        ASSERT_FALSE(bytes.empty()) << r.file;
        const bool docx = std::string(r.file).find(".docx") != std::string::npos;
        try {
            const DocumentExtraction x = docx ? extract_docx(bytes) : extract_odt(bytes);
            EXPECT_EQ(r.error, std::string()) << r.file << " did not fail";
            EXPECT_EQ(x.skip_reason, r.skip) << r.file;
            EXPECT_NE(x.article.body.find(r.word), std::string::npos) << r.file;
            EXPECT_EQ(x.article.body.find("footnoteonlyword"), std::string::npos) << r.file;
        } catch (const BadDocument& e) {
            EXPECT_NE(std::string(r.error), "") << r.file << ": " << e.what();
            EXPECT_EQ(std::string(e.what()).rfind(r.error, 0), 0u) << r.file << ": " << e.what();
        }
    }
}

}  // namespace
}  // namespace lantern
