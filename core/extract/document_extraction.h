// document_extraction.h: what the document extractors (pdf_extract.h, office_extract.h) return,
// and the limits every document is read within. A document costs at most these, whatever its
// bytes say: each bound, when passed, either cuts the document (indexed in part, reported as
// `cut`) or skips it with a reason naming the bound (docs/extraction.md, "Documents").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "text/article.h"

namespace lantern {

/// What extraction made of one PDF, DOCX or ODT file.
struct DocumentExtraction {
    Article article;          ///< id, path, source and url are left for the caller to set
    std::string how;          ///< "PDF 1.7, 12 pages, outline of 5 entries", "DOCX", "ODT"
    std::string skip_reason;  ///< non-empty: deliberately not indexed (encrypted, no text layer, past a bound)
    std::string cut;          ///< non-empty: indexed, but only in part, and what was left out
};

/// The bounds every document is read within (the defaults are Lantern's; tests use smaller ones).
struct DocumentLimits {
    /// PDF pages read; a longer document is indexed up to here and reported as cut.
    std::size_t max_pages = 2000;
    /// PDF pages in a row without text after which reading stops: a file of thousands of blank or
    /// scanned pages costs 200 pages, not thousands (and is skipped as needing OCR if none had text).
    std::size_t max_pages_without_text = 200;
    /// Text kept from one document (the default --max-size of a page); past it the rest is left
    /// out and the document reported as cut.
    std::size_t max_text_bytes = 32u << 20;
    /// Outline (bookmark) entries used as PDF section titles; more are ignored.
    std::size_t max_outline_entries = 5000;
    /// What one of a PDF's Flate streams may expand to (images aside); past it the file is skipped
    /// as a compression bomb before the PDF library reads it (detail/pdf_bounds.h).
    std::uint64_t max_stream_bytes = 64u << 20;
    /// What all of a PDF's Flate streams, images included, may expand to together.
    std::uint64_t max_inflated_bytes = 1024u << 20;
    /// Entries a DOCX or ODT zip may list (a long report with images has a few hundred).
    std::size_t max_zip_entries = 10000;
    /// Uncompressed bytes of one part read from a zip (document.xml, content.xml, ...), by what
    /// its header declares and by what it actually inflates to.
    std::uint64_t max_part_bytes = 32u << 20;
    /// Uncompressed bytes of all the parts read from one zip.
    std::uint64_t max_zip_bytes = 64u << 20;
};

}  // namespace lantern
