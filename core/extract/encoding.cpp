// encoding.cpp: charset sniffing (WHATWG-style prescan), uchardet detection and iconv conversion.
#include "extract/encoding.h"

#include <cerrno>
#include <iconv.h>
#include <uchardet.h>

#include <memory>

#include "text/article.h"
#include "text/utf8.h"

namespace lantern {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
constexpr std::size_t kPrescanBytes = 1024;

/// WHATWG treats these labels as windows-1252; iconv's ISO-8859-1 would turn 0x80-0x9F into C1 controls.
std::string canonical_charset(std::string_view label) {
    std::string l = ascii_lower(collapse_space(label));
    if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8") return "UTF-8";
    if (l == "latin1" || l == "iso-8859-1" || l == "iso8859-1" || l == "l1" || l == "ascii" ||
        l == "us-ascii" || l == "cp1252" || l == "windows-1252" || l == "x-cp1252" ||
        l == "iso_8859-1" || l == "cp819" || l == "ibm819") {
        return "windows-1252";
    }
    if (l == "utf-16" || l == "utf-16le") return "UTF-16LE";
    if (l == "utf-16be") return "UTF-16BE";
    return l;
}

/// Finds charset=VALUE after position `from` in lower-cased `s`.
std::string charset_after(const std::string& s, std::size_t from, std::size_t end) {
    std::size_t p = s.find("charset", from);
    if (p == std::string::npos || p >= end) return "";
    p += 7;
    while (p < end && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) ++p;
    if (p >= end || s[p] != '=') return "";
    ++p;
    while (p < end && (s[p] == ' ' || s[p] == '"' || s[p] == '\'')) ++p;
    std::size_t q = p;
    while (q < end && s[q] != '"' && s[q] != '\'' && s[q] != ';' && s[q] != ' ' && s[q] != '>' && s[q] != '/') ++q;
    return s.substr(p, q - p);
}

/// Prescan of the first 1024 bytes for <meta charset> or <meta http-equiv content="...charset=">.
std::string meta_charset(std::string_view bytes) {
    const std::string head = ascii_lower(bytes.substr(0, std::min(bytes.size(), kPrescanBytes)));
    std::size_t pos = 0;
    while ((pos = head.find("<meta", pos)) != std::string::npos) {
        std::size_t end = head.find('>', pos);
        if (end == std::string::npos) end = head.size();
        std::string cs = charset_after(head, pos, end);
        if (!cs.empty()) return cs;
        pos = end;
    }
    return "";
}

/// uchardet reads about 1.3 MB/s (27 s for a 32 MiB page): it is given the first 1 MiB, which
/// holds ample evidence for any page (browsers decide on far less).
constexpr std::size_t kDetectBytes = 1u << 20;

std::string detect_charset(std::string_view bytes) {
    std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> ud(uchardet_new(), uchardet_delete);
    if (!ud) return "";
    bytes = bytes.substr(0, kDetectBytes);
    if (uchardet_handle_data(ud.get(), bytes.data(), bytes.size()) != 0) return "";
    uchardet_data_end(ud.get());
    const char* cs = uchardet_get_charset(ud.get());
    return cs != nullptr ? std::string(cs) : std::string();
}

/// Valid multi-byte UTF-8 sequences and invalid bytes in `bytes`.
std::pair<std::size_t, std::size_t> utf8_evidence(std::string_view bytes) {
    std::size_t multibyte = 0, invalid = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) {
            ++invalid;
            ++i;
        } else {
            multibyte += n > 1 ? 1 : 0;
            i += n;
        }
    }
    return {multibyte, invalid};
}

}  // namespace

std::string convert_to_utf8(std::string_view bytes, std::string_view charset) {
    std::string cs = canonical_charset(charset);
    if (cs == "UTF-8") return sanitize_utf8(bytes);
    iconv_t cd = iconv_open("UTF-8", cs.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        cs = "windows-1252";
        cd = iconv_open("UTF-8", cs.c_str());
        if (cd == reinterpret_cast<iconv_t>(-1)) return sanitize_utf8(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    std::string in(bytes);
    char* inp = in.data();
    std::size_t inleft = in.size();
    char buf[4096];
    while (inleft > 0) {
        char* outp = buf;
        std::size_t outleft = sizeof buf;
        const std::size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
        out.append(buf, static_cast<std::size_t>(outp - buf));
        if (r == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            // EILSEQ (an invalid byte) or EINVAL (truncated sequence): replace one byte and go on.
            out.append(kReplacement);
            ++inp;
            --inleft;
            iconv(cd, nullptr, nullptr, nullptr, nullptr);
        }
    }
    iconv_close(cd);
    return sanitize_utf8(out);
}

bool looks_binary(std::string_view bytes) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 8192);
    std::size_t controls = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0) return true;
        if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) ++controls;
    }
    return n > 0 && controls * 10 > n;  // more than 10% control bytes
}

DecodedText decode_html(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return {sanitize_utf8(bytes.substr(3)), "UTF-8", "BOM"};
    if (bytes.substr(0, 2) == "\xFF\xFE") return {convert_to_utf8(bytes.substr(2), "UTF-16LE"), "UTF-16LE", "BOM"};
    if (bytes.substr(0, 2) == "\xFE\xFF") return {convert_to_utf8(bytes.substr(2), "UTF-16BE"), "UTF-16BE", "BOM"};
    const std::string declared = meta_charset(bytes);
    if (!declared.empty()) {
        std::string cs = canonical_charset(declared);
        // A page that declares UTF-16 in ASCII-compatible bytes is lying (HTML spec: treat as UTF-8).
        if (cs == "UTF-16LE" || cs == "UTF-16BE") cs = "UTF-8";
        if (cs == "UTF-8") {
            // Declared UTF-8 with invalid bytes and not one valid multi-byte sequence: the label is
            // wrong (a legacy page re-templated with a UTF-8 header), so detect rather than show U+FFFD.
            const auto [multibyte, invalid] = utf8_evidence(bytes);
            if (invalid > 0 && multibyte == 0) {
                std::string detected = canonical_charset(detect_charset(bytes));
                if (detected.empty() || detected == "UTF-8" || detected == "ascii") detected = "windows-1252";
                return {convert_to_utf8(bytes, detected), detected, "detected; declared UTF-8 was wrong"};
            }
        }
        return {convert_to_utf8(bytes, cs), cs, "meta"};
    }
    if (is_valid_utf8(bytes)) return {std::string(bytes), "UTF-8", "detected"};
    const std::string detected = detect_charset(bytes);
    if (!detected.empty() && ascii_lower(detected) != "ascii") {
        const std::string cs = canonical_charset(detected);
        return {convert_to_utf8(bytes, cs), cs, "detected"};
    }
    return {convert_to_utf8(bytes, "windows-1252"), "windows-1252", "default"};
}

}  // namespace lantern
