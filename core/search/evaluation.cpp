// evaluation.cpp: loading judged queries, the IR metrics, and the eval report.
#include "search/evaluation.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "text/article.h"
#include "text/errors.h"
#include "search/search.h"

namespace lantern {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> parts;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, sep)) parts.push_back(part);
    return parts;
}

std::vector<std::string> split_spaces(const std::string& line) {
    std::vector<std::string> parts;
    std::istringstream ss(line);
    std::string part;
    while (ss >> part) parts.push_back(part);
    return parts;
}

std::ifstream open_or_throw(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw BadInput("cannot read " + path);
    return in;
}

bool skip_line(const std::string& line) {
    const std::string t = collapse_space(line);
    return t.empty() || t[0] == '#';
}

GroupScore group(const std::vector<Metrics>& all) {
    GroupScore g;
    g.queries = static_cast<int>(all.size());
    if (all.empty()) return g;
    Metrics& m = g.mean;
    for (const Metrics& x : all) {
        m.ndcg10 += x.ndcg10;
        m.mrr += x.mrr;
        m.p5 += x.p5;
        m.recall100 += x.recall100;
        m.unjudged10 += x.unjudged10;
        g.unjudged10_total += static_cast<int>(x.unjudged10);
    }
    const double n = static_cast<double>(all.size());
    m.ndcg10 /= n;
    m.mrr /= n;
    m.p5 /= n;
    m.recall100 /= n;
    m.unjudged10 /= n;
    return g;
}

std::string fmt(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

std::string metrics_line(const Metrics& m) {
    return "nDCG@10 " + fmt(m.ndcg10) + "  MRR " + fmt(m.mrr) + "  P@5 " + fmt(m.p5) + "  Recall@100 " + fmt(m.recall100);
}

/// A group's line: the means, then unjudged results per query and in all.
std::string group_line(const GroupScore& g) {
    char unjudged[64];
    std::snprintf(unjudged, sizeof unjudged, "  Unjudged@10 %.1f/query (%d in all)", g.mean.unjudged10, g.unjudged10_total);
    return metrics_line(g.mean) + unjudged;
}

nlohmann::json metrics_json(const Metrics& m) {
    return {{"ndcg@10", m.ndcg10}, {"mrr", m.mrr}, {"p@5", m.p5}, {"recall@100", m.recall100}};
}

nlohmann::json group_json(const GroupScore& g) {
    nlohmann::json j = metrics_json(g.mean);
    j["queries"] = g.queries;
    j["unjudged@10"] = g.mean.unjudged10;   // mean per query
    j["unjudged@10_total"] = g.unjudged10_total;
    return j;
}

}  // namespace

std::vector<JudgedQuery> load_judged_queries(const std::string& queries_path, const std::string& qrels_path) {
    std::vector<JudgedQuery> queries;
    std::map<std::string, std::size_t> index;
    std::ifstream qin = open_or_throw(queries_path);
    std::string line;
    for (int n = 1; std::getline(qin, line); ++n) {
        if (skip_line(line)) continue;
        const std::vector<std::string> f = split(line, '\t');
        const std::string where = queries_path + ":" + std::to_string(n) + ": ";
        if (f.size() != 3 || collapse_space(f[0]).empty() || collapse_space(f[2]).empty()) {
            throw BadInput(where + "expected QID<TAB>KIND<TAB>QUERY");
        }
        const std::string id = collapse_space(f[0]);
        if (!index.emplace(id, queries.size()).second) throw BadInput(where + "query id " + id + " appears twice");
        const std::string text = collapse_space(f[2]);
        if (text.size() > kMaxQueryBytes) {   // a query the searcher would refuse
            throw BadInput(where + "query " + id + " is " + std::to_string(text.size()) + " bytes long; the most is " +
                           std::to_string(kMaxQueryBytes));
        }
        queries.push_back({id, collapse_space(f[1]), text, {}});
    }
    std::ifstream rin = open_or_throw(qrels_path);
    for (int n = 1; std::getline(rin, line); ++n) {
        if (skip_line(line)) continue;
        const std::vector<std::string> f = split_spaces(line);
        const std::string where = qrels_path + ":" + std::to_string(n) + ": ";
        if (f.size() != 4) throw BadInput(where + "expected QID 0 DOCID GRADE");
        const auto q = index.find(f[0]);
        if (q == index.end()) throw BadInput(where + "query id " + f[0] + " is not in " + queries_path);
        if (f[3].size() != 1 || f[3][0] < '0' || f[3][0] > '3') throw BadInput(where + "grade must be 0, 1, 2 or 3, not " + f[3]);
        queries[q->second].grades[f[2]] = f[3][0] - '0';
    }
    for (const JudgedQuery& q : queries) {
        const bool any = std::any_of(q.grades.begin(), q.grades.end(), [](const auto& g) { return g.second >= 1; });
        if (!any) throw BadInput(qrels_path + ": query " + q.id + " has no judgment of grade 1 or more");
    }
    return queries;
}

