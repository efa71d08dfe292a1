// The example configuration (packaging/lantern.toml, installed as /etc/lantern/lantern.toml and
// share/lantern/examples/lantern.toml) names every key the parser accepts, each in its own table,
// and every one of them, set as shown, is accepted: a key added to core/app/config.cpp without a
// line in the example fails here, so the example cannot drift from the parser.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "app/config.h"

namespace {

namespace fs = std::filesystem;
using KeysByTable = std::map<std::string, std::set<std::string>>;

const std::string kExample = std::string(LANTERN_SOURCE_DIR) + "/packaging/lantern.toml";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << "cannot read " << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The keys core/app/config.cpp accepts, per table: the lists of its `only(TABLE, {"key", ...},
/// "[where]")` calls, which reject every other key.
KeysByTable accepted_keys() {
    const std::string source = read_text(std::string(LANTERN_SOURCE_DIR) + "/core/app/config.cpp");
    const std::regex call(R"re(only\(\s*\*?\w+\s*,\s*\{([^}]*)\}\s*,\s*"(\[[^"]*\])")re");
    const std::regex quoted(R"re("([^"]+)")re");
    KeysByTable out;
    for (auto m = std::sregex_iterator(source.begin(), source.end(), call); m != std::sregex_iterator(); ++m) {
        const std::string list = (*m)[1];
        for (auto k = std::sregex_iterator(list.begin(), list.end(), quoted); k != std::sregex_iterator(); ++k) {
            out[(*m)[2]].insert((*k)[1]);
        }
    }
    return out;
}

/// The example's keys per table: lines "key = ..." and "#key = ..." (a key left unset), under the
/// table header above them. Prose comments start "# " and are not keys.
KeysByTable example_keys(const std::string& text) {
    const std::regex header(R"(^(\[\[?[a-z_]+\]\]?))");
    const std::regex key(R"(^#?([a-z_]+)\s*=)");
    KeysByTable out;
    std::string table;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_search(line, m, header)) {
            table = m[1];
        } else if (std::regex_search(line, m, key)) {
            out[table].insert(m[1]);
        }
    }
    return out;
}

/// The example with every "#key = value" line made a setting.
std::string every_key_set(const std::string& text) { return std::regex_replace(text, std::regex(R"((^|\n)#([a-z_]+\s*=))"), "$1$2"); }

class TempFile {
public:
    explicit TempFile(const std::string& text) : path_(fs::temp_directory_path() / ("lantern-config-example-" + std::to_string(::getpid()) + ".toml")) {
        std::ofstream(path_) << text;
    }
    ~TempFile() { fs::remove(path_); }
    std::string path() const { return path_.string(); }

private:
    fs::path path_;
};

TEST(ConfigExample, NamesEveryKeyTheParserAcceptsInItsTable) {
    const KeysByTable accepted = accepted_keys();
    for (const char* table : {"[index]", "[[source]]", "[server]"}) {
        ASSERT_TRUE(accepted.count(table)) << "no only(..., \"" << table << "\") list found in core/app/config.cpp: has the parser changed shape?";
    }
    const KeysByTable example = example_keys(read_text(kExample));
    for (const auto& [table, keys] : accepted) {
        const std::set<std::string> shown = example.count(table) ? example.at(table) : std::set<std::string>{};
        for (const std::string& k : keys) EXPECT_TRUE(shown.count(k)) << table << " " << k << ": accepted by the parser, missing from " << kExample;
        for (const std::string& k : shown) EXPECT_TRUE(keys.count(k)) << table << " " << k << ": in " << kExample << ", unknown to the parser";
    }
    EXPECT_EQ(example.count(""), 0u) << "keys before the first table";
}

TEST(ConfigExample, EveryKeySetAsShownIsAccepted) {
    const TempFile file(every_key_set(read_text(kExample)));
    const lantern::BuildOptions o = lantern::load_config(file.path());
    EXPECT_EQ(o.db_path, "/var/lib/lantern/index");
    EXPECT_EQ(o.keep_releases, 3u);
    ASSERT_EQ(o.sources.size(), 1u);
    EXPECT_EQ(o.sources[0].mapping_files, std::vector<std::string>{"/usr/share/lantern/examples/mappings/medquad.toml"});
    EXPECT_EQ(o.sources[0].max_file_size, 32u << 20);
    const lantern::ServerSettings s = lantern::load_server_config(file.path());
    EXPECT_EQ(s.listen, "127.0.0.1:8080");
    EXPECT_EQ(s.time_budget_ms, 2000);
    EXPECT_TRUE(s.has_log_queries);
}

TEST(ConfigExample, AsShippedItNamesTheIndexTheServicesMayWrite) {
    const lantern::BuildOptions o = lantern::load_config(kExample);
    EXPECT_EQ(o.db_path, "/var/lib/lantern/index") << "lantern-index.service may write only under /var/lib/lantern (StateDirectory)";
    ASSERT_EQ(o.sources.size(), 1u);
    EXPECT_EQ(o.sources[0].path, "/srv/www/health");
    EXPECT_EQ(lantern::load_server_config(kExample).listen, "127.0.0.1:8080");
}

}  // namespace
