// Tests for core/config: lantern.toml into build options, and every error naming file, line and key.
#include "app/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("lantern-config-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        path_ = (dir_ / "lantern.toml").string();
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& text) {
        std::ofstream(path_) << text;
        return path_;
    }
    fs::path dir_;
    std::string path_;
};

TEST_F(ConfigTest, FullExample) {
    const BuildOptions o = load_config(write(R"(
[index]
db = "index"
language = "en"
keep_releases = 5
thesaurus = "corpus/thesaurus"
safety_panel = "/etc/lantern/safety-panel.toml"

[[source]]
path = "site"
url_base = "https://intranet.example/health/"
include = ["*.html", "pdf"]
exclude = ["print/*"]
robots = "ignore"
max_size = "2MiB"
file_timeout = 5

[[source]]
path = "exports"
mappings = ["mappings/cms.toml"]
max_size = 1000
file_timeout = 0.5
)"));
    EXPECT_EQ(o.db_path, (dir_ / "index").string());
    EXPECT_EQ(o.keep_releases, 5u);
    EXPECT_EQ(o.thesaurus.from, VocabularySetting::From::file);
    EXPECT_EQ(o.thesaurus.path, (dir_ / "corpus/thesaurus").string());
    EXPECT_EQ(o.safety_panel.from, VocabularySetting::From::file);
    EXPECT_EQ(o.safety_panel.path, "/etc/lantern/safety-panel.toml");
    EXPECT_EQ(o.config_path, path_);
    ASSERT_EQ(o.sources.size(), 2u);
    EXPECT_EQ(o.sources[0].path, (dir_ / "site").string());
    EXPECT_EQ(o.sources[0].url_base, "https://intranet.example/health/");
    EXPECT_EQ(o.sources[0].include, (std::vector<std::string>{"*.html", "pdf"}));
    EXPECT_EQ(o.sources[0].exclude, std::vector<std::string>{"print/*"});
    EXPECT_TRUE(o.sources[0].ignore_robots);
    EXPECT_EQ(o.sources[0].max_file_size, 2u * 1024 * 1024);
    EXPECT_EQ(o.sources[1].mapping_files, std::vector<std::string>{(dir_ / "mappings/cms.toml").string()});
    EXPECT_FALSE(o.sources[1].ignore_robots);
    EXPECT_EQ(o.sources[1].max_file_size, 1000u);
    EXPECT_EQ(o.sources[0].file_timeout, 5.0);
    EXPECT_EQ(o.sources[1].file_timeout, 0.5);
}

TEST_F(ConfigTest, ErrorsNameFileLineAndKey) {
    const struct {
        std::string toml, error;
    } rows[] = {
        {"[index]\ndb = \"x\"\ncolour = 1\n", "3: colour: unknown key in [index]"},
        {"[index]\ndb = 3\n", "2: index.db: must be a string"},
        {"[index]\nlanguage = \"fr\"\n", "2: index.language: only \"en\" is supported"},
        {"[index]\nkeep_releases = \"3\"\n", "2: index.keep_releases: must be a whole number"},
        {"[index]\nkeep_releases = -1\n", "2: index.keep_releases: must be from 0 to 100"},
        {"[index]\nthesaurus = \"\"\n",
         "2: index.thesaurus: must be a file name, true (the bundled one) or false (none)"},
        {"[index]\nsafety_panel = 0\n",
         "2: index.safety_panel: must be a file name, true (the bundled one) or false (none)"},
        {"[[source]]\nurl_base = \"https://x\"\n", "1: source.path: required"},
        {"[[source]]\npath = \"a\"\nrobots = \"sometimes\"\n",
         "3: source.robots: must be \"honour\" or \"ignore\", not \"sometimes\""},
        {"[[source]]\npath = \"a\"\ninclude = \"*.html\"\n", "3: source.include: must be an array of strings"},
        {"[[source]]\npath = \"a\"\nexclude = [1]\n", "3: source.exclude: must be an array of strings"},
        // A word that is no format would be a glob matching only a file of that name: refused.
        {"[[source]]\npath = \"a\"\ninclude = [\"html\", \"pfd\"]\n",
         "3: source.include: 'pfd' is neither a format (html, xml, pdf, docx, odt) nor a glob (such as '*.pfd' or "
         "'docs/*')"},
        {"[[source]]\npath = \"a\"\n\nexclude = [\"doc\"]\n",
         "4: source.exclude: 'doc' is neither a format (html, xml, pdf, docx, odt) nor a glob (such as '*.doc' or "
         "'docs/*')"},
        {"[[source]]\npath = \"a\"\nmax_size = \"big\"\n",
         "3: source.max_size: source.max_size must be a size such as 32MiB, not 'big'"},
        {"[[source]]\npath = \"a\"\nmax_size = 0\n", "3: source.max_size: must be positive"},
        {"[[source]]\npath = \"a\"\nfile_timeout = -1\n",
         "3: source.file_timeout: must be seconds from 0 (no limit) to 86400"},
        {"[[source]]\npath = \"a\"\nfile_timeout = \"long\"\n",
         "3: source.file_timeout: must be seconds from 0 (no limit) to 86400"},
        {"[[source]]\npath = \"a\"\npath2 = \"b\"\n", "3: path2: unknown key in [[source]]"},
        {"[server]\nport = 8080\n", "2: port: unknown key in [server]"},
        {"[other]\n", "1: other: unknown key in the file (expected [index], [[source]], [server] and [page])"},
        {"[page]\ntitle = \"x\"\n", "2: title: unknown key in [page]"},
        {"[page]\nheading = 3\n", "2: page.heading: must be a string"},
        {"[index\n", "1: Error while parsing table header: expected ']', saw '\\n'"},
    };
    for (const auto& r : rows) {
        try {
            load_config(write(r.toml));
            ADD_FAILURE() << r.toml;
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), path_ + ":" + r.error) << r.toml;
        }
    }
    EXPECT_THROW(load_config((dir_ / "missing.toml").string()), BadInput);
}

