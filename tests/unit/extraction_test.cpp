// Tests for core/extraction: the link each article carries (result_link) and the --url-base check.
#include "extract/extraction.h"

#include <gtest/gtest.h>

#include "text/errors.h"

namespace lantern {
namespace {

TEST(ResultLink, Table) {
    const struct {
        const char* base;
        const char* rel_path;
        const char* record;
        const char* link;  ///< canonical link or XML url, as the document writes it
        const char* want;
    } rows[] = {
        // Bug (issue 18): a relative link was joined to --url-base, not to the page's own address.
        {"https://intranet.example/health/", "sub/page.html", "", "../other/page.html",
         "https://intranet.example/health/other/page.html"},
        {"https://intranet.example/health/", "sub/page.html", "", "", "https://intranet.example/health/sub/page.html"},
        {"https://intranet.example/health", "sub/page.html", "", "",
         "https://intranet.example/health/sub/page.html"},  // a folder
        {"https://intranet.example/health/", "sub/page.html", "", "/absolute/path",
         "https://intranet.example/absolute/path"},
        {"https://intranet.example/health/", "sub/page.html", "", "https://other.example/page",
         "https://other.example/page"},
        {"https://intranet.example/health/", "sub/query.html", "", "view?id=7&x=a%20b#top",
         "https://intranet.example/health/sub/view?id=7&x=a%20b#top"},
        {"https://intranet.example/health/", "a b#c.html", "", "", "https://intranet.example/health/a%20b%23c.html"},
        // A record's own address is its file's with the key as fragment; its url is relative to the file.
        {"https://intranet.example/health/", "exports/feed.xml", "2", "",
         "https://intranet.example/health/exports/feed.xml#2"},
        {"https://intranet.example/health/", "exports/feed.xml", "r 1", "",
         "https://intranet.example/health/exports/feed.xml#r%201"},
        {"https://intranet.example/health/", "exports/feed.xml", "1", "../other/rec1.html",
         "https://intranet.example/health/other/rec1.html"},
        // Links that would run script give way to the file's own address, or to none.
        {"https://intranet.example/health/", "js.html", "", "javascript:alert(1)",
         "https://intranet.example/health/js.html"},
        {"https://intranet.example/health/", "feed.xml", "3", "javascript:alert(2)",
         "https://intranet.example/health/feed.xml#3"},
        {"https://intranet.example/health/", "tab.html", "", "java\tscript:alert(1)",
         "https://intranet.example/health/tab.html"},
        {"", "js.html", "", "javascript:alert(1)", ""},
        {"", "data.html", "", "data:text/html,x", ""},
        // Without --url-base: absolute links normalised, relative ones kept as written.
        {"", "sub/page.html", "", "../other/page.html", "../other/page.html"},
        {"", "sub/page.html", "", "HTTPS://Other.Example/a/../b", "https://other.example/b"},
        {"", "sub/page.html", "", "", ""},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(result_link(r.base, r.rel_path, r.record, r.link), r.want)
            << "base: " << r.base << ", path: " << r.rel_path << ", record: " << r.record << ", link: " << r.link;
    }
}

TEST(CheckUrlBase, Table) {
    const struct {
        const char* base;
        const char* error;  ///< "" when accepted
    } rows[] = {
        {"https://intranet.example/health/", ""},
        {"", ""},
        {"intranet.example/health/",
         "--url-base: 'intranet.example/health/' is not an absolute http(s) URL (expected e.g. "
         "https://example.org/docs/)"},
        {"file:///srv/www/",
         "--url-base: 'file:///srv/www/' is not an absolute http(s) URL (expected e.g. https://example.org/docs/)"},
    };
    for (const auto& r : rows) {
        std::string error;
        try {
            check_url_base(r.base);
        } catch (const BadInput& e) {
            error = e.what();
        }
        EXPECT_EQ(error, r.error) << r.base;
    }
}

}  // namespace
}  // namespace lantern
