// End-to-end: the first day of a web team with `lantern-search serve` (issue 19): nothing that
// misleads, nothing that fails silently. The page and widget are also driven in a real browser by
// tests/browser/widget.test.mjs; the command lines and lantern.toml are in day_one_cli_test.cpp.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "process.h"
#include "server_process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

class DayOne : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string corpus = LANTERN_CORPUS;
        const RunResult r =
            run({kIndex, "build", "--db", db(), "--quiet", "--url-base", "https://riverbend.example/", "--thesaurus",
                 corpus + "/thesaurus", "--safety-panel", corpus + "/safety-panel.toml", corpus});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete dir_; }
    static std::string db() { return dir_->path() + "/index"; }
    static TempDir* dir_;
};
TempDir* DayOne::dir_ = nullptr;

/// How often `part` occurs in `text`.
std::size_t day_one_count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

/// A query-string value, every byte but letters and digits percent-encoded.
std::string day_one_encode(const std::string& text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto b = static_cast<unsigned char>(ch);
        if (std::isalnum(b)) {
            out += ch;
        } else {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

/// An IPv4 address of this machine other than loopback ("" when it has none).
std::string day_one_outside_address() {
    ifaddrs* all = nullptr;
    if (::getifaddrs(&all) != 0) return "";
    std::string found;
    for (ifaddrs* a = all; a != nullptr && found.empty(); a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
        char text[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
        if (std::string(text).rfind("127.", 0) != 0) found = text;
    }
    ::freeifaddrs(all);
    return found;
}

// Issue 19: a second server on a port in use started, said it was serving, and the kernel split
// the requests between the two (SO_REUSEPORT). Now it refuses with one line and exit code 2.
TEST_F(DayOne, SecondServerOnAnAddressInUseRefusesToStart) {
    const ServerProcess first(db(), dir_->path());
    ASSERT_NE(first.port(), 0);
    const std::string address = "127.0.0.1:" + std::to_string(first.port());
    const RunResult second = run({"/usr/bin/timeout", "20", kSearch, "--db", db(), "serve", "--listen", address});
    EXPECT_EQ(second.exit_code, 2) << second.out << second.err;
    EXPECT_EQ(second.out, "");
    EXPECT_EQ(second.err,
              "lantern-search: --listen: cannot listen on " + address +
                  ": the address is already in use (another lantern-search serve, or another program, listens there); "
                  "stop it or give another --listen\n");
    EXPECT_TRUE(first.running());
    EXPECT_EQ(first.client().Get("/healthz")->status, 200);
}

// Issue 19: filters were invisible on the page, the active facet's link repeated it, a new search
// dropped it, and "No results" did not say a filter was on.
TEST_F(DayOne, PageShowsKeepsAndRemovesFilters) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const std::string on = c.Get("/?q=naloxone&audience=public")->body;
    EXPECT_NE(on.find("<h2 id=\"filters-on\">Filters on</h2>"), std::string::npos) << on;
    EXPECT_NE(on.find("<li>audience: public <a href=\"/?q=naloxone\" aria-label=\"Remove the filter audience: "
                      "public\">Remove</a></li>"),
              std::string::npos);
    EXPECT_NE(on.find("<input type=\"hidden\" name=\"audience\" value=\"public\">"), std::string::npos)
        << "kept by a new search";
    EXPECT_EQ(on.find("audience=public&amp;audience=public"), std::string::npos)
        << "the active value's link repeated it";
    EXPECT_NE(on.find("<li class=\"on\"><strong>public</strong>"), std::string::npos);

    const auto none = c.Get("/?q=naloxone&audience=nosuchaudience&since=2020");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 200);
    EXPECT_NE(
        none->body.find(
            "No results for <strong>naloxone</strong> with these filters. <a href=\"/?q=naloxone\">Search without "
            "filters</a>."),
        std::string::npos)
        << none->body;
    EXPECT_NE(none->body.find("<li>reviewed since 2020 <a href=\"/?q=naloxone&amp;audience=nosuchaudience\""),
              std::string::npos);
    EXPECT_NE(
        none->body.find("id=\"since\" name=\"since\" type=\"text\" inputmode=\"numeric\" placeholder=\"YYYY-MM-DD\" "
                        "aria-describedby=\"date-help\" value=\"2020\""),
        std::string::npos);
}

// Issue 19: pagination from /?q=wound&limit=1 led to "No results": the links dropped the limit.
TEST_F(DayOne, PagesKeepTheirSizeAndTheLastOneSaysSo) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const std::string first = c.Get("/?q=wound&limit=1&sort=date")->body;
    EXPECT_NE(first.find("<a rel=\"next\" href=\"/?q=wound&amp;sort=date&amp;limit=1&amp;page=2\">Next</a>"),
              std::string::npos)
        << first;
    EXPECT_NE(first.find("<input type=\"hidden\" name=\"limit\" value=\"1\">"), std::string::npos);
    EXPECT_NE(first.find("<option value=\"date\" selected>Newest first</option>"), std::string::npos);
    const std::string second = c.Get("/?q=wound&sort=date&limit=1&page=2")->body;
    EXPECT_NE(second.find("Results 2 to 2 of about"), std::string::npos) << second;
    const std::string beyond = c.Get("/?q=wound&page=900")->body;
    EXPECT_NE(beyond.find("No more results for <strong>wound</strong>: there are about"), std::string::npos) << beyond;
    EXPECT_NE(beyond.find("<a href=\"/?q=wound\">Back to the first page</a>"), std::string::npos);
}

