// Tests for core/serve/page_text: the [page] language tag (issue 19: the page's lang follows the
// configuration, so a tag a browser cannot read is refused when the file is read).
#include "serve/page_text.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

TEST(PageText, LanguageTags) {
    const struct {
        const char* tag;
        bool ok;
    } rows[] = {
        {"en", true},     {"fr", true},   {"en-GB", true},    {"fr-CA", true},   {"zh-Hant-TW", true},
        {"es-419", true}, {"haw", true},  {"", false},        {"e", false},      {"English", false},
        {"en_GB", false}, {"en-", false}, {"-en", false},     {"en--GB", false}, {"en-GB-toolongpart", false},
        {"en GB", false}, {"12", false},  {"fr-CA\n", false},
    };
    for (const auto& r : rows) EXPECT_EQ(is_language_tag(r.tag), r.ok) << r.tag;
}

TEST(PageText, DefaultsAreTheTextThePageAlwaysHad) {
    const PageText t;
    EXPECT_EQ(t.lang, "en");
    EXPECT_EQ(t.site_name, "Search");
    EXPECT_EQ(t.heading, "Search health information");
    EXPECT_EQ(t.footer, "This search shows health information; it does not give medical advice.");
    EXPECT_EQ(t.emergency, "In an emergency call 911.");
}

}  // namespace
}  // namespace lantern
