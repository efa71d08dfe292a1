// Tests for core/evaluation: the metrics against hand-computed values, and file validation.
#include "core/evaluation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/errors.h"

namespace lantern {
namespace {

TEST(ScoreRanking, HandComputedValues) {
    const std::map<std::string, int> grades = {{"a", 3}, {"b", 2}, {"c", 0}, {"d", 1}};
    const double idcg = 7.0 + 3.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
    const struct {
        std::string name;
        std::vector<std::string> ranked;
        double ndcg, mrr, p5, recall;
    } rows[] = {
        {"ideal", {"a", "b", "d"}, 1.0, 1.0, 0.6, 1.0},
        {"reversed", {"d", "b", "a"}, (1.0 + 3.0 / std::log2(3.0) + 7.0 / std::log2(4.0)) / idcg, 1.0, 0.6, 1.0},
        {"late first hit", {"c", "x", "a"}, (7.0 / std::log2(4.0)) / idcg, 1.0 / 3, 0.2, 1.0 / 3},
        {"nothing", {}, 0.0, 0.0, 0.0, 0.0},
        {"only non-relevant", {"c"}, 0.0, 0.0, 0.0, 0.0},
    };
    for (const auto& r : rows) {
        const Metrics m = score_ranking(r.ranked, grades);
        EXPECT_NEAR(m.ndcg10, r.ndcg, 1e-9) << r.name;
        EXPECT_NEAR(m.mrr, r.mrr, 1e-9) << r.name;
        EXPECT_NEAR(m.p5, r.p5, 1e-9) << r.name;
        EXPECT_NEAR(m.recall100, r.recall, 1e-9) << r.name;
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
