// Tests for core/serve/http_api: SearchService::handle, the server minus its sockets, over a
// three-page index built in a temporary folder: which status, content type, body and headers
// each route and each bad parameter gets (docs/http.md, "Routes" and "Errors and limits").
#include "serve/http_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/index_build.h"
#include "text/errors.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;
using Params = std::multimap<std::string, std::string>;

/// A page as the indexer reads one: title, topics (keywords), audience, a reviewed date and a body.
std::string page_html(const std::string& title, const std::string& topic, const std::string& body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
           "</title><meta name=\"keywords\" content=\"" + topic +
           "\"><meta name=\"audience\" content=\"public\"><meta name=\"dcterms.modified\" content=\"2026-05-01\">"
           "</head><body><main><h1>" +
           title + "</h1><p>" + body + "</p></main></body></html>";
}

class HttpApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() / ("lantern-http-api-" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        const fs::path site = *dir_ / "site";
        fs::create_directories(site);
        std::ofstream(site / "naloxone.html")
            << page_html("Naloxone", "overdose", "Give naloxone if someone is not breathing.");
        std::ofstream(site / "signs.html")
            << page_html("Overdose signs", "overdose", "Slow breathing and blue lips: give naloxone.");
        std::ofstream(site / "veins.html")
            << page_html("Vein care", "injecting", "Rotate sites and keep veins healthy.");
        BuildOptions o;
        o.db_path = (*dir_ / "db").string();
        SourceSpec s;
        s.path = site.string();
        s.url_base = "https://health.example/";
        o.sources = {s};
        o.thesaurus.from = VocabularySetting::From::none;
        o.safety_panel.from = VocabularySetting::From::none;
        o.learn_boilerplate = false;
        o.threads = 1;
        build_index(o, nullptr, nullptr);
        service_ = new SearchService(ServiceOptions{o.db_path, 2000});
    }
    static void TearDownTestSuite() {
        delete service_;
        fs::remove_all(*dir_);
        delete dir_;
    }

    static HttpResponse get(const std::string& path, Params params = {}, const std::string& method = "GET") {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.params = std::move(params);
        return service_->handle(r);
    }

    static fs::path* dir_;
    static SearchService* service_;
};
fs::path* HttpApi::dir_ = nullptr;
SearchService* HttpApi::service_ = nullptr;

bool body_has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_F(HttpApi, SearchAnswersJson) {
    const HttpResponse res = get("/api/search", {{"q", "naloxone"}, {"limit", "1"}, {"page", "2"}});
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.content_type, "application/json");
    const nlohmann::json j = nlohmann::json::parse(res.body);
    EXPECT_EQ(j["query"], "naloxone");
    EXPECT_EQ(j["total"], 2);
    EXPECT_EQ(j["offset"], 1) << "page 2 of 1 result a page";
    ASSERT_EQ(j["results"].size(), 1u) << res.body;
    EXPECT_EQ(j["results"][0]["rank"], 2);
    EXPECT_TRUE(res.cacheable);
    EXPECT_FALSE(res.zero_results);
    EXPECT_EQ(res.body.back(), '\n');
    EXPECT_EQ(res.body.find('\n'), res.body.size() - 1) << "one line";
}

TEST_F(HttpApi, FiltersNarrowTheSearch) {
    const struct {
        Params params;
        unsigned total;
    } rows[] = {
        {{{"q", "breathing"}}, 2},
        {{{"q", "breathing"}, {"topic", "overdose"}}, 2},
        {{{"q", "naloxone OR veins"}, {"topic", "injecting"}}, 1},
        {{{"q", "naloxone OR veins"}, {"topic", "injecting"}, {"topic", "overdose"}}, 3},  // alternatives
        {{{"q", "naloxone"}, {"topic", "injecting"}}, 0},
        {{{"q", "naloxone"}, {"since", "2027"}}, 0},
        {{{"q", "naloxone"}, {"until", "2026-05"}}, 2},
    };
    for (const auto& r : rows) {
        const HttpResponse res = get("/api/search", r.params);
        ASSERT_EQ(res.status, 200) << res.body;
        EXPECT_EQ(nlohmann::json::parse(res.body)["total"], r.total) << res.body;
    }
}

TEST_F(HttpApi, ZeroResultSearchesAreMarkedForTheReport) {
    const HttpResponse res = get("/api/search", {{"q", "Xylophone  Lessons"}, {"exact", "1"}});
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(res.zero_results);
    EXPECT_EQ(res.searched, "xylophone lessons") << "folded, as the zero-result report counts queries";
}

