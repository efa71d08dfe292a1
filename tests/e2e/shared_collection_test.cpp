// End-to-end, optional: index ../shared/corpora (13,039 real documents, most of them about other
// things) as a librarian would and score ranking on ../shared/relevance's judged queries. A fresh
// clone has neither folder: the test is then skipped, saying so. scripts/relevance prints the same
// figures with the bundled corpus's beside them (docs/relevance.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "process.h"

namespace lantern::test {
namespace {

const std::string kShared = LANTERN_SHARED_DIR;

// Overall nDCG@10 with the shipped defaults, set a little under what the code measures (0.716 on
// 2026-12-05: expansions that carry rare typed words, abbreviations in every wording, common
// words optional in tier 1, pages titled with the query, carried entries' words together, set
// phrases together; 0.606 at dc77321, 0.542 when the test was written). Issue 16 asks for 0.70.
// Raise it as ranking improves; never lower it to make a change pass.
constexpr double kSharedNdcgFloor = 0.70;

/// The report on needle track marks: the one page of the collection about them (issue 16).
constexpr const char* kTrackMarksPage = "mmwr/html/mmwr-0536.html";

std::string kind_table(const nlohmann::json& by_kind) {
    std::ostringstream out;
    for (const auto& [kind, k] : by_kind.items()) out << "  " << kind << ": " << k["ndcg@10"].get<double>() << "\n";
    return out.str();
}

TEST(SharedCollection, RankingQualityStaysAboveTheFloor) {
    const std::string corpora = kShared + "/corpora";
    const std::string relevance = kShared + "/relevance";
    if (!std::filesystem::is_directory(corpora) || !std::filesystem::is_regular_file(relevance + "/queries.tsv")) {
        GTEST_SKIP() << "no shared collection at " << kShared << " (corpora/ and relevance/ beside the checkout): "
                     << "ranking is measured on the bundled corpus only";
    }
    const TempDir dir;
    const std::string db = dir.path() + "/db";
    // As ../shared/relevance/README.md says: robots ignored (the archive marks every wiki page
    // noindex) and MedQuAD read through its mapping; everything else as shipped.
    const RunResult build = run({kIndex, "build", "--db", db, "--quiet", "--ignore-robots", "--mapping",
                                 std::string(LANTERN_SOURCE_DIR) + "/examples/mappings/medquad.toml", corpora});
    ASSERT_EQ(build.exit_code, 0) << build.err;
    EXPECT_NE(build.out.find(" 0 failed"), std::string::npos) << build.out;

    const RunResult r = run({kSearch, "eval", "--db", db, "--queries", relevance + "/queries.tsv", "--qrels",
                             relevance + "/qrels.txt", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_GE(j["overall"]["queries"].get<int>(), 40);
    const double ndcg = j["overall"]["ndcg@10"];
    EXPECT_GE(ndcg, kSharedNdcgFloor) << "the shared collection's nDCG@10 fell below the floor; by kind:\n"
                                      << kind_table(j["by_kind"]) << "worst query: " << j["per_query"][0]
                                      << "\n(unjudged results in the top 10s: " << j["overall"]["unjudged@10_total"]
                                      << "; many would mean the figure understates the ranking)";

    // Issue 16's named cases: the injection-scar report above reports that track or mark things.
    for (const char* query : {"track marks", "needle marks on arms"}) {
        const RunResult s = run({kSearch, "--db", db, "--json", "--limit", "3", "--", query});
        ASSERT_EQ(s.exit_code, 0) << s.err;
        const nlohmann::json found = nlohmann::json::parse(s.out);
        ASSERT_FALSE(found["results"].empty()) << query;
        EXPECT_EQ(found["results"][0]["path"], kTrackMarksPage) << query << ": " << found["results"];
    }
}

}  // namespace
}  // namespace lantern::test
