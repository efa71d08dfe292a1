// Tests for core/index_admin: reading --stale-after.
#include "index/index_admin.h"

#include <gtest/gtest.h>

#include "text/errors.h"

namespace lantern {
namespace {

TEST(ParseMonths, Table) {
    const struct {
        const char* text;
        int want;  ///< 0: rejected with the message naming --stale-after
    } rows[] =
        {
            {"24m", 24}, {"6mo", 6}, {"2y", 24}, {"90d", 3},          {"1d", 1},  {"31d", 2},
            {"soon", 0}, {"", 0},    {"m", 0},   {"0m", 0},           {"-5m", 0}, {"+5m", 0},
            {" 5m", 0},  {"5", 0},   {"5 m", 0}, {"99999999999m", 0},  // past int: was std::stoi's out_of_range, caught
                                                                       // and reported the same way
        };
    for (const auto& r : rows) {
        try {
            EXPECT_EQ(parse_months(r.text), r.want) << r.text;
        } catch (const BadInput& e) {
            EXPECT_EQ(r.want, 0) << r.text;
            EXPECT_EQ(std::string(e.what()),
                      "--stale-after must be a period such as 24m, 2y or 90d, not '" + std::string(r.text) + "'");
        }
    }
}

}  // namespace
}  // namespace lantern