Metrics score_ranking(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades) {
    auto grade_of = [&grades](const std::string& id) {
        const auto it = grades.find(id);
        return it == grades.end() ? 0 : it->second;
    };
    Metrics m;
    double dcg = 0;
    std::size_t relevant_found = 0;
    for (std::size_t i = 0; i < ranked.size() && i < 100; ++i) {
        const int g = grade_of(ranked[i]);
        if (i < 10) {
            dcg += (std::pow(2.0, g) - 1) / std::log2(static_cast<double>(i) + 2);
            if (grades.count(ranked[i]) == 0) m.unjudged10 += 1;
        }
        if (g >= 1) {
            ++relevant_found;
            if (m.mrr == 0) m.mrr = 1.0 / static_cast<double>(i + 1);
            if (i < 5) m.p5 += 0.2;
        }
    }
    std::vector<int> ideal;
    for (const auto& [id, g] : grades) ideal.push_back(g);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
    m.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    const auto relevant = static_cast<std::size_t>(std::count_if(grades.begin(), grades.end(), [](const auto& g) { return g.second >= 1; }));
    m.recall100 = relevant > 0 ? static_cast<double>(relevant_found) / static_cast<double>(relevant) : 0;
    return m;
}

EvalReport aggregate(std::vector<QueryScore> per_query) {
    EvalReport report;
    std::vector<Metrics> all;
    std::map<std::string, std::vector<Metrics>> kinds;
    for (const QueryScore& s : per_query) {
        all.push_back(s.metrics);
        kinds[s.query->kind].push_back(s.metrics);
    }
    report.overall = group(all);
    for (const auto& [kind, ms] : kinds) report.by_kind[kind] = group(ms);
    report.per_query = std::move(per_query);
    std::stable_sort(report.per_query.begin(), report.per_query.end(),
                     [](const QueryScore& a, const QueryScore& b) { return a.metrics.ndcg10 < b.metrics.ndcg10; });
    return report;
}

EvalReport evaluate(Searcher& searcher, const std::vector<JudgedQuery>& queries, bool correct_spelling) {
    std::vector<QueryScore> scores;
    for (const JudgedQuery& q : queries) {
        SearchRequest request;
        request.query = q.text;
        request.limit = kMaxLimit;
        request.correct_spelling = correct_spelling;
        const SearchResults results = searcher.search(request);   // the loader checked the query is searchable
        std::vector<std::string> ids;
        // A result that folds exact duplicates stands for all of them: they are judged alike, so
        // they are scored as if listed right after it.
        for (const SearchHit& h : results.hits) {
            ids.push_back(h.id);
            ids.insert(ids.end(), h.duplicate_ids.begin(), h.duplicate_ids.end());
        }
        scores.push_back({&q, score_ranking(ids, q.grades)});
    }
    EvalReport report = aggregate(std::move(scores));
    std::set<std::string> relevant;
    for (const JudgedQuery& q : queries) {
        for (const auto& [id, grade] : q.grades) {
            if (grade >= 1) relevant.insert(id);
        }
    }
    report.missing_relevant = searcher.missing_ids(std::vector<std::string>(relevant.begin(), relevant.end()));
    return report;
}

std::string eval_to_text(const EvalReport& r) {
    std::ostringstream out;
    out << "All " << r.overall.queries << " queries: " << group_line(r.overall) << "\n\nBy kind:\n";
    for (const auto& [kind, g] : r.by_kind) {
        char head[48];
        std::snprintf(head, sizeof head, "  %-13s %3d  ", kind.c_str(), g.queries);
        out << head << group_line(g) << "\n";
    }
    out << "\nPer query, worst nDCG@10 first:\n";
    for (const QueryScore& s : r.per_query) {
        char head[64];
        std::snprintf(head, sizeof head, "  %-6s %-13s ", s.query->id.c_str(), s.query->kind.c_str());
        out << head << metrics_line(s.metrics) << "  Unjudged@10 " << static_cast<int>(s.metrics.unjudged10) << "  \"" << s.query->text
            << "\"\n";
    }
    return out.str();
}

std::string eval_to_json(const EvalReport& r) {
    nlohmann::json kinds = nlohmann::json::object();
    for (const auto& [kind, g] : r.by_kind) kinds[kind] = group_json(g);
    nlohmann::json per = nlohmann::json::array();
    for (const QueryScore& s : r.per_query) {
        nlohmann::json q = metrics_json(s.metrics);
        q["id"] = s.query->id;
        q["kind"] = s.query->kind;
        q["query"] = s.query->text;
        q["unjudged@10"] = static_cast<int>(s.metrics.unjudged10);
        per.push_back(q);
    }
    return nlohmann::json{{"overall", group_json(r.overall)}, {"by_kind", kinds}, {"per_query", per}, {"missing_relevant", r.missing_relevant}}
        .dump(2);
}

}  // namespace lantern
