// Tests for core/vocabulary_paths: where the bundled thesaurus and safety panel are looked for,
// in which order, and what a build is told when they are nowhere.
#include "index/vocabulary_paths.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

using From = VocabularySetting::From;

const std::string kSourceCorpus = std::string(LANTERN_SOURCE_DIR) + "/corpus";

TEST(VocabularyPaths, InstallTreeFirstThenSourceTree) {
    // GNUInstallDirs' default bin/ and share/ (also Debian's, with prefix /usr).
    EXPECT_EQ(bundled_vocabulary_dirs("/opt/lantern/bin/lantern-index"),
              (std::vector<std::string>{"/opt/lantern/share/lantern", kSourceCorpus}));
    // The running program (this test, in a build tree) is found through /proc/self/exe.
    const std::vector<std::string> running = bundled_vocabulary_dirs();
    ASSERT_EQ(running.size(), 2u);
    EXPECT_EQ(running[1], kSourceCorpus);
}

TEST(VocabularyPaths, ABuildTreeProgramFindsTheSourceTreesFiles) {
    // What lets the demo and the end-to-end tests get the bundled vocabulary without an install.
    const std::vector<std::string> dirs = bundled_vocabulary_dirs();
    const ResolvedVocabulary t = resolve_vocabulary({}, kBundledThesaurus, dirs, "thesaurus");
    EXPECT_EQ(t.path, kSourceCorpus + "/thesaurus");
    EXPECT_TRUE(t.bundled);
    EXPECT_EQ(t.warning, "");
    EXPECT_EQ(resolve_vocabulary({}, kBundledSafetyPanel, dirs, "safety panel").path,
              kSourceCorpus + "/safety-panel.toml");
}

class ResolveTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("lantern-vocabulary-" + std::to_string(::getpid()));
        for (const char* d : {"empty", "installed", "source", "odd/thesaurus"}) fs::create_directories(root_ / d);
        std::ofstream(root_ / "installed/thesaurus") << "naloxone = narcan\n";
        std::ofstream(root_ / "source/thesaurus") << "naloxone = narcan\n";
    }
    void TearDown() override { fs::remove_all(root_); }
    std::string dir(const char* name) const { return (root_ / name).string(); }
    fs::path root_;
};

TEST_F(ResolveTest, SettingsAndSearchOrder) {
    const std::string empty = dir("empty"), installed = dir("installed"), source = dir("source"), odd = dir("odd");
    const std::string missing =
        "so the index has none; give --thesaurus FILE, or --no-thesaurus to build without one and without this warning";
    const struct {
        From from;
        std::string file;  // the setting's path
        std::vector<std::string> dirs;
        std::string path;
        bool bundled;
        std::string warning;
    } rows[] = {
        {From::bundled_if_found, "", {empty, installed, source}, installed + "/thesaurus", true, ""},
        {From::bundled_if_found, "", {source, installed}, source + "/thesaurus", true, ""},
        {From::bundled, "", {empty, source}, source + "/thesaurus", true, ""},
        // A folder of the file's name is not the file.
        {From::bundled_if_found, "", {odd, source}, source + "/thesaurus", true, ""},
        {From::file, "/srv/mine", {installed}, "/srv/mine", false, ""},
        {From::none, "", {installed}, "", false, ""},
        {From::bundled_if_found, "", {empty, odd}, "", false,
         "no bundled thesaurus found (tried " + empty + "/thesaurus, " + odd + "/thesaurus), " + missing},
        {From::bundled_if_found, "", {}, "", false, "no bundled thesaurus found (tried no folder to look in), " + missing},
    };
    for (const auto& r : rows) {
        const ResolvedVocabulary v = resolve_vocabulary({r.from, r.file}, kBundledThesaurus, r.dirs, "thesaurus");
        EXPECT_EQ(v.path, r.path) << r.path;
        EXPECT_EQ(v.bundled, r.bundled) << r.path;
        EXPECT_EQ(v.warning, r.warning) << r.path;
    }
}

TEST_F(ResolveTest, ABundledFileAskedForAndMissingIsAnError) {
    try {
        resolve_vocabulary({From::bundled, ""}, kBundledSafetyPanel, {dir("empty")}, "safety panel");
        ADD_FAILURE() << "expected BadInput";
    } catch (const BadInput& e) {
        EXPECT_EQ(std::string(e.what()), "the bundled safety panel was asked for but is not installed (tried " +
                                             dir("empty") + "/safety-panel.toml); give --safety-panel FILE instead");
    }
}

}  // namespace
}  // namespace lantern