TEST_F(ConfigTest, VocabularyIsBundledUnlessTurnedOff) {
    using From = VocabularySetting::From;
    const struct {
        std::string index;
        From thesaurus, safety_panel;
        std::string thesaurus_path;
    } rows[] = {
        {"", From::bundled_if_found, From::bundled_if_found, ""},  // the default: every index gets the health vocabulary
        {"thesaurus = false\n", From::none, From::bundled_if_found, ""},
        {"thesaurus = false\nsafety_panel = false\n", From::none, From::none, ""},
        {"thesaurus = true\nsafety_panel = true\n", From::bundled, From::bundled, ""},  // bundled, and an error if not installed
        {"thesaurus = \"mine.txt\"\n", From::file, From::bundled_if_found, (dir_ / "mine.txt").string()},
    };
    for (const auto& r : rows) {
        const BuildOptions o = load_config(write("[index]\ndb = \"x\"\n" + r.index));
        EXPECT_EQ(o.thesaurus.from, r.thesaurus) << r.index;
        EXPECT_EQ(o.thesaurus.path, r.thesaurus_path) << r.index;
        EXPECT_EQ(o.safety_panel.from, r.safety_panel) << r.index;
    }
}

TEST(Config, ShippedExampleLoads) {
    const BuildOptions o = load_config(std::string(LANTERN_SOURCE_DIR) + "/lantern.toml");
    EXPECT_EQ(o.db_path, std::string(LANTERN_SOURCE_DIR) + "/build/demo-index");
    ASSERT_EQ(o.sources.size(), 1u);
    EXPECT_EQ(o.sources[0].url_base, "https://riverbend.example/");
    EXPECT_EQ(o.sources[0].mapping_files.size(), 2u);
    // The demo relies on the default: the bundled thesaurus and safety panel, found in corpus/.
    EXPECT_EQ(o.thesaurus.from, VocabularySetting::From::bundled_if_found);
    EXPECT_EQ(o.safety_panel.from, VocabularySetting::From::bundled_if_found);
}

