// End-to-end: the bundled health vocabulary (thesaurus and safety panel) is compiled into every
// index unless a flag or lantern.toml turns it off; `cmake --install` ships it; `stats` says
// which vocabulary an index holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.h"

namespace fs = std::filesystem;

namespace lantern::test {
namespace {

const std::string kSite = std::string(LANTERN_CORPUS) + "/site";
const std::string kBundledThesaurus = std::string(LANTERN_CORPUS) + "/thesaurus";

/// Builds corpus/site into `db` with the extra arguments; the build must succeed.
RunResult build(const std::string& index_bin, const std::string& db, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {index_bin, "build", "--quiet", "--db", db};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(kSite);
    RunResult r = run(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
}

nlohmann::json stats(const std::string& db) {
    const RunResult r = run({kIndex, "stats", "--db", db, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

nlohmann::json search(const std::string& db, const std::string& query) {
    const RunResult r = run({kSearch, "--db", db, "--json", query});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

// Brand names that no page of the corpus uses: only the thesaurus leads from them to the pages.
constexpr const char* kBuprenorphineBrand = "belbuca";
constexpr const char* kNaloxoneBrand = "zimhi";

TEST(Vocabulary, ABuildWithNoFlagsHoldsTheBundledThesaurusAndSafetyPanel) {
    const TempDir dir;
    const std::string db = dir.path() + "/db";
    const RunResult r = build(kIndex, db, {});
    EXPECT_EQ(without_progress(r.err), "") << "the bundled files are found in a build tree: no warning";

    const nlohmann::json s = stats(db);
    ASSERT_TRUE(s["thesaurus"].is_object()) << s.dump(2);
    EXPECT_GT(s["thesaurus"]["entries"].get<int>(), 300);
    EXPECT_EQ(s["thesaurus"]["path"], kBundledThesaurus);
    EXPECT_EQ(s["thesaurus"]["bundled"], true);
    ASSERT_TRUE(s["safety_panel"].is_object()) << s.dump(2);
    EXPECT_GE(s["safety_panel"]["cards"].get<int>(), 3);
    EXPECT_EQ(s["safety_panel"]["bundled"], true);
    const std::string text = run({kIndex, "stats", "--db", db}).out;
    EXPECT_TRUE(contains(text, "  thesaurus: " + s["thesaurus"]["entries"].dump() + " phrases expand (bundled, " +
                                   kBundledThesaurus + ")\n"))
        << text;

    const nlohmann::json bupe = search(db, kBuprenorphineBrand);
    ASSERT_GE(bupe["results"].size(), 1u) << bupe.dump(2);
    EXPECT_EQ(bupe["results"][0]["id"], "treatment/buprenorphine.html");
    const nlohmann::json narcan = search(db, kNaloxoneBrand);
    ASSERT_GE(narcan["results"].size(), 1u) << narcan.dump(2);
    EXPECT_EQ(narcan["results"][0]["id"], "overdose/naloxone.html");
    EXPECT_EQ(search(db, "overdose")["safety"][0]["id"], "overdose-emergency");
}

TEST(Vocabulary, NoThesaurusAndNoSafetyPanelLeaveThemOut) {
    const TempDir dir;
    const std::string db = dir.path() + "/db";
    build(kIndex, db, {"--no-thesaurus", "--no-safety-panel"});
    const nlohmann::json s = stats(db);
    EXPECT_TRUE(s["thesaurus"].is_null()) << s.dump(2);
    EXPECT_TRUE(s["safety_panel"].is_null()) << s.dump(2);
    const std::string text = run({kIndex, "stats", "--db", db}).out;
    EXPECT_TRUE(contains(text, "  thesaurus: none\n  safety panel: none\n")) << text;
    EXPECT_EQ(search(db, kBuprenorphineBrand)["total"], 0);
    EXPECT_EQ(search(db, "overdose")["safety"].size(), 0u);

    // An incremental build with the default puts them back: the vocabulary follows each build.
    build(kIndex, db, {});
    EXPECT_TRUE(stats(db)["thesaurus"].is_object());
    EXPECT_GE(search(db, kBuprenorphineBrand)["results"].size(), 1u);
}

TEST(Vocabulary, ConfigurationTurnsThemOffAndAFileWins) {
    const TempDir dir;
    const std::string db = dir.path() + "/db";
    const std::string config = dir.path() + "/lantern.toml";
    std::ofstream(config) << "[index]\ndb = \"db\"\nthesaurus = false\n";
    build(kIndex, db, {"--config", config});
    nlohmann::json s = stats(db);
    EXPECT_TRUE(s["thesaurus"].is_null()) << s.dump(2);
    EXPECT_TRUE(s["safety_panel"].is_object()) << "only the thesaurus was turned off";

    // An explicit --thesaurus FILE wins over the file's false, and over the bundled one.
    const std::string mine = dir.path() + "/mine.txt";
    std::ofstream(mine) << "naloxone <- zimhi\n";
    build(kIndex, db, {"--config", config, "--thesaurus", mine});
    s = stats(db);
    EXPECT_EQ(s["thesaurus"], (nlohmann::json{{"entries", 1}, {"path", mine}, {"bundled", false}}));
    EXPECT_EQ(search(db, kBuprenorphineBrand)["total"], 0);
    EXPECT_EQ(search(db, kNaloxoneBrand)["results"][0]["id"], "overdose/naloxone.html");

    const RunResult both = run({kIndex, "build", "--db", db, "--thesaurus", mine, "--no-thesaurus", kSite});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_TRUE(contains(both.err, "--thesaurus excludes --no-thesaurus")) << both.err;
}

TEST(Vocabulary, CmakeInstallShipsItAndTheInstalledProgramUsesIt) {
    const TempDir dir;
    const std::string prefix = dir.path() + "/prefix";
    const RunResult install = run({LANTERN_CMAKE_COMMAND, "--install", LANTERN_BINARY_DIR, "--prefix", prefix});
    ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
    const std::string installed = prefix + "/" + LANTERN_INSTALL_DATADIR + "/lantern";
    ASSERT_TRUE(fs::is_regular_file(installed + "/thesaurus")) << install.out;
    ASSERT_TRUE(fs::is_regular_file(installed + "/safety-panel.toml")) << install.out;

    // The installed program takes its install tree's copy before the source tree's.
    const std::string db = dir.path() + "/db";
    build(prefix + "/" + LANTERN_INSTALL_BINDIR + "/lantern-index", db, {});
    const nlohmann::json s = stats(db);
    // /proc/self/exe, which the lookup starts from, is the real path: compare real paths.
    EXPECT_EQ(s["thesaurus"]["path"], fs::canonical(installed + "/thesaurus").string()) << s.dump(2);
    EXPECT_EQ(s["thesaurus"]["bundled"], true);
    EXPECT_EQ(s["safety_panel"]["path"], fs::canonical(installed + "/safety-panel.toml").string());
}

}  // namespace
}  // namespace lantern::test
