// html_extract.h: from an HTML page's bytes to an Article: decoded text, main content without
// site chrome, metadata, and sections. Gumbo stays inside html_extract.cpp.
#pragma once

#include <string>
#include <string_view>

#include "text/article.h"

namespace lantern {

struct HtmlOptions {
    bool ignore_robots = false;   ///< index pages that say <meta name="robots" content="noindex">
};

/// What extraction made of one HTML file.
struct HtmlExtraction {
    Article article;           ///< id, path, source and url are left for the caller to set
    std::string charset;       ///< how the bytes were decoded, e.g. "windows-1252 (meta)"
    std::string skip_reason;   ///< non-empty: the page must not be indexed (e.g. robots noindex)
    std::string cut;           ///< non-empty: shapes past the parser's bounds were cut (html_bounds.h), and how
};

/// Extracts one article from a whole HTML document. Throws BadDocument for binary data.
HtmlExtraction extract_html(std::string_view bytes, const HtmlOptions& options);

/// Extracts body text and sections from an HTML fragment already in UTF-8 (e.g. a CMS export's
/// body). Only `body` and `sections` of the result are filled; `cut` (if given) says what was cut
/// past the parser's bounds, and is left alone when nothing was.
Article extract_html_fragment(std::string_view utf8, std::string* cut = nullptr);

}  // namespace lantern
