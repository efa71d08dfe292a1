// pdf_layout.cpp: words -> lines -> paragraphs (pdf_layout.h). The thresholds are typesetting's:
// lines of a paragraph are set about 1.2 font sizes apart, paragraphs further (or with a short
// last line), headings in another size.
#include "extract/detail/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "text/article.h"

namespace lantern {
namespace {

struct Line {
    std::string text;
    double left = 0, right = 0;
    double center = 0;  ///< vertical centre of its first word
    double height = 0;
    double size = 0;
};

double size_of(const PdfWord& w) {
    return w.size > 0 ? w.size : w.height;
}

std::vector<Line> lines_of(const std::vector<PdfWord>& words) {
    std::vector<Line> lines;
    const PdfWord* prev = nullptr;
    for (const PdfWord& w : words) {
        if (w.text.empty()) continue;
        const double center = w.y + w.height / 2;
        bool same = false;
        if (prev != nullptr) {
            const Line& l = lines.back();
            // On the line's baseline (within half a line) and not back to the left of it.
            same =
                std::fabs(center - l.center) <= 0.5 * std::max(w.height, l.height) && w.x >= l.right - 0.5 * size_of(w);
        }
        if (same) {
            Line& l = lines.back();
            if (prev->space_after || w.x - l.right > 0.15 * size_of(w)) l.text.push_back(' ');
            l.text += w.text;
            l.right = std::max(l.right, w.x + w.width);
        } else {
            lines.push_back({w.text, w.x, w.x + w.width, center, w.height, size_of(w)});
        }
        prev = &w;
    }
    return lines;
}

bool ends_sentence(const std::string& text) {
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == ')' || text[end - 1] == '"' || text[end - 1] == '\'' || text[end - 1] == ' '))
        --end;
    return end > 0 && (text[end - 1] == '.' || text[end - 1] == '!' || text[end - 1] == '?' || text[end - 1] == ':');
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Appends a line to a paragraph. A line ending in a hyphen after a letter continues a word: a
/// lower-case letter next was hyphenated by the typesetter ("treat-" "ment": the hyphen goes), an
/// upper-case one is a compound ("Over-the-" "Counter": the hyphen stays).
void join(std::string& paragraph, const std::string& line) {
    const std::size_t n = paragraph.size();
    const bool hyphen = n >= 2 && paragraph[n - 1] == '-' && is_ascii_letter(paragraph[n - 2]) && !line.empty();
    if (hyphen && line[0] >= 'a' && line[0] <= 'z') {
        paragraph.pop_back();
    } else if (!(hyphen && line[0] >= 'A' && line[0] <= 'Z')) {
        paragraph.push_back(' ');
    }
    paragraph += line;
}

/// "7", "-7-", "– 7 –", "Page 7", "page 7 of 12", "7 / 12".
bool is_page_number(std::string_view text) {
    std::string t;
    for (const char c : text) {
        if (c != ' ' && c != '-') t.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    for (const std::string_view dash : {"\u2013", "\u2014"}) {
        for (std::size_t at = t.find(dash); at != std::string::npos; at = t.find(dash)) t.erase(at, dash.size());
    }
    if (t.rfind("page", 0) == 0) t.erase(0, 4);
    const auto digits = [&t](std::size_t from) {
        std::size_t i = from;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
        return i;
    };
    std::size_t i = digits(0);
    if (i == 0 || i > 5) return false;
    if (i == t.size()) return true;
    if (t.compare(i, 2, "of") == 0)
        i += 2;
    else if (t[i] == '/')
        i += 1;
    else
        return false;
    const std::size_t j = digits(i);
    return j > i && j == t.size();
}

}  // namespace

std::vector<PdfParagraph> pdf_paragraphs(const std::vector<PdfWord>& words) {
    const std::vector<Line> lines = lines_of(words);
    double widest = 0;
    for (const Line& l : lines) widest = std::max(widest, l.right);
    std::vector<PdfParagraph> out;
    const Line* prev = nullptr;
    double spacing = 0;  // between the first two lines of the paragraph being built
    for (const Line& l : lines) {
        bool same = false;
        if (prev != nullptr) {
            const double gap = l.center - prev->center;
            const bool same_size = std::fabs(l.size - prev->size) <= 0.1 * prev->size;
            const bool close = gap > 0 && (spacing > 0 ? gap <= spacing * 1.15 + 0.5 : gap <= 1.4 * prev->size);
            const bool short_end = ends_sentence(prev->text) && prev->right < widest - 2 * prev->size;
            same = same_size && close && !short_end;
            if (same && spacing == 0) spacing = gap;
        }
        if (same) {
            join(out.back().text, l.text);
        } else {
            out.push_back({l.text, l.size});
            spacing = 0;
        }
        prev = &l;
    }
    for (PdfParagraph& p : out) p.text = collapse_space(p.text);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const PdfParagraph& p) { return p.text.empty() || is_page_number(p.text); }),
              out.end());
    return out;
}

void drop_running_lines(std::vector<std::vector<PdfParagraph>>& pages) {
    // A running line is the same text on every page but for its page number.
    const auto shape = [](const std::string& text) {
        std::string s;
        for (const char c : text) s.push_back(c >= '0' && c <= '9' ? '#' : c);
        return s;
    };
    std::map<std::string, std::size_t> seen;  // shape -> pages it opens or closes
    std::size_t with_text = 0;
    for (const std::vector<PdfParagraph>& page : pages) {
        if (page.empty()) continue;
        ++with_text;
        const std::string first = shape(page.front().text);
        ++seen[first];
        if (page.size() > 1 && shape(page.back().text) != first) ++seen[shape(page.back().text)];
    }
    const std::size_t needed = std::max<std::size_t>(2, (with_text + 1) / 2);
    for (std::vector<PdfParagraph>& page : pages) {
        // Only the ends of a page are looked at: the same sentence inside a page is text.
        while (!page.empty() && seen[shape(page.back().text)] >= needed) page.pop_back();
        std::size_t opening = 0;
        while (opening < page.size() && seen[shape(page[opening].text)] >= needed) ++opening;
        page.erase(page.begin(), page.begin() + static_cast<std::ptrdiff_t>(opening));
    }
}

std::string pdf_heading_like(const std::vector<PdfParagraph>& first_page) {
    std::map<double, std::size_t> chars_by_size;
    for (const PdfParagraph& p : first_page) chars_by_size[p.size] += p.text.size();
    double body = 0;
    std::size_t most = 0;
    for (const auto& [size, chars] : chars_by_size) {
        if (chars > most) {
            most = chars;
            body = size;
        }
    }
    constexpr std::size_t kLooked = 5;  // a title opens the page
    for (std::size_t i = 0; i < first_page.size() && i < kLooked; ++i) {
        const PdfParagraph& p = first_page[i];
        const std::size_t n = count_words(p.text);
        if (p.size >= 1.15 * body && n >= 1 && n <= 20) return p.text;
    }
    return "";
}

}  // namespace lantern
