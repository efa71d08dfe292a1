// url.h: percent-encoding, shared by link building at index time and the search page's links.
#pragma once

#include <string>
#include <string_view>

namespace lantern {

/// Percent-encodes every byte except ASCII letters, digits, "-_.~" and the characters in `keep`
/// (e.g. "/#" for a path with a fragment, "" for a query-string value).
std::string percent_encode(std::string_view text, std::string_view keep);

}  // namespace lantern
