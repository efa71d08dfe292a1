// pdf_extract.cpp: poppler-cpp -> Article (pdf_extract.h). Bounded before poppler sees the bytes
// (detail/pdf_bounds.h) and while it reads them (DocumentLimits: pages, pages without text, text).
#include "extract/pdf_extract.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-toc.h>

#include <algorithm>
#include <climits>
#include <ctime>
#include <memory>
#include <mutex>
#include <pugixml.hpp>
#include <vector>

#include "extract/detail/document_fields.h"
#include "extract/detail/pdf_bounds.h"
#include "extract/detail/pdf_layout.h"
#include "text/errors.h"
#include "text/utf8.h"

namespace lantern {
namespace {

/// poppler reports problems through one process-wide callback, on the thread that met them; each
/// extraction collects the first one here, for the reason a damaged file fails with. The rest are
/// dropped (poppler's default writes them all to stderr, interleaved with the build's report).
thread_local std::string* t_first_error = nullptr;

void on_poppler_error(const std::string& message, void*) {
    if (t_first_error == nullptr || !t_first_error->empty()) return;
    std::string m = collapse_space(message);
    if (m.rfind("error: ", 0) == 0) m.erase(0, 7);  // poppler-cpp's prefix: the reason says "damaged" already
    *t_first_error = m;
}

/// Sets this thread's collector for the extraction's lifetime.
class PopplerErrors {
public:
    PopplerErrors() {
        static std::once_flag installed;
        std::call_once(installed, [] { poppler::set_debug_error_function(on_poppler_error, nullptr); });
        t_first_error = &first_;
    }
    ~PopplerErrors() { t_first_error = nullptr; }
    PopplerErrors(const PopplerErrors&) = delete;
    PopplerErrors& operator=(const PopplerErrors&) = delete;
    const std::string& first() const { return first_; }

private:
    std::string first_;
};

std::string utf8(const poppler::ustring& s) {
    const poppler::byte_array b = s.to_utf8();
    std::string out(b.begin(), b.end());
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return sanitize_utf8(out);
}

/// "YYYY-MM-DD" of a document date (UTC), or "" when the document gives none.
std::string date_of(std::time_t t) {
    if (t == static_cast<std::time_t>(-1) || t == 0) return "";
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return "";
    char buf[16];
    if (std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0) return "";
    return normalize_date(buf);
}

/// The language the document declares: XMP dc:language, else the catalog's /Lang when it is
/// written uncompressed (in an object stream it cannot be seen without parsing the file).
std::string declared_language(const std::string& xmp, std::string_view bytes) {
    if (!xmp.empty()) {
        pugi::xml_document doc;
        if (doc.load_buffer(xmp.data(), xmp.size(), pugi::parse_default)) {
            const pugi::xml_node lang =
                doc.find_node([](const pugi::xml_node& n) { return std::string_view(n.name()) == "dc:language"; });
            if (lang) {
                const pugi::xml_node li =
                    lang.find_node([](const pugi::xml_node& n) { return std::string_view(n.name()) == "rdf:li"; });
                const std::string l =
                    document_fields::language_subtag(collapse_space(li ? li.text().get() : lang.text().get()));
                if (!l.empty()) return l;
            }
        }
    }
    const std::size_t at = bytes.find("/Lang");
    if (at == std::string_view::npos) return "";
    std::size_t i = at + 5;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\r' || bytes[i] == '\n')) ++i;
    if (i >= bytes.size() || bytes[i] != '(') return "";
    const std::size_t close = bytes.find(')', i);
    if (close == std::string_view::npos || close - i > 36) return "";
    return document_fields::language_subtag(bytes.substr(i + 1, close - i - 1));
}

std::vector<PdfWord> words_of(const poppler::page& page) {
    std::vector<PdfWord> words;
    for (const poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
        const poppler::rectf r = box.bbox();
        words.push_back(
            {utf8(box.text()), r.x(), r.y(), r.width(), r.height(), box.get_font_size(), box.has_space_after()});
    }
    return words;
}

/// Outline entry titles in document order (iteratively: outlines can nest deeply), at most
/// `max` of them.
std::vector<std::string> outline_titles(const poppler::document& doc, std::size_t max) {
    std::vector<std::string> titles;
    const std::unique_ptr<poppler::toc> toc(doc.create_toc());
    if (!toc || toc->root() == nullptr) return titles;
    std::vector<poppler::toc_item*> stack;
    const std::vector<poppler::toc_item*> top = toc->root()->children();
    stack.assign(top.rbegin(), top.rend());
    while (!stack.empty() && titles.size() < max) {
        const poppler::toc_item* item = stack.back();
        stack.pop_back();
        const std::string t = collapse_space(utf8(item->title()));
        if (!t.empty()) titles.push_back(t);
        const std::vector<poppler::toc_item*> kids = item->children();
        stack.insert(stack.end(), kids.rbegin(), kids.rend());
    }
    return titles;
}

/// Where each page's text starts in the body, for the outline to find its entries' pages.
struct PageSpan {
    unsigned number = 0;
    std::size_t begin = 0, end = 0;
};

/// Text as outline titles are compared with it: ASCII lower case, line breaks as spaces, curly
/// quotes and dashes as their ASCII forms (a bookmark is often typed plainer than its heading).
/// `at`, when given, maps each byte of the result to its offset in `text`.
std::string outline_form(std::string_view text, std::vector<std::size_t>* at = nullptr) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        std::size_t skip = 0;
        if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
            static_cast<unsigned char>(text[i + 1]) == 0x80) {
            const unsigned char third = static_cast<unsigned char>(text[i + 2]);
            if (third == 0x98 || third == 0x99) c = '\'', skip = 2;
            if (third == 0x9C || third == 0x9D) c = '"', skip = 2;
            if (third == 0x93 || third == 0x94) c = '-', skip = 2;
        }
        if (c == '\n') c = ' ';
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
        if (at != nullptr) at->push_back(i);
        i += skip;
    }
    return out;
}

