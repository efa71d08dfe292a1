// pdf_bounds.h: one pass over a PDF's bytes, before the PDF library reads it, that measures what
// its Flate streams expand to. A 32 MiB PDF can hold a content stream that inflates to gigabytes
// (deflate reaches about 1000:1), and the library would hold the text of it in memory; an
// extraction abandoned at its deadline runs on, so time alone does not bound it. Internal to
// extract: pdf_extract uses it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lantern {

struct PdfStreamLimits {
    std::uint64_t max_stream = 0;  ///< one stream that is not an image
    std::uint64_t max_total = 0;   ///< all streams, images included
};

/// What the streams of one PDF expand to.
struct PdfStreamSizes {
    std::size_t streams = 0;    ///< Flate streams found and inflated
    std::uint64_t total = 0;    ///< bytes they expand to (counting stops past a limit)
    std::uint64_t largest = 0;  ///< the largest that is not an image
    /// "/Title" keys in the file and in what its streams expand to (object streams hold objects
    /// compressed): an upper bound on the outline's entries (each has one; the document
    /// information has one more), known before the PDF library is asked for the outline.
    std::size_t titles = 0;
};

/// Inflates every Flate stream of `pdf` into a scratch buffer (nothing is kept, "/Title" keys are
/// counted) and stops as soon as a limit is passed. Returns "" within the limits, else why the file must be skipped. A
/// stream is found by its `stream` keyword, so objects the cross-reference table leaves out are counted too; bytes that
/// are not zlib data (other filters, encrypted streams) are passed over.
std::string check_pdf_streams(std::string_view pdf, const PdfStreamLimits& limits, PdfStreamSizes& sizes);

}  // namespace lantern
