// Tests for core/zero_result_report: counts, limits, and a report that is always JSON.
#include "search/zero_result_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lantern {
namespace {

TEST(ZeroResultReport, OrdinaryQueriesKeepTheirExactOutput) {
    ZeroResultReport report;
    EXPECT_EQ(report.json(), "{\"queries\":[],\"distinct\":0,\"not_counted\":0}\n");
    for (const char* q : {"secretword", "tranq dope", "secretword", ""}) report.add(q);
    // Byte for byte what the hand-written writer gave: most frequent first, keys in this order.
    EXPECT_EQ(report.json(),
              "{\"queries\":[{\"query\":\"secretword\",\"count\":2},{\"query\":\"tranq dope\",\"count\":1}],"
              "\"distinct\":2,\"not_counted\":0}\n");
}

TEST(ZeroResultReport, HostileQueriesLeaveValidJson) {
    const struct {
        std::string query;  ///< as folded, as the server adds it
        std::string shown;  ///< what the report's "query" reads as, once parsed
    } rows[] = {
        {"say \"hi\"", "say \"hi\""},
        {"back\\slash\\", "back\\slash\\"},
        {"\"}],\"distinct\":9", "\"}],\"distinct\":9"},            // a query shaped to break out of its string
        {"tab\there\nnew\x01line\x1b[31m", "tabherenewline[31m"},  // control characters left out
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        {"\xaa"
         "bad\xb5 bytes\xff",
         "\xef\xbf\xbd"
         "bad\xef\xbf\xbd bytes\xef\xbf\xbd"},  // not UTF-8: U+FFFD each
        {"\xc3", "\xef\xbf\xbd"},               // cut off in a sequence
    };
    for (const auto& r : rows) {
        ZeroResultReport report;
        report.add(r.query);
        const std::string text = report.json();
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);  // parse() rejects bad UTF-8 too
        ASSERT_FALSE(j.is_discarded()) << text;
        ASSERT_EQ(j["queries"].size(), 1u) << text;
        EXPECT_EQ(j["queries"][0]["query"], r.shown) << text;
        EXPECT_EQ(j["queries"][0]["count"], 1);
        EXPECT_EQ(j["distinct"], 1);
    }
}

TEST(ZeroResultReport, KeepsAtMostItsEntriesAndListsTheMostFrequent) {
    ZeroResultReport report;
    for (std::size_t i = 0; i < ZeroResultReport::kMaxEntries + 5; ++i) report.add("q" + std::to_string(i));
    report.add("q7");
    const nlohmann::json j = nlohmann::json::parse(report.json());
    EXPECT_EQ(j["distinct"], ZeroResultReport::kMaxEntries);
    EXPECT_EQ(j["not_counted"], 5);
    ASSERT_EQ(j["queries"].size(), ZeroResultReport::kListed);
    EXPECT_EQ(j["queries"][0]["query"], "q7");
    EXPECT_EQ(j["queries"][0]["count"], 2);
}

}  // namespace
}  // namespace lantern
