// search_targets.cpp: fuzz targets for searching a small real index: a query and its filters
// through the planner and Searcher (snippets, facets, suggestions, every rendering of the
// results), and whole requests through SearchService::handle, the server minus its sockets.
//
// Inputs are lines. query: the query on the first line, then "name=value" lines: topic,
// audience, source, lang (repeatable), since, until, offset, limit, exact (search as typed),
// explain, suggest (a limit: also ask for suggestions). http_api: the method, the path, then
// "name=value" query-string parameters, already percent-decoded as the server hands them over.
#include <memory>
#include <utility>

#include "text/errors.h"
#include "serve/http_api.h"
#include "index/index_build.h"
#include "search/result_format.h"
#include "search/search.h"
#include "serve/search_page.h"
#include "fuzz/invariants.h"
#include "fuzz/scratch_dir.h"
#include "fuzz/targets.h"

namespace lantern::fuzz {
namespace {

/// tests/data/sample (HTML in three charsets, XML records, files that fail) and the corpus's
/// overdose pages, with the corpus thesaurus and safety panel: every query feature has data.
class SampleIndex {
public:
    SampleIndex() : dir_("index") {
        const std::string root = LANTERN_SOURCE_DIR;
        BuildOptions o;
        o.db_path = dir_.path("db");
        for (const char* folder : {"/tests/data/sample", "/corpus/site/overdose"}) {
            SourceSpec s;
            s.path = root + folder;
            s.url_base = "https://health.example/";
            o.sources.push_back(s);
        }
        o.thesaurus = {VocabularySetting::From::file, root + "/corpus/thesaurus"};
        o.safety_panel = {VocabularySetting::From::file, root + "/corpus/safety-panel.toml"};
        o.threads = 1;
        build_index(o, nullptr, nullptr);
    }
    std::string db() const { return dir_.path("db"); }

private:
    ScratchDir dir_;
};

/// The input's lines: `head` first lines, then the rest as name=value pairs.
struct Lines {
    std::vector<std::string> head;
    std::vector<std::pair<std::string, std::string>> fields;
};

Lines split_lines(std::string_view input, std::size_t head_lines) {
    Lines out;
    while (!input.empty()) {
        const std::size_t nl = input.find('\n');
        const std::string_view line = input.substr(0, nl);
        input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
        if (out.head.size() < head_lines) {
            out.head.emplace_back(line);
            continue;
        }
        const std::size_t eq = line.find('=');
        out.fields.emplace_back(std::string(line.substr(0, eq)),
                                eq == std::string_view::npos ? std::string() : std::string(line.substr(eq + 1)));
    }
    out.head.resize(head_lines);
    return out;
}

/// The leading digits of a value (at most six, so ranks stay far from overflowing); 0 when none.
unsigned number(const std::string& v) {
    unsigned n = 0;
    for (std::size_t i = 0; i < v.size() && i < 6 && v[i] >= '0' && v[i] <= '9'; ++i) n = n * 10 + static_cast<unsigned>(v[i] - '0');
    return n;
}

void search_and_render(Searcher& searcher, std::string_view input) {
    const Lines lines = split_lines(input, 1);
    SearchRequest req;
    req.query = lines.head[0];
    unsigned suggest = 0;
    for (const auto& [name, value] : lines.fields) {
        if (name == "topic") req.filters.topics.push_back(value);
        if (name == "audience") req.filters.audiences.push_back(value);
        if (name == "source") req.filters.sources.push_back(value);
        if (name == "lang") req.filters.languages.push_back(value);
        if (name == "since") req.filters.since = value;
        if (name == "until") req.filters.until = value;
        if (name == "offset") req.offset = number(value);
        if (name == "limit") req.limit = number(value);
        if (name == "exact") req.correct_spelling = false;
        if (name == "explain") req.explain = true;
        if (name == "suggest") suggest = number(value);
    }
    try {
        const SearchResults results = searcher.search(req);
        check_results(req, results);
        check_json_object("to_json", to_json(results));
        to_text(results, true);
        render_search_page(req, &results, "");
    } catch (const BadInput&) {
        // A bad limit, filter value or over-long query: documented, and reported to the user.
    }
    if (suggest == 0) return;
    try {
        const std::vector<Suggestion> s = searcher.suggest(req.query, suggest);
        require(s.size() <= suggest, "suggestions", std::to_string(s.size()) + " for limit " + std::to_string(suggest));
    } catch (const BadInput&) {
        // A limit over 20 or an over-long text.
    }
}

void handle_request(SearchService& service, std::string_view input) {
    const Lines lines = split_lines(input, 2);
    HttpRequest req;
    req.method = lines.head[0];
    req.path = lines.head[1];
    for (const auto& [name, value] : lines.fields) req.params.emplace(name, value);
    const HttpResponse res = service.handle(req);
    const std::string at = "HTTP " + std::to_string(res.status);
    require(res.status == 200 || res.status == 400 || res.status == 404 || res.status == 405 || res.status == 413, at,
            "not a status the API documents");
    bool csp = false;
    for (const auto& [name, value] : res.headers) csp = csp || name == "Content-Security-Policy";
    require(csp, at, "no Content-Security-Policy header");
    if (res.content_type == "application/json") check_json_object(at + " body", res.body);
}

}  // namespace

Target make_query_target() {
    auto index = std::make_shared<const SampleIndex>();
    auto searcher = std::make_shared<Searcher>(index->db());
    return [index, searcher](std::string_view input) { search_and_render(*searcher, input); };
}

Target make_http_api_target() {
    auto index = std::make_shared<const SampleIndex>();
    auto service = std::make_shared<SearchService>(ServiceOptions{index->db(), kDefaultTimeBudgetMs});
    return [index, service](std::string_view input) { handle_request(*service, input); };
}

}  // namespace lantern::fuzz