/// Outline entries become sections where their title is found in the text: an entry's page is
/// not in poppler's C++ API, so each title is looked for in reading order, from where the entry
/// before was found (outline_form: case, quotes and line breaks aside), and starts a section at
/// its paragraph, anchored at its page. An entry not found is left out. The search reads at most
/// 8 times the text in all, however many entries are not found.
void add_outline_sections(const std::vector<std::string>& titles, const std::vector<PageSpan>& pages, Article& a) {
    std::vector<std::size_t> at_body;
    const std::string haystack = outline_form(a.body, &at_body);
    std::size_t budget = 8 * haystack.size() + (1u << 20);
    std::size_t from = 0;
    for (const std::string& title : titles) {
        const std::string needle = outline_form(title);
        const std::size_t window = std::min(haystack.size() - from, budget);
        const std::size_t found = std::string_view(haystack).substr(from, window).find(needle);
        if (found == std::string_view::npos) {
            budget -= window;
            if (budget == 0) break;
            continue;
        }
        budget -= found + needle.size();
        const std::size_t at = at_body[from + found];
        const auto page = std::find_if(pages.begin(), pages.end(), [at](const PageSpan& p) { return at < p.end; });
        if (page == pages.end()) continue;
        const std::size_t nl = at == 0 ? std::string::npos : a.body.rfind('\n', at - 1);
        const std::size_t start = std::max(nl == std::string::npos ? 0 : nl + 1, page->begin);
        a.sections.push_back({title, page_anchor(page->number), start});
        from += found + needle.size();
    }
    std::stable_sort(a.sections.begin(), a.sections.end(),
                     [](const Section& x, const Section& y) { return x.offset < y.offset; });
}

/// The paragraphs of each page read, in order, within the page, text and blank-run bounds;
/// `read` is how many pages were looked at, `cut` says what was left unread.
std::vector<std::vector<PdfParagraph>> read_pages(const poppler::document& doc, std::size_t pages,
                                                  const DocumentLimits& limits, std::size_t& read, std::string& cut) {
    std::vector<std::vector<PdfParagraph>> text;
    const std::size_t to_read = std::min(pages, limits.max_pages);
    std::size_t bytes = 0, without_text = 0;
    for (read = 0; read < to_read; ++read) {
        if (bytes >= limits.max_text_bytes) {
            cut = "text past " + document_fields::bytes_in_words(limits.max_text_bytes) + " left out (pages " +
                  std::to_string(read + 1) + " to " + std::to_string(pages) + ")";
            return text;
        }
        const std::unique_ptr<poppler::page> page(doc.create_page(static_cast<int>(read)));
        text.push_back(page ? pdf_paragraphs(words_of(*page)) : std::vector<PdfParagraph>{});
        for (const PdfParagraph& p : text.back()) bytes += p.text.size() + 1;
        without_text = text.back().empty() ? without_text + 1 : 0;
        if (without_text == limits.max_pages_without_text) {
            ++read;
            if (bytes > 0 && read < pages) {
                cut = "stopped after " + std::to_string(without_text) + " pages in a row without text (pages " +
                      std::to_string(read + 1) + " to " + std::to_string(pages) + " not read)";
            }
            return text;
        }
    }
    if (pages > to_read) {
        cut = "pages past " + std::to_string(limits.max_pages) + " left out (" + std::to_string(pages) + " pages)";
    }
    return text;
}

