// pdf_layout.h: from the words of one PDF page, as the PDF library gives them in reading order
// with their boxes and font sizes, to paragraphs. A PDF has no paragraphs, only glyphs placed on
// a page; lines are words on one baseline, and a paragraph is lines of one font size set close
// together. Paragraphs matter: a snippet's lead-in stays within one, and a phrase within a
// paragraph must not be broken by a line end (a hyphenated word is joined again). Internal to
// extract: pdf_extract uses it, with no PDF library type here.
#pragma once

#include <string>
#include <vector>

namespace lantern {

/// One word of a page, in PDF points (y grows down the page, as the library reports it).
struct PdfWord {
    std::string text;     ///< UTF-8
    double x = 0, y = 0;  ///< top left of its box
    double width = 0, height = 0;
    double size = 0;           ///< font size (0 when unknown: the box height stands in)
    bool space_after = false;  ///< the library saw a space after it on the same line
};

struct PdfParagraph {
    std::string text;  ///< white space collapsed; lines joined by a space, or not at all after a hyphen
    double size = 0;   ///< font size of its first line
};

/// The paragraphs of a page, in the order of `words`. A paragraph that is only a page number
/// ("7", "- 7 -", "Page 7 of 12", "7/12"), a running header or footer's, is left out.
std::vector<PdfParagraph> pdf_paragraphs(const std::vector<PdfWord>& words);

/// Leaves out running headers and footers: a paragraph that opens or closes at least half of the
/// pages (and two or more), digits aside ("Annual report 2026 - page 3"), is the page's furniture,
/// not its text. `pages` holds each page's paragraphs.
void drop_running_lines(std::vector<std::vector<PdfParagraph>>& pages);

/// The first heading-like paragraph among the first few of page one: set at least 15% larger than
/// the page's body text (the size most of its characters have) and at most 20 words. "" if none.
std::string pdf_heading_like(const std::vector<PdfParagraph>& first_page);

}  // namespace lantern
