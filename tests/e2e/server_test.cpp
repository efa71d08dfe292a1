// End-to-end: the real `lantern-search serve` on a loopback port chosen by the OS, queried over
// HTTP: the JSON API and its errors, the page, headers, CORS, metrics, privacy of logs, limits,
// and new releases picked up without a restart.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

/// `part` `n` times over.
std::string hostile_repeat(const std::string& part, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += part;
    return out;
}

/// `part` followed by 0, 1, ... `n` - 1 in turn.
std::string hostile_numbered(const std::string& part, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += part + std::to_string(i);
    return out;
}

/// A query-string value: every byte but letters and digits percent-encoded.
std::string hostile_query_value(const std::string& text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b)) {
            out += c;
        } else {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

class ServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string corpus = LANTERN_CORPUS;
        fs::create_directories(dir_->path() + "/extra");
        fs::copy(std::string(LANTERN_TEST_DATA) + "/../payload/script-payload.html", dir_->path() + "/extra/script-payload.html");
        const RunResult r = run({kIndex, "build", "--db", db(), "--quiet", "--url-base", "https://riverbend.example/", "--thesaurus",
                                 corpus + "/thesaurus", "--safety-panel", corpus + "/safety-panel.toml", corpus, dir_->path() + "/extra"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete dir_; }
    static std::string db() { return dir_->path() + "/index"; }
    static TempDir* dir_;
};
TempDir* ServerTest::dir_ = nullptr;

TEST_F(ServerTest, ApiIsTheSameContractAsTheCli) {
    const ServerProcess server(db(), dir_->path());
    ASSERT_GT(server.port(), 0) << server.log();
    httplib::Client c = server.client();
    const auto res = c.Get("/api/search?q=narcan&limit=5&audience=public");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    const nlohmann::json api = nlohmann::json::parse(res->body);
    const RunResult cli = run({kSearch, "--db", db(), "--json", "--limit", "5", "--audience", "public", "narcan"});
    const nlohmann::json expected = nlohmann::json::parse(cli.out);
    EXPECT_EQ(api["total"], expected["total"]);
    ASSERT_EQ(api["results"].size(), expected["results"].size());
    for (std::size_t i = 0; i < api["results"].size(); ++i) EXPECT_EQ(api["results"][i]["id"], expected["results"][i]["id"]);
    EXPECT_EQ(api["safety"][0]["id"], "overdose-emergency");
    EXPECT_FALSE(api["facets"]["topic"].empty());
    const auto page2 = c.Get("/api/search?q=naloxone&limit=3&page=2");
    ASSERT_TRUE(page2);
    EXPECT_EQ(nlohmann::json::parse(page2->body)["results"][0]["rank"], 4);
    const auto corrected = c.Get("/api/search?q=nalaxone");
    EXPECT_EQ(nlohmann::json::parse(corrected->body)["suggestion"]["showing"], "naloxone");
}

TEST_F(ServerTest, BadRequestsAreNamedAndNeverCrashTheServer) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const struct {
        std::string target;
        int status;
        std::string parameter;  // "" = none expected
    } rows[] = {
        {"/api/search?q=x&limit=0", 400, "limit"},
        {"/api/search?q=x&limit=abc", 400, "limit"},
        {"/api/search?q=x&page=0", 400, "page"},
        {"/api/search?q=x&page=99999999999", 400, "page"},
        {"/api/search?q=x&since=yesterday", 400, "since"},
        {"/api/search?q=x&until=2026-13-01", 400, "until"},
        {"/api/search?q=x&since=2025-02-29", 400, "since"},  // no such day: was searched (issue 18)
        {"/api/search?q=x&exact=maybe", 400, "exact"},
        {"/api/search", 400, "q"},
        {"/api/search?q=%20%20", 400, "q"},
        {"/api/search?q=" + std::string(1200, 'a'), 413, "q"},
        {"/no/such/path", 404, ""},
        {"/api/search?q=%00%FF%FE", 200, ""},
        {"/api/search?q=%22unclosed%20(phrase", 200, ""},
        {"/api/search?q=a*", 200, ""},
        // issue 17: repeated filters are bounded, and the 400 names the parameter
        // (distinct values: httplib keeps one of identical name=value pairs)
        {"/api/search?q=x" + hostile_numbered("&topic=t", 21), 400, "topic"},
        {"/api/search?q=x" + hostile_numbered("&source=s", 21), 400, "source"},
        {"/api/search?q=x" + hostile_numbered("&topic=t", 20), 200, ""},
    };
    for (const auto& r : rows) {
        const auto res = c.Get(r.target);
        ASSERT_TRUE(res) << r.target;
        EXPECT_EQ(res->status, r.status) << r.target << ": " << res->body;
        const nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << r.target;
        if (r.status != 200) {
            EXPECT_TRUE(j.contains("error")) << r.target;
        }
        if (!r.parameter.empty()) {
            EXPECT_EQ(j["parameter"], r.parameter) << r.target;
        }
    }
    const auto health = c.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
}

