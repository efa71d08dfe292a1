// Tests for core/result_format: the JSON contract and terminal rendering.
#include "core/result_format.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lantern {
namespace {

TEST(SnippetToText, Table) {
    const struct {
        std::string html, on, off, want;
    } rows[] = {
        {"a <mark>b</mark> c", "*", "*", "a *b* c"},
        {"&lt;script&gt; &amp; &quot;x&quot; &#39;y&#39;", "", "", "<script> & \"x\" 'y'"},
        {"<mark>x</mark>", "\033[1m", "\033[0m", "\033[1mx\033[0m"},
        {"", "*", "*", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(snippet_to_text(r.html, r.on, r.off), r.want) << r.html;
}

SearchResults sample() {
    SearchResults r;
    r.query = "track marks";
    r.total = 12;
    r.offset = 0;
    r.limit = 1;
    r.hits.push_back({1, "site/a.html", "site/a.html", "https://e.example/a", "Track marks", "<mark>track</mark> &amp; x",
                      "2026-01-02", 3.5});
    return r;
}

TEST(ToJson, Contract) {
    const nlohmann::json j = nlohmann::json::parse(to_json(sample()));
    EXPECT_EQ(j["query"], "track marks");
    EXPECT_EQ(j["total"], 12);
    EXPECT_EQ(j["offset"], 0);
    EXPECT_EQ(j["limit"], 1);
    ASSERT_EQ(j["results"].size(), 1u);
    const auto& h = j["results"][0];
    for (const char* key : {"rank", "id", "path", "url", "title", "snippet", "reviewed", "score"}) {
        EXPECT_TRUE(h.contains(key)) << key;
    }
    EXPECT_EQ(h["snippet"], "<mark>track</mark> &amp; x");
    EXPECT_DOUBLE_EQ(h["score"].get<double>(), 3.5);
}

TEST(ToText, PlainAndColor) {
    const std::string plain = to_text(sample(), false);
    EXPECT_NE(plain.find("1. Track marks\n"), std::string::npos) << plain;
    EXPECT_NE(plain.find("*track* & x"), std::string::npos) << plain;
    EXPECT_EQ(plain.find('\033'), std::string::npos);
    const std::string color = to_text(sample(), true);
    EXPECT_NE(color.find("\033[1mtrack\033[0m"), std::string::npos);
    SearchResults none;
    none.query = "zzz";
    EXPECT_EQ(to_text(none, false), "No results for \"zzz\".\n");
}

}  // namespace
}  // namespace lantern
