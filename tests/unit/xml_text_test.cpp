// Tests for core/extract/detail/xml_text: the text, sections and errors that both XML mappings
// (the built-in one and declarative ones) take from a parsed document.
#include "extract/detail/xml_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/errors.h"

namespace lantern {
namespace {

/// The document element of `xml` (parsed as xml_text::parse parses).
struct Parsed {
    pugi::xml_document doc;
    explicit Parsed(const std::string& xml) { xml_text::parse(xml, doc); }
    pugi::xml_node root() const { return doc.document_element(); }
};

/// "heading@anchor:offset" for each section, to compare in one line.
std::vector<std::string> sections_of(const Article& a) {
    std::vector<std::string> out;
    for (const Section& s : a.sections) out.push_back(s.heading + "@" + s.anchor + ":" + std::to_string(s.offset));
    return out;
}

TEST(XmlLocalName, PrefixDroppedAndLowerCase) {
    const struct {
        const char* xml;
        const char* want;
    } rows[] = {
        {"<Title/>", "title"},
        {"<dc:Title xmlns:dc='x'/>", "title"},
        {"<BODY/>", "body"},
        {"<h2/>", "h2"},
    };
    for (const auto& r : rows) EXPECT_EQ(xml_text::local_name(Parsed(r.xml).root()), r.want) << r.xml;
}

TEST(XmlTextOf, AllCharacterDataCollapsed) {
    const struct {
        const char* xml;
        const char* want;
    } rows[] = {
        {"<p>  Slow\n\n  breathing  </p>", "Slow breathing"},
        {"<p>Give <b>naloxone</b> now</p>", "Give naloxone now"},
        {"<p><![CDATA[a < b]]></p>", "a < b"},
        {"<p>one<!-- a comment -->two</p>", "one two"},  // comments are not text
        {"<p>x &amp; y</p>", "x & y"},
        {"<p><q><r><s>deep</s></r></q></p>", "deep"},
        {"<p/>", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(xml_text::text_of(Parsed(r.xml).root()), r.want) << r.xml;
}

TEST(XmlAppendStructured, HeadingsStartSectionsAndElementsBreakParagraphs) {
    const struct {
        const char* name;
        std::string before;  ///< the body so far
        const char* xml;
        std::string body;
        std::vector<std::string> sections;
    } rows[] = {
        {"headings with their own or their parent's id",
         "",
         "<body><heading id='signs'>Signs</heading><para>Slow breathing.</para>"
         "<section id='after'><h2>After</h2><p>Stay.</p></section></body>",
         "Signs\nSlow breathing.\nAfter\nStay.",
         {"Signs@signs:0", "After@after:22"}},
        {"every element is a paragraph break",
         "",
         "<body><p>Give <em>naloxone</em> now</p></body>",
         "Give\nnaloxone now",
         {}},
        {"appended after what is there", "Intro", "<body><p>More</p></body>", "Intro\nMore", {}},
        {"h1..h6 only: h7 is a paragraph", "", "<body><h7>Not a heading</h7></body>", "Not a heading", {}},
        {"an empty heading makes no section", "", "<body><h3>  </h3><p>Text</p></body>", "Text", {}},
        {"white space only", "", "<body>  <p> </p>\n</body>", "", {}},
    };
    for (const auto& r : rows) {
        Article a;
        a.body = r.before;
        xml_text::append_structured(Parsed(r.xml).root(), a);
        EXPECT_EQ(a.body, r.body) << r.name;
        EXPECT_EQ(sections_of(a), r.sections) << r.name;
    }
}

TEST(XmlAppendParagraphAndHeading, Table) {
    Article a;
    xml_text::append_paragraph("  first   paragraph ", a);
    xml_text::append_paragraph("   ", a);  // nothing to add
    xml_text::append_heading(" Dosage ", "dose", a);
    xml_text::append_heading("", "ignored", a);
    xml_text::append_paragraph("Take one.", a);
    EXPECT_EQ(a.body, "first paragraph\nDosage\nTake one.");
    EXPECT_EQ(sections_of(a), std::vector<std::string>{"Dosage@dose:16"});
}

TEST(XmlAppendHtml, MarkupHeldAsTextBecomesBodyAndSections) {
    Article a;
    a.body = "Summary";
    a.sections.push_back({"Summary", "", 0});
    xml_text::append_html("<h2 id=\"dose\">Dose</h2><p>Take <b>one</b>.</p><script>alert(1)</script>", a);
    EXPECT_EQ(a.body, "Summary\nDose\nTake one.");
    EXPECT_EQ(sections_of(a), (std::vector<std::string>{"Summary@:0", "Dose@dose:8"}))
        << "offsets of the HTML's sections count from where it was appended";
    Article empty;
    xml_text::append_html("<p>  </p>", empty);
    EXPECT_EQ(empty.body, "");
}

TEST(XmlHoldsHtml, Table) {
    const struct {
        const char* xml;
        bool want;
    } rows[] = {
        {"<body>&lt;p&gt;Escaped markup&lt;/p&gt;</body>", true},
        {"<body><![CDATA[<p>In CDATA</p>]]></body>", true},
        {"<body><p>Real elements</p></body>", false},
        {"<body>2 &lt; 3 is all</body>", false},  // a '<' alone is no markup
        {"<body>plain text</body>", false},
    };
    for (const auto& r : rows) EXPECT_EQ(xml_text::holds_html(Parsed(r.xml).root()), r.want) << r.xml;
}

TEST(XmlSanitize, InvalidBytesReplacedAndSectionOffsetsKept) {
    Article a;
    a.title = "Caf\xE9";
    a.topics = {"ok", "bad\xFF"};
    a.body = "a\xFF\nAfter\nb\xC3";
    a.sections.push_back({"After", "aft\xFE", 3});
    xml_text::sanitize(a);
    EXPECT_EQ(a.title, "Caf\xEF\xBF\xBD");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"ok", "bad\xEF\xBF\xBD"}));
    EXPECT_EQ(a.body, "a\xEF\xBF\xBD\nAfter\nb\xEF\xBF\xBD");
    ASSERT_EQ(a.sections.size(), 1u);
    EXPECT_EQ(a.sections[0].anchor, "aft\xEF\xBF\xBD");
    EXPECT_EQ(a.sections[0].offset, 5u) << "moved by the two bytes the replacement before it added";
    EXPECT_EQ(a.body.substr(a.sections[0].offset, 5), "After");
}

TEST(XmlParse, GoodDocumentsAndTheMessagesOfBadOnes) {
    const struct {
        const char* name;
        std::string bytes;
        std::string error;  ///< "" when it parses
    } rows[] = {
        {"well-formed", "<?xml version='1.0'?>\n<doc><title>x</title></doc>", ""},
        {"UTF-16 with a BOM", std::string("\xFF\xFE<\0d\0/\0>\0", 10), ""},
        {"entities of a DTD stay unexpanded",
         "<!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>\n<d>&b;</d>", ""},
        {"mismatched tags", "<doc>\n  <a>\n  </b>\n</doc>",
         "malformed XML at line 3, column 5: Start-end tags mismatch"},
        {"cut short", "<doc><a>", "malformed XML at line 1, column 8: Start-end tags mismatch"},
        {"no element", "just text", "malformed XML at line 1, column 10: No document element found"},
        {"binary",
         std::string("\x7f"
                     "ELF\x02\x01\x01\0\0\0",
                     10),
         "binary data, not an XML document"},
    };
    for (const auto& r : rows) {
        pugi::xml_document doc;
        try {
            xml_text::parse(r.bytes, doc);
            EXPECT_EQ(r.error, "") << r.name << ": parsed";
        } catch (const BadDocument& e) {
            EXPECT_EQ(e.what(), r.error) << r.name;
        }
    }
    pugi::xml_document doc;
    xml_text::parse("<!DOCTYPE d [<!ENTITY a 'expanded'>]><d>x&a;y</d>", doc);
    EXPECT_EQ(xml_text::text_of(doc.document_element()).find("expanded"), std::string::npos)
        << "a DTD entity is never expanded (no entity bombs)";
}

}  // namespace
}  // namespace lantern