// Issue 17: the costliest queries that fit in 1,000 bytes are answered with results and a note
// saying what was left out, on the API and on the page, and the server stays up. (How long they
// take is measured by scripts/hostile-queries, docs/security.md.)
TEST_F(ServerTest, HostileQueriesAreAnsweredWithinLimitsAndSaySo) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    c.set_read_timeout(60, 0);
    std::string letters_wildcards;   // a* b* c* ... z* a* ...: 333 wildcards
    for (int i = 0; i < 333; ++i) letters_wildcards += std::string(i ? " " : "") + static_cast<char>('a' + i % 26) + "*";
    const std::string cut = "The query has more than 32 words; only the first 32 were searched.";
    const struct {
        std::string name;
        std::string query;
        std::string note;   // "" = none expected
        bool results;       // some results expected
    } rows[] = {
        {"200 words", hostile_repeat("naloxone overdose fentanyl abscess ", 28), cut, true},
        {"a typo in every word", hostile_repeat("nalaxone overdoes fentanil abcess ", 29), cut, true},
        {"thesaurus phrases", hostile_repeat("narcan smack dope sick bupe subs ", 30), cut, true},
        {"wildcards", letters_wildcards, "The query has 32 wildcards; only the first 4 were expanded", true},
        {"NEAR chain", "naloxone" + hostile_repeat(" NEAR overdose", 70), cut, false},
        {"long phrase", "\"" + hostile_repeat("naloxone overdose ", 55) + "\"", cut, false},
        {"balanced brackets", std::string(495, '(') + "naloxone" + std::string(495, ')'), "", true},
        {"unclosed brackets", std::string(999, '(') + "x", "", false},
        {"one 1,000-letter word", hostile_repeat("abscesses", 111), "", false},
    };
    for (const auto& r : rows) {
        ASSERT_LE(r.query.size(), 1000u) << r.name;
        const auto api = c.Get("/api/search?q=" + hostile_query_value(r.query));
        ASSERT_TRUE(api) << r.name;
        ASSERT_EQ(api->status, 200) << r.name << ": " << api->body;
        const nlohmann::json j = nlohmann::json::parse(api->body);
        std::string notes;
        for (const auto& n : j["notes"]) notes += n.get<std::string>() + "\n";
        EXPECT_TRUE(contains(notes, r.note)) << r.name << ": " << notes;
        if (r.results) {
            EXPECT_FALSE(j["results"].empty()) << r.name;
        }
        EXPECT_FALSE(contains(notes, "could not be read")) << r.name << ": " << notes;
        const auto page = c.Get("/?q=" + hostile_query_value(r.query));
        ASSERT_TRUE(page) << r.name;
        EXPECT_EQ(page->status, 200) << r.name;
        if (!r.note.empty()) {
            EXPECT_TRUE(contains(page->body, "<p class=\"note\">" + r.note)) << r.name;
        }
    }
    const auto health = c.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, PageWorksWithoutJavaScriptAndEscapesEverything) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const auto empty = c.Get("/");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->status, 200);
    EXPECT_NE(empty->body.find("<label for=\"q\">"), std::string::npos);
    const auto page = c.Get("/?q=not+breathing");
    ASSERT_TRUE(page);
    for (const char* want : {"<html lang=\"en\">", "role=\"search\"", "aria-live=\"polite\"", "class=\"safety\"", "<mark>",
                             "Last reviewed <time", "not give medical advice"}) {
        EXPECT_NE(page->body.find(want), std::string::npos) << want;
    }
    EXPECT_EQ(page->body.find("<script"), std::string::npos);
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"X-Content-Type-Options", "nosniff"},
                                      {"Referrer-Policy", "no-referrer"}}) {
        EXPECT_EQ(page->get_header_value(name), value);
    }
    EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);

    // A document whose title and text carry script and image payloads is shown as text.
    const auto payload = c.Get("/?q=payloadword");
    ASSERT_TRUE(payload);
    EXPECT_NE(payload->body.find("&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;"), std::string::npos) << payload->body;
    EXPECT_NE(payload->body.find("&lt;img src=x onerror=alert(3)&gt;"), std::string::npos);
    EXPECT_NE(payload->body.find("Payload alert(&quot;title&quot;) page"), std::string::npos);  // tags in <title> are dropped
    EXPECT_EQ(payload->body.find("<script"), std::string::npos);
    EXPECT_EQ(payload->body.find("<img"), std::string::npos);
    const auto css = c.Get("/page.css");
    ASSERT_TRUE(css);
    EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(ServerTest, CorsOnlyForAllowedOriginsAndLogsKeepQueriesPrivate) {
    {
        const ServerProcess server(db(), dir_->path(), {"--allow-origin", "https://intranet.example"});
        httplib::Client c = server.client();
        const auto allowed = c.Get("/api/search?q=secretword", {{"Origin", "https://intranet.example"}});
        ASSERT_TRUE(allowed);
        EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://intranet.example");
        const auto other = c.Get("/api/search?q=secretword", {{"Origin", "https://evil.example"}});
        EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
        const auto metrics = c.Get("/metrics");
        ASSERT_TRUE(metrics);
        EXPECT_NE(metrics->body.find("lantern_searches_total 2"), std::string::npos) << metrics->body;
        EXPECT_NE(metrics->body.find("lantern_zero_result_searches_total 2"), std::string::npos) << metrics->body;
        EXPECT_EQ(metrics->body.find("secretword"), std::string::npos);
        // The zero-result report counts what was not found, and nothing about who asked.
        const nlohmann::json zero = nlohmann::json::parse(c.Get("/api/zero-results")->body);
        ASSERT_EQ(zero["queries"].size(), 1u);
        EXPECT_EQ(zero["queries"][0]["query"], "secretword");
        EXPECT_EQ(zero["queries"][0]["count"], 2);
        EXPECT_EQ(zero["queries"][0].size(), 2u);
        // A query that is not UTF-8 still leaves the report valid JSON (parse() rejects bad UTF-8).
        ASSERT_TRUE(c.Get("/api/search?q=%AAsecretword%B5"));   // lone continuation bytes the folder keeps
        const nlohmann::json with_bad_bytes = nlohmann::json::parse(c.Get("/api/zero-results")->body);
        EXPECT_EQ(with_bad_bytes["queries"].size(), 2u) << with_bad_bytes.dump();
        // Quotes, backslashes, control characters and bytes that are not UTF-8 in one query. Folding
        // already leaves most of them out ("xqzv wqzx 9mysecretword"); ZeroResultReport.* in
        // tests/unit/zero_result_report_test.cpp gives the report such text directly.
        ASSERT_TRUE(c.Get("/api/search?q=%22xqzv%22%5Cwqzx%5C%01%1B%5B9m%FFsecretword"));
        const std::string hostile_text = c.Get("/api/zero-results")->body;
        const nlohmann::json hostile = nlohmann::json::parse(hostile_text);
        ASSERT_EQ(hostile["queries"].size(), 3u) << hostile_text;
        EXPECT_NE(hostile_text.find("xqzv"), std::string::npos) << hostile_text;
        for (const auto& q : hostile["queries"]) {
            EXPECT_EQ(q["query"].get<std::string>().find_first_of("\x01\x1b"), std::string::npos) << hostile_text;
        }
        EXPECT_NE(server.log().find("GET /api/search 200"), std::string::npos) << server.log();
        EXPECT_EQ(server.log().find("secretword"), std::string::npos) << server.log();
    }
    const ServerProcess logging(db(), dir_->path(), {"--log-queries"});
    httplib::Client c = logging.client();
    const auto res = c.Get("/api/search?q=loggedword");
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));  // none by default
    EXPECT_NE(logging.log().find("loggedword"), std::string::npos) << logging.log();
}

