// Tests for core/article: the field normalisers.
#include "core/article.h"

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
        {"19 August 2026", ""},    // prose dates are not guessed at
        {"2026-08-190", ""},
        {"", ""},
        {"202608", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(normalize_date(r.in), r.want) << "input: " << r.in;
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

}  // namespace
}  // namespace lantern
