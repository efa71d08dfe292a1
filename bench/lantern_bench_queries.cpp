// lantern-bench-queries: in-process query latency. Opens an index once with the core Searcher (as
// one server worker does), runs the query mix (bench/queries.tsv) once unmeasured to warm the
// caches, then PASSES times measured, each search with snippets, facets and safety cards exactly
// as /api/search computes them. Prints p50/p95/p99/max/mean and queries/s per kind and overall,
// or one JSON object (--json). Facet ranks in filters ("topic=@3") are resolved against the index
// first (bench/query_mix.h); --print-mix prints the resolved mix for the other runners of
// scripts/bench. Not installed.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/latency.h"
#include "bench/query_mix.h"
#include "text/errors.h"
#include "index/index_admin.h"
#include "app/main_guard.h"
#include "search/result_format.h"
#include "search/search.h"

namespace {

struct Options {
    std::string db_path;
    std::string queries_path;
    unsigned warmup = 1;
    unsigned passes = 3;
    unsigned limit = 10;
    bool json = false;
    bool print_mix = false;
    unsigned slowest = 0;   ///< also print the N queries of highest median time
    std::string answers_path;  ///< also write each query's answer (first measured pass) here
};

struct KindTally {
    std::vector<double> ms;
    std::size_t queries = 0;
    std::size_t without_hits = 0;  ///< queries that returned no result (first measured pass)
    double matches = 0;            ///< sum of SearchResults::total (first measured pass)
};

nlohmann::json to_json(const lantern::bench::LatencySummary& s, const KindTally& t) {
    nlohmann::json j;
    j["queries"] = t.queries;
    j["samples"] = s.count;
    j["p50_ms"] = s.p50_ms;
    j["p95_ms"] = s.p95_ms;
    j["p99_ms"] = s.p99_ms;
    j["max_ms"] = s.max_ms;
    j["mean_ms"] = s.mean_ms;
    j["queries_per_s"] = s.per_second;
    j["mean_matches"] = t.queries ? t.matches / static_cast<double>(t.queries) : 0.0;
    j["without_hits"] = t.without_hits;
    return j;
}

void print_row(const std::string& kind, const lantern::bench::LatencySummary& s, const KindTally& t) {
    std::printf("%-11s %7zu %8.2f %8.2f %8.2f %8.2f %8.2f %10.1f %12.0f %10zu\n", kind.c_str(), t.queries, s.p50_ms,
                s.p95_ms, s.p99_ms, s.max_ms, s.mean_ms, s.per_second,
                t.queries ? t.matches / static_cast<double>(t.queries) : 0.0, t.without_hits);
}

int run(const Options& opt) {
    std::vector<lantern::bench::MixQuery> mix = lantern::bench::load_query_mix(opt.queries_path);
    lantern::bench::resolve_ranks(mix, lantern::index_stats(opt.db_path));
    std::size_t dropped = 0;
    for (const lantern::bench::MixQuery& q : mix) dropped += q.dropped;
    if (opt.print_mix) {
        for (const lantern::bench::MixQuery& q : mix) {
            const std::string filter = q.filter_text();
            std::cout << q.kind << "\t" << q.query << (filter.empty() ? "" : "\t" + filter) << "\n";
        }
        return lantern::kExitOk;
    }
    std::vector<lantern::SearchRequest> requests;
    for (const lantern::bench::MixQuery& q : mix) {
        requests.push_back(q.request());
        requests.back().limit = opt.limit;
    }
    lantern::Searcher searcher(opt.db_path);

    for (unsigned pass = 0; pass < opt.warmup; ++pass) {
        for (const lantern::SearchRequest& r : requests) searcher.search(r);
    }
    std::map<std::string, KindTally> kinds;
    KindTally all;
    std::vector<std::vector<double>> per_query(mix.size());
    std::ofstream answers;
    if (!opt.answers_path.empty()) {
        answers.open(opt.answers_path);
        if (!answers) throw lantern::BadParameter("answers", "cannot write the answers to " + opt.answers_path);
    }
    for (unsigned pass = 0; pass < opt.passes; ++pass) {
        for (std::size_t i = 0; i < mix.size(); ++i) {
            const lantern::bench::MixQuery& q = mix[i];
            const auto start = std::chrono::steady_clock::now();
            const lantern::SearchResults results = searcher.search(requests[i]);
            const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
            per_query[i].push_back(took.count());
            for (KindTally* t : {&kinds[q.kind], &all}) {
                t->ms.push_back(took.count());
                if (pass > 0) continue;
                if (t == &all && answers.is_open()) answers << lantern::to_json(results, lantern::JsonLayout::kCompact) << "\n";
                ++t->queries;
                t->matches += results.total;
                if (results.hits.empty()) ++t->without_hits;
            }
        }
    }

    if (opt.slowest > 0) {
        // Where the tail comes from: each query's median over the passes, highest first.
        std::vector<std::pair<double, std::size_t>> medians;
        for (std::size_t i = 0; i < mix.size(); ++i) {
            std::vector<double>& t = per_query[i];
            std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
            medians.emplace_back(t[t.size() / 2], i);
        }
        std::sort(medians.rbegin(), medians.rend());
        for (std::size_t k = 0; k < medians.size() && k < opt.slowest; ++k) {
            const lantern::bench::MixQuery& q = mix[medians[k].second];
            std::fprintf(stderr, "%8.2f ms  %s\t%s\t%s\n", medians[k].first, q.kind.c_str(), q.query.c_str(), q.filter_text().c_str());
        }
    }
    if (opt.json) {
        nlohmann::json out;
        out["db"] = opt.db_path;
        out["queries_file"] = opt.queries_path;
        out["warmup_passes"] = opt.warmup;
        out["passes"] = opt.passes;
        out["limit"] = opt.limit;
        out["rank_filters_dropped"] = dropped;
        for (auto& [kind, tally] : kinds) out["kinds"][kind] = to_json(lantern::bench::summarize(tally.ms), tally);
        out["all"] = to_json(lantern::bench::summarize(all.ms), all);
        std::cout << out.dump(2) << "\n";
        return lantern::kExitOk;
    }
    std::printf("%zu queries x %u passes after %u warm-up pass(es), limit %u, snippets and facets, one thread\n",
                mix.size(), opt.passes, opt.warmup, opt.limit);
    std::printf("%-11s %7s %8s %8s %8s %8s %8s %10s %12s %10s\n", "kind", "queries", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "mean ms", "queries/s", "mean matches", "no results");
    for (auto& [kind, tally] : kinds) print_row(kind, lantern::bench::summarize(tally.ms), tally);
    print_row("all", lantern::bench::summarize(all.ms), all);
    if (dropped > 0) std::printf("%zu facet-rank filters had no value in this index and were left out\n", dropped);
    return lantern::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lantern-bench-queries: in-process search latency over a query mix (bench/queries.tsv)."};
    app.footer(
        "Exit codes: 0 success, 2 bad command line or query file, 3 index missing or unreadable, 4 internal error.");
    Options opt;
    app.add_option("--db", opt.db_path, "Index folder built by lantern-index")->required();
    app.add_option("--queries", opt.queries_path, "Query file: KIND<TAB>QUERY[<TAB>FILTER] per line")->required();
    app.add_option("--warmup", opt.warmup, "Unmeasured passes over the mix first")->default_val(opt.warmup);
    app.add_option("--passes", opt.passes, "Measured passes over the mix")
        ->default_val(opt.passes)
        ->check(CLI::Range(1u, 1000u));
    app.add_option("--limit", opt.limit, "Results per search")
        ->default_val(opt.limit)
        ->check(CLI::Range(1u, lantern::kMaxLimit));
    app.add_flag("--json", opt.json, "Print one JSON object");
    app.add_option("--slowest", opt.slowest, "Also print (on stderr) the N queries of highest median time, with their kind and filter");
    app.add_option("--answers", opt.answers_path,
                   "Also write each query's JSON answer (first measured pass), one per line: to check that a "
                   "speed change keeps every answer");
    app.add_flag("--print-mix", opt.print_mix,
                 "Print the query mix with facet ranks (@N) resolved for this index, and stop");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    return lantern::run_main("lantern-bench-queries", [&] { return run(opt); });
}
