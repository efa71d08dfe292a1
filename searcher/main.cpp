// lantern-search: command-line front end. Parses options into a SearchRequest, calls core,
// prints text or JSON. Errors end at main_guard's run_main() (docs/errors.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "app/config.h"
#include "app/config_discovery.h"
#include "text/counted.h"
#include "text/errors.h"
#include "app/main_guard.h"
#include "search/evaluation.h"
#include "search/result_format.h"
#include "search/search.h"
#include "server.h"

namespace {

constexpr const char* kFooter =
    "Words are matched in any order; results with all of them rank first (a word on more than 5% of\n"
    "the pages only raises the rank while a rarer word is required). Lay words, slang and\n"
    "abbreviations also find their clinical terms (the thesaurus built into the index), and words the\n"
    "index has never seen are corrected. Query syntax (docs/query-syntax.md): \"a phrase\", AND, OR,\n"
    "NOT, +word, -word, word*, a NEAR b, title:word, topic:name, audience:name, lang:en, source:name,\n"
    "reviewed:2025-01-01..2026-06-30. Unreadable syntax falls back to the plain words, with a note.\n"
    "At most 32 words and 4 wildcards are searched; a note says when more were left out.\n\n"
    "Ranking quality: lantern-search eval --db DIR --queries FILE --qrels FILE [--json]\n\n"
    "Without --db, the index is [index] db of --config FILE, or of ./lantern.toml (docs/config.md).\n\n"
    "Exit codes: 0 success (also when nothing matched), 2 bad command line, lantern.toml or query,\n"
    "no index named, or (serve) the --listen address in use, 3 index missing, unreadable or of\n"
    "another schema version, 4 internal error.";

enum class Color { Auto, Always, Never };

struct SearchCommand {
    std::string db_path;
    std::vector<std::string> words;
    lantern::SearchRequest request;
    bool exact = false;
    bool json = false;
    Color color = Color::Auto;
};

bool use_color(Color c) {
    if (c != Color::Auto) return c == Color::Always;
    const char* term = std::getenv("TERM");
    return ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr && term != nullptr && std::string(term) != "dumb";
}

struct EvalCommand {
    std::string queries_path;
    std::string qrels_path;
    bool json = false;
    bool exact = false;
};

int run_eval(const std::string& db_path, const EvalCommand& cmd) {
    const std::vector<lantern::JudgedQuery> queries = lantern::load_judged_queries(cmd.queries_path, cmd.qrels_path);
    lantern::Searcher searcher(db_path);
    const lantern::EvalReport report = lantern::evaluate(searcher, queries, !cmd.exact);
    if (const std::size_t n = report.missing_relevant.size(); n > 0) {
        // Scored as 0 like a miss, but no ranking could find them (issue 19: said nothing).
        std::string listed;
        for (std::size_t i = 0; i < n && i < 5; ++i) listed += (i ? ", " : "") + report.missing_relevant[i];
        std::cerr << "lantern-search eval: warning: " << lantern::counted(n, "document", "documents") << " judged relevant "
                  << (n == 1 ? "is" : "are") << " not in the index (" << listed << (n > 5 ? ", ..." : "")
                  << "): no ranking can find " << (n == 1 ? "it" : "them") << ", so " << (n == 1 ? "its" : "their")
                  << " queries score lower; ids are paths relative to the indexed folder, as in the JSON's results\n";
    }
    std::cout << (cmd.json ? lantern::eval_to_json(report) + "\n" : lantern::eval_to_text(report));
    return lantern::kExitOk;
}

int run_search(const SearchCommand& cmd) {
    std::string query;
    for (const std::string& w : cmd.words) query += (query.empty() ? "" : " ") + w;
    lantern::Searcher searcher(cmd.db_path);
    lantern::SearchRequest request = cmd.request;
    request.query = query;
    request.correct_spelling = !cmd.exact;
    const lantern::SearchResults results = searcher.search(request);
    std::cout << (cmd.json ? lantern::to_json(results) + "\n" : lantern::to_text(results, use_color(cmd.color)));
    const lantern::SearchFilters& f = request.filters;
    const bool filtered = !f.topics.empty() || !f.audiences.empty() || !f.sources.empty() || !f.languages.empty() ||
                          !f.since.empty() || !f.until.empty();
    if (!cmd.json && results.hits.empty() && filtered) std::cout << "(with the filters given; search without them for more)\n";
    return lantern::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lantern-search: ranked search with highlighted snippets over a Lantern index."};
    app.footer(kFooter);
    app.set_version_flag("--version", std::string("lantern-search ") + LANTERN_VERSION);

    SearchCommand cmd;
    app.add_option("--db", cmd.db_path, "Index folder built by lantern-index (default: [index] db of --config, or of ./lantern.toml)");
    std::string config;
    app.add_option("--config", config, "lantern.toml whose [index] db (and, for serve, [server] and [page] settings) to use; "
                                        "default: ./lantern.toml when --db is not given")
        ->check(CLI::ExistingFile);
    app.add_option("query", cmd.words, "Words to search for");
    lantern::SearchRequest& req = cmd.request;
    app.add_option("--limit", req.limit, "Results to show")->default_val(req.limit)->check(CLI::Range(1u, lantern::kMaxLimit));
    app.add_option("--offset", req.offset, "Results to skip (for paging)")->default_val(req.offset)->check(CLI::Range(0u, lantern::kMaxOffset));
    app.add_option("--topic", req.filters.topics, "Only articles with this topic (repeatable, up to 20: any of them)")->allow_extra_args(false);
    app.add_option("--audience", req.filters.audiences, "Only articles for this audience (public, families, clinicians; repeatable, up to 20)")->allow_extra_args(false);
    app.add_option("--source", req.filters.sources, "Only articles from this source (indexed folder name; repeatable, up to 20)")->allow_extra_args(false);
    app.add_option("--lang", req.filters.languages, "Only articles in this language (en, es, ...; repeatable, up to 20)")->allow_extra_args(false);
    app.add_option("--format", req.filters.formats,
                   "Only documents of this format (html, xml, pdf, docx, odt; repeatable, up to 20)")
        ->allow_extra_args(false);
    app.add_option("--since", req.filters.since, "Last reviewed (else published) on or after YYYY-MM-DD, YYYY-MM or YYYY");
    app.add_option("--until", req.filters.until, "Last reviewed (else published) on or before YYYY-MM-DD, YYYY-MM or YYYY");
    const std::map<std::string, lantern::SortOrder> orders{{"relevance", lantern::SortOrder::relevance}, {"date", lantern::SortOrder::date}};
    app.add_option("--sort", req.sort, "relevance, or date: newest (last reviewed, else published) first; results with every word first either way")
        ->transform(CLI::CheckedTransformer(orders, CLI::ignore_case))
        ->default_str("relevance");
    app.add_flag("--explain", req.explain, "Show how the query was understood: corrections, synonyms, fields, filters");
    app.add_flag("--exact", cmd.exact, "Search the words as typed, without spelling correction");
    app.add_option("--time-budget", req.time_budget_ms, "Milliseconds a search may take before it stops looking further")
        ->default_val(req.time_budget_ms)
        ->check(CLI::Range(1u, 60000u));
    app.add_flag("--json", cmd.json, "Print one JSON object (see docs/json.md)");
    const std::map<std::string, Color> colors{{"auto", Color::Auto}, {"always", Color::Always}, {"never", Color::Never}};
    app.add_option("--color", cmd.color, "Highlight matches in bold: auto (on a terminal), always, never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case))
        ->default_str("auto");

    EvalCommand eval;
    CLI::App* cmd_eval = app.add_subcommand("eval", "Measure ranking quality on judged queries (nDCG@10, MRR, P@5, Recall@100)");
    cmd_eval->fallthrough();  // --db belongs to the main command but may follow "eval"
    cmd_eval->add_option("--queries", eval.queries_path, "Queries file: QID<TAB>KIND<TAB>QUERY per line")->required();
    cmd_eval->add_option("--qrels", eval.qrels_path, "Judgments file: QID 0 DOCID GRADE per line")->required();
    cmd_eval->add_flag("--json", eval.json, "Print the report as one JSON object");
    cmd_eval->add_flag("--exact", eval.exact, "Run the queries without spelling correction (to measure its effect)");

    lantern::ServerOptions server;
    CLI::App* cmd_serve = app.add_subcommand(
        "serve", "Serve a search page (GET /), a JSON API (GET /api/search, the same JSON as --json) and /healthz and /metrics over "
                 "HTTP (docs/http.md). Raw queries are never logged unless --log-queries is given.");
    cmd_serve->fallthrough();  // --db belongs to the main command but may follow "serve"
    cmd_serve->add_option("--listen", server.listen, "HOST:PORT to listen on; port 0 lets the system choose")->default_val(server.listen);
    cmd_serve->add_option("--allow-origin", server.allow_origins, "An origin allowed to call the API from a browser (repeatable)")
        ->allow_extra_args(false);
    cmd_serve->add_flag("--log-queries", server.log_queries, "Log query strings (off by default: health searches are private)");
    cmd_serve->add_option("--max-concurrent", server.max_concurrent, "Searches at once; more get 503 with Retry-After")
        ->default_val(server.max_concurrent)
        ->check(CLI::Range(1u, 10000u));
    cmd_serve->add_option("--threads", server.threads,
                          "Worker threads, each with its own index handle (0: one per core, at least 2; searches are CPU-bound, "
                          "and more threads than cores only lengthen the tail)")
        ->default_val(server.threads)
        ->check(CLI::Range(0u, 1024u));
    cmd_serve->add_option("--cache-seconds", server.cache_seconds,
                          "Keep each answer in memory this long, so a repeated search is a lookup (0: keep nothing; "
                          "answers echo their query, and are never written anywhere)")
        ->default_val(server.cache_seconds)
        ->check(CLI::Range(0u, 3600u));
    cmd_serve->add_option("--cache-mib", server.cache_mib, "Memory the kept answers may take, in MiB")
        ->default_val(server.cache_mib)
        ->check(CLI::Range(1u, 4096u));
    const std::map<std::string, bool> operator_modes{{"loopback", false}, {"open", true}};
    cmd_serve->add_option("--operator-endpoints", server.open_operator_endpoints,
                          "Who may read /metrics and /api/zero-results: loopback (clients on this machine, not through a proxy) or open")
        ->transform(CLI::CheckedTransformer(operator_modes, CLI::ignore_case))
        ->default_str("loopback");
    cmd_serve->add_option("--time-budget", server.time_budget_ms, "Milliseconds a search may take")
        ->default_val(server.time_budget_ms)
        ->check(CLI::Range(1u, 60000u));

    try {
        app.parse(argc, argv);
        if (!cmd_eval->parsed() && !cmd_serve->parsed() && cmd.words.empty()) throw CLI::RequiredError("query");
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    return lantern::run_main("lantern-search", [&] {
        // The same rule as lantern-index (config_discovery.h): ./lantern.toml when --db is not given.
        const std::string used_config = config.empty() && !cmd.db_path.empty() ? "" : lantern::find_config(config);
        cmd.db_path = lantern::index_folder(cmd.db_path, used_config);
        if (cmd_serve->parsed()) {
            server.db_path = cmd.db_path;
            if (!used_config.empty()) {
                const lantern::ServerSettings file = lantern::load_server_config(used_config);
                server.config_path = used_config;
                server.page = file.page;
                if (cmd_serve->count("--operator-endpoints") == 0 && !file.operator_endpoints.empty()) {
                    server.open_operator_endpoints = file.operator_endpoints == "open";
                }
                if (cmd_serve->count("--listen") == 0 && !file.listen.empty()) server.listen = file.listen;
                if (cmd_serve->count("--allow-origin") == 0) server.allow_origins = file.allow_origins;
                if (cmd_serve->count("--log-queries") == 0 && file.has_log_queries) server.log_queries = file.log_queries;
                if (cmd_serve->count("--max-concurrent") == 0 && file.max_concurrent > 0) server.max_concurrent = static_cast<unsigned>(file.max_concurrent);
                if (cmd_serve->count("--threads") == 0 && file.threads > 0) server.threads = static_cast<unsigned>(file.threads);
                if (cmd_serve->count("--time-budget") == 0 && file.time_budget_ms > 0) server.time_budget_ms = static_cast<unsigned>(file.time_budget_ms);
            }
            server.command_line.assign(argv, argv + argc);
            return lantern::serve(server);
        }
        return cmd_eval->parsed() ? run_eval(cmd.db_path, eval) : run_search(cmd);
    });
}
