// Tests for core/extract/extraction: the link each article carries (result_link), the --url-base
// check, and extract_file, the one path from a file's bytes to the articles build and inspect see.
#include "extract/extraction.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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

SourceFile source_file(const std::string& rel_path, FileKind kind) {
    return SourceFile{"/srv/site/" + rel_path, rel_path, "site", kind};
}

std::string html_page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + head + "</head><body><main>" + body +
           "</main></body></html>";
}

const char kFeed[] =
    "<?xml version=\"1.0\"?><export>"
    "<article nid=\"7\" status=\"published\"><headline>Methadone</headline><path>../treatment/methadone</path>"
    "<bodyHtml><![CDATA[<p>Methadone is taken once a day.</p>]]></bodyHtml></article>"
    "<article nid=\"8\" status=\"published\"><headline>Buprenorphine</headline>"
    "<bodyHtml><![CDATA[<p>Buprenorphine lowers cravings.</p>]]></bodyHtml></article>"
    "<article nid=\"9\" status=\"draft\"><headline>Draft</headline><bodyHtml>Not ready.</bodyHtml></article>"
    "</export>";

TEST(ExtractFile, ArticlesWithIdsLinksAndReasons) {
    const std::string naloxone = html_page("<title>Naloxone</title><link rel=\"canonical\" href=\"../naloxone\">",
                                           "<h1>Naloxone</h1><p>Naloxone reverses an opioid overdose.</p>");
    const std::string untitled = html_page("", "<p>A page that gives itself no title at all.</p>");
    const std::string noindex =
        html_page("<title>Rota</title><meta name=\"robots\" content=\"noindex\">", "<p>Staff rota.</p>");
    const struct {
        const char* name;
        SourceFile file;
        std::string bytes;
        std::string url_base;
        bool ignore_robots;
        std::vector<std::string> articles;  ///< "id | title | url" of each article
        std::vector<std::string> skipped_records;
        std::string skip_reason;
        std::string how;
    } rows[] = {
        {"an HTML page: its canonical link resolved against its own address",
         source_file("guides/naloxone.html", FileKind::Html),
         naloxone,
         "https://health.example/",
         false,
         {"guides/naloxone.html | Naloxone | https://health.example/naloxone"},
         {},
         "",
         "HTML, UTF-8 (meta)"},
        {"no title: the path stands in",
         source_file("untitled.html", FileKind::Html),
         untitled,
         "",
         false,
         {"untitled.html | untitled.html | "},
         {},
         "",
         "HTML, UTF-8 (meta)"},
        {"robots noindex",
         source_file("rota.html", FileKind::Html),
         noindex,
         "",
         false,
         {},
         {},
         "robots meta tag says noindex (use --ignore-robots to index it)",
         "HTML, UTF-8 (meta)"},
        {"robots noindex ignored",
         source_file("rota.html", FileKind::Html),
         noindex,
         "",
         true,
         {"rota.html | Rota | "},
         {},
         "",
         "HTML, UTF-8 (meta)"},
        {"XML records: ids and links from the file and the record key",
         source_file("cms/feed.xml", FileKind::Xml),
         kFeed,
         "https://health.example/",
         false,
         {"cms/feed.xml#7 | Methadone | https://health.example/treatment/methadone",
          "cms/feed.xml#8 | Buprenorphine | https://health.example/cms/feed.xml#8"},
         {"record 9: status is draft, not published"},
         "",
         "XML, mapping built-in"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        ExtractOptions options;
        options.url_base = r.url_base;
        options.ignore_robots = r.ignore_robots;
        const FileExtraction got = extract_file(r.file, r.bytes, options);
        std::vector<std::string> articles;
        for (const Article& a : got.articles) {
            articles.push_back(a.id + " | " + a.title + " | " + a.url);
            EXPECT_EQ(a.path, r.file.rel_path);
            EXPECT_EQ(a.source, "site");
        }
        EXPECT_EQ(articles, r.articles);
        EXPECT_EQ(got.skipped_records, r.skipped_records);
        EXPECT_EQ(got.skip_reason, r.skip_reason);
        EXPECT_EQ(got.how, r.how);
    }
}

TEST(ExtractFile, FilesOverTheSizeLimitAreSkippedWithTheOneWording) {
    ExtractOptions options;
    options.max_file_size = 10;
    const FileExtraction got =
        extract_file(source_file("big.html", FileKind::Html), html_page("", "<p>x</p>"), options);
    EXPECT_TRUE(got.articles.empty());
    EXPECT_EQ(got.skip_reason, size_limit_reason(html_page("", "<p>x</p>").size(), 10));
    EXPECT_EQ(size_limit_reason(2048, 1024), "larger than the size limit (2048 bytes; limit 1024, see --max-size)");
}

TEST(ExtractFile, UnusableFilesAreBadDocuments) {
    const struct {
        const char* name;
        SourceFile file;
        std::string bytes;
        std::string error;
    } rows[] = {
        {"binary", source_file("binary.html", FileKind::Html), std::string("\177ELF\2\1\1\0\0\0", 10),
         "binary data, not an HTML page"},
        {"malformed XML", source_file("bad.xml", FileKind::Xml), "<doc>\n<a></b></doc>",
         "malformed XML at line 2, column 6: Start-end tags mismatch"},
    };
    for (const auto& r : rows) {
        try {
            extract_file(r.file, r.bytes, ExtractOptions{});
            ADD_FAILURE() << r.name << ": extracted";
        } catch (const BadDocument& e) {
            EXPECT_EQ(e.what(), r.error) << r.name;
        }
    }
}

TEST(ExtractFile, BoilerplateOfTheFilesSourceIsStripped) {
    const std::string banner = "Sign up to our newsletter for weekly updates.";
    std::vector<Article> sample(4);
    for (std::size_t i = 0; i < sample.size(); ++i)
        sample[i].body = "Page " + std::to_string(i) + " says something else.\n" + banner;
    Boilerplate learned;
    learned.learn(sample);
    ASSERT_FALSE(learned.empty());
    ExtractOptions options;
    options.boilerplate["site"] = learned;
    const std::string page =
        html_page("<title>Veins</title>", "<p>Rotate injection sites often.</p><p>" + banner + "</p>");
    const FileExtraction stripped = extract_file(source_file("veins.html", FileKind::Html), page, options);
    ASSERT_EQ(stripped.articles.size(), 1u);
    EXPECT_EQ(stripped.articles[0].body.find(banner), std::string::npos) << stripped.articles[0].body;
    EXPECT_NE(stripped.articles[0].body.find("Rotate injection sites"), std::string::npos);
    SourceFile other = source_file("veins.html", FileKind::Html);
    other.source = "other";
    EXPECT_NE(extract_file(other, page, options).articles[0].body.find(banner), std::string::npos)
        << "another source's boilerplate is not this one's";
}

TEST(ReadSource, BytesOrWhyNot) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("lantern-read-source-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "page.html", std::ios::binary) << std::string("a\0b", 3);
    std::ofstream(dir / "empty.html").close();
    EXPECT_EQ(read_source((dir / "page.html").string()), std::string("a\0b", 3));
    const struct {
        std::string path;
        std::string error;
    } rows[] = {{(dir / "empty.html").string(), "empty file"}, {(dir / "missing.html").string(), "cannot open file"}};
    for (const auto& r : rows) {
        try {
            read_source(r.path);
            ADD_FAILURE() << r.path << ": read";
        } catch (const BadDocument& e) {
            EXPECT_EQ(e.what(), r.error) << r.path;
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lantern
