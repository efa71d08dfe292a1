// pdf_extract.h: from a PDF's bytes to an Article, through poppler's C++ API (which stays inside
// pdf_extract.cpp): text in reading order, page by page, metadata, and outline entries as section
// titles. Each page starts a section whose anchor is page_anchor(N) ("page=N", text/article.h), so
// a snippet links to its page (url#page=N opens it there in browsers' PDF viewers) and results
// show the page number.
#pragma once

#include <string_view>

#include "extract/document_extraction.h"

namespace lantern {

/// Extracts one article from a whole PDF. Title from the document information (else the first
/// heading-like line of page one), author, subject as description, keywords as topics, creation
/// and modification dates, and the language when the catalog or XMP metadata declares one. Skips
/// (skip_reason) an encrypted PDF, one without text ("PDF has no text layer: needs OCR") and one
/// whose streams expand past the limits; cuts one past the page and text bounds. Throws
/// BadDocument for bytes that are no PDF or a PDF too damaged to open.
DocumentExtraction extract_pdf(std::string_view bytes, const DocumentLimits& limits = DocumentLimits());

}  // namespace lantern