/// The body: each page with text starts a section anchored page_anchor(N), its paragraphs one a
/// line. Returns where each page's text is.
std::vector<PageSpan> write_body(const std::vector<std::vector<PdfParagraph>>& text, Article& a) {
    std::vector<PageSpan> spans;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i].empty()) continue;
        if (spans.empty() && a.title.empty()) a.title = pdf_heading_like(text[i]);
        if (!a.body.empty()) a.body.push_back('\n');
        const unsigned number = static_cast<unsigned>(i + 1);
        a.sections.push_back({"", page_anchor(number), a.body.size()});
        const std::size_t begin = a.body.size();
        for (const PdfParagraph& p : text[i]) {
            if (a.body.size() > begin) a.body.push_back('\n');
            a.body += p.text;
        }
        spans.push_back({number, begin, a.body.size()});
    }
    return spans;
}

}  // namespace

DocumentExtraction extract_pdf(std::string_view bytes, const DocumentLimits& limits) {
    if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos)
        throw BadDocument("not a PDF file (no %PDF- header)");
    DocumentExtraction out;
    out.article.format = "pdf";
    PdfStreamSizes sizes;
    out.skip_reason = check_pdf_streams(bytes, {limits.max_stream_bytes, limits.max_inflated_bytes}, sizes);
    if (!out.skip_reason.empty()) return out;
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw BadDocument("PDF larger than 2 GiB");

    const PopplerErrors errors;
    const std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc)
        throw BadDocument("damaged PDF, cannot be opened" + (errors.first().empty() ? "" : ": " + errors.first()));
    out.how = "PDF";
    // Nothing else may be asked of a locked document: poppler-cpp keeps no parsed file for it
    // (get_pdf_version() on one crashed).
    if (doc->is_locked()) {
        out.skip_reason = "PDF is encrypted: it needs a password to open";
        return out;
    }
    int major = 1, minor = 0;
    doc->get_pdf_version(&major, &minor);
    out.how += " " + std::to_string(major) + "." + std::to_string(minor);
    const int pages = doc->pages();
    if (pages <= 0)
        throw BadDocument("damaged PDF: no pages" + (errors.first().empty() ? "" : " (" + errors.first() + ")"));
    out.how += ", " + std::to_string(pages) + " page" + (pages == 1 ? "" : "s");

    Article& a = out.article;
    a.title = collapse_space(utf8(doc->get_title()));
    if (document_fields::is_placeholder_title(a.title)) a.title.clear();
    a.author = collapse_space(utf8(doc->get_author()));
    a.description = collapse_space(utf8(doc->get_subject()));
    a.topics = split_list(utf8(doc->get_keywords()));
    a.published = date_of(doc->get_creation_date_t());
    a.modified = date_of(doc->get_modification_date_t());
    a.language = declared_language(utf8(doc->metadata()), bytes);

    std::size_t read = 0;
    std::vector<std::vector<PdfParagraph>> text =
        read_pages(*doc, static_cast<std::size_t>(pages), limits, read, out.cut);
    drop_running_lines(text);
    const std::vector<PageSpan> spans = write_body(text, a);
    if (a.body.empty()) {
        out.skip_reason = "PDF has no text layer: needs OCR";
        if (read < static_cast<std::size_t>(pages)) {
            out.skip_reason +=
                " (the first " + std::to_string(read) + " of " + std::to_string(pages) + " pages have none)";
        }
        return out;
    }
    // poppler's C++ API reads the whole outline, recursively, and checks each entry against its
    // ancestors: 100,000 nested entries took minutes and could exhaust the stack. An outline that
    // may be larger than the entries used is not read at all.
    std::vector<std::string> titles;
    if (sizes.titles <= limits.max_outline_entries + 1) {
        titles = outline_titles(*doc, limits.max_outline_entries);
    } else {
        out.cut = (out.cut.empty() ? "" : out.cut + "; ") + "outline not read (" + std::to_string(sizes.titles) +
                  " titles, more than the " + std::to_string(limits.max_outline_entries) + " entries read)";
    }
    add_outline_sections(titles, spans, a);
    if (!titles.empty()) out.how += ", outline of " + std::to_string(titles.size()) + " entries";
    return out;
}

}  // namespace lantern
