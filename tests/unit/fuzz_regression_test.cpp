// Tests for the fuzz targets (fuzz/targets.h): every input a fuzzer found a bug with, saved under
// tests/data/fuzz-regressions/<harness>/<name>, replayed through the harness's own entry point,
// with the bug it pins; the seed inputs of fuzz/seeds; and the targets' own checks.
#include "fuzz/targets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "fuzz/invariants.h"

namespace fs = std::filesystem;

namespace lantern::fuzz {
namespace {

const fs::path kSource = LANTERN_SOURCE_DIR;
const fs::path kRegressions = kSource / "tests/data/fuzz-regressions";

struct Regression {
    const char* harness;
    const char* input;         // file name under tests/data/fuzz-regressions/<harness>/
    const char* bug;           // what went wrong, and where it was fixed
    std::size_t max_peak_mb;   // most the peak resident memory may grow while it runs (0: not checked)
    double max_seconds;        // most seconds it may take (0: not checked); ASan builds must meet it too
};

const Regression kFound[] = {
    {"html_extract", "deep-stray-end-tags",
     "Gumbo kept every parse error with a copy of the open-element stack: 8,000 nested <div>s and 8,000 stray </p>s "
     "took about 1 GB (html_extract.cpp no longer records parse errors)", 200, 0},
    // Issue 17, no input may stall a build. Made by lantern-bench-shapes (bench/shapes.cpp); the times
    // are of a Release build on the 2-core machine of docs/security.md, "Pathological files, measured".
    {"html_extract", "deep-tables-stack-overflow",
     "806 KiB of unclosed <table><td> nest 300,000 elements; gumbo_destroy_output recurses once per level and "
     "overflowed the stack: lantern-index died of SIGSEGV on a file under 1 MB", 100, 2},
    {"html_extract", "formatting-reopened-per-paragraph",
     "32 KB, 1,467 times '<p><b class=cN>word': every <p> reopens every earlier <b> (HTML's reconstruction of formatting "
     "elements, the Noah's Ark clause defeated by distinct classes), N^2/2 elements: 1.8 s and 290 MB", 64, 1},
    {"html_extract", "nested-divs-quadratic",
     "256 KB, 23,819 nested <div>s: gumbo walks the open-element stack for each tag: 1.8 s, 26 s at 1 MiB", 64, 1},
    {"html_extract", "many-attributes-quadratic",
     "one <div> with 24,828 attributes (256 KB): gumbo compares each attribute name with every earlier one: 1.5 s, "
     "33 s at 1 MiB", 64, 1},
    {"html_extract", "nested-headers-quadratic",
     "256 KB, 15,412 nested <header>s: html_extract.cpp's is_page_chrome_header walks every ancestor of every header: "
     "2.9 s, 42 s at 1 MiB", 64, 1},
    {"xml_fixed", "undeclared-latin1",
     "pugixml reads undeclared Latin-1 bytes as UTF-8 without checking: invalid UTF-8 reached the title and body "
     "(xml_text::sanitize)", 0, 0},
    {"xml_fixed", "medquad-stray-byte", "one stray byte in a MedQuAD answer reached the article body as invalid UTF-8", 0, 0},
    {"xml_fixed", "surrogate-reference", "&#xD800; became a lone surrogate, invalid UTF-8, in the title", 0, 0},
    {"xml_fixed", "draft-key-not-utf8",
     "a skipped record's key, not UTF-8, made summary_json throw: the build failed before switching releases "
     "(index_build.cpp dumps with replacement)", 0, 0},
    {"xml_fixed", "root-not-utf8", "the 'no XML mapping matches' failure names the root element, not UTF-8: summary_json threw", 0, 0},
    {"xml_mapping", "invalid-key-and-heading", "record keys and headings from attributes reached ids and sections as invalid UTF-8", 0, 0},
    {"xml_mapping", "records-not-nodes",
     "records = \"/<Category>/item\" compiles to a boolean; evaluating it as records threw pugi::xpath_exception on every "
     "file (xml_mapping.cpp now rejects it when loading)", 0, 0},
    {"xml_mapping", "select-not-nodes", "a body select computing a string threw pugi::xpath_exception on every file", 0, 0},
    {"http_api", "path-not-utf8", "a 404 for a path that is not UTF-8 threw from SearchService::handle (json_error dumps with replacement)", 0, 0},
    {"http_api", "suggest-not-utf8", "/api/suggest echoing a q that is not UTF-8 threw from SearchService::handle", 0, 0},
    {"thesaurus", "latin1-line",
     "a Latin-1 thesaurus line split into words that are not UTF-8; storing the thesaurus in the index threw "
     "(thesaurus.cpp now rejects the line)", 0, 0},
};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Linux's peak resident set size (VmHWM) in MiB, after `reset` lowers it to the current size.
std::size_t peak_rss_mb(bool reset) {
    if (reset) std::ofstream("/proc/self/clear_refs") << "5";
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) / 1024;
    }
    return 0;
}

std::size_t current_rss_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) / 1024;
    }
    return 0;
}

class FuzzTargetTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { made_ = new std::map<std::string, Target>(); }
    static void TearDownTestSuite() {
        delete made_;
        made_ = nullptr;
    }
    /// Each target is made once for the suite: the search targets build a small index.
    static Target& target(const std::string& name) {
        auto it = made_->find(name);
        if (it == made_->end()) it = made_->emplace(name, make_target(name)).first;
        return it->second;
    }
    static std::map<std::string, Target>* made_;
};
std::map<std::string, Target>* FuzzTargetTest::made_ = nullptr;

