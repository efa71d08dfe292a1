// Tests for core/xml_extract: the simple element-name mapping, records, drafts, malformed XML.
#include "extract/xml_extract.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "text/errors.h"
#include "fixtures.h"

namespace lantern {
namespace {

using test::fixture;

TEST(ExtractXml, SingleArticleSchema) {
    const XmlExtraction x = extract_xml(fixture("xml/hepatitis-b.xml"), XmlMappings(), "xml/hepatitis-b.xml");
    ASSERT_EQ(x.articles.size(), 1u);
    const Article& a = x.articles[0];
    EXPECT_EQ(a.id, "");
    EXPECT_EQ(a.title, "Hepatitis B vaccination");
    EXPECT_EQ(a.description, "Hepatitis B vaccine protects the liver; adults up to 59 should get it.");
    EXPECT_EQ(a.url, "https://health.example/infections/hepatitis-b-vaccination");
    EXPECT_EQ(a.audience, "public");
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"hepatitis B", "vaccination"}));
    EXPECT_EQ(a.published, "2024-01-10");
    EXPECT_EQ(a.modified, "2026-08-21");
    EXPECT_EQ(a.reviewed, "2026-08-21");
    EXPECT_EQ(a.sections[0].heading, "Who should get it");
    EXPECT_EQ(a.sections[0].anchor, "who-should-get-it");
    EXPECT_EQ(a.body.substr(a.sections[1].offset, 15), "Where to get it");
    EXPECT_NE(a.body.find("Two-dose and three-dose vaccines exist."), std::string::npos);
    // Sources and disclaimer beside <body> are part of the article text, as on a web page.
    ASSERT_EQ(a.sections.size(), 3u);
    EXPECT_EQ(a.sections[2].heading, "Sources");
    EXPECT_EQ(a.body.substr(a.sections[2].offset), "Sources\nCDC \u2014 Hepatitis B vaccine recommendations\n"
                                                   "General information, not medical advice.");
}

TEST(ExtractXml, ExportRecordsAndDrafts) {
    const XmlExtraction x = extract_xml(fixture("xml/cms-export.xml"), XmlMappings(), "xml/cms-export.xml");
    ASSERT_EQ(x.articles.size(), 2u);
    EXPECT_EQ(x.articles[0].id, "7");
    EXPECT_EQ(x.articles[0].title, "Methadone treatment");
    EXPECT_EQ(x.articles[0].url, "/treatment/methadone");
    EXPECT_EQ(x.articles[0].reviewed, "2026-07-14");
    EXPECT_EQ(x.articles[0].published, "2024-11-02");
    EXPECT_EQ(x.articles[0].topics, (std::vector<std::string>{"methadone", "treatment"}));
    ASSERT_EQ(x.articles[0].sections.size(), 1u);
    EXPECT_EQ(x.articles[0].sections[0].anchor, "take-homes");
    EXPECT_EQ(x.articles[0].body.find("alert"), std::string::npos) << "script inside CDATA HTML was indexed";
    EXPECT_EQ(x.articles[1].id, "8");
    EXPECT_EQ(x.skipped, (std::vector<std::string>{"record 9: status is draft, not published"}));
}

TEST(ExtractXml, Errors) {
    const struct {
        std::string name;
        std::string xml;
        std::string want;
    } rows[] = {
        {"malformed", fixture("xml/malformed.xml"), "malformed XML at line 5, column 5: Start-end tags mismatch"},
        {"empty", "", "malformed XML at line 1, column 1: No document element found"},
        {"no fields", "<?xml version=\"1.0\"?><thing><other>x</other></thing>",
         "no title or body element found (looked for <title>, <headline>, <body>, <content>, <text>); "
         "describe this XML with a mapping file (--mapping; examples in examples/mappings/, docs/xml-mapping.md)"},
        {"binary", std::string("\0\x01\x02\x03garbage", 11), "binary data, not an XML document"},
    };
    for (const auto& r : rows) {
        try {
            extract_xml(r.xml, XmlMappings(), "x.xml");
            ADD_FAILURE() << r.name << ": no error";
        } catch (const BadDocument& e) {
            EXPECT_EQ(std::string(e.what()), r.want) << r.name;
        }
    }
}

TEST(ExtractXml, EntitiesAreNeverExpandedOrFetched) {
    const XmlExtraction x = extract_xml(fixture("xml/entity-bomb.xml"), XmlMappings(), "xml/entity-bomb.xml");
    ASSERT_EQ(x.articles.size(), 1u);
    const std::string& body = x.articles[0].body;
    EXPECT_LT(body.size(), 200u) << "entities were expanded";
    EXPECT_EQ(body.find("root:"), std::string::npos) << "external entity was fetched";
}

}  // namespace
}  // namespace lantern
