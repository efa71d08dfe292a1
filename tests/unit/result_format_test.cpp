// Tests for core/result_format: the JSON contract and terminal rendering.
#include "search/result_format.h"

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
    SearchHit h;
    h.rank = 1;
    h.id = h.path = "site/a.html";
    h.url = "https://e.example/a";
    h.title = "Track marks";
    h.title_html = "<mark>Track</mark> marks";
    h.snippet = "<mark>track</mark> &amp; x";
    h.section = "How they heal";
    h.section_url = "https://e.example/a#heal";
    h.reviewed = "2026-01-02";
    h.score = 3.5;
    h.duplicates = {"site/print/a.html"};
    r.hits.push_back(h);
    r.facets["topic"] = {{"veins", 3}, {"wound care", 1}};
    r.safety.push_back({"od", "Overdose?", "Call 911.", "https://e.example/od", "Recognizing an overdose", {"overdose"}});
    r.notes = {"A note."};
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
    for (const char* key : {"rank", "id", "path", "url", "title", "title_html", "snippet", "section", "section_url", "reviewed",
                            "score", "duplicates"}) {
        EXPECT_TRUE(h.contains(key)) << key;
    }
    EXPECT_EQ(h["snippet"], "<mark>track</mark> &amp; x");
    EXPECT_EQ(h["section_url"], "https://e.example/a#heal");
    EXPECT_DOUBLE_EQ(h["score"].get<double>(), 3.5);
    EXPECT_EQ(j["facets"]["topic"][0]["value"], "veins");
    EXPECT_EQ(j["facets"]["topic"][0]["count"], 3);
    EXPECT_EQ(j["safety"][0]["title"], "Overdose?");
    EXPECT_EQ(j["notes"][0], "A note.");
    EXPECT_TRUE(j["suggestion"].is_null());
    EXPECT_FALSE(j.contains("explain"));
    SearchResults corrected = sample();
    corrected.corrected_query = "naloxone";
    corrected.query = "nalaxone";
    const nlohmann::json c = nlohmann::json::parse(to_json(corrected));
    EXPECT_EQ(c["suggestion"]["showing"], "naloxone");
    EXPECT_EQ(c["suggestion"]["instead"], "nalaxone");
}

TEST(ToJson, APageOnlyForPagedDocuments) {
    SearchResults r = sample();
    EXPECT_FALSE(nlohmann::json::parse(to_json(r))["results"][0].contains("page"));
    r.hits[0].page = 7;
    r.hits[0].section_url = "https://e.example/guide.pdf#page=7";
    const nlohmann::json j = nlohmann::json::parse(to_json(r));
    EXPECT_EQ(j["results"][0]["page"], 7);
    EXPECT_NE(to_text(r, false).find("   Page 7, in \"How they heal\": https://e.example/guide.pdf#page=7\n"),
              std::string::npos)
        << to_text(r, false);
}

// The compact layout (every HTTP answer) is written without nlohmann (result_format.cpp): it
// must be byte for byte what nlohmann writes for the same answer, which the indented layout
// still is. Rows: awkward strings (quotes, backslashes, every escaped control character, one
// that is \u-escaped, DEL, UTF-8, bytes that are not UTF-8), scores nlohmann prints in
// different forms, a page, a correction, an explanation, facets the schema does not name,
// empty lists.
TEST(ToJson, CompactIsWhatNlohmannWrites) {
    const std::string awkward = std::string("q\"uote \\ back\b\f\n\r\t \x01\x1f \x7f caf\xC3\xA9 ") + '\0' + " end";
    std::vector<SearchResults> rows;
    rows.push_back(sample());
    rows.push_back(SearchResults{});
    SearchResults odd = sample();
    odd.query = awkward;
    odd.hits[0].title = awkward;
    odd.hits[0].snippet = "not UTF-8: \xC3\x28 \xFF and cut \xE2\x82";
    odd.hits[0].page = 3;
    odd.hits[0].duplicates = {"a \"b\"", "\xED\xA0\x80 surrogate"};
    odd.facets["zzz other"] = {{"x", 0}};
    odd.facets["audience"] = {};
    odd.notes = {"", awkward};
    odd.budget_exceeded = true;
    odd.corrected_query = "naloxone \"x\"";
    odd.explained = true;
    odd.explanation.mode = "plain words";
    odd.explanation.words = {"nalaxone"};
    odd.explanation.corrections = {{"nalaxone", "naloxone"}};
    rows.push_back(odd);
    for (const double score : {0.0, -0.0, 1e-7, 123456789.125, 1e21, 0.1 + 0.2, 2.5e-310}) {
        SearchResults r = sample();
        r.hits[0].score = score;
        rows.push_back(r);
    }
    for (const SearchResults& r : rows) {
        const std::string compact = to_json(r, JsonLayout::kCompact);
        EXPECT_EQ(compact, nlohmann::json::parse(to_json(r, JsonLayout::kIndented)).dump()) << compact;
    }
}

TEST(ToText, PlainAndColor) {
    const std::string plain = to_text(sample(), false);
    for (const char* want : {"!! Overdose?\n   Call 911.\n   Recognizing an overdose: https://e.example/od\n", "A note.\n",
                             "1. *Track* marks\n", "   In \"How they heal\": https://e.example/a#heal\n", "*track* & x",
                             "   Same page also at: site/print/a.html\n", "Refine:\n  topic: veins (3) wound care (1)\n"}) {
        EXPECT_NE(plain.find(want), std::string::npos) << want << "\n" << plain;
    }
    EXPECT_EQ(plain.find('\033'), std::string::npos);
    const std::string color = to_text(sample(), true);
    EXPECT_NE(color.find("\033[1mtrack\033[0m"), std::string::npos);
    SearchResults none;
    none.query = "zzz";
    EXPECT_EQ(to_text(none, false), "No results for \"zzz\".\n");
}

}  // namespace
}  // namespace lantern
