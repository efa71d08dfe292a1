// Tests for core/html_extract: chrome removal, metadata conventions, sections, robots, hostile pages.
#include "extract/html_extract.h"

#include <gtest/gtest.h>

#include "text/errors.h"

namespace lantern {
namespace {

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html><html lang=\"en-GB\"><head>" + head + "</head><body>" + body + "</body></html>";
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

TEST(ExtractHtml, BodyKeepsContentAndDropsChrome) {
    const struct {
        std::string name;
        std::string html;
        std::vector<std::string> kept;
        std::vector<std::string> dropped;
    } rows[] = {
        {"main wins over chrome",
         page("<title>T</title>", "<header><nav>Menu</nav>Banner</header><main><p>Content here</p></main><aside>Side</aside><footer>Foot</footer>"),
         {"Content here"}, {"Menu", "Banner", "Side", "Foot"}},
        {"scripts styles forms never indexed",
         page("", "<main><p>Words</p><script>var s=1</script><style>p{}</style><form><label>Email</label></form><noscript>Enable JS</noscript><svg><text>Icon</text></svg><template><p>Tpl</p></template></main>"),
         {"Words"}, {"var s", "p{}", "Email", "Enable JS", "Icon", "Tpl"}},
        {"aria chrome roles dropped in body fallback",
         page("", "<div role=\"navigation\">Nav links</div><div role=\"banner\">Site name</div><div role=\"search\">Find</div><p>Body text</p><div role=\"contentinfo\">Legal</div>"),
         {"Body text"}, {"Nav links", "Site name", "Find", "Legal"}},
        {"article header kept, page header dropped",
         page("", "<header>Page banner</header><article><header><h1>Article title</h1></header><p>Text</p></article>"),
         {"Article title", "Text"}, {"Page banner"}},
        {"explicit body marker wins",
         page("", "<main><p>Main text</p><div data-lantern-body><p>Marked body</p></div></main>"),
         {"Marked body"}, {"Main text"}},
        {"ignore marker and htdig comments",
         page("", "<main><p>Keep</p><div data-lantern-ignore>Ignored</div><!--htdig_noindex--><p>Hidden</p><!--/htdig_noindex--><p>Also keep</p></main>"),
         {"Keep", "Also keep"}, {"Ignored", "Hidden"}},
        {"hidden elements dropped",
         page("", "<main><p>Shown</p><p hidden>Not shown</p><div aria-hidden=\"true\">Decor</div></main>"),
         {"Shown"}, {"Not shown", "Decor"}},
        {"role main used when no main element",
         page("", "<div class=\"menu\">Menu text</div><div role=\"main\"><p>Role main text</p></div>"),
         {"Role main text"}, {"Menu text"}},
        {"generator chrome inside main (MediaWiki)",
         page("", "<div role=\"main\"><div id=\"siteSub\">From SomeWiki</div><div class=\"mw-jump\">Jump to: nav</div>"
                  "<h2><span class=\"mw-headline\" id=\"Dose\">Dose</span><span class=\"mw-editsection\">[edit]</span></h2>"
                  "<p>Article text</p><div class=\"printfooter\">Retrieved from wiki</div><div id=\"catlinks\">Categories</div></div>"),
         {"Dose\nArticle text"}, {"From SomeWiki", "Jump to", "[edit]", "Retrieved from", "Categories"}},
        {"link lists pruned when there is no semantic content element",
         page("", "<table><tr><td><a href=/>HOME</a> | <a href=/about>ABOUT</a> | <a href=/c>CONTACT</a></td></tr></table>"
                  "<p>Report text with <a href=/x>one link</a> in a long sentence about surveillance.</p>"
                  "<ul><li><a href=/a>Privacy</a></li><li><a href=/b>Accessibility</a></li></ul>"),
         {"Report text with one link"}, {"HOME", "ABOUT", "Privacy", "Accessibility"}},
        {"link lists kept inside main",
         page("", "<main><p>Intro</p><ul><li><a href=/a>Related one</a></li><li><a href=/b>Related two</a></li></ul></main>"),
         {"Related one", "Related two"}, {}},
        {"blocks separate words",
         page("", "<main><p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>five<br>six</main>"),
         {"one\ntwo\nthree\nfour\nfive\nsix"}, {"onetwo"}},
    };
    for (const auto& r : rows) {
        const HtmlExtraction x = extract_html(r.html, {});
        for (const auto& k : r.kept) EXPECT_TRUE(contains(x.article.body, k)) << r.name << ": missing '" << k << "' in\n" << x.article.body;
        for (const auto& d : r.dropped) EXPECT_FALSE(contains(x.article.body, d)) << r.name << ": leaked '" << d << "' in\n" << x.article.body;
    }
}

TEST(ExtractHtml, Metadata) {
    const std::string head =
        "<title>Page | Site</title><meta property=\"og:title\" content=\"Clean title\">"
        "<meta name=\"description\" content=\"A description.\"><meta name=\"keywords\" content=\"veins, wounds\">"
        "<meta property=\"article:tag\" content=\"Veins\"><meta property=\"article:tag\" content=\"abscess\">"
        "<meta name=\"author\" content=\"Team\"><meta name=\"dcterms.audience\" content=\"Clinicians\">"
        "<meta property=\"article:published_time\" content=\"2024-02-01T09:00:00Z\">"
        "<meta name=\"dcterms.modified\" content=\"2026/05/19\">"
        "<link rel=\"canonical\" href=\"https://x.example/a\">";
    const HtmlExtraction x = extract_html(page(head, "<main><p>Reviewed <time itemprop=\"lastReviewed\" datetime=\"2026-05-20\">20 May</time></p></main>"), {});
    const Article& a = x.article;
    EXPECT_EQ(a.title, "Clean title");
    EXPECT_EQ(a.description, "A description.");
    EXPECT_EQ(a.topics, (std::vector<std::string>{"veins", "wounds", "abscess"}));
    EXPECT_EQ(a.author, "Team");
    EXPECT_EQ(a.audience, "clinicians");
    EXPECT_EQ(a.language, "en");
    EXPECT_EQ(a.url, "https://x.example/a");
    EXPECT_EQ(a.published, "2024-02-01");
    EXPECT_EQ(a.modified, "2026-05-19");
    EXPECT_EQ(a.reviewed, "2026-05-20");
    EXPECT_EQ(a.format, "html");
}

TEST(ExtractHtml, DateAndLanguageConventions) {
    const struct {
        std::string name, head, body, published, modified, reviewed, language;
    } rows[] = {
        {"open graph", "<meta property=\"article:published_time\" content=\"2024-01-02T03:04:05Z\"><meta property=\"article:modified_time\" content=\"2025-02-03\">", "", "2024-01-02", "2025-02-03", "", "en"},
        {"dublin core", "<meta name=\"DCTERMS.created\" content=\"2024-01-02\"><meta name=\"dcterms.modified\" content=\"2025-02-03\">", "", "2024-01-02", "2025-02-03", "", "en"},
        {"DC.date and citation", "<meta name=\"DC.date\" content=\"2023/05/06\"><meta name=\"citation_publication_date\" content=\"2022/01/01\">", "", "2023-05-06", "", "", "en"},
        {"citation only", "<meta name=\"citation_publication_date\" content=\"2022/01/01\">", "", "2022-01-01", "", "", "en"},
        {"time microdata", "", "<time itemprop=\"datePublished\" datetime=\"2021-03-04\">x</time><time itemprop=\"dateModified\" datetime=\"2021-05-06\">y</time><time itemprop=\"lastReviewed\" datetime=\"2026-01-02\">z</time>", "2021-03-04", "2021-05-06", "2026-01-02", "en"},
        {"time pubdate", "", "<article><time pubdate datetime=\"2020-07-08T10:00\">8 July</time></article>", "2020-07-08", "", "", "en"},
        {"meta reviewed", "<meta name=\"last-reviewed\" content=\"2026-02-03\">", "", "", "", "2026-02-03", "en"},
        {"invalid dates ignored", "<meta name=\"dcterms.created\" content=\"last Tuesday\">", "", "", "", "", "en"},
    };
    for (const auto& r : rows) {
        const Article a = extract_html(page(r.head, r.body), {}).article;
        EXPECT_EQ(a.published, r.published) << r.name;
        EXPECT_EQ(a.modified, r.modified) << r.name;
        EXPECT_EQ(a.reviewed, r.reviewed) << r.name;
        EXPECT_EQ(a.language, r.language) << r.name;
    }
    const std::string no_lang = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Language\" content=\"es-MX\"><meta name=\"DC.title\" content=\"Sobredosis\"></head><body><p>x</p></body></html>";
    const Article es = extract_html(no_lang, {}).article;
    EXPECT_EQ(es.language, "es");
    EXPECT_EQ(es.title, "Sobredosis");
}

TEST(ExtractHtml, TitleFallbacks) {
    const struct {
        std::string html, want;
    } rows[] = {
        {page("<meta property=\"og:title\" content=\"OG\"><title>Tag</title>", "<h1>H1</h1>"), "OG"},
        {page("<title> Tag  title </title>", "<h1>H1</h1>"), "Tag title"},
        {page("<title>Heroin - PsychonautWiki</title>", "<h1>Heroin</h1>"), "Heroin"},           // h1 confirms the page part
        {page("<title>Naloxone | Riverbend</title><meta property=\"og:site_name\" content=\"Riverbend\">", ""), "Naloxone"},
        {page("<title>HIV - a guide</title>", "<h1>HIV guide</h1>"), "HIV - a guide"},          // unknown suffix: kept
        {page("<title><i> Pseudomonas </i>Dermatitis --- Colorado, 1999 &lt; 2000</title>", ""), "Pseudomonas Dermatitis --- Colorado, 1999 < 2000"},
        {page("", "<main><h1>Only <em>heading</em></h1></main>"), "Only heading"},
        {page("", "<p>nothing</p>"), ""},
    };
    for (const auto& r : rows) EXPECT_EQ(extract_html(r.html, {}).article.title, r.want);
}

TEST(ExtractHtml, SectionsCarryHeadingsAndAnchors) {
    const HtmlExtraction x = extract_html(
        page("", "<main><h1>Title</h1><p>Intro</p><h2 id=\"first\">First part</h2><p>A</p>"
                 "<section id=\"second\"><h2>Second part</h2><p>B</p></section>"
                 "<h3><a name=\"third\"></a>Third part</h3><p>C</p><h2></h2></main>"),
        {});
    const auto& s = x.article.sections;
    ASSERT_EQ(s.size(), 4u);
    const struct {
        const char* heading;
        const char* anchor;
    } want[] = {{"Title", ""}, {"First part", "first"}, {"Second part", "second"}, {"Third part", "third"}};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(s[i].heading, want[i].heading);
        EXPECT_EQ(s[i].anchor, want[i].anchor);
        EXPECT_EQ(x.article.body.compare(s[i].offset, s[i].heading.size(), s[i].heading), 0) << "offset of " << s[i].heading;
    }
}

// Issue 16: a byline ("Written for: the public · Last reviewed: ...") is metadata, not body text:
// it opened every snippet of the bundled corpus. What it says fills the fields <meta> left empty.
TEST(ExtractHtml, BylinesAreMetadataNotBody) {
    const std::string meta_head = "<meta name=\"dcterms.audience\" content=\"public\"><meta name=\"author\" content=\"Team\">";
    const struct {
        std::string name, head, body;
        std::string want_body;   // the whole body text
        std::string audience, author, published, modified, reviewed;
    } rows[] = {
        {"the bundled corpus's byline, meta wins", meta_head,
         "<main><article><h1>Naloxone</h1><p class=\"page-meta\">Written for: the public &middot; Last reviewed: "
         "<time itemprop=\"lastReviewed\" datetime=\"2026-10-27\">27 October 2026</time></p><p>Naloxone reverses an overdose.</p></article></main>",
         "Naloxone\nNaloxone reverses an overdose.", "public", "Team", "", "", "2026-10-27"},
        {"an unnamed byline before the text, read as metadata", "",
         "<main><h1>Naloxone</h1><p>Written for: the public &middot; Last reviewed: <time datetime=\"2026-10-27\">27 October 2026</time></p>"
         "<p>Naloxone reverses an overdose.</p></main>",
         "Naloxone\nNaloxone reverses an overdose.", "public", "", "", "", "2026-10-27"},
        {"author and dates in words", "",
         "<article><h1>T</h1><div class=\"entry-meta\">By Jane Doe | Posted on March 3, 2025 | Updated 4 May 2026</div><p>Text.</p></article>",
         "T\nText.", "", "Jane Doe", "2025-03-03", "2026-05-04", ""},
        {"a bare date under the heading", "",
         "<main><h1>T</h1><p><time datetime=\"2024-01-02\">2 January 2024</time></p><p>Text.</p></main>", "T\nText.", "", "", "", "", ""},
        {"a dated sentence after the text is kept", "",
         "<main><h1>T</h1><p>Text.</p><p>Updated <time datetime=\"2024-01-02\">2 January 2024</time></p></main>",
         "T\nText.\nUpdated 2 January 2024", "", "", "", "", ""},
        {"a first paragraph with a date but no label is kept", "",
         "<main><h1>T</h1><p>On <time datetime=\"2024-01-02\">2 January</time> the council opened a clinic.</p></main>",
         "T\nOn 2 January the council opened a clinic.", "", "", "", "", ""},
        {"a label without a date or microdata is kept", "",
         "<main><h1>T</h1><p>By the river, the clinic opens at nine.</p></main>", "T\nBy the river, the clinic opens at nine.", "", "", "", "", ""},
        {"a named byline anywhere", "",
         "<main><p>Text.</p><p class=\"byline\">Author: Sam Roe</p><p>More.</p></main>", "Text.\nMore.", "", "Sam Roe", "", "", ""},
    };
    for (const auto& r : rows) {
        const Article a = extract_html(page(r.head, r.body), {}).article;
        EXPECT_EQ(a.body, r.want_body) << r.name;
        EXPECT_EQ(a.audience, r.audience) << r.name;
        EXPECT_EQ(a.author, r.author) << r.name;
        EXPECT_EQ(a.published, r.published) << r.name;
        EXPECT_EQ(a.modified, r.modified) << r.name;
        EXPECT_EQ(a.reviewed, r.reviewed) << r.name;
    }
}

TEST(ExtractHtml, RobotsNoindex) {
    const struct {
        std::string robots;
        bool ignore;
        bool skipped;
    } rows[] = {
        {"noindex, nofollow", false, true},
        {"NOINDEX", false, true},
        {"none", false, true},
        {"index, follow", false, false},
        {"noindex", true, false},
    };
    for (const auto& r : rows) {
        const HtmlExtraction x = extract_html(page("<meta name=\"robots\" content=\"" + r.robots + "\">", "<p>x</p>"), {r.ignore});
        EXPECT_EQ(!x.skip_reason.empty(), r.skipped) << r.robots;
    }
}

TEST(ExtractHtml, HostileInput) {
    // 10,000 nested elements: no stack overflow, text still found.
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "<div>";
    deep += "deep text";
    const HtmlExtraction x = extract_html(page("", deep), {});
    EXPECT_TRUE(contains(x.article.body, "deep text"));

    // Truncated and unclosed markup is still read.
    EXPECT_TRUE(contains(extract_html("<html><body><main><p>cut off <b>mid", {}).article.body, "cut off mid"));

    // Binary data is refused with a reason.
    try {
        extract_html(std::string("\x7f" "ELF\0\0\0\x01\x02", 9), {});
        FAIL() << "binary data was accepted";
    } catch (const BadDocument& e) {
        EXPECT_STREQ(e.what(), "binary data, not an HTML page");
    }
}

TEST(ExtractHtmlFragment, CmsBody) {
    const Article a = extract_html_fragment("<p>Intro</p><h2 id=\"s\">Sec</h2><p>Body &amp; more</p><script>x()</script>");
    EXPECT_EQ(a.body, "Intro\nSec\nBody & more");
    ASSERT_EQ(a.sections.size(), 1u);
    EXPECT_EQ(a.sections[0].anchor, "s");
}

}  // namespace
}  // namespace lantern
