// Tests for core/byline: labels, separators and dates as bylines write them.
#include "extract/detail/byline.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

TEST(ReadByline, LabelsAndSeparators) {
    const struct {
        std::string text;
        std::string audience, author, published, modified, reviewed;
    } rows[] = {
        {"Written for: the public \u00b7 Last reviewed: 2026-10-27", "public", "", "", "", "2026-10-27"},
        {"Written for: clinicians \u00b7 Last reviewed: 27 October 2026", "clinicians", "", "", "", "2026-10-27"},
        {"By Jane Doe | Published 2025-03-03 | Last updated on Oct. 4, 2026", "", "Jane Doe", "2025-03-03",
         "2026-10-04", ""},
        {"Author: Sam Roe \u2022 Modified: 20260102", "", "Sam Roe", "", "2026-01-02", ""},
        {"Posted\n3 March 2025", "", "", "", "", ""},  // a label alone on its line: nothing
        {"For: families and friends", "families and friends", "", "", "", ""},
        {"For more information call us", "", "", "", "", ""},  // "for" is a label only with a colon
        {"Medically reviewed by Dr Lee", "", "", "", "", ""},  // not a date
        {"Reviewed: last Tuesday", "", "", "", "", ""},
        {"Bypass surgery", "", "", "", "", ""},  // "by" only as a word
        {"", "", "", "", "", ""},
    };
    for (const auto& r : rows) {
        const Byline b = read_byline(r.text);
        EXPECT_EQ(b.audience, r.audience) << r.text;
        EXPECT_EQ(b.author, r.author) << r.text;
        EXPECT_EQ(b.published, r.published) << r.text;
        EXPECT_EQ(b.modified, r.modified) << r.text;
        EXPECT_EQ(b.reviewed, r.reviewed) << r.text;
    }
}

TEST(BylineDate, Conventions) {
    const struct {
        std::string text, want;
    } rows[] = {
        {"2026-10-27", "2026-10-27"},
        {"27 October 2026", "2026-10-27"},
        {"October 27, 2026", "2026-10-27"},
        {"Sept 1 2025", "2025-09-01"},
        {"1 Jan. 2024", "2024-01-01"},
        {"32 October 2026", ""},
        {"31 February 2026", ""},   // was 2026-02-31 (issue 18)
        {"29 February 2025", ""},
        {"Feb 29, 2024", "2024-02-29"},
        {"31 April 2026", ""},
        {"27 Octember 2026", ""},
        {"October 2026", ""},
        {"27 October 26", ""},
        {"", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(byline_date(r.text), r.want) << r.text;
}

}  // namespace
}  // namespace lantern