TEST_F(ConfigTest, ServerSettings) {
    const ServerSettings s = load_server_config(write(
        "[index]\ndb = \"index\"\n[server]\nlisten = \"0.0.0.0:9000\"\nallow_origins = [\"https://intranet.example\"]\n"
        "log_queries = false\nmax_concurrent = 8\nthreads = 4\ntime_budget_ms = 500\n"));
    EXPECT_EQ(s.db_path, (dir_ / "index").string());
    EXPECT_EQ(s.listen, "0.0.0.0:9000");
    EXPECT_EQ(s.allow_origins, std::vector<std::string>{"https://intranet.example"});
    EXPECT_TRUE(s.has_log_queries);
    EXPECT_EQ(s.max_concurrent, 8);
    EXPECT_EQ(s.threads, 4);
    EXPECT_EQ(s.time_budget_ms, 500);
    try {
        load_server_config(write("[server]\nthreads = 0\n"));
        ADD_FAILURE() << "threads = 0 accepted";
    } catch (const BadInput& e) {
        EXPECT_EQ(std::string(e.what()), path_ + ":2: server.threads: must be from 1 to 60000");
    }
}

// Issue 19: the page's name, heading, footer and emergency line were compiled in ("call 911").
TEST_F(ConfigTest, PageTextAndOperatorEndpoints) {
    const ServerSettings unset = load_server_config(write("[index]\ndb = \"index\"\n"));
    EXPECT_EQ(unset.page.lang, "en");
    EXPECT_EQ(unset.page.emergency, "In an emergency call 911.");
    EXPECT_EQ(unset.operator_endpoints, "");
    const ServerSettings s = load_server_config(write(
        "[server]\noperator_endpoints = \"open\"\n[page]\nlang = \"en-GB\"\nsite_name = \"Riverside\"\nheading = \"Search Riverside\"\n"
        "footer = \"Not advice.\"\nemergency = \"\"\n"));
    EXPECT_EQ(s.operator_endpoints, "open");
    EXPECT_EQ(s.page.lang, "en-GB");
    EXPECT_EQ(s.page.site_name, "Riverside");
    EXPECT_EQ(s.page.heading, "Search Riverside");
    EXPECT_EQ(s.page.footer, "Not advice.");
    EXPECT_EQ(s.page.emergency, "");
    const struct {
        std::string toml, error;
    } rows[] = {
        {"[page]\nlang = \"en_GB\"\n", "2: page.lang: must be a language tag such as \"en\", \"en-GB\" or \"fr-CA\", not \"en_GB\""},
        {"[page]\nheading = \"  \"\n", "2: page.heading: must not be empty"},
        {"[server]\noperator_endpoints = \"everyone\"\n", "2: server.operator_endpoints: must be \"loopback\" or \"open\", not \"everyone\""},
    };
    for (const auto& r : rows) {
        try {
            load_server_config(write(r.toml));
            ADD_FAILURE() << r.toml;
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), path_ + ":" + r.error) << r.toml;
        }
    }
}

TEST(ParseSize, Table) {
    const struct {
        std::string text;
        std::uintmax_t want;
    } rows[] = {{"32MiB", 32u << 20}, {"500KB", 500000}, {"1GiB", 1u << 30}, {"4096", 4096}, {"10 MB", 10000000}};
    for (const auto& r : rows) EXPECT_EQ(parse_size(r.text, "x"), r.want) << r.text;
    for (const char* bad : {"", "MiB", "0", "12 parsecs", "-5", "+5", " 5", "5.5MiB", "99999999999999999999", "17179869184GiB"}) {
        try {
            parse_size(bad, "source.max_size");
            ADD_FAILURE() << "accepted: '" << bad << "'";
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), "source.max_size must be a size such as 32MiB, not '" + std::string(bad) + "'");
        }
    }
}

}  // namespace
}  // namespace lantern
