// office_extract.h: from a DOCX (Office Open XML) or ODT (OpenDocument Text) file's bytes to an
// Article. Both are zip containers of XML: the parts are read within DocumentLimits
// (detail/zip_reader.h) and parsed with pugixml (no DTD entities, nothing external). Taken:
// paragraphs, headings as sections, tables as text (a row a paragraph, cells separated by " | "),
// text boxes; the core properties: title, creator, subject, keywords, creation and modification
// dates, language. Left out: headers, footers, comments, footnotes and endnotes, tracked deletions,
// field codes.
#pragma once

#include <string_view>

#include "extract/document_extraction.h"

namespace lantern {

/// Extracts one article from a DOCX file (word/document.xml, docProps/core.xml, the heading
/// styles of word/styles.xml). Title from the core properties, else the first paragraph styled
/// Title, else the first heading. Skips a password-protected file (an encrypted package is no
/// zip) and one past the zip bounds; throws BadDocument for other bytes, a damaged zip or
/// malformed XML.
DocumentExtraction extract_docx(std::string_view bytes, const DocumentLimits& limits = DocumentLimits());

/// Extracts one article from an ODT file (content.xml, meta.xml). Title from the metadata, else
/// the first heading. Skips a password-protected file and one past the zip bounds; throws
/// BadDocument for another OpenDocument type, a damaged zip or malformed XML.
DocumentExtraction extract_odt(std::string_view bytes, const DocumentLimits& limits = DocumentLimits());

}  // namespace lantern
