// evaluation.h: ranking quality on judged queries (TREC-like files, corpus/queries/README.md).
// Runs every query through a Searcher and reports nDCG@10, MRR, P@5 and Recall@100, and how many
// of each query's top 10 were never judged (they count as not relevant, so a ranking that brings up
// many of them is understated: the pools were made by other rankers).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lantern {

class Searcher;

struct JudgedQuery {
    std::string id;
    std::string kind;                      ///< clinical, lay, slang, abbreviation, misspelling
    std::string text;
    std::map<std::string, int> grades;     ///< document id -> grade 0..3
};

/// Reads queries.tsv (QID<TAB>KIND<TAB>QUERY) and qrels (QID 0 DOCID GRADE). Throws BadInput naming
/// file and line for a malformed line, a query over kMaxQueryBytes, a grade outside 0..3, an
/// unknown or duplicate query id, or a query without any judgment of grade 1 or more.
std::vector<JudgedQuery> load_judged_queries(const std::string& queries_path, const std::string& qrels_path);

struct Metrics {
    double ndcg10 = 0;
    double mrr = 0;
    double p5 = 0;
    double recall100 = 0;
    double unjudged10 = 0;   ///< results in the top 10 with no judgment: a count per query, a mean when aggregated
};

/// Scores one ranked list of document ids against the grades. Grade >= 1 counts as relevant for
/// MRR, P@5 and Recall@100; nDCG uses gain 2^grade - 1 and log2 discounts. A document absent from
/// `grades` is unjudged: grade 0, and counted in unjudged10 when it is in the top 10.
Metrics score_ranking(const std::vector<std::string>& ranked_ids, const std::map<std::string, int>& grades);

struct QueryScore {
    const JudgedQuery* query = nullptr;
    Metrics metrics;
};

/// Metrics averaged over a group of queries.
struct GroupScore {
    int queries = 0;
    Metrics mean;
    int unjudged10_total = 0;   ///< unjudged results in the top 10s of all the group's queries
};

struct EvalReport {
    GroupScore overall;
    std::map<std::string, GroupScore> by_kind;        ///< kind -> its queries' scores
    std::vector<QueryScore> per_query;                ///< worst nDCG@10 first
    /// Documents judged relevant (grade 1 or more) that the index does not hold: no ranking can
    /// find them, so their queries score low through no fault of the ranking (a warning).
    std::vector<std::string> missing_relevant;
};

/// Groups scored queries: the means and unjudged totals overall and per kind, and the queries
/// worst nDCG@10 first. Every QueryScore must point to a query.
EvalReport aggregate(std::vector<QueryScore> per_query);

/// Runs every query (top 100 results) and aggregates the metrics. A result's folded duplicates
/// are scored as if listed right after it. Relevant documents missing from the index are listed
/// in missing_relevant. Throws BadParameter for a query the searcher refuses (over
/// kMaxQueryBytes: load_judged_queries() refuses those first), BadIndex as Searcher does.
EvalReport evaluate(Searcher& searcher, const std::vector<JudgedQuery>& queries, bool correct_spelling = true);

/// Human-readable report: overall, per kind, then per query worst first.
std::string eval_to_text(const EvalReport& report);

/// The same report as one JSON object.
std::string eval_to_json(const EvalReport& report);

}  // namespace lantern
