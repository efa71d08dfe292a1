// pdf_extract.cpp: poppler-cpp -> Article (pdf_extract.h). Bounded before poppler sees the bytes
// (detail/pdf_bounds.h) and while it reads them (DocumentBounds: pages, pages without text, text).
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
    if (t_first_error != nullptr && t_first_error->empty()) *t_first_error = collapse_space(message);
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
/// DocumentBounds::kMaxOutlineEntries.
std::vector<std::string> outline_titles(const poppler::document& doc) {
    std::vector<std::string> titles;
    const std::unique_ptr<poppler::toc> toc(doc.create_toc());
    if (!toc || toc->root() == nullptr) return titles;
    std::vector<poppler::toc_item*> stack;
    const std::vector<poppler::toc_item*> top = toc->root()->children();
    stack.assign(top.rbegin(), top.rend());
    while (!stack.empty() && titles.size() < DocumentBounds::kMaxOutlineEntries) {
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

/// Outline entries become sections where their title is found in the text: an entry's page is
/// not in poppler's C++ API, so each title is looked for in reading order, from the page of the
/// entry before (case and white space aside) and starts a section at its paragraph, anchored at
/// its page. An entry not found on the page text is left out.
void add_outline_sections(const std::vector<std::string>& titles, const std::vector<PageSpan>& pages, Article& a) {
    std::string haystack = ascii_lower(a.body);
    std::replace(haystack.begin(), haystack.end(), '\n', ' ');
    std::size_t from = 0;
    for (const std::string& title : titles) {
        const std::size_t at = haystack.find(ascii_lower(title), from);
        if (at == std::string::npos) continue;
        const auto page = std::find_if(pages.begin(), pages.end(), [at](const PageSpan& p) { return at < p.end; });
        if (page == pages.end()) continue;
        const std::size_t nl = at == 0 ? std::string::npos : a.body.rfind('\n', at - 1);
        const std::size_t start = std::max(nl == std::string::npos ? 0 : nl + 1, page->begin);
        a.sections.push_back({title, page_anchor(page->number), start});
        from = at + title.size();
    }
    std::stable_sort(a.sections.begin(), a.sections.end(),
                     [](const Section& x, const Section& y) { return x.offset < y.offset; });
}

}  // namespace

DocumentExtraction extract_pdf(std::string_view bytes) {
    if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos)
        throw BadDocument("not a PDF file (no %PDF- header)");
    DocumentExtraction out;
    out.article.format = "pdf";
    PdfStreamSizes sizes;
    out.skip_reason =
        check_pdf_streams(bytes, {DocumentBounds::kMaxStreamBytes, DocumentBounds::kMaxInflatedBytes}, sizes);
    if (!out.skip_reason.empty()) return out;
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) throw BadDocument("PDF larger than 2 GiB");

    const PopplerErrors errors;
    const std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc)
        throw BadDocument("damaged PDF, cannot be opened" + (errors.first().empty() ? "" : ": " + errors.first()));
    if (doc->is_locked()) {
        out.skip_reason = "PDF is encrypted: it needs a password to open";
        return out;
    }
    int major = 1, minor = 0;
    doc->get_pdf_version(&major, &minor);
    const int pages = doc->pages();
    if (pages <= 0)
        throw BadDocument("damaged PDF: no pages" + (errors.first().empty() ? "" : " (" + errors.first() + ")"));

    Article& a = out.article;
    a.title = collapse_space(utf8(doc->get_title()));
    if (document_fields::is_placeholder_title(a.title)) a.title.clear();
    a.author = collapse_space(utf8(doc->get_author()));
    a.description = collapse_space(utf8(doc->get_subject()));
    a.topics = split_list(utf8(doc->get_keywords()));
    a.published = date_of(doc->get_creation_date_t());
    a.modified = date_of(doc->get_modification_date_t());
    a.language = declared_language(utf8(doc->metadata()), bytes);

    const std::size_t to_read = std::min<std::size_t>(static_cast<std::size_t>(pages), DocumentBounds::kMaxPages);
    std::vector<PageSpan> spans;
    std::size_t without_text = 0;
    std::size_t read = 0;
    for (; read < to_read; ++read) {
        if (a.body.size() >= DocumentBounds::kMaxTextBytes) {
            out.cut = "text past " + std::to_string(DocumentBounds::kMaxTextBytes >> 20) + " MiB left out (pages " +
                      std::to_string(read + 1) + " to " + std::to_string(pages) + ")";
            break;
        }
        const std::unique_ptr<poppler::page> page(doc->create_page(static_cast<int>(read)));
        const std::vector<PdfParagraph> paragraphs =
            page ? pdf_paragraphs(words_of(*page)) : std::vector<PdfParagraph>{};
        if (paragraphs.empty()) {
            if (++without_text < DocumentBounds::kMaxPagesWithoutText) continue;
            if (!a.body.empty() && read + 1 < static_cast<std::size_t>(pages)) {
                out.cut = "stopped after " + std::to_string(without_text) + " pages in a row without text (pages " +
                          std::to_string(read + 2) + " to " + std::to_string(pages) + " not read)";
            }
            ++read;
            break;
        }
        without_text = 0;
        if (spans.empty() && a.title.empty()) a.title = pdf_heading_like(paragraphs);
        if (!a.body.empty()) a.body.push_back('\n');
        const unsigned number = static_cast<unsigned>(read + 1);
        a.sections.push_back({"", page_anchor(number), a.body.size()});
        const std::size_t begin = a.body.size();
        for (const PdfParagraph& p : paragraphs) {
            if (a.body.size() > begin) a.body.push_back('\n');
            a.body += p.text;
        }
        spans.push_back({number, begin, a.body.size()});
    }
    if (a.body.empty()) {
        out.skip_reason = "PDF has no text layer: needs OCR" + (read < static_cast<std::size_t>(pages)
                                                                    ? " (the first " + std::to_string(read) + " of " +
                                                                          std::to_string(pages) + " pages have none)"
                                                                    : "");
        return out;
    }
    if (out.cut.empty() && static_cast<std::size_t>(pages) > to_read) {
        out.cut = "pages past " + std::to_string(DocumentBounds::kMaxPages) + " left out (" + std::to_string(pages) +
                  " pages)";
    }
    const std::vector<std::string> titles = outline_titles(*doc);
    add_outline_sections(titles, spans, a);
    out.how = "PDF " + std::to_string(major) + "." + std::to_string(minor) + ", " + std::to_string(pages) + " page" +
              (pages == 1 ? "" : "s") +
              (titles.empty() ? "" : ", outline of " + std::to_string(titles.size()) + " entries");
    return out;
}

}  // namespace lantern
