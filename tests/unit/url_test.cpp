// Tests for core/url: RFC 3986 resolution (through uriparser), the link policy, percent-encoding.
#include "text/url.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

struct UrlResolveRow {
    const char* reference;
    const char* want;  ///< "" when resolve_url gives nullopt
};

void expect_resolved(const char* base, const UrlResolveRow* first, const UrlResolveRow* last) {
    for (const UrlResolveRow* r = first; r != last; ++r) {
        const std::optional<std::string> got = resolve_url(base, r->reference);
        EXPECT_EQ(got.value_or(""), r->want) << "base: " << base << ", reference: '" << r->reference << "'";
    }
}

// RFC 3986 section 5.4, word for word: base "http://a/b/c/d;p?q".
TEST(ResolveUrl, Rfc3986NormalExamples) {
    const UrlResolveRow rows[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    expect_resolved("http://a/b/c/d;p?q", std::begin(rows), std::end(rows));
}

TEST(ResolveUrl, Rfc3986AbnormalExamples) {
    const UrlResolveRow rows[] = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        {"http:g", "http:g"},  // the strict reading, which section 5.4.2 recommends
    };
    expect_resolved("http://a/b/c/d;p?q", std::begin(rows), std::end(rows));
}

TEST(ResolveUrl, NormalisesAndRepairsWhatBrowsersAccept) {
    const UrlResolveRow rows[] = {
        // Bug (issue 18): a page at sub/page.html with canonical ../other/page.html linked to
        // https://intranet.example/health/../other/page.html.
        {"../other/page.html", "https://intranet.example/health/other/page.html"},
        {"view?id=7&x=a%20b#top", "https://intranet.example/health/sub/view?id=7&x=a%20b#top"},  // was %3F, %26, %2520
        {"my page.html", "https://intranet.example/health/sub/my%20page.html"},
        {"caf\xc3\xa9.html", "https://intranet.example/health/sub/caf%C3%A9.html"},
        {"100%.html", "https://intranet.example/health/sub/100%25.html"},   // a '%' that starts no escape
        {"a%2fb%7e", "https://intranet.example/health/sub/a%2Fb~"},         // RFC 3986 section 6.2.2
        {"HTTPS://Other.EXAMPLE/a/./b/../c", "https://other.example/a/c"},  // absolute: only normalised
        {"/root", "https://intranet.example/root"},
        {"//cdn.example/x", "https://cdn.example/x"},
        {"[", ""},
    };
    expect_resolved("https://intranet.example/health/sub/page.html", std::begin(rows), std::end(rows));
    EXPECT_EQ(resolve_url("", "https://e.example/./a").value_or("none"), "https://e.example/a");
    EXPECT_EQ(resolve_url("", "relative.html").value_or("none"), "none");  // nothing to resolve against
    EXPECT_EQ(resolve_url("not a url", "relative.html").value_or("none"), "none");
}

TEST(SafeLink, Table) {
    const struct {
        const char* link;
        bool safe;
    } rows[] = {
        {"https://other.example/page", true},
        {"HTTP://other.example/page", true},
        {"/absolute/path", true},
        {"../other/page.html", true},
        {"page.html#top", true},
        {"?q=1", true},
        {"//cdn.example/x", true},
        {"my page.html", true},  // a browser reads it as my%20page.html
        {"./a:b", true},         // a path whose segment holds ':', not a scheme
        {"", true},
        {"javascript:alert(1)", false},
        {"JaVaScRiPt:alert(1)", false},
        {"data:text/html,<script>alert(1)</script>", false},
        {"vbscript:msgbox(1)", false},
        {"java\tscript:alert(1)", false},  // browsers drop the tab and run it
        {"java\nscript:alert(1)", false},
        {"java script:alert(1)", false},  // what collapse_space makes of the two above
        {" javascript:alert(1)", false},  // browsers trim spaces around a link
        {"https://e.example/ ", false},
        {"\x7fhttps://e.example/", false},
        {"mailto:a@b.example", false},
        {"file:///etc/passwd", false},
        {"ftp://e.example/x", false},
        {"a:b", false},  // an unknown scheme
        {"[", false},    // no URL at all
    };
    for (const auto& r : rows) EXPECT_EQ(safe_link(r.link), r.safe) << "link: '" << r.link << "'";
}

TEST(IsHttpUrl, Table) {
    const struct {
        const char* text;
        bool want;
    } rows[] = {
        {"https://intranet.example/health/", true},
        {"http://localhost:8080", true},
        {"HTTPS://E.EXAMPLE", true},
        {"intranet.example/health/", false},
        {"/health/", false},
        {"file:///srv/www/", false},
        {"javascript:alert(1)", false},
        {"https:no-host", false},
        {"https://exa mple/", false},
        {"", false},
    };
    for (const auto& r : rows) EXPECT_EQ(is_http_url(r.text), r.want) << "text: '" << r.text << "'";
}

TEST(PercentEncode, Table) {
    const struct {
        const char* in;
        const char* want;
    } rows[] = {
        {"naloxone", "naloxone"},
        {"AZaz09-_.~", "AZaz09-_.~"},
        {"track marks", "track%20marks"},
        {"a&b=c?d#e/f", "a%26b%3Dc%3Fd%23e%2Ff"},
        {"100%", "100%25"},
        {"+", "%2B"},
        {"caf\xc3\xa9", "caf%C3%A9"},
        {"\"<'>", "%22%3C%27%3E"},
        {"\n", "%0A"},
        {"", ""},
    };
    for (const auto& r : rows) EXPECT_EQ(percent_encode(r.in), r.want) << "input: " << r.in;
}

TEST(PathReference, Table) {
    const struct {
        const char* path;
        const char* want;
    } rows[] = {
        {"sub/page.html", "sub/page.html"},     {"a b/c#1.html", "a%20b/c%231.html"},
        {"what?.html", "what%3F.html"},         {"a:b.html", "a%3Ab.html"},  // would otherwise read as the scheme "a"
        {"caf\xc3\xa9.html", "caf%C3%A9.html"}, {"50%.html", "50%25.html"},
        {"/rooted.html", "rooted.html"},
    };
    for (const auto& r : rows) EXPECT_EQ(path_reference(r.path), r.want) << "path: " << r.path;
}

TEST(FolderUrl, Table) {
    EXPECT_EQ(folder_url("https://x.org/docs"), "https://x.org/docs/");
    EXPECT_EQ(folder_url("https://x.org/docs/"), "https://x.org/docs/");
    EXPECT_EQ(folder_url("https://x.org"), "https://x.org/");
    EXPECT_EQ(folder_url("https://x.org/?a=b"), "https://x.org/?a=b");
    EXPECT_EQ(folder_url(""), "");
}

}  // namespace
}  // namespace lantern