// The response cache is on (its default): every answer below would be stale if its key did not
// follow the release switches and the in-place commit.
TEST_F(ServerTest, NewReleasesAndCommitsArePickedUpWithoutRestart) {
    const TempDir site;
    const std::string db2 = site.path() + "/index";
    std::ofstream(site.path() + "/a.html") << "<html><body><main><p>Firstword page.</p></main></body></html>";
    ASSERT_EQ(run({kIndex, "build", "--db", db2, "--quiet", site.path()}).exit_code, 0);
    const ServerProcess server(db2, site.path());
    httplib::Client c = server.client();
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/search?q=laterword&exact=1")->body)["total"], 0);
    std::ofstream(site.path() + "/b.html") << "<html><body><main><p>Laterword page.</p></main></body></html>";
    ASSERT_EQ(run({kIndex, "build", "--db", db2, "--quiet", "--full", site.path()}).exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/search?q=laterword&exact=1")->body)["total"], 1);
    ASSERT_EQ(run({kIndex, "rollback", "--db", db2}).exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/search?q=laterword&exact=1")->body)["total"], 0);
    // An incremental build commits to the live release in place (same stub, same release).
    std::ofstream(site.path() + "/c.html") << "<html><body><main><p>Laterword again.</p></main></body></html>";
    ASSERT_EQ(run({kIndex, "build", "--db", db2, "--quiet", site.path()}).exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/search?q=laterword&exact=1")->body)["total"], 2);
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/search?q=laterword&exact=1")->body)["total"], 2);
    const std::string metrics = c.Get("/metrics")->body;
    EXPECT_NE(metrics.find("lantern_cache_hits_total 1\n"), std::string::npos) << "the repeated search was a lookup: " << metrics;
}

TEST_F(ServerTest, SuggestionsAndWidgetAssets) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const auto nalo = c.Get("/api/suggest?q=nalo");
    ASSERT_TRUE(nalo);
    const nlohmann::json j = nlohmann::json::parse(nalo->body);
    ASSERT_FALSE(j["suggestions"].empty());
    EXPECT_EQ(j["suggestions"][0]["kind"], "title");
    EXPECT_EQ(j["suggestions"][0]["url"], "https://riverbend.example/overdose/naloxone");
    bool word = false;
    for (const auto& s : j["suggestions"]) word = word || (s["kind"] == "word" && s["text"] == "naloxone");
    EXPECT_TRUE(word) << j;
    const nlohmann::json typo = nlohmann::json::parse(c.Get("/api/suggest?q=endocardit")->body);  // prefix of a word
    EXPECT_EQ(typo["suggestions"][0]["url"], "https://riverbend.example/infections/endocarditis");
    const nlohmann::json misspelt = nlohmann::json::parse(c.Get("/api/suggest?q=naxolone")->body);  // nothing starts with it
    EXPECT_EQ(misspelt["suggestions"][0]["url"], "https://riverbend.example/overdose/naloxone");
    EXPECT_EQ(c.Get("/api/suggest?q=x&limit=50")->status, 400);
    EXPECT_EQ(nlohmann::json::parse(c.Get("/api/suggest?q=")->body)["suggestions"].size(), 0u);
    const auto js = c.Get("/widget.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_NE(js->body.find("data-lantern-search"), std::string::npos);
    EXPECT_EQ(js->body.find(".innerHTML"), std::string::npos);  // the header comment says "no innerHTML"
    EXPECT_EQ(js->body.find("eval("), std::string::npos);
    EXPECT_EQ(c.Get("/widget.css")->status, 200);
}

TEST_F(ServerTest, SaturatedServerAnswers503WithRetryAfter) {
    const ServerProcess server(db(), dir_->path(), {"--max-concurrent", "1"});
    std::vector<std::thread> clients;
    std::atomic<int> ok{0}, busy{0}, other{0}, retry_after{0};
    for (int i = 0; i < 32; ++i) {
        clients.emplace_back([&, i] {
            httplib::Client c = server.client();
            // Wildcards expand to up to 100 terms: slow enough that searches overlap.
            const auto res = c.Get("/api/search?q=" + std::string(1, static_cast<char>('a' + i % 20)) + "*&limit=100");
            if (!res) {
                ++other;
            } else if (res->status == 200) {
                ++ok;
            } else if (res->status == 503) {
                ++busy;
                if (res->get_header_value("Retry-After") == "1") ++retry_after;
            } else {
                ++other;
            }
        });
    }
    for (std::thread& t : clients) t.join();
    EXPECT_EQ(other.load(), 0);
    EXPECT_GE(ok.load(), 1);
    EXPECT_GE(busy.load(), 1) << "32 simultaneous searches with room for one: some must be turned away";
    EXPECT_EQ(retry_after.load(), busy.load());
    EXPECT_EQ(server.client().Get("/healthz")->status, 200);  // and it keeps serving
}

TEST(ServerStart, MissingIndexAndBadListenAreClearErrors) {
    const TempDir dir;
    const RunResult missing = run({kSearch, "--db", dir.path() + "/none", "serve"});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("no Lantern index at"), std::string::npos) << missing.err;
    std::ofstream(dir.path() + "/a.html") << "<html><body><main><p>x</p></main></body></html>";
    ASSERT_EQ(run({kIndex, "build", "--db", dir.path() + "/index", "--quiet", dir.path()}).exit_code, 0);
    const RunResult bad = run({kSearch, "--db", dir.path() + "/index", "serve", "--listen", "localhost"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "lantern-search: --listen must be HOST:PORT (e.g. 127.0.0.1:8080), not 'localhost'\n");
}

}  // namespace
}  // namespace lantern::test
