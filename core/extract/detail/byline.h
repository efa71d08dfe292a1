// byline.h: what a page's byline says ("Written for: the public · Last reviewed: 27 October 2026",
// "By Jane Doe | Updated 2026-03-01"), read as metadata. Bylines are left out of the body text
// (html_extract decides which element is one); this module only reads their plain text.
#pragma once

#include <string>
#include <string_view>

namespace lantern {

/// The metadata a byline states; each field is empty when the byline does not say it.
struct Byline {
    std::string audience;  ///< lower case, a leading "the " dropped ("the public" -> "public")
    std::string author;
    std::string published;  ///< dates as YYYY-MM-DD
    std::string modified;
    std::string reviewed;
};

/// Reads a byline's text: parts separated by "·", "|", "•" or a line break, each a label and a
/// value ("Last reviewed: 27 October 2026", "Updated 2026-03-01", "By Jane Doe", "Written for:
/// clinicians"). Parts with an unknown label or a date it cannot read are ignored. Never throws.
Byline read_byline(std::string_view text);

/// A date as bylines write it: what normalize_date reads, or "27 October 2026", "Oct 27, 2026",
/// "October 27 2026". Returns "YYYY-MM-DD", or "" when it is not such a date.
std::string byline_date(std::string_view text);

}  // namespace lantern
