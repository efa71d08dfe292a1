// Tests for core/text/index_layout: stub files read and written, the database and manifest files.
#include "text/index_layout.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace lantern {
namespace {

namespace fs = std::filesystem;

class IndexLayoutTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("lantern-layout-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        const fs::path p = dir_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
    fs::path dir_;
};

TEST_F(IndexLayoutTest, StubDatabases) {
    const std::string base = dir_.string();
    const struct {
        std::string text;
        std::vector<StubDatabase> want;
    } rows[] = {
        {"auto releases/R\n", {{"auto releases/R", false, base + "/releases/R"}}},
        {"# a comment\n\n  auto   releases/R/meta \nauto releases/R/shard-00\n",
         {{"auto releases/R/meta", false, base + "/releases/R/meta"}, {"auto releases/R/shard-00", false, base + "/releases/R/shard-00"}}},
        {"glass /srv/db\n/srv/other\n", {{"glass /srv/db", false, "/srv/db"}, {"/srv/other", false, "/srv/other"}}},
        {"remote 10.0.0.7:7001\nremote  :ssh host\n",
         {{"remote 10.0.0.7:7001", true, "10.0.0.7:7001"}, {"remote :ssh host", true, ":ssh host"}}},
        {"", {}},
    };
    for (const auto& r : rows) {
        const std::vector<StubDatabase> got = stub_databases(write("stub", r.text));
        ASSERT_EQ(got.size(), r.want.size()) << r.text;
        for (std::size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].line, r.want[i].line) << r.text;
            EXPECT_EQ(got[i].remote, r.want[i].remote) << r.text;
            EXPECT_EQ(got[i].target, r.want[i].target) << r.text;
        }
    }
    EXPECT_TRUE(stub_databases("").empty());
    EXPECT_TRUE(stub_databases((dir_ / "missing").string()).empty());
}

TEST_F(IndexLayoutTest, ReleaseStubNamesItsRelease) {
    const IndexPaths paths(dir_.string() + "//");
    EXPECT_EQ(paths.dir, dir_.string());
    const struct {
        std::vector<std::string> folders;   ///< databases inside the release folder
        std::string stub;
    } rows[] = {
        {{}, "auto releases/R1\n"},
        {{"meta", "shard-00", "shard-01"}, "auto releases/R2/meta\nauto releases/R2/shard-00\nauto releases/R2/shard-01\n"},
    };
    int n = 0;
    for (const auto& r : rows) {
        const std::string release = paths.release("R" + std::to_string(++n));
        fs::create_directories(release);
        for (const std::string& f : r.folders) fs::create_directories(release + "/" + f);
        EXPECT_EQ(release_stub(release), r.stub);
        EXPECT_EQ(release_named_by(write("current", r.stub)), "R" + std::to_string(n));
    }
    EXPECT_EQ(release_named_by(write("current", "glass /srv/db\n")), "");
    EXPECT_EQ(release_named_by(write("current", "")), "");
}

TEST_F(IndexLayoutTest, DatabaseFoldersAndManifests) {
    const std::string db = (dir_ / "db").string();
    fs::create_directories(db);
    EXPECT_FALSE(is_database_folder(db));
    write("db/iamglass", "x");
    EXPECT_TRUE(is_database_folder(db));
    EXPECT_EQ(database_version_file(db), db + "/iamglass");
    EXPECT_EQ(reading_path(db), db);   // a plain database: read as it is
    EXPECT_EQ(manifest_path("/idx/releases/R"), "/idx/releases/R/manifest.json");
}

}  // namespace
}  // namespace lantern
