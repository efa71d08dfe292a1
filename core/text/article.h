// article.h: the plain struct that extraction produces and indexing consumes.
//
// Extractors (html_extract, xml_extract) fill it; index_writer turns it into a Xapian document.
// No library type crosses this header (STYLE.md rule 3).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lantern {

/// A heading inside an article's body text, so a snippet can name and link the section it came from.
struct Section {
    std::string heading;      ///< heading text as shown (empty for a PDF page that starts no outline entry)
    std::string anchor;       ///< the heading's HTML id, or page_anchor(N) in a PDF (empty when there is none)
    std::size_t offset = 0;   ///< byte offset in Article::body where the section starts
};

/// One searchable article, as extracted from a source file (a file may hold several).
struct Article {
    std::string id;           ///< stable unique id: path relative to the indexed root, "#record" for multi-record files
    std::string path;         ///< path of the source file relative to the indexed root
    std::string source;       ///< name of the indexed root (its folder name)
    std::string format;       ///< "html", "xml", "pdf", "docx" or "odt"
    std::string url;          ///< link to show; may be empty
    std::string title;
    std::string description;
    std::string author;
    std::string language;     ///< primary language subtag, lower case ("en"); may be empty
    std::string audience;
    std::vector<std::string> topics;
    std::string published;    ///< dates as YYYY-MM-DD, or empty
    std::string modified;
    std::string reviewed;     ///< last-reviewed date
    std::string body;         ///< full extracted text; paragraphs separated by '\n'
    std::vector<Section> sections;

    /// Bytes of indexed text (title, description, body): what the article's postings and
    /// positions cost a build in memory.
    std::size_t text_bytes() const { return title.size() + description.size() + body.size(); }
};

/// Anchor of page `n` (1-based) of a paged document (PDF): "page=7". A link to url#page=7 opens
/// the document at that page in browsers' PDF viewers (RFC 8118).
std::string page_anchor(unsigned n);

/// The page a section anchor names: 7 for "page=7"; 0 when it names no page (an HTML id).
unsigned page_of_anchor(std::string_view anchor);

/// Normalises a date written in a common convention ("2026-08-19", "2026/08/19",
/// "2026-08-19T10:00:00Z", "20260819") to "YYYY-MM-DD"; returns "" when it is not a valid date:
/// a day the calendar does not have (2026-02-31, 2025-02-29, month 13, day 0) is no date.
std::string normalize_date(std::string_view text);

/// True when the day exists in the (proleptic Gregorian) calendar: 2024-02-29 yes, 2025-02-29 and
/// 1900-02-29 no.
bool is_calendar_date(int year, int month, int day);

/// Collapses runs of white space to one space and trims both ends.
std::string collapse_space(std::string_view text);

/// Splits a comma- or semicolon-separated list, trimming each item and dropping empty ones.
std::vector<std::string> split_list(std::string_view text);

/// Number of white-space separated words.
std::size_t count_words(std::string_view text);

/// Lower-cases ASCII letters (other bytes are left as they are).
std::string ascii_lower(std::string_view text);

}  // namespace lantern
