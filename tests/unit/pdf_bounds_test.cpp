// Tests for core/extract/detail/pdf_bounds: what a PDF's Flate streams expand to, measured before
// the PDF library reads them, and the reason a compression bomb is skipped with.
#include "extract/detail/pdf_bounds.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace lantern {
namespace {

std::string deflated(std::size_t bytes) {
    const std::string data(bytes, ' ');
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
              static_cast<uLong>(data.size()), 9);
    out.resize(size);
    return out;
}

std::string pdf_stream(const std::string& dict, const std::string& data) {
    return "4 0 obj\n<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
           "\nendstream\nendobj\n";
}

TEST(PdfStreams, Table) {
    const PdfStreamLimits limits{1000, 5000};
    const struct {
        const char* name;
        std::string pdf;
        const char* reason;
        std::size_t streams;
        std::uint64_t total;
    } rows[] = {
        {"small streams pass",
         "%PDF-1.4\n" + pdf_stream("/Filter /FlateDecode", deflated(600)) +
             pdf_stream("/Filter /FlateDecode", deflated(900)),
         "", 2, 1500},
        {"one stream past its bound", "%PDF-1.4\n" + pdf_stream("/Filter /FlateDecode", deflated(1200)),
         "a compressed stream expands past 1000 bytes (a compression bomb?)", 1, 1200},
        {"an image may be larger, within the total",
         "%PDF-1.4\n" + pdf_stream("/Subtype /Image /Filter /FlateDecode", deflated(4000)), "", 1, 4000},
        {"all streams past the total",
         "%PDF-1.4\n" + pdf_stream("/Subtype /Image /Filter /FlateDecode", deflated(4000)) +
             pdf_stream("/Subtype/Image /Filter /FlateDecode", deflated(4000)),
         "its compressed streams expand past 5000 bytes in all (a compression bomb?)", 2, 5001},
        {"the word stream in text, and other filters, are passed over",
         "%PDF-1.4\n(a stream of words) Tj\n" + pdf_stream("/Filter /DCTDecode", "\xFF\xD8\xFF\xE0 jpeg bytes"), "", 0,
         0},
    };
    for (const auto& r : rows) {
        PdfStreamSizes sizes;
        EXPECT_EQ(check_pdf_streams(r.pdf, limits, sizes), r.reason) << r.name;
        EXPECT_EQ(sizes.streams, r.streams) << r.name;
        if (r.reason[0] == '\0') {
            EXPECT_EQ(sizes.total, r.total) << r.name;
        }
    }
}

}  // namespace
}  // namespace lantern