TEST_F(HttpApi, BadParametersAre400NamingTheParameter) {
    const std::string long_q(1001, 'a');
    Params many_topics = {{"q", "naloxone"}};
    for (int i = 0; i < 21; ++i) many_topics.emplace("topic", "t" + std::to_string(i));
    const struct {
        const char* path;
        Params params;
        int status;
        std::string parameter;
        std::string error;  ///< the exact message, or "" to check only status and parameter
    } rows[] = {
        {"/api/search", {}, 400, "q", "q is missing: give the words to search for"},
        {"/api/search", {{"q", "   "}}, 400, "q", "q is missing: give the words to search for"},
        {"/api/search", {{"q", long_q}}, 413, "q", "q is 1001 bytes long; the most is 1000"},
        {"/api/search", {{"q", "x"}, {"limit", "0"}}, 400, "limit", "limit must be a whole number from 1 to 100"},
        {"/api/search", {{"q", "x"}, {"limit", "101"}}, 400, "limit", "limit must be a whole number from 1 to 100"},
        {"/api/search", {{"q", "x"}, {"limit", "ten"}}, 400, "limit", "limit must be a whole number from 1 to 100"},
        {"/api/search", {{"q", "x"}, {"limit", "-1"}}, 400, "limit", "limit must be a whole number from 1 to 100"},
        {"/api/search",
         {{"q", "x"}, {"limit", "99999999999999999999"}},
         400,
         "limit",
         "limit must be a whole number from 1 to 100"},
        {"/api/search", {{"q", "x"}, {"page", "0"}}, 400, "page", "page must be a whole number from 1 to 1000"},
        {"/api/search", {{"q", "x"}, {"page", "1001"}}, 400, "page", "page must be a whole number from 1 to 1000"},
        {"/api/search", {{"q", "x"}, {"exact", "yes"}}, 400, "exact", "exact must be 0 or 1"},
        {"/api/search", {{"q", "x"}, {"since", "yesterday"}}, 400, "since", ""},
        {"/api/search", {{"q", "x"}, {"since", "2026-02-31"}}, 400, "since", ""},  // no such day
        {"/api/search", {{"q", "x"}, {"until", "2026-13"}}, 400, "until", ""},
        {"/api/search", many_topics, 400, "topic", ""},
        {"/api/suggest", {{"q", "nal"}, {"limit", "21"}}, 400, "limit", "limit must be a whole number from 1 to 20"},
        {"/api/suggest", {{"q", long_q}}, 413, "q", "q is too long"},
    };
    for (const auto& r : rows) {
        const HttpResponse res = get(r.path, r.params);
        SCOPED_TRACE(std::string(r.path) + " " + res.body);
        EXPECT_EQ(res.status, r.status);
        EXPECT_EQ(res.content_type, "application/json");
        EXPECT_FALSE(res.cacheable);
        const nlohmann::json j = nlohmann::json::parse(res.body);
        EXPECT_EQ(j.value("parameter", ""), r.parameter);
        if (!r.error.empty()) {
            EXPECT_EQ(j.value("error", ""), r.error);
        }
        EXPECT_TRUE(body_has(j.value("error", ""), r.parameter)) << "the message names the parameter too";
    }
}

TEST_F(HttpApi, UnknownPathsAndMethods) {
    const struct {
        const char* method;
        std::string path;
        int status;
        std::string body;
        std::string allow;  ///< the Allow header, "" when none
    } rows[] = {
        {"GET", "/nope", 404, "{\"error\":\"no such path: /nope\"}\n", ""},
        {"GET", "/api/search/", 404, "{\"error\":\"no such path: /api/search/\"}\n", ""},
        {"GET", "/" + std::string(300, 'p'), 404, "{\"error\":\"no such path: /" + std::string(199, 'p') + "\"}\n", ""},
        {"GET", "/\xFF", 404, "{\"error\":\"no such path: /\xEF\xBF\xBD\"}\n", ""},  // not UTF-8: replaced
        {"POST", "/api/search", 405, "{\"error\":\"only GET is supported\"}\n", "GET, HEAD"},
        {"DELETE", "/", 405, "{\"error\":\"only GET is supported\"}\n", "GET, HEAD"},
    };
    for (const auto& r : rows) {
        const HttpResponse res = get(r.path, {{"q", "naloxone"}}, r.method);
        EXPECT_EQ(res.status, r.status) << r.method << " " << r.path;
        EXPECT_EQ(res.body, r.body) << r.method << " " << r.path;
        std::string allow;
        for (const auto& [name, value] : res.headers) {
            if (name == "Allow") allow = value;
        }
        EXPECT_EQ(allow, r.allow) << r.method << " " << r.path;
    }
    EXPECT_EQ(get("/api/search", {{"q", "naloxone"}}, "HEAD").status, 200) << "HEAD is answered as GET";
}

