// Tests for core/article: the field normalisers.
#include "text/article.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

TEST(NormalizeDate, Table) {
    const struct {
        const char* in;
        const char* want;
    } rows[] = {
        {"2026-08-19", "2026-08-19"},
        {"2026/08/19", "2026-08-19"},
        {"2026.08.19", "2026-08-19"},
        {"2026-08-19T10:00:00Z", "2026-08-19"},
        {"  20260819", "2026-08-19"},
        {"2026-13-01", ""},        // no month 13
        {"2026-02-00", ""},        // no day 0
        {"2026-00-10", ""},        // no month 0
        // Impossible days were indexed as dates (issue 18): the calendar decides.
        {"2026-02-31", ""},
        {"2026-04-31", ""},
        {"2025-02-29", ""},        // 2025 is no leap year
        {"20250229", ""},
        {"1900-02-29", ""},        // a century is a leap year only every 400 years
        {"2024-02-29", "2024-02-29"},
        {"2000-02-29", "2000-02-29"},
        {"2026-12-31", "2026-12-31"},
        {"2026-01-31", "2026-01-31"},
        {"0999-01-01", ""},        // before 1000: a typo, not a date
        {"19 August 2026", ""},    // prose dates are not guessed at
        {"2026-08-190", ""},
        {"", ""},
        {"202608", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(normalize_date(r.in), r.want) << "input: " << r.in;
}

TEST(IsCalendarDate, Table) {
    const struct {
        int year, month, day;
        bool want;
    } rows[] = {
        {2026, 2, 28, true}, {2026, 2, 29, false}, {2024, 2, 29, true}, {2100, 2, 29, false}, {2400, 2, 29, true},
        {2026, 4, 30, true}, {2026, 4, 31, false}, {2026, 12, 31, true}, {2026, 13, 1, false}, {2026, 0, 1, false},
        {2026, 1, 0, false}, {2026, 1, -1, false},
    };
    for (const auto& r : rows) EXPECT_EQ(is_calendar_date(r.year, r.month, r.day), r.want) << r.year << "-" << r.month << "-" << r.day;
}

TEST(CollapseSpace, Table) {
    const struct {
        const char* in;
        const char* want;
    } rows[] = {
        {"  a \n\t b  ", "a b"},
        {"", ""},
        {"   ", ""},
        {"one", "one"},
    };
    for (const auto& r : rows) EXPECT_EQ(collapse_space(r.in), r.want) << "input: " << r.in;
}

TEST(SplitList, Table) {
    const struct {
        const char* in;
        std::vector<std::string> want;
    } rows[] = {
        {"veins, wound care ;abscess", {"veins", "wound care", "abscess"}},
        {" , ,", {}},
        {"single", {"single"}},
    };
    for (const auto& r : rows) EXPECT_EQ(split_list(r.in), r.want) << "input: " << r.in;
}

TEST(PageAnchor, RoundTripsAndRefusesOtherIds) {
    EXPECT_EQ(page_anchor(7), "page=7");
    const struct {
        const char* anchor;
        unsigned page;
    } rows[] = {{"page=7", 7},  {"page=1", 1},          {"page=", 0}, {"page=7a", 0},         {"page=-1", 0},
                {"pages=7", 0}, {"where-to-get-it", 0}, {"", 0},      {"page=99999999999", 0}};
    for (const auto& r : rows) EXPECT_EQ(page_of_anchor(r.anchor), r.page) << r.anchor;
}

}  // namespace
}  // namespace lantern
