// url.h: URLs as RFC 3986 reads them (through uriparser): the links results carry, built at index
// time from --url-base, a file's path and the link a document gives, and the query strings of the
// search page. No uriparser type crosses this header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lantern {

/// Percent-encodes every byte except RFC 3986's unreserved characters (ASCII letters, digits,
/// "-_.~"): a query-string value or a fragment ("a b&c" -> "a%20b%26c").
std::string percent_encode(std::string_view text);

/// A path relative to an indexed folder as a relative URL: each segment percent-encoded, '/' kept
/// ("a b/c#1.html" -> "a%20b/c%231.html"; a ':' never reads as a scheme).
std::string path_reference(std::string_view rel_path);

/// True when the text is an absolute http or https URL that RFC 3986 can parse
/// ("https://intranet.example/health/"); what --url-base must be.
bool is_http_url(std::string_view text);

/// A link fit to put in a result: an http(s) URL or a relative reference, as a browser would read
/// it. False for any other scheme (javascript:, data:, vbscript:, mailto:, ...), for a link with a
/// control character anywhere or a space at either end (browsers drop those, so "java\tscript:"
/// and " javascript:" run script), and for text that is no URL even after the repairs of
/// `resolve_url`.
bool safe_link(std::string_view link);

/// Resolves `reference` against the absolute URL `base` (RFC 3986 section 5.2) and normalises the
/// result (section 6.2.2: case of scheme and host, percent-encoding, dot segments):
/// ("http://a/b/c/d;p?q", "../g") -> "http://a/b/g". An absolute reference is only normalised.
/// Bytes browsers accept in a link but RFC 3986 does not (spaces, non-ASCII, a '%' that starts no
/// escape, "<>\"{}|\\^`") are percent-encoded first, as browsers do. Returns nullopt when `base`
/// is not an absolute URL or `reference` is no URL even so.
std::optional<std::string> resolve_url(std::string_view base, std::string_view reference);

/// `base` read as a folder: a '/' appended to a path that does not end in one
/// ("https://x.org/docs" -> "https://x.org/docs/"), so relative paths land inside it.
std::string folder_url(std::string_view base);

}  // namespace lantern