TEST_F(FuzzTargetTest, FuzzRegressionsPass) {
    for (const Regression& r : kFound) {
        SCOPED_TRACE(std::string(r.harness) + "/" + r.input + ": " + r.bug);
        const std::string bytes = read(kRegressions / r.harness / r.input);
        ASSERT_FALSE(bytes.empty());
        Target& run = target(r.harness);
        const std::size_t before = current_rss_mb();
        if (r.max_peak_mb > 0) {
            ASSERT_LE(peak_rss_mb(true), before + 16) << "cannot reset the peak memory (/proc/self/clear_refs)";
        }
        const auto started = std::chrono::steady_clock::now();
        EXPECT_NO_THROW(run(bytes));
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        if (r.max_seconds > 0) {
            EXPECT_LE(took.count(), r.max_seconds) << "took too long";
        }
        if (r.max_peak_mb > 0) {
            const std::size_t peak = peak_rss_mb(false);
            EXPECT_LE(peak - std::min(peak, before), r.max_peak_mb) << "peak resident memory grew too much";
        }
    }
}

TEST_F(FuzzTargetTest, FuzzRegressionsAreAllListed) {
    std::set<std::string> listed, saved;
    for (const Regression& r : kFound) listed.insert(std::string(r.harness) + "/" + r.input);
    const std::vector<std::string>& names = target_names();
    for (const auto& dir : fs::directory_iterator(kRegressions)) {
        EXPECT_NE(std::find(names.begin(), names.end(), dir.path().filename().string()), names.end())
            << "no harness named " << dir.path().filename();
        for (const auto& f : fs::directory_iterator(dir)) saved.insert(dir.path().filename().string() + "/" + f.path().filename().string());
    }
    EXPECT_EQ(saved, listed);
}

TEST_F(FuzzTargetTest, FuzzSeedsPass) {
    std::size_t seeds = 0;
    for (const std::string& name : target_names()) {
        const fs::path dir = kSource / "fuzz/seeds" / name;
        if (!fs::exists(dir)) continue;
        for (const auto& f : fs::directory_iterator(dir)) {
            SCOPED_TRACE(f.path().string());
            EXPECT_NO_THROW(target(name)(read(f.path())));
            ++seeds;
        }
    }
    EXPECT_GE(seeds, 20u);
}

TEST_F(FuzzTargetTest, FuzzProjectFixturesPass) {
    const struct {
        const char* harness;
        const char* path;   // a file, or a folder whose files (recursively) are each an input
    } rows[] = {
        {"html_extract", "tests/data/sample/site"}, {"html_extract", "tests/data/hostile"},
        {"html_extract", "tests/data/payload"},     {"xml_fixed", "tests/data/sample/xml"},
        {"xml_fixed", "tests/data/hostile"},        {"xml_fixed", "corpus/xml"},
        {"thesaurus", "corpus/thesaurus"},          {"safety_panel", "corpus/safety-panel.toml"},
        {"config", "lantern.toml"},
    };
    for (const auto& row : rows) {
        std::vector<fs::path> files{kSource / row.path};
        if (fs::is_directory(files[0])) {
            files.clear();
            for (const auto& f : fs::recursive_directory_iterator(kSource / row.path)) {
                std::error_code ec;   // hostile/ holds a dangling symlink and a symlink loop
                if (f.is_regular_file(ec)) files.push_back(f.path());
            }
        }
        ASSERT_FALSE(files.empty()) << row.path;
        for (const fs::path& f : files) {
            SCOPED_TRACE(std::string(row.harness) + " " + f.string());
            EXPECT_NO_THROW(target(row.harness)(read(f)));
        }
    }
}

// The checks themselves: a target that cannot fail would pin nothing.
TEST(FuzzInvariants, BrokenArticlesAreReported) {
    Article good;
    good.id = "a";
    good.title = "Title";
    good.body = "Heading\ntext";
    good.sections = {{"Heading", "h", 0}};
    const struct {
        const char* name;
        void (*spoil)(Article&);
        const char* error;   // InvariantBroken's message; "" = no error
    } rows[] = {
        {"valid", [](Article&) {}, ""},
        {"invalid UTF-8 body", [](Article& a) { a.body = "caf\xE9"; }, "article 'a' body: invalid UTF-8 in \"caf\\xe9\""},
        {"lone surrogate title", [](Article& a) { a.title = "\xED\xA0\x80"; }, "article 'a' title: invalid UTF-8 in \"\\xed\\xa0\\x80\""},
        {"empty title", [](Article& a) { a.title.clear(); }, "article 'a': empty title"},
        {"bad date", [](Article& a) { a.reviewed = "2025-13-01"; }, "article 'a' reviewed: not YYYY-MM-DD: \"2025-13-01\""},
        {"section past the end", [](Article& a) { a.sections[0].offset = 99; },
         "article 'a' section 'Heading': offset 99 is past the body's end (12)"},
        {"sections out of order", [](Article& a) { a.sections = {{"B", "", 8}, {"A", "", 0}}; },
         "article 'a' section 'A': offset 0 comes before the previous section's 8"},
    };
    for (const auto& row : rows) {
        Article a = good;
        row.spoil(a);
        std::string error;
        try {
            check_articles({a});
        } catch (const InvariantBroken& e) {
            error = e.what();
        }
        EXPECT_EQ(error, row.error) << row.name;
    }
}

TEST(FuzzInvariants, UnknownTargetIsRejected) {
    EXPECT_THROW(make_target("no_such_harness"), std::invalid_argument);
}

}  // namespace
}  // namespace lantern::fuzz
