// Tests for core/xml_mapping: loading and validating mapping files, and applying the shipped
// mappings (examples/mappings) to fixtures and to MedQuAD-shaped documents.
#include "extract/xml_mapping.h"
#include "extract/xml_extract.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "text/errors.h"
#include "fixtures.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

using test::fixture;

const std::string kMappings = std::string(LANTERN_SOURCE_DIR) + "/examples/mappings/";

class MappingFileTest : public ::testing::Test {
protected:
    void SetUp() override { path_ = (fs::temp_directory_path() / ("lantern-map-" + std::to_string(::getpid()) + ".toml")).string(); }
    void TearDown() override { fs::remove(path_); }
    std::string write(const std::string& text) {
        std::ofstream(path_) << text;
        return path_;
    }
    std::string path_;
};

TEST_F(MappingFileTest, InvalidMappingsFailWithFileLineAndReason) {
    const struct {
        std::string name, toml, error;  // error is the message after "FILE:"
    } rows[] = {
        {"toml syntax", "[[mapping]\nname = 1", "1: Error while parsing table header: expected ']', saw '\\n'"},
        {"no mapping", "title = \"x\"\n", "1: unknown key 'title' (expected [[mapping]] tables)"},
        {"empty file", "", "1: no [[mapping]] table"},
        {"missing name", "[[mapping]]\nroot = \"a\"\n", "1: mapping.name is required"},
        {"unknown key", "[[mapping]]\nname = \"m\"\nrecord = \"/a\"\n", "3: unknown key 'record' in [[mapping]]"},
        {"unknown field", "[[mapping]]\nname = \"m\"\n[mapping.fields]\ntitle = \"t\"\nheadline = \"h\"\n",
         "5: unknown field 'headline' (fields: title, summary, url, audience, language, author, published, modified, reviewed, topics)"},
        {"bad xpath", "[[mapping]]\nname = \"m\"\n[mapping.fields]\ntitle = \"Focus[\"\n",
         "4: mapping 'm'.fields.title: bad XPath 'Focus[': Unrecognized node test at character 7"},
        {"wrong type", "[[mapping]]\nname = \"m\"\n[mapping.fields]\ntitle = 3\n", "4: mapping 'm'.fields.title must be a string"},
        {"bad format", "[[mapping]]\nname = \"m\"\n[[mapping.body]]\nselect = \"b\"\nformat = \"markdown\"\n",
         "5: mapping 'm'.body.format must be \"text\", \"html\" or \"structured\", not \"markdown\""},
        {"nothing to index", "[[mapping]]\nname = \"m\"\nroot = \"x\"\n", "1: mapping 'm' sets neither fields.title nor a body"},
        {"body without select", "[[mapping]]\nname = \"m\"\n[[mapping.body]]\ntext = \"t\"\n", "3: mapping 'm'.body.select is required"},
    };
    for (const auto& r : rows) {
        try {
            XmlMappings::load({write(r.toml)});
            ADD_FAILURE() << r.name << ": loaded";
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), path_ + ":" + r.error) << r.name;
        }
    }
    try {
        XmlMappings::load({"/nonexistent/m.toml"});
        ADD_FAILURE() << "loaded a missing file";
    } catch (const BadInput& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/m.toml"), std::string::npos) << e.what();
    }
}

TEST(XmlMappings, ShippedMappingsLoad) {
    const XmlMappings m = XmlMappings::load({kMappings + "medquad.toml", kMappings + "lantern-article.toml", kMappings + "cms-export.toml"});
    EXPECT_EQ(m.names().size(), 5u);
    EXPECT_EQ(m.names()[0], kMappings + "medquad.toml: medquad");
}