// Issue 19: "naloxone (2)" over one result: facets counted folded duplicates. And sort=date was
// ignored without a word; unknown parameters still are rejected, naming them.
TEST_F(DayOne, FacetCountsAndDateOrderAnswerWhatTheListShows) {
    const ServerProcess server(db(), dir_->path());
    httplib::Client c = server.client();
    const nlohmann::json all = nlohmann::json::parse(c.Get("/api/search?q=naloxone&limit=100")->body);
    ASSERT_LT(all["results"].size(), 100u);
    bool folded = false;
    for (const auto& r : all["results"]) folded = folded || !r["duplicates"].empty();
    ASSERT_TRUE(folded) << "the corpus has a print copy of the naloxone page";
    EXPECT_EQ(all["facets"]["language"][0]["count"], all["results"].size());
    EXPECT_EQ(all["facets"]["source"][0]["count"], all["results"].size());
    for (const auto& v : all["facets"]["topic"]) {
        const std::string topic = v["value"];
        const nlohmann::json only =
            nlohmann::json::parse(c.Get("/api/search?q=naloxone&limit=100&topic=" + day_one_encode(topic))->body);
        EXPECT_EQ(v["count"], only["results"].size()) << topic;
    }

    const nlohmann::json dated = nlohmann::json::parse(c.Get("/api/search?q=naloxone&limit=100&sort=date")->body);
    EXPECT_EQ(dated["results"].size(), all["results"].size());
    std::string previous = "9999";
    for (const auto& r : dated["results"]) {
        const std::string reviewed = r["reviewed"];
        if (reviewed.empty()) continue;  // ordered by its published date
        EXPECT_LE(reviewed, previous);
        previous = reviewed;
    }
    const struct {
        std::string target;
        std::string parameter;
        std::string error;
    } rows[] = {
        {"/api/search?q=x&sort=newest", "sort", "sort must be relevance or date"},
        {"/api/search?q=x&limt=5", "limt",
         "unknown parameter 'limt' (this path takes q, page, limit, topic, audience, source, lang, format, since, "
         "until, sort, exact)"},
        {"/api/suggest?q=x&sort=date", "sort", "unknown parameter 'sort' (this path takes q, limit)"},
    };
    for (const auto& r : rows) {
        const auto res = c.Get(r.target);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << r.target;
        const nlohmann::json j = nlohmann::json::parse(res->body);
        EXPECT_EQ(j["parameter"], r.parameter) << r.target;
        EXPECT_EQ(j["error"], r.error) << r.target;
    }
    const auto page = c.Get("/?q=x&sort=newest");
    EXPECT_EQ(page->status, 400);
    EXPECT_NE(page->body.find("<p class=\"error\" role=\"alert\">sort must be relevance or date</p>"),
              std::string::npos);
}

// Issue 19: "Also published at 1 other address" did not say which (here: none; the same address).
TEST_F(DayOne, PageNamesTheOtherAddressesOfAResult) {
    const ServerProcess server(db(), dir_->path());
    const std::string page = server.client().Get("/?q=naloxone&limit=100")->body;
    // The corpus's print copy shares the page's canonical URL: it is named by its file.
    EXPECT_NE(page.find("<p class=\"duplicates\">The same text is also in site/print/naloxone.html.</p>"),
              std::string::npos)
        << page;
}

