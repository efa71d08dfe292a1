// Tests for core/html_bounds: ordinary pages pass unchanged; the shapes that cost Gumbo more than
// linear time are cut, including those that try to hide their nesting from the model.
#include "extract/detail/html_bounds.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/html_extract.h"

namespace lantern {
namespace {

std::string repeat_html(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string numbered(const std::string& before, const std::string& after, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += before + std::to_string(i) + after;
    return out;
}

std::string bounds_page(const std::string& body) { return "<!DOCTYPE html><html><head><title>T</title></head><body>" + body + "</body></html>"; }

TEST(HtmlBounds, EveryBundledAndSamplePageComesBackByteForByte) {
    std::size_t pages = 0;
    for (const std::string& root : {std::string(LANTERN_SOURCE_DIR) + "/corpus", std::string(LANTERN_TEST_DATA)}) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
            if (e.path().extension() != ".html") continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            if (ss.str().find('\0') != std::string::npos) continue;   // binary: refused before parsing
            HtmlCuts cuts;
            EXPECT_EQ(bound_html(ss.str(), cuts), ss.str()) << e.path();
            EXPECT_FALSE(cuts.any()) << e.path() << ": " << cuts.describe();
            ++pages;
        }
    }
    EXPECT_GT(pages, 40u);
}

TEST(HtmlBounds, SloppyButOrdinaryMarkupIsNotCut) {
    const struct {
        std::string name;
        std::string html;
    } rows[] = {
        {"unclosed paragraphs", repeat_html("<p>para", 2000)},
        {"unclosed list items", "<ul>" + repeat_html("<li>item", 2000) + "</ul>"},
        {"unclosed definitions", "<dl>" + repeat_html("<dt>term<dd>definition", 2000) + "</dl>"},
        {"unclosed cells and rows", "<table>" + repeat_html("<tr><td>a<td>b<th>c", 2000) + "</table>"},
        {"paragraphs closed by blocks", repeat_html("<p>text<div>block</div>", 2000)},
        {"headings left open", repeat_html("<h2>heading<h3>sub", 2000)},
        {"options left open", "<select>" + repeat_html("<option>x", 2000) + "</select>"},
        {"closed formatting", repeat_html("<b>bold</b> <i>it</i> <font size=2>f</font>", 2000)},
        {"misnested formatting", repeat_html("<b><i>w</b> w</i>", 2000)},
        {"comments between words", repeat_html("<!-- note -->word ", 2000)},
        {"tags inside a script", "<script>" + repeat_html("<div>", 2000) + "</script><p>after</p>"},
        {"tags inside a comment", "<!--" + repeat_html("<div>", 2000) + "--><p>after</p>"},
        {"void and self-closed elements", repeat_html("<br><img src=x><hr/><input>", 2000)},
        {"100 attributes", "<p " + numbered("a", "=1 ", 100) + ">text</p>"},
        {"deep but within the bound", repeat_html("<div>", 500) + "text" + repeat_html("</div>", 500)},
    };
    for (const auto& row : rows) {
        HtmlCuts cuts;
        const std::string html = bounds_page(row.html);
        EXPECT_EQ(bound_html(html, cuts), html) << row.name;
        EXPECT_FALSE(cuts.any()) << row.name << ": " << cuts.describe();
    }
}

TEST(HtmlBounds, CostlyShapesAreCutAndTheirTextKept) {
    const struct {
        std::string name;
        std::string html;
        std::size_t flattened, attributes, formatting;   // at least this many of each
        bool shown = true;                               // "deep text" is content (not inside <svg>)
    } rows[] = {
        {"nested divs", repeat_html("<div>", 5000) + "deep text", 4000, 0, 0},
        {"nested spans closed", repeat_html("<span>", 5000) + "deep text" + repeat_html("</span>", 5000), 4000, 0, 0},
        {"nested tables", repeat_html("<table><tr><td>", 3000) + "deep text", 2500, 0, 0},
        {"many attributes", "<p " + numbered("a", "=1 ", 5000) + ">deep text</p>", 0, 4900, 0},
        {"open formatting with distinct attributes", numbered("<p><b id=", ">deep text</p>", 3000), 0, 0, 2900},
        // Shapes that Gumbo nests while a careless model would not.
        {"comment closed at once", "<!-->" + repeat_html("<div>", 5000) + "deep text-->", 4000, 0, 0},
        {"title inside svg is not raw text", "<svg><title>" + repeat_html("<div>", 5000) + "deep text", 4000, 0, 0, false},
        {"end tag outside table scope", repeat_html("<div><table></div>", 3000) + "deep text", 4000, 0, 0},
        {"list items inside sections", repeat_html("<li><section>", 3000) + "deep text", 4000, 0, 0},
        {"formatting end past a block", repeat_html("<span><div></span>", 3000) + "deep text", 4000, 0, 0},
    };
    for (const auto& row : rows) {
        HtmlCuts cuts;
        const std::string html = bounds_page(row.html);
        bound_html(html, cuts);
        EXPECT_GE(cuts.flattened, row.flattened) << row.name;
        EXPECT_GE(cuts.attributes_dropped, row.attributes) << row.name;
        EXPECT_GE(cuts.formatting_dropped, row.formatting) << row.name;
        const HtmlExtraction x = extract_html(html, HtmlOptions{});
        EXPECT_EQ(x.article.body.find("deep text") != std::string::npos, row.shown) << row.name;
        EXPECT_FALSE(x.cut.empty()) << row.name;
    }
}

TEST(HtmlBounds, DroppedStartTagsTakeTheirEndTagsWithThem) {
    const std::string html = bounds_page(repeat_html("<div>", 600) + "inner" + repeat_html("</div>", 600) + "<p>after</p>");
    HtmlCuts cuts;
    const std::string out = bound_html(html, cuts);
    EXPECT_EQ(cuts.flattened, 600 - HtmlBounds::kMaxDepth + 2);   // <html> and <body> are open too
    std::size_t ends = 0;
    for (std::size_t at = out.find("</div>"); at != std::string::npos; at = out.find("</div>", at + 1)) ++ends;
    EXPECT_EQ(ends, 600 - cuts.flattened);
    const HtmlExtraction x = extract_html(html, HtmlOptions{});
    EXPECT_NE(x.article.body.find("inner"), std::string::npos);
    EXPECT_NE(x.article.body.find("after"), std::string::npos);
    EXPECT_EQ(x.cut, "90 elements nested deeper than 512 flattened");
}

TEST(HtmlBounds, AttributesPastTheBoundAreDroppedAndTheTagKept) {
    HtmlCuts cuts;
    const std::string out = bound_html("<img " + numbered("a", "=\"x y\" ", 150) + "/>text", cuts);
    EXPECT_EQ(cuts.attributes_dropped, 50u);
    EXPECT_NE(out.find("a99=\"x y\"/>text"), std::string::npos);
    EXPECT_EQ(out.find("a100"), std::string::npos);
}

TEST(HtmlBounds, PastTheElementBudgetOnlyTextIsKept) {
    // Bold tags, each unlike the others and closed by their paragraph's end, are re-created by
    // Gumbo in every later paragraph (32 at most are counted open).
    const std::string html = bounds_page(numbered("<p><b id=", ">para</p><script>var x;</script>", 20000) + "<p>last words</p>");
    HtmlCuts cuts;
    const std::string out = bound_html(html, cuts);
    EXPECT_GT(cuts.stripped, 0u);
    EXPECT_NE(out.find("last words"), std::string::npos);
    EXPECT_EQ(out.find("var x;</script><p>last"), std::string::npos);   // scripts past the budget go whole
    const HtmlExtraction x = extract_html(html, HtmlOptions{});
    EXPECT_NE(x.article.body.find("last words"), std::string::npos);
    EXPECT_EQ(x.article.body.find("var x"), std::string::npos);
    EXPECT_NE(x.cut.find("elements dropped, their text kept"), std::string::npos) << x.cut;
}

}  // namespace
}  // namespace lantern
