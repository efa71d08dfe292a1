// document_fields.h: what the document extractors (PDF, DOCX, ODT) share in reading metadata and
// filling an Article within DocumentLimits. Internal to extract.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/article.h"

namespace lantern::document_fields {

/// Primary language subtag of "en-GB", "EN" or "en_US", lower case; "" when it is none.
std::string language_subtag(std::string_view tag);

/// True for a metadata title that is no title: a file name ("leaflet.docx", "Microsoft Word -
/// a.doc") or a word processor's placeholder ("Untitled").
bool is_placeholder_title(const std::string& title);

/// "32 MiB" for a whole number of MiB, else "1000 bytes": a limit as messages name it.
std::string bytes_in_words(std::uint64_t bytes);

/// Appends paragraphs and headings to an article's body until `max_text_bytes`, then records
/// what was left out.
class BodyWriter {
public:
    BodyWriter(Article& a, std::size_t max_text_bytes) : a_(a), max_(max_text_bytes) {}
    /// False once the text cap is reached: the caller stops reading.
    bool paragraph(const std::string& text);
    bool heading(const std::string& text);
    /// Ends the body (no line break after a last heading); returns "" or what the cap left out,
    /// for DocumentExtraction::cut.
    std::string finish();

private:
    bool room();
    Article& a_;
    std::size_t max_;
    bool full_ = false;
};

}  // namespace lantern::document_fields
