// Tests for core/serve/search_page: the HTML of GET / for a result set built by hand. What a
// reader sees (counts, highlighted results, safety cards, corrections, notes, the footer's "not
// medical advice"), where its links go (facets, pages, "search instead"), and that no string from
// a query, a page or a card reaches the HTML unescaped.
#include "serve/search_page.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lantern {
namespace {

bool page_has(const std::string& html, const std::string& part) {
    return html.find(part) != std::string::npos;
}

SearchRequest request(const std::string& query, unsigned offset = 0, unsigned limit = 10) {
    SearchRequest r;
    r.query = query;
    r.offset = offset;
    r.limit = limit;
    return r;
}

/// `count` hits ranked from offset + 1, of `total`.
SearchResults results(const SearchRequest& req, unsigned total, unsigned count) {
    SearchResults r;
    r.query = req.query;
    r.total = total;
    r.offset = req.offset;
    r.limit = req.limit;
    for (unsigned i = 0; i < count; ++i) {
        SearchHit h;
        h.rank = req.offset + i + 1;
        h.url = "https://health.example/p" + std::to_string(h.rank);
        h.title = "Page " + std::to_string(h.rank);
        h.title_html = h.title;
        h.snippet = "text";
        r.hits.push_back(h);
    }
    return r;
}

const char kNotAdvice[] =
    "This search shows health information; it does not give medical advice. In an emergency call 911.";

TEST(SearchPage, HostileStringsAreEscapedEverywhere) {
    const std::string hostile = "<script>alert('x')</script>\"&";
    const std::string escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;";
    SearchRequest req = request(hostile);
    SearchResults r = results(req, 1, 1);
    r.hits[0].url = "https://health.example/a?b=1&c=\"><script>";
    r.hits[0].reviewed = hostile;
    r.hits[0].section = hostile;
    r.hits[0].section_url = "https://health.example/a#\"onmouseover=\"x";
    r.notes = {hostile};
    r.safety = {SafetyCard{"card", hostile, hostile, "https://health.example/help?a=1&b=\"", hostile, {}}};
    r.facets["topic"] = {{hostile, 3}};
    const std::string html = render_search_page(req, &r, hostile);

    EXPECT_FALSE(page_has(html, "<script>")) << html;
    EXPECT_FALSE(page_has(html, "\"><script")) << "no attribute is closed early";
    EXPECT_FALSE(page_has(html, "\"onmouseover")) << html;
    EXPECT_TRUE(page_has(html, "<title>" + escaped + " - Search</title>"));
    EXPECT_TRUE(page_has(html, "value=\"" + escaped + "\""));
    EXPECT_TRUE(page_has(html, "<p class=\"error\" role=\"alert\">" + escaped + "</p>"));
    EXPECT_TRUE(page_has(html, "<p class=\"note\">" + escaped + "</p>"));
    EXPECT_TRUE(page_has(html, "<h2>" + escaped + "</h2>\n<p>" + escaped + "</p>")) << "the safety card";
    EXPECT_TRUE(page_has(html, "href=\"https://health.example/help?a=1&amp;b=&quot;\">" + escaped + "</a>"));
    EXPECT_TRUE(page_has(html, "<a href=\"https://health.example/a?b=1&amp;c=&quot;&gt;&lt;script&gt;\">"));
    EXPECT_TRUE(page_has(html, "<time datetime=\"" + escaped + "\">"));
    EXPECT_TRUE(
        page_has(html, "From the section <a href=\"https://health.example/a#&quot;onmouseover=&quot;x\">" + escaped));
    // The facet value, as link text and (percent-encoded) in its link.
    EXPECT_TRUE(page_has(html, "&amp;topic=%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E%22%26\">" + escaped + "</a> (3)"));
}

TEST(SearchPage, HighlightedTitlesAndSnippetsArriveEscapedAndAreKept) {
    SearchRequest req = request("naloxone");
    SearchResults r = results(req, 1, 1);
    r.hits[0].title_html = "<mark>Naloxone</mark> &amp; you";
    r.hits[0].snippet = "\xE2\x80\xA6give <mark>naloxone</mark> &lt;now&gt;\xE2\x80\xA6";
    const std::string html = render_search_page(req, &r, "");
    EXPECT_TRUE(page_has(html, "<h2><a href=\"https://health.example/p1\"><mark>Naloxone</mark> &amp; you</a></h2>"));
    EXPECT_TRUE(page_has(html, "<p class=\"snippet\">\xE2\x80\xA6give <mark>naloxone</mark> &lt;now&gt;\xE2\x80\xA6</p>"));
}

TEST(SearchPage, WhatAReaderIsTold) {
    const struct {
        const char* name;
        SearchRequest req;
        SearchResults res;
        bool searched;  ///< false: the page before any search (results null)
        std::string error;
        std::vector<std::string> shown;  ///< each must appear
        std::vector<std::string> not_shown;
    } rows[] = {
        {"before a search",
         request(""),
         {},
         false,
         "",
         {"<title>Search</title>", "<form role=\"search\" method=\"get\" action=\"/\">", kNotAdvice},
         {"class=\"count\"", "class=\"error\""}},
        {"a bad parameter",
         request("naloxone"),
         {},
         false,
         "limit must be a whole number from 1 to 100",
         {"<p class=\"error\" role=\"alert\">limit must be a whole number from 1 to 100</p>", kNotAdvice},
         {"class=\"count\""}},
        {"nothing found",
         request("xylophone"),
         results(request("xylophone"), 0, 0),
         true,
         "",
         {"<p class=\"count\" aria-live=\"polite\">No results for <strong>xylophone</strong>.</p>", kNotAdvice},
         {"<ol", "<nav"}},
        {"a page of results",
         request("naloxone", 10, 10),
         results(request("naloxone", 10, 10), 25, 10),
         true,
         "",
         {"Results 11 to 20 of about 25.", "<ol class=\"results\" start=\"11\">", kNotAdvice},
         {"No results"}},
    };
    for (const auto& r : rows) {
        const std::string html = render_search_page(r.req, r.searched ? &r.res : nullptr, r.error);
        for (const std::string& s : r.shown) EXPECT_TRUE(page_has(html, s)) << r.name << ": " << s << "\n" << html;
        for (const std::string& s : r.not_shown) EXPECT_FALSE(page_has(html, s)) << r.name << ": " << s;
    }
}

TEST(SearchPage, HitDetails) {
    SearchRequest req = request("veins");
    SearchResults r = results(req, 3, 3);
    r.hits[0].reviewed = "2026-05-19";
    r.hits[0].section = "After injecting";
    r.hits[0].section_url = "https://health.example/p1#after";
    r.hits[0].duplicates = {"https://print.example/p1"};
    r.hits[1].section = "Care";  // a section without an anchor: named, not linked
    r.hits[1].duplicates = {"a", "b"};
    r.hits[2].url = "";  // no link known
    const std::string html = render_search_page(req, &r, "");
    EXPECT_TRUE(page_has(html, "<p class=\"reviewed\">Last reviewed <time datetime=\"2026-05-19\">2026-05-19</time></p>"));
    EXPECT_TRUE(page_has(
        html,
        "<p class=\"section\">From the section <a href=\"https://health.example/p1#after\">After injecting</a></p>"));
    EXPECT_TRUE(page_has(html, "<p class=\"section\">From the section Care</p>"));
    // Copies are named (issue 19): a web address as a link, a copy known only by its file path as text.
    EXPECT_TRUE(page_has(html, "Also published at <a href=\"https://print.example/p1\">https://print.example/p1</a>.</p>"));
    EXPECT_TRUE(page_has(html, "The same text is also in a, b.</p>"));
    EXPECT_TRUE(page_has(html, "<p class=\"unlinked\">No link: this page was indexed without a web address.</p>"));
    EXPECT_FALSE(page_has(html, "<a href=\"\">"));
}

TEST(SearchPage, SafetyCardsComeBeforeTheResults) {
    SearchRequest req = request("overdose");
    SearchResults r = results(req, 1, 1);
    r.safety = {SafetyCard{"a", "Act now", "Call 911.", "https://health.example/overdose", "", {}},
                SafetyCard{"b", "Get help", "Talk to us.", "", "", {}}};
    const std::string html = render_search_page(req, &r, "");
    const std::size_t card = html.find("<section class=\"safety\" role=\"note\" aria-label=\"Act now\">");
    ASSERT_NE(card, std::string::npos) << html;
    EXPECT_LT(card, html.find("<ol class=\"results\""));
    // Without link text the link is its own text; without a link there is none.
    EXPECT_TRUE(page_has(html, "<p><a href=\"https://health.example/overdose\">https://health.example/overdose</a></p>"));
    EXPECT_TRUE(page_has(html, "<h2>Get help</h2>\n<p>Talk to us.</p>\n</section>"));
}

TEST(SearchPage, ACorrectionOffersTheQueryAsTyped) {
    SearchRequest req = request("nalaxone");
    req.filters.topics = {"overdose"};
    SearchResults r = results(req, 1, 1);
    r.corrected_query = "naloxone";
    r.notes = {"Showing results for \"naloxone\". Search instead for \"nalaxone\".",
               "Words after the 32nd were left out."};
    const std::string html = render_search_page(req, &r, "");
    EXPECT_TRUE(page_has(html,
                    "<p class=\"correction\">Showing results for <strong>naloxone</strong>. Search instead for "
                    "<a href=\"/?q=nalaxone&amp;topic=overdose&amp;exact=1\">nalaxone</a>.</p>"))
        << html;
    EXPECT_FALSE(page_has(html, "<p class=\"note\">Showing results for")) << "the correction is said once";
    EXPECT_TRUE(page_has(html, "<p class=\"note\">Words after the 32nd were left out.</p>"));
}

TEST(SearchPage, PageLinksKeepTheQueryAndFilters) {
    SearchRequest base = request("opioid overdose", 0, 10);
    base.filters.topics = {"naloxone", "harm reduction"};
    base.filters.languages = {"en"};
    base.filters.since = "2025-01";
    base.correct_spelling = false;
    const std::string keep =
        "/?q=opioid%20overdose&amp;topic=naloxone&amp;topic=harm%20reduction&amp;lang=en&amp;since=2025-01&amp;exact=1";
    const struct {
        unsigned offset, total, count;
        std::string prev, next;  ///< the links, "" when there is none
    } rows[] = {
        {0, 25, 10, "", keep + "&amp;page=2"},
        {10, 25, 10, keep, keep + "&amp;page=3"},  // back to page 1: no page parameter
        {20, 25, 5, keep + "&amp;page=2", ""},
        {0, 10, 10, "", ""},  // one page: no navigation
    };
    for (const auto& r : rows) {
        SearchRequest req = base;
        req.offset = r.offset;
        const SearchResults res = results(req, r.total, r.count);
        const std::string html = render_search_page(req, &res, "");
        SCOPED_TRACE("offset " + std::to_string(r.offset));
        EXPECT_EQ(page_has(html, "<nav aria-label=\"Result pages\">"), !r.prev.empty() || !r.next.empty());
        if (!r.prev.empty()) {
            EXPECT_TRUE(page_has(html, "<a rel=\"prev\" href=\"" + r.prev + "\">Previous</a>")) << html;
        }
        if (!r.next.empty()) {
            EXPECT_TRUE(page_has(html, "<a rel=\"next\" href=\"" + r.next + "\">Next</a>")) << html;
        }
        EXPECT_EQ(page_has(html, "rel=\"prev\""), !r.prev.empty());
        EXPECT_EQ(page_has(html, "rel=\"next\""), !r.next.empty());
    }
}

TEST(SearchPage, FacetLinksAddAFilterAndStartAtPageOne) {
    SearchRequest req = request("naloxone", 20, 10);
    req.filters.audiences = {"public"};
    SearchResults r = results(req, 40, 10);
    r.facets["topic"] = {{"overdose", 12}, {"harm reduction", 3}};
    r.facets["language"] = {{"en", 40}};
    r.facets["source"] = {};  // no values: no heading
    const std::string html = render_search_page(req, &r, "");
    EXPECT_TRUE(page_has(html, "<aside aria-label=\"Refine results\">"));
    EXPECT_TRUE(page_has(html, "<h3>topic</h3>"));
    EXPECT_FALSE(page_has(html, "<h3>source</h3>"));
    EXPECT_TRUE(
        page_has(html, "<li><a href=\"/?q=naloxone&amp;topic=overdose&amp;audience=public\">overdose</a> (12)</li>"));
    EXPECT_TRUE(
        page_has(html,
            "<li><a href=\"/?q=naloxone&amp;topic=harm%20reduction&amp;audience=public\">harm reduction</a> (3)</li>"));
    EXPECT_TRUE(page_has(html, "<li><a href=\"/?q=naloxone&amp;audience=public&amp;lang=en\">en</a> (40)</li>"))
        << "the language facet filters with lang=";

    SearchResults none = results(req, 0, 0);
    none.facets["topic"] = {};
    EXPECT_FALSE(page_has(render_search_page(req, &none, ""), "<aside")) << "nothing to refine";
}

}  // namespace
}  // namespace lantern
