// Tests for core/extract/detail/pdf_layout: words to lines to paragraphs, page numbers, running
// headers and footers, the heading-like title line.
#include "extract/detail/pdf_layout.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

/// Words of one line at `y` (top of the boxes), 5 points a character, one space between words.
std::vector<PdfWord> layout_line(const std::string& text, double y, double size = 10, double x = 72) {
    std::vector<PdfWord> words;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string w = text.substr(start, end - start);
        words.push_back({w, x, y, 5.0 * static_cast<double>(w.size()), size * 0.9, size, end < text.size()});
        x += 5.0 * static_cast<double>(w.size() + 1);
        start = end + 1;
    }
    return words;
}

std::vector<PdfWord> layout_page(const std::vector<std::pair<std::string, double>>& lines, double size = 10) {
    std::vector<PdfWord> words;
    for (const auto& [text, y] : lines) {
        const std::vector<PdfWord> l = layout_line(text, y, size);
        words.insert(words.end(), l.begin(), l.end());
    }
    return words;
}

std::vector<std::string> texts(const std::vector<PdfParagraph>& ps) {
    std::vector<std::string> out;
    for (const PdfParagraph& p : ps) out.push_back(p.text);
    return out;
}

TEST(PdfParagraphs, Table) {
    const std::string full(90, 'x');  // a line as wide as the text block
    const struct {
        const char* name;
        std::vector<PdfWord> words;
        std::vector<std::string> want;
    } rows[] = {
        {"lines 12 points apart are one paragraph",
         layout_page({{"Naloxone reverses an opioid overdose and the", 100}, {"breathing starts again.", 112}}),
         {"Naloxone reverses an opioid overdose and the breathing starts again."}},
        {"a wider gap starts a paragraph",
         layout_page({{"First paragraph ends here", 100}, {"Second paragraph.", 118}}),
         {"First paragraph ends here", "Second paragraph."}},
        {"a short line ending a sentence ends its paragraph",
         layout_page({{full, 100}, {"Short end.", 112}, {"Next one.", 124}}),
         {full + " Short end.", "Next one."}},
        {"a hyphenated word is joined",
         layout_page({{"the treat-", 100}, {"ment works", 112}}),
         {"the treatment works"}},
        {"a compound keeps its hyphen",
         layout_page({{"sold Over-the-", 100}, {"Counter now", 112}}),
         {"sold Over-the-Counter now"}},
        {"a change of font size starts a paragraph",
         [] {
             std::vector<PdfWord> w = layout_line("Where to get it", 100, 14);
             const std::vector<PdfWord> body = layout_line("Free from us.", 116);
             w.insert(w.end(), body.begin(), body.end());
             return w;
         }(),
         {"Where to get it", "Free from us."}},
        {"words split without a space stay one word",
         {{"Nal", 72, 100, 15, 9, 10, false},
          {"oxone", 87, 100, 25, 9, 10, true},
          {"works", 117, 100, 25, 9, 10, false}},
         {"Naloxone works"}},
        {"page numbers are left out",
         layout_page({{"Text of the page.", 100}, {"- 7 -", 700}, {"Page 7 of 12", 720}, {"7/12", 740}}),
         {"Text of the page."}},
        {"a number inside the text stays", layout_page({{"Call 911 now", 100}}), {"Call 911 now"}},
        {"no words, no paragraphs", {}, {}},
    };
    for (const auto& r : rows) EXPECT_EQ(texts(pdf_paragraphs(r.words)), r.want) << r.name;
}

TEST(PdfRunningLines, Table) {
    using Pages = std::vector<std::vector<std::string>>;
    const auto paragraphs = [](const Pages& pages) {
        std::vector<std::vector<PdfParagraph>> out;
        for (const auto& page : pages) {
            out.emplace_back();
            for (const std::string& t : page) out.back().push_back({t, 10});
        }
        return out;
    };
    const struct {
        const char* name;
        Pages pages;
        Pages want;
    } rows[] = {
        {"a footer on every page goes",
         {{"one", "Riverbend Network"}, {"two", "Riverbend Network"}, {"three", "Riverbend Network"}},
         {{"one"}, {"two"}, {"three"}}},
        {"a header with the page number goes",
         {{"Annual report - 1", "one"}, {"Annual report - 2", "two"}, {"Annual report - 3", "three"}},
         {{"one"}, {"two"}, {"three"}}},
        {"the same line inside pages stays",
         {{"a", "same", "b"}, {"c", "same", "d"}},
         {{"a", "same", "b"}, {"c", "same", "d"}}},
        {"a line on one page in three stays", {{"x", "end"}, {"y"}, {"z"}}, {{"x", "end"}, {"y"}, {"z"}}},
        {"one page: nothing runs", {{"Title", "text"}}, {{"Title", "text"}}},
    };
    for (const auto& r : rows) {
        std::vector<std::vector<PdfParagraph>> pages = paragraphs(r.pages);
        drop_running_lines(pages);
        Pages got;
        for (const auto& page : pages) got.push_back(texts(page));
        EXPECT_EQ(got, r.want) << r.name;
    }
}

TEST(PdfHeadingLike, Table) {
    const struct {
        const char* name;
        std::vector<PdfParagraph> page;
        const char* want;
    } rows[] = {
        {"larger first line",
         {{"Naloxone saves lives", 18}, {"Body text that is long enough to be the body.", 10}},
         "Naloxone saves lives"},
        {"after a small line",
         {{"Riverbend", 8}, {"Leaflet title", 16}, {"Body text of the leaflet here.", 10}},
         "Leaflet title"},
        {"all one size: none", {{"Just text", 10}, {"More text here.", 10}}, ""},
        {"too many words for a title",
         {{"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
           "eighteen nineteen twenty twentyone",
           18},
          {"Body text that is long enough to be the body of it all.", 10}},
         ""},
    };
    for (const auto& r : rows) EXPECT_EQ(pdf_heading_like(r.page), r.want) << r.name;
}

}  // namespace
}  // namespace lantern
