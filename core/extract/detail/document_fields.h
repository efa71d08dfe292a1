// document_fields.h: what the document extractors (PDF, DOCX, ODT) share in reading metadata and
// filling an Article within DocumentBounds. Internal to extract.
#pragma once

#include <string>
#include <string_view>

#include "text/article.h"

namespace lantern::document_fields {

/// Primary language subtag of "en-GB", "EN" or "en_US", lower case; "" when it is none.
std::string language_subtag(std::string_view tag);

/// True for a metadata title that is no title: a file name ("leaflet.docx", "Microsoft Word -
/// a.doc") or a word processor's placeholder ("Untitled").
bool is_placeholder_title(const std::string& title);

/// Appends paragraphs and headings to an article's body until DocumentBounds::kMaxTextBytes,
/// then records what was left out.
class BodyWriter {
public:
    explicit BodyWriter(Article& a) : a_(a) {}
    /// False once the text cap is reached: the caller stops reading.
    bool paragraph(const std::string& text);
    bool heading(const std::string& text);
    /// "" or what the cap left out, for DocumentExtraction::cut.
    std::string cut() const;

private:
    bool room();
    Article& a_;
    bool full_ = false;
};

}  // namespace lantern::document_fields