TEST_F(HttpApi, EveryAnswerCarriesTheSecurityHeaders) {
    const HttpResponse answers[] = {
        get("/api/search", {{"q", "naloxone"}}),
        get("/api/search", {{"limit", "0"}}),
        get("/"),
        get("/nope"),
        get("/", {}, "POST"),
        get("/widget.js"),
        get("/healthz"),
    };
    for (const HttpResponse& res : answers) {
        std::map<std::string, std::string> headers(res.headers.begin(), res.headers.end());
        EXPECT_EQ(headers["X-Content-Type-Options"], "nosniff") << res.status;
        EXPECT_EQ(headers["Referrer-Policy"], "no-referrer") << res.status;
        EXPECT_EQ(headers["Cache-Control"], "no-store") << res.status;
        EXPECT_TRUE(body_has(headers["Content-Security-Policy"], "default-src 'none'")) << res.status;
        EXPECT_TRUE(body_has(headers["Content-Security-Policy"], "frame-ancestors 'none'")) << res.status;
    }
}

TEST_F(HttpApi, SuggestionsHealthAndAssets) {
    const HttpResponse suggest = get("/api/suggest", {{"q", "nal"}, {"limit", "3"}});
    EXPECT_EQ(suggest.status, 200);
    EXPECT_TRUE(suggest.cacheable);
    const nlohmann::json s = nlohmann::json::parse(suggest.body);
    EXPECT_EQ(s["query"], "nal");
    ASSERT_FALSE(s["suggestions"].empty()) << suggest.body;
    EXPECT_EQ(s["suggestions"][0]["text"], "Naloxone");
    EXPECT_EQ(s["suggestions"][0]["kind"], "title");
    EXPECT_EQ(s["suggestions"][0]["url"], "https://health.example/naloxone.html");
    EXPECT_LE(s["suggestions"].size(), 3u);

    const HttpResponse health = get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, "{\"documents\":3,\"status\":\"ok\"}\n");

    const struct {
        const char* path;
        const char* type;
    } assets[] = {{"/page.css", "text/css; charset=utf-8"},
                  {"/widget.css", "text/css; charset=utf-8"},
                  {"/widget.js", "text/javascript; charset=utf-8"}};
    for (const auto& a : assets) {
        const HttpResponse res = get(a.path);
        EXPECT_EQ(res.status, 200) << a.path;
        EXPECT_EQ(res.content_type, a.type) << a.path;
        EXPECT_FALSE(res.body.empty()) << a.path;
    }
}

TEST_F(HttpApi, ThePageAnswersHtmlEvenForBadParameters) {
    const struct {
        Params params;
        int status;
        std::vector<std::string> contains;
    } rows[] = {
        {{}, 200, {"<form role=\"search\"", "value=\"\""}},  // nothing searched yet: the form only
        {{{"q", "naloxone"}}, 200, {"Results 1 to 2 of about 2.", "<mark>Naloxone</mark>"}},
        {{{"q", "naloxone"}, {"limit", "0"}},
         400,
         {"<p class=\"error\" role=\"alert\">limit must be a whole number from 1 to 100</p>", "value=\"naloxone\""}},
        {{{"q", "naloxone"}, {"since", "yesterday"}}, 400, {"<p class=\"error\" role=\"alert\">since "}},
        {{{"q", "xylophone"}}, 200, {"No results for <strong>xylophone</strong>."}},
    };
    for (const auto& r : rows) {
        const HttpResponse res = get("/", r.params);
        EXPECT_EQ(res.status, r.status) << res.body;
        EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
        for (const std::string& part : r.contains) EXPECT_TRUE(body_has(res.body, part)) << part << "\n" << res.body;
    }
    EXPECT_TRUE(get("/", {{"q", "naloxone"}}).cacheable);
    EXPECT_FALSE(get("/", {}).cacheable) << "the empty form is not a search";
}

TEST(HttpApiOpen, AMissingIndexIsBadIndex) {
    const std::string missing = (fs::temp_directory_path() / "lantern-http-api-no-such-index").string();
    EXPECT_THROW(SearchService(ServiceOptions{missing, 2000}), BadIndex);
}

}  // namespace
}  // namespace lantern
