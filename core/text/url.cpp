// url.cpp: uriparser does the RFC 3986 work (parsing, resolution, normalisation, escaping); what
// is ours is the policy: which links a result may carry, and the repairs browsers make to a link
// before they read it.
#include "text/url.h"

#include <uriparser/Uri.h>

#include <cctype>
#include <string>
#include <vector>

namespace lantern {
namespace {

/// One parsed URI; uriparser's members point into `text`, which it keeps alive.
class ParsedUri {
public:
    explicit ParsedUri(std::string text) : text_(std::move(text)) {
        const char* error = nullptr;
        ok_ = uriParseSingleUriExA(&uri_, text_.data(), text_.data() + text_.size(), &error) == URI_SUCCESS;
    }
    ~ParsedUri() {
        if (ok_) uriFreeUriMembersA(&uri_);
    }
    ParsedUri(const ParsedUri&) = delete;
    ParsedUri& operator=(const ParsedUri&) = delete;

    bool ok() const { return ok_; }
    UriUriA* get() { return &uri_; }
    std::string scheme() const {
        std::string s(uri_.scheme.first == nullptr ? "" : std::string(uri_.scheme.first, uri_.scheme.afterLast));
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    bool has_host() const { return uri_.hostText.first != nullptr; }

private:
    std::string text_;
    UriUriA uri_{};
    bool ok_ = false;
};

/// The normalised text of a URI (RFC 3986 section 6.2.2), or nullopt if uriparser fails on it.
std::optional<std::string> normalised_text(UriUriA* uri) {
    if (uriNormalizeSyntaxA(uri) != URI_SUCCESS) return std::nullopt;
    int chars = 0;
    if (uriToStringCharsRequiredA(uri, &chars) != URI_SUCCESS) return std::nullopt;
    std::vector<char> out(static_cast<std::size_t>(chars) + 1);
    if (uriToStringA(out.data(), uri, chars + 1, nullptr) != URI_SUCCESS) return std::nullopt;
    return std::string(out.data(), static_cast<std::size_t>(chars));
}

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

/// A link as a browser reads it before parsing (WHATWG URL: spaces, non-ASCII and a few ASCII
/// characters are percent-encoded, a '%' that starts no escape stands for itself): pages write
/// "my page.html" and "café.html", which RFC 3986 (and so uriparser) would refuse.
std::string browser_repaired(std::string_view link) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(link.size());
    for (std::size_t i = 0; i < link.size(); ++i) {
        const auto c = static_cast<unsigned char>(link[i]);
        const bool stray_percent = c == '%' && !(i + 2 < link.size() && is_hex(link[i + 1]) && is_hex(link[i + 2]));
        if (c <= 0x20 || c >= 0x7f ||
            std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) != std::string_view::npos || stray_percent) {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

}  // namespace

std::string percent_encode(std::string_view text) {
    std::vector<char> out(text.size() * 3 + 1);
    const char* end = uriEscapeExA(text.data(), text.data() + text.size(), out.data(), URI_FALSE, URI_FALSE);
    return std::string(out.data(), static_cast<std::size_t>(end - out.data()));
}

std::string path_reference(std::string_view rel_path) {
    while (!rel_path.empty() && rel_path.front() == '/') rel_path.remove_prefix(1);  // never "file:///..."
    const std::string path(rel_path);
    std::vector<char> out(path.size() * 3 + 1);
    if (uriUnixFilenameToUriStringA(path.c_str(), out.data()) != URI_SUCCESS) return percent_encode(path);
    return std::string(out.data());
}

bool is_http_url(std::string_view text) {
    ParsedUri uri{std::string(text)};
    const std::string scheme = uri.ok() ? uri.scheme() : "";
    return (scheme == "http" || scheme == "https") && uri.has_host();
}

bool safe_link(std::string_view link) {
    for (const char c : link) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    }
    if (!link.empty() && (link.front() == ' ' || link.back() == ' ')) return false;
    // "java script:x" is repaired to "java%20script:x", which no longer parses: ':' may not end
    // the first segment of a relative path.
    ParsedUri uri(browser_repaired(link));
    if (!uri.ok()) return false;
    const std::string scheme = uri.scheme();
    return scheme.empty() || scheme == "http" || scheme == "https";
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
    ParsedUri ref(browser_repaired(reference));
    if (!ref.ok()) return std::nullopt;
    if (!ref.scheme().empty()) return normalised_text(ref.get());
    ParsedUri b{std::string(base)};
    if (!b.ok() || b.scheme().empty()) return std::nullopt;
    UriUriA resolved{};
    if (uriAddBaseUriExA(&resolved, ref.get(), b.get(), URI_RESOLVE_STRICTLY) != URI_SUCCESS) return std::nullopt;
    std::optional<std::string> text = normalised_text(&resolved);
    uriFreeUriMembersA(&resolved);
    return text;
}

std::string folder_url(std::string_view base) {
    std::string out(base);
    if (!out.empty() && out.back() != '/' && out.find_first_of("?#") == std::string::npos) out.push_back('/');
    return out;
}

}  // namespace lantern
