// encoding.h: turning a file's bytes into UTF-8 text. Invalid bytes become U+FFFD, never an error.
#pragma once

#include <string>
#include <string_view>

#include "text/utf8.h"

namespace lantern {

/// Text decoded to UTF-8, with the character set it was read as.
struct DecodedText {
    std::string utf8;
    std::string charset;   ///< e.g. "UTF-8", "windows-1252", "UTF-16LE"
    std::string how;       ///< "BOM", "meta", "detected", "default"
};

/// Converts bytes in `charset` (any label iconv knows; WHATWG aliases such as "latin1" map to
/// windows-1252) to UTF-8. Unknown labels fall back to windows-1252, as browsers do.
std::string convert_to_utf8(std::string_view bytes, std::string_view charset);

/// Decodes an HTML file the way a browser would: byte-order mark, then a <meta charset> or
/// http-equiv declaration in the first 1024 bytes, then UTF-8 if the bytes are valid UTF-8,
/// then statistical detection (uchardet), then windows-1252.
DecodedText decode_html(std::string_view bytes);

/// True when the bytes look binary rather than text: NUL bytes (outside UTF-16) or many control bytes.
bool looks_binary(std::string_view bytes);

}  // namespace lantern