TEST(XmlMappings, CorpusShapes) {
    const XmlMappings m = XmlMappings::load({kMappings + "lantern-article.toml", kMappings + "cms-export.toml"});
    const XmlExtraction single = m.extract(fixture("xml/hepatitis-b.xml"), "xml/hepatitis-b.xml");
    ASSERT_EQ(single.articles.size(), 1u);
    const Article& a = single.articles[0];
    EXPECT_EQ(a.id, "");
    EXPECT_EQ(a.title, "Hepatitis B vaccination");
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"hepatitis B", "vaccination"}));
    EXPECT_EQ(a.reviewed, "2026-08-21");
    ASSERT_EQ(a.sections.size(), 3u);
    EXPECT_EQ(a.sections[1].anchor, "where");
    EXPECT_EQ(a.body.substr(a.sections[2].offset), "Sources\nCDC \u2014 Hepatitis B vaccine recommendations\nGeneral information, not medical advice.");

    const XmlExtraction exp = m.extract(fixture("xml/cms-export.xml"), "xml/cms-export.xml");
    ASSERT_EQ(exp.articles.size(), 2u);
    EXPECT_EQ(exp.articles[0].id, "7");
    EXPECT_EQ(exp.articles[0].url, "https://riverbend.example/treatment/methadone");
    EXPECT_EQ(exp.articles[0].published, "2024-11-02");
    EXPECT_EQ(exp.articles[0].body.find("alert"), std::string::npos);
    EXPECT_EQ(exp.skipped, (std::vector<std::string>{"record 9: left out by keep = @status = 'published'"}));
    EXPECT_EQ(exp.mapping, kMappings + "cms-export.toml: riverbend-cms-export");
}

TEST(XmlMappings, MedquadVariants) {
    const XmlMappings m = XmlMappings::load({kMappings + "medquad.toml"});
    const struct {
        std::string name, xml, title, first_heading, anchor, body_has;
    } rows[] = {
        {"Document",
         "<Document id=\"1\" url=\"https://e.example/a\"><Focus>Heroin use</Focus><FocusAnnotations><Synonyms><Synonym>diamorphine"
         "</Synonym></Synonyms></FocusAnnotations><QAPairs><QAPair pid=\"1\"><Question qid=\"1-1\">What is heroin use ?</Question>"
         "<Answer>An answer.</Answer></QAPair></QAPairs></Document>",
         "Heroin use", "What is heroin use ?", "1-1", "What is heroin use ?\nAn answer."},
        {"DiseaseFile",
         "<DiseaseFile fid=\"9\" url=\"u\"><Focus>Taeniasis</Focus><QAPairs><QAPair pid=\"1\"><Question qid=\"9-1\">Who is at risk?"
         "</Question><Answer>Eaters of raw pork.</Answer></QAPair></QAPairs></DiseaseFile>",
         "Taeniasis", "Who is at risk?", "9-1", "Eaters of raw pork."},
        {"lower case",
         "<doc docid=\"7\" url=\"u\"><doctitle-focus>Holmes-Adie</doctitle-focus><qaPairs><pair pid=\"1\"><question qid=\"7-1\">"
         "what is holmes-adie syndrome ?</question><answer>A disorder of the pupil.</answer></pair></qaPairs></doc>",
         "Holmes-Adie", "what is holmes-adie syndrome ?", "7-1", "A disorder of the pupil."},
        {"answer removed upstream",
         "<Document id=\"2\"><Focus>Clinical trials</Focus><QAPairs><QAPair pid=\"1\"><Question qid=\"2-1\">What are clinical trials ?"
         "</Question><Answer></Answer></QAPair></QAPairs></Document>",
         "Clinical trials", "What are clinical trials ?", "2-1", "What are clinical trials ?"},
    };
    for (const auto& r : rows) {
        const XmlExtraction x = m.extract(r.xml, "f.xml");
        ASSERT_EQ(x.articles.size(), 1u) << r.name;
        const Article& a = x.articles[0];
        EXPECT_EQ(a.title, r.title) << r.name;
        ASSERT_FALSE(a.sections.empty()) << r.name;
        EXPECT_EQ(a.sections[0].heading, r.first_heading) << r.name;
        EXPECT_EQ(a.sections[0].anchor, r.anchor) << r.name;
        EXPECT_NE(a.body.find(r.body_has), std::string::npos) << r.name << ": " << a.body;
    }
    const XmlExtraction d = m.extract(rows[0].xml, "f.xml");
    EXPECT_EQ(d.articles[0].topics, (std::vector<std::string>{"diamorphine"}));
    EXPECT_EQ(d.articles[0].url, "https://e.example/a");
}

