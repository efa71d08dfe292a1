// Tests for core/index_admin: reading --stale-after; the stats and the report as text and JSON.
#include "index/index_admin.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

IndexStats sample_stats() {
    IndexStats s;
    s.index = "/idx";
    s.release = "R2";
    s.documents = 3;
    s.terms = 40;
    s.term_occurrences = 120;
    s.size_bytes = 4096;
    s.schema_version = "8";
    s.by_source = {{"corpus", 3}};
    s.by_format = {{"html", 2}, {"xml", 1}};
    s.by_language = {{"en", 3}};
    for (int i = 0; i < 22; ++i) s.by_topic["t" + std::to_string(10 + i)] = 1;
    s.thesaurus = VocabularyInfo{12, "/usr/share/lantern/thesaurus", true};
    s.releases = {{"R1", false, false, 0, "", "", 2048},
                  {"R2", true, true, 3, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 4096}};
    return s;
}

TEST(IndexStats, AsText) {
    EXPECT_EQ(
        stats_to_text(sample_stats()),
        "Index /idx, release R2 (schema 8)\n"
        "  3 documents, 40 distinct terms, 120 term occurrences, 4 KiB on disk\n"
        "  source: corpus (3)\n"
        "  format: html (2) xml (1)\n"
        "  language: en (3)\n"
        "  audience:\n"
        "  topic: t10 (1) t11 (1) t12 (1) t13 (1) t14 (1) t15 (1) t16 (1) t17 (1) t18 (1) t19 (1) t20 (1) t21 (1) "
        "t22 (1) t23 (1) t24 (1) t25 (1) t26 (1) t27 (1) t28 (1) t29 (1) ...\n"
        "  thesaurus: 12 phrases expand (bundled, /usr/share/lantern/thesaurus)\n"
        "  safety panel: none\n"
        "Releases (oldest first):\n"
        "  R1  incomplete  0 documents  2 KiB  created \n"
        "  R2  live  3 documents  4 KiB  created 2026-01-01T00:00:00Z\n");
}

TEST(IndexStats, AsJson) {
    const nlohmann::json j = nlohmann::json::parse(stats_to_json(sample_stats()));
    EXPECT_EQ(j["by_format"], nlohmann::json::parse(R"({"html": 2, "xml": 1})"));
    EXPECT_EQ(j["by_audience"], nlohmann::json::object());
    EXPECT_EQ(j["thesaurus"],
              nlohmann::json::parse(R"({"entries": 12, "path": "/usr/share/lantern/thesaurus", "bundled": true})"));
    EXPECT_TRUE(j["safety_panel"].is_null());
    EXPECT_EQ(j["releases"][1], nlohmann::json::parse(R"({"name": "R2", "live": true, "complete": true, "documents": 3,
        "created": "2026-01-01T00:00:00Z", "updated": "2026-01-02T00:00:00Z", "size_bytes": 4096})"));
    EXPECT_EQ(j["schema_version"], "8");
    EXPECT_EQ(stats_to_json(sample_stats()).back(), '\n');
}

TEST(IndexReport, AsTextAndJson) {
    IndexReport r;
    r.stale_before = "2024-01-01";
    r.documents = 4;
    r.missing_title = {2, {"a.html", "b.html"}};
    r.missing_description = {7, {"a.html"}};  // more than listed: the count says so
    r.stale_reviewed_date = {1, {{"c.html", "2020-05-01"}}};
    r.short_or_empty = {1, {{"a.html", 3}}};
    r.duplicates = {{"a.html", "print/a.html"}};
    r.failed_files = {{"d.xml", "malformed XML"}};
    r.abbreviations = {true, 2, {}, {{"SSP", "syringe services program", 4, false}}};
    EXPECT_EQ(
        report_to_text(r),
        "Report on 4 documents (stale = last reviewed before 2024-01-01)\n"
        "\nNo title: 2\n  a.html\n  b.html\n"
        "\nNo description: 7\n  a.html\n"
        "\nNo last-reviewed date: 0\n"
        "\nLast reviewed too long ago: 1\n  c.html  2020-05-01\n"
        "\nEmpty or very short: 1\n  a.html  3 words\n"
        "\nExact duplicates (same text at more than one address): 1\n  a.html print/a.html\n"
        "\nFiles that failed in the last build: 1\n  d.xml: malformed XML\n"
        "\nAbbreviations the pages define (on at least 2 pages): 1\n  SSP = syringe services program  (4 pages)\n");
    const nlohmann::json j = nlohmann::json::parse(report_to_json(r));
    EXPECT_EQ(j["missing_description"], nlohmann::json::parse(R"({"count": 7, "items": ["a.html"]})"));
    EXPECT_EQ(j["stale_reviewed_date"]["items"][0],
              nlohmann::json::parse(R"({"id": "c.html", "reviewed": "2020-05-01"})"));
    EXPECT_EQ(j["short_or_empty"]["items"][0], nlohmann::json::parse(R"({"id": "a.html", "words": 3})"));
    EXPECT_EQ(j["failed_files"], nlohmann::json::parse(R"([{"path": "d.xml", "reason": "malformed XML"}])"));
    EXPECT_EQ(j["abbreviations"]["learned"][0]["short"], "SSP");
    EXPECT_EQ(j["duplicates"], nlohmann::json::parse(R"([["a.html", "print/a.html"]])"));
}

}  // namespace
}  // namespace lantern
