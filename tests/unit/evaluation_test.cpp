// Tests for core/evaluation: the metrics against hand-computed values, and file validation.
#include "search/evaluation.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace lantern {
namespace {

TEST(ScoreRanking, HandComputedValues) {
    const std::map<std::string, int> grades = {{"a", 3}, {"b", 2}, {"c", 0}, {"d", 1}};
    const double idcg = 7.0 + 3.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
    const struct {
        std::string name;
        std::vector<std::string> ranked;
        double ndcg, mrr, p5, recall, unjudged;
    } rows[] = {
        {"ideal", {"a", "b", "d"}, 1.0, 1.0, 0.6, 1.0, 0},
        {"reversed", {"d", "b", "a"}, (1.0 + 3.0 / std::log2(3.0) + 7.0 / std::log2(4.0)) / idcg, 1.0, 0.6, 1.0, 0},
        {"late first hit", {"c", "x", "a"}, (7.0 / std::log2(4.0)) / idcg, 1.0 / 3, 0.2, 1.0 / 3, 1},
        {"nothing", {}, 0.0, 0.0, 0.0, 0.0, 0},
        {"only non-relevant", {"c"}, 0.0, 0.0, 0.0, 0.0, 0},  // judged 0 is judged
        {"unjudged counted in the top 10 only",
         {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "a", "u11", "u12"},
         (7.0 / std::log2(11.0)) / idcg, 0.1, 0.0, 1.0 / 3, 9},
    };
    for (const auto& r : rows) {
        const Metrics m = score_ranking(r.ranked, grades);
        EXPECT_NEAR(m.ndcg10, r.ndcg, 1e-9) << r.name;
        EXPECT_NEAR(m.mrr, r.mrr, 1e-9) << r.name;
        EXPECT_NEAR(m.p5, r.p5, 1e-9) << r.name;
        EXPECT_NEAR(m.recall100, r.recall, 1e-9) << r.name;
        EXPECT_EQ(m.unjudged10, r.unjudged) << r.name;
    }
}

// Issue 16: unjudged results count as not relevant, so eval says how many there were.
TEST(Aggregate, UnjudgedMeansAndTotalsInTextAndJson) {
    const JudgedQuery q1{"q1", "lay", "track marks", {}}, q2{"q2", "lay", "bupe", {}}, q3{"q3", "slang", "dope sick", {}};
    Metrics m1, m2, m3;
    m1.ndcg10 = 0.5, m1.unjudged10 = 3;
    m2.ndcg10 = 0.9, m2.unjudged10 = 0;
    m3.ndcg10 = 0.2, m3.unjudged10 = 4;
    const EvalReport r = aggregate({{&q1, m1}, {&q2, m2}, {&q3, m3}});
    const struct {
        std::string group;
        int queries, unjudged_total;
        double unjudged_mean, ndcg;
    } rows[] = {
        {"overall", 3, 7, 7.0 / 3, 1.6 / 3},
        {"lay", 2, 3, 1.5, 0.7},
        {"slang", 1, 4, 4.0, 0.2},
    };
    const nlohmann::json j = nlohmann::json::parse(eval_to_json(r));
    for (const auto& row : rows) {
        const GroupScore& g = row.group == "overall" ? r.overall : r.by_kind.at(row.group);
        const nlohmann::json& jg = row.group == "overall" ? j["overall"] : j["by_kind"][row.group];
        EXPECT_EQ(g.queries, row.queries) << row.group;
        EXPECT_EQ(g.unjudged10_total, row.unjudged_total) << row.group;
        EXPECT_NEAR(g.mean.unjudged10, row.unjudged_mean, 1e-9) << row.group;
        EXPECT_NEAR(g.mean.ndcg10, row.ndcg, 1e-9) << row.group;
        EXPECT_EQ(jg["queries"], row.queries) << row.group;
        EXPECT_EQ(jg["unjudged@10_total"], row.unjudged_total) << row.group;
        EXPECT_NEAR(jg["unjudged@10"].get<double>(), row.unjudged_mean, 1e-9) << row.group;
    }
    ASSERT_EQ(r.per_query.size(), 3u);
    EXPECT_EQ(r.per_query[0].query->id, "q3");  // worst first
    EXPECT_EQ(j["per_query"][0]["unjudged@10"], 4);

    const std::string text = eval_to_text(r);
    for (const char* want : {"All 3 queries: nDCG@10 0.533", "Unjudged@10 2.3/query (7 in all)\n",
                             "  lay             2  nDCG@10 0.700", "Unjudged@10 1.5/query (3 in all)\n",
                             "Unjudged@10 4  \"dope sick\"\n", "Unjudged@10 0  \"bupe\"\n"}) {
        EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
    }
}

TEST(LoadJudgedQueries, ValidAndInvalidFiles) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lantern-eval-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string q = (dir / "q.tsv").string();
    const std::string r = (dir / "r.txt").string();
    const struct {
        std::string name, queries, qrels, error;  // error "" = loads
    } rows[] = {
        {"valid", "# comment\nq1\tlay\ttrack marks\n", "q1 0 a.html 3\nq1 0 b.html 0\n", ""},
        {"missing field", "q1\tlay\n", "q1 0 a 3\n", q + ":1: expected QID<TAB>KIND<TAB>QUERY"},
        {"duplicate id", "q1\tlay\tx\nq1\tlay\ty\n", "q1 0 a 3\n", q + ":2: query id q1 appears twice"},
        {"bad grade", "q1\tlay\tx\n", "q1 0 a 4\n", r + ":1: grade must be 0, 1, 2 or 3, not 4"},
        {"unknown query", "q1\tlay\tx\n", "q1 0 a 3\nq2 0 a 3\n", r + ":2: query id q2 is not in " + q},
        {"short qrels line", "q1\tlay\tx\n", "q1 a 3\n", r + ":1: expected QID 0 DOCID GRADE"},
        {"no relevant doc", "q1\tlay\tx\n", "q1 0 a 0\n", r + ": query q1 has no judgment of grade 1 or more"},
    };
    for (const auto& row : rows) {
        std::ofstream(q) << row.queries;
        std::ofstream(r) << row.qrels;
        try {
            const auto loaded = load_judged_queries(q, r);
            EXPECT_EQ(row.error, "") << row.name;
            ASSERT_EQ(loaded.size(), 1u);
            EXPECT_EQ(loaded[0].text, "track marks");
            EXPECT_EQ(loaded[0].grades.at("a.html"), 3);
        } catch (const BadInput& e) {
            EXPECT_EQ(e.what(), row.error) << row.name;
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lantern