TEST(XmlMappings, UnmatchedXmlIsReportedNotGuessed) {
    const XmlMappings m = XmlMappings::load({kMappings + "medquad.toml"});
    try {
        m.extract("<catalog><title>x</title></catalog>", "c.xml");
        FAIL() << "extracted with no matching mapping";
    } catch (const BadDocument& e) {
        EXPECT_EQ(std::string(e.what()),
                  "no XML mapping matches this file (root element <catalog>; mappings tried: " + kMappings + "medquad.toml: medquad; " +
                      kMappings + "medquad.toml: medquad-diseasefile; " + kMappings + "medquad.toml: medquad-lowercase)");
    }
}

// Issue 19: giving any mapping turned the built-in one off for every other file, so an export
// that indexed before failed. Mappings add to it: one that matches a file wins; a file none
// matches is read the built-in way, and when that fails too, the failure names the mappings tried.
TEST(XmlMappings, MappingsAddToTheBuiltInOne) {
    const XmlMappings m = XmlMappings::load({kMappings + "cms-export.toml"});
    const struct {
        std::string name;
        std::string xml;
        std::string mapping;   // "" = the file fails
        std::string title_or_error;
    } rows[] = {
        {"a mapping matches",
         "<export><article nid=\"7\" status=\"published\"><headline>Mapped</headline><bodyHtml><![CDATA[<p>Text.</p>]]></bodyHtml></article></export>",
         kMappings + "cms-export.toml: riverbend-cms-export", "Mapped"},
        {"none matches: built-in", "<article><title>Own schema</title><body>Text here.</body></article>",
         "built-in (no mapping given matches this file)", "Own schema"},
        {"none matches, built-in finds nothing", "<thing><other>x</other></thing>", "",
         "no title or body element found (looked for <title>, <headline>, <body>, <content>, <text>); describe this XML with a "
         "mapping file (--mapping; examples in examples/mappings/, docs/xml-mapping.md); and no XML mapping matches this file "
         "(root element <thing>; mappings tried: " + kMappings + "cms-export.toml: riverbend-cms-export)"},
    };
    for (const auto& r : rows) {
        try {
            const XmlExtraction x = extract_xml(r.xml, m, "f.xml");
            EXPECT_EQ(x.mapping, r.mapping) << r.name;
            ASSERT_EQ(x.articles.size(), 1u) << r.name;
            EXPECT_EQ(x.articles[0].title, r.title_or_error) << r.name;
        } catch (const BadDocument& e) {
            EXPECT_EQ(r.mapping, "") << r.name << ": " << e.what();
            EXPECT_EQ(std::string(e.what()), r.title_or_error) << r.name;
        }
    }
}

/// A mapping of <export><article nid> records whose body is selected by `body`.
std::string article_mapping(const std::string& name, const std::string& body) {
    return "[[mapping]]\nname = \"" + name + "\"\nroot = \"export\"\nrecords = \"/export/article\"\nkey = \"@nid\"\n\n"
           "[mapping.fields]\ntitle = \"title\"\n\n[[mapping.body]]\nselect = \"" + body + "\"\n";
}

TEST_F(MappingFileTest, APathFromTheDocumentRootForEveryRecordFailsTheFileEarly) {
    const XmlMappings m = XmlMappings::load({write(article_mapping("every-node", "//body"))});
    std::string xml = "<export>";
    for (int i = 0; i < 2000; ++i) xml += "<article nid=\"" + std::to_string(i) + "\"><title>T" + std::to_string(i) + "</title><body>" + std::string(600, 'w') + "</body></article>";
    xml += "</export>";
    try {
        m.extract(xml, "e.xml");
        FAIL() << "every record took the whole document's text";
    } catch (const BadDocument& e) {
        EXPECT_NE(std::string(e.what()).find("the records' text is over 4 times the file's size; a path starting with //"), std::string::npos)
            << e.what();
    }
    // The same records with a path relative to the record are fine.
    const XmlMappings relative = XmlMappings::load({write(article_mapping("relative", "body"))});
    EXPECT_EQ(relative.extract(xml, "e.xml").articles.size(), 2000u);
}

}  // namespace
}  // namespace lantern
