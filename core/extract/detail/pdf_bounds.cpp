// pdf_bounds.cpp: the inflate pre-pass of pdf_bounds.h, with zlib.
#include "extract/detail/pdf_bounds.h"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extract/detail/document_fields.h"

namespace lantern {
namespace {

/// How far back from a `stream` keyword its dictionary is looked for (dictionaries are small).
constexpr std::size_t kDictionaryWindow = 4096;

/// True when the dictionary before the stream at `at` says /Subtype /Image: images are decoded
/// only to be drawn, which text extraction never does, so they count towards the total only.
bool is_image(std::string_view pdf, std::size_t at) {
    const std::size_t from = at > kDictionaryWindow ? at - kDictionaryWindow : 0;
    std::string_view before = pdf.substr(from, at - from);
    const std::size_t obj = before.rfind(" obj");
    if (obj != std::string_view::npos) before.remove_prefix(obj);
    for (std::size_t i = before.find("/Subtype"); i != std::string_view::npos; i = before.find("/Subtype", i + 1)) {
        std::size_t j = i + 8;
        while (j < before.size() && (before[j] == ' ' || before[j] == '\r' || before[j] == '\n' || before[j] == '\t'))
            ++j;
        if (before.substr(j, 6) == "/Image") return true;
    }
    return false;
}

/// Counts "/Title" keys in text that arrives in pieces: `carry` holds the end of the piece before,
/// so a key split between two pieces is counted once.
class TitleCounter {
public:
    explicit TitleCounter(std::size_t& count) : count_(count) {}
    void add(std::string_view piece) {
        carry_.append(piece.substr(0, std::min<std::size_t>(piece.size(), kKey.size() - 1)));
        count(carry_);
        carry_.clear();
        count(piece);
        const std::size_t keep = std::min<std::size_t>(piece.size(), kKey.size() - 1);
        carry_.assign(piece.substr(piece.size() - keep));
    }

private:
    static constexpr std::string_view kKey = "/Title";
    void count(std::string_view text) {
        for (std::size_t at = text.find(kKey); at != std::string_view::npos; at = text.find(kKey, at + 1)) ++count_;
    }
    std::size_t& count_;
    std::string carry_;
};

/// Inflates from `data` until the zlib stream ends, fails, or `cap` bytes came out, into
/// `scratch`, counting the "/Title" keys that come out. Returns the bytes produced; `used` is the
/// input consumed, 0 when `data` is no zlib data (another filter, an encrypted stream, the word
/// "stream" in uncompressed text).
std::uint64_t inflate_count(std::string_view data, std::uint64_t cap, std::vector<unsigned char>& scratch,
                            std::size_t& used, std::size_t& titles) {
    TitleCounter counter(titles);
    used = 0;
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return 0;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    // zlib counts input in 32-bit units; a PDF is at most --max-size, far below 4 GiB.
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), UINT32_MAX));
    std::uint64_t out = 0;
    for (;;) {
        z.next_out = scratch.data();
        z.avail_out = static_cast<uInt>(scratch.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = scratch.size() - z.avail_out;
        counter.add(std::string_view(reinterpret_cast<const char*>(scratch.data()), produced));
        out += produced;
        if (rc != Z_OK || out > cap) break;  // the end, an error, or past the cap
        if (z.avail_in == 0) break;          // truncated: what came out is counted
    }
    if (out > 0) used = static_cast<std::size_t>(z.total_in);
    inflateEnd(&z);
    return out;
}

}  // namespace

std::string check_pdf_streams(std::string_view pdf, const PdfStreamLimits& limits, PdfStreamSizes& sizes) {
    sizes = PdfStreamSizes{};
    TitleCounter(sizes.titles).add(pdf);
    std::vector<unsigned char> scratch(1 << 16);
    std::size_t at = 0;
    while ((at = pdf.find("stream", at)) != std::string_view::npos) {
        const std::size_t keyword = at;
        at += 6;
        if (keyword >= 3 && pdf.substr(keyword - 3, 3) == "end") continue;
        // The keyword is followed by CRLF or LF (ISO 32000-1, 7.3.8.1); a lone CR is tolerated.
        if (at < pdf.size() && pdf[at] == '\r') ++at;
        if (at < pdf.size() && pdf[at] == '\n') ++at;
        const bool image = is_image(pdf, keyword);
        const std::uint64_t left = limits.max_total - std::min(sizes.total, limits.max_total);
        const std::uint64_t cap = image ? left : std::min(left, limits.max_stream);
        std::size_t used = 0;
        std::size_t titles = 0;
        const std::uint64_t out = inflate_count(pdf.substr(at), cap, scratch, used, titles);
        if (used == 0) continue;
        ++sizes.streams;
        sizes.titles += titles;
        sizes.total += out;
        if (!image) sizes.largest = std::max(sizes.largest, out);
        if (!image && out > limits.max_stream) {
            return "a compressed stream expands past " + document_fields::bytes_in_words(limits.max_stream) +
                   " (a compression bomb?)";
        }
        if (sizes.total > limits.max_total) {
            return "its compressed streams expand past " + document_fields::bytes_in_words(limits.max_total) +
                   " in all (a compression bomb?)";
        }
        at += used;
    }
    return "";
}

}  // namespace lantern
