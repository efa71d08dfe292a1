// page_text.h: the words of the search page an organisation sets in lantern.toml's [page] table
// (docs/config.md): its name, heading, footer and emergency line, and the page's language. The
// defaults are the text the page always had (issue 19: outside the US, "call 911" was wrong and
// could not be changed).
#pragma once

#include <string>
#include <string_view>

namespace lantern {

struct PageText {
    std::string lang = "en";                            ///< <html lang>: a BCP 47 tag such as en, en-GB, fr-CA
    std::string site_name = "Search";                   ///< <title>: "QUERY - SITE_NAME"
    std::string heading = "Search health information";  ///< the page's <h1>
    std::string footer = "This search shows health information; it does not give medical advice.";
    std::string emergency = "In an emergency call 911.";  ///< after the footer; "" leaves it out
};

/// Is `tag` shaped like a BCP 47 language tag: a 2- or 3-letter language, then parts of 1 to 8
/// letters and digits after hyphens ("en", "en-GB", "zh-Hant-TW"; not "English", not "en_GB")?
bool is_language_tag(std::string_view tag);

}  // namespace lantern