// Issue 19: /metrics and /api/zero-results answered anyone who could reach the port.
TEST_F(DayOne, OperatorEndpointsAnswerOnlyThisMachineUnlessOpened) {
    {
        const ServerProcess server(db(), dir_->path(), {"--listen", "0.0.0.0:0"});
        ASSERT_NE(server.port(), 0);
        httplib::Client c = server.client();
        EXPECT_EQ(c.Get("/metrics")->status, 200);
        EXPECT_EQ(c.Get("/api/zero-results")->status, 200);
        for (const char* header : {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
            const auto proxied = c.Get("/metrics", {{header, "203.0.113.9"}});
            EXPECT_EQ(proxied->status, 403) << header;
            EXPECT_EQ(nlohmann::json::parse(proxied->body)["error"],
                      "/metrics answers only clients on this machine; operator_endpoints = \"open\" in [server] (or "
                      "--operator-endpoints "
                      "open) opens it");
            EXPECT_EQ(proxied->get_header_value("X-Content-Type-Options"), "nosniff");
        }
        EXPECT_EQ(c.Get("/api/zero-results", {{"X-Forwarded-For", "203.0.113.9"}})->status, 403);
        EXPECT_EQ(c.Get("/healthz", {{"X-Forwarded-For", "203.0.113.9"}})->status, 200);
        const std::string outside = day_one_outside_address();
        if (!outside.empty()) {
            httplib::Client from_outside(outside, server.port());
            EXPECT_EQ(from_outside.Get("/metrics")->status, 403) << outside;
            EXPECT_EQ(from_outside.Get("/api/search?q=naloxone")->status, 200) << outside;
        }
    }
    const ServerProcess open(db(), dir_->path(), {"--operator-endpoints", "open"});
    EXPECT_EQ(open.client().Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}})->status, 200);
}

// Issue 19: a widget on a page whose origin is not allowed failed with nothing in the server's
// log. The refusal is logged once per origin, with the path and never the query.
TEST_F(DayOne, RefusedOriginsAreLoggedOnceWithoutTheQuery) {
    const ServerProcess server(db(), dir_->path(), {"--allow-origin", "https://intranet.example"});
    httplib::Client c = server.client();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(c.Get("/api/search?q=privateword", {{"Origin", "https://elsewhere.example"}}));
    ASSERT_TRUE(c.Get("/api/search?q=privateword", {{"Origin", "https://intranet.example"}}));
    ASSERT_TRUE(c.Get("/api/search?q=privateword",
                      {{"Origin", "http://127.0.0.1:" + std::to_string(server.port())}}));  // itself
    const std::string log = server.log();
    EXPECT_EQ(day_one_count(log, "refused cross-origin request"), 1u) << log;
    EXPECT_NE(
        log.find(
            "lantern-search serve: refused cross-origin request from https://elsewhere.example to /api/search: not an "
            "allowed origin (add it with --allow-origin or allow_origins in [server]; logged once per origin)\n"),
        std::string::npos)
        << log;
    EXPECT_EQ(log.find("privateword"), std::string::npos);
}

// Issue 19: POST and DELETE got empty 400/404 bodies where docs/http.md promises a JSON 405, and
// 503 answers lacked the security headers.
TEST_F(DayOne, EveryMethodAndEveryErrorGetsJsonAndTheSecurityHeaders) {
    const TempDir site;
    std::ofstream(site.path() + "/a.html") << "<html><body><main><p>Gone soon.</p></main></body></html>";
    ASSERT_EQ(run({kIndex, "build", "--db", site.path() + "/index", "--quiet", site.path()}).exit_code, 0);
    const ServerProcess server(site.path() + "/index", site.path());
    httplib::Client c = server.client();
    const auto check = [](const httplib::Result& res, int status, const std::string& error, const std::string& what) {
        ASSERT_TRUE(res) << what;
        EXPECT_EQ(res->status, status) << what;
        EXPECT_EQ(nlohmann::json::parse(res->body)["error"], error) << what << ": " << res->body;
        EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << what;
        EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos)
            << what;
        if (status == 405) {
            EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD") << what;
        }
    };
    check(c.Post("/api/search", "q=x", "application/x-www-form-urlencoded"), 405, "only GET is supported", "POST");
    check(c.Put("/api/search", "x", "text/plain"), 405, "only GET is supported", "PUT");
    check(c.Delete("/api/search"), 405, "only GET is supported", "DELETE");
    check(c.Options("/api/search"), 405, "only GET is supported", "OPTIONS");
    check(c.Get("/no/such"), 404, "no such path: /no/such", "404");
    fs::remove_all(site.path() + "/index");
    check(c.Get("/api/search?q=gone"), 503, "the index is unavailable", "index gone");
}

// Issue 19: the JSON's facets became {} when the time budget ran out before counting them.
TEST_F(DayOne, BudgetCutAnswersKeepTheirFacetKeys) {
    const RunResult r = run({kSearch, "--db", db(), "--json", "--limit", "100", "--time-budget", "1", "a*", "OR", "b*",
                             "OR", "c*", "OR", "d*"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_TRUE(j["budget_exceeded"].get<bool>());
    for (const char* facet : {"topic", "audience", "source", "language", "format"})
        EXPECT_TRUE(j["facets"][facet].is_array()) << facet << j["facets"];
}

}  // namespace
}  // namespace lantern::test
