// Tests for core/text/index_layout: how readers find the live release of an index folder, and
// what they say when they cannot (docs/operations.md). Folders are laid out in a temporary
// directory with stand-in files: only names and stub contents matter here, not Xapian.
#include "text/index_layout.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;

/// A temporary folder, removed at the end of the test.
struct LayoutDir {
    fs::path dir = fs::temp_directory_path() / ("lantern-layout-test-" + std::to_string(::getpid()));
    LayoutDir() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~LayoutDir() { fs::remove_all(dir); }
    std::string path(const std::string& rel = "") const { return rel.empty() ? dir.string() : (dir / rel).string(); }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel) << text;
    }
    void mkdir(const std::string& rel) const { fs::create_directories(dir / rel); }
};

TEST(IndexPaths, TrailingSlashesAreDropped) {
    const struct {
        const char* dir;
        const char* stub;
    } rows[] = {
        {"/srv/index", "/srv/index/current"},
        {"/srv/index/", "/srv/index/current"},
        {"/srv/index///", "/srv/index/current"},
        {"index", "index/current"},
        {"/", "//current"},  // the root keeps its one slash
    };
    for (const auto& r : rows) EXPECT_EQ(IndexPaths(r.dir).current_stub(), r.stub) << r.dir;
}

TEST(ReleaseNamedBy, Table) {
    const struct {
        const char* stub;  ///< the stub file's text
        const char* name;  ///< "" when it is not one of Lantern's
    } rows[] = {
        {"auto releases/20260101-120000\n", "20260101-120000"},
        {"auto releases/r7/meta\nauto releases/r7/shard-00\n", "r7"},  // a sharded release: its meta first
        {"  auto   releases/r1  \n", "r1"},
        {"auto /srv/other/db\n", ""},
        {"remote :127.0.0.1:7001\n", ""},
        {"glass releases/r1\n", ""},
        {"", ""},
    };
    const LayoutDir d;
    for (const auto& r : rows) {
        d.write("current", r.stub);
        EXPECT_EQ(release_named_by(d.path("current")), r.name) << r.stub;
    }
    EXPECT_EQ(release_named_by(d.path("no-such-stub")), "");
}

TEST(StubLines, WordsNormalisedBlankLinesAndCommentsLeftOut) {
    const LayoutDir d;
    d.write("current",
            "# written by lantern-index\nauto releases/r1/meta\n\n  auto\treleases/r1/shard-00  \nremote :h:7001\n");
    EXPECT_EQ(stub_lines(d.path("current")),
              (std::vector<std::string>{"auto releases/r1/meta", "auto releases/r1/shard-00", "remote :h:7001"}));
    EXPECT_EQ(stub_lines(d.path("missing")), std::vector<std::string>{});
}

TEST(NumberedFolders, Table) {
    EXPECT_EQ(numbered_folder("part", 0), "part-00");
    EXPECT_EQ(numbered_folder("part", 7), "part-07");
    EXPECT_EQ(numbered_folder("part", 123), "part-123");
    EXPECT_EQ(shard_folder(0), "shard-00");
    EXPECT_EQ(shard_folder(11), "shard-11");
}

TEST(ReleaseDatabases, SingleAndSharded) {
    const LayoutDir d;
    d.mkdir("releases/single");
    d.mkdir("releases/sharded/meta");
    for (const char* s : {"shard-00", "shard-01", "shard-02", "shard-04"})
        d.mkdir(std::string("releases/sharded/") + s);
    const std::string single = d.path("releases/single"), sharded = d.path("releases/sharded");
    EXPECT_EQ(release_databases(single), std::vector<std::string>{single});
    EXPECT_EQ(release_shards(single), 1u);
    // Shards are counted up to the first gap: shard-04 after a missing shard-03 is not one.
    EXPECT_EQ(release_databases(sharded), (std::vector<std::string>{sharded + "/meta", sharded + "/shard-00",
                                                                    sharded + "/shard-01", sharded + "/shard-02"}));
    EXPECT_EQ(release_shards(sharded), 3u);
}

TEST(ReaderStub, FileFolderOrNothing) {
    const LayoutDir d;
    d.mkdir("with-current/releases/r1");
    d.write("with-current/current", "auto releases/r1\n");
    d.mkdir("plain");
    d.write("plain/iamglass", "");
    d.write("mine.stub", "auto releases/r1\n");
    const struct {
        std::string db;
        std::string want;
    } rows[] = {
        {d.path("with-current"), d.path("with-current") + "/current"},
        {d.path("with-current") + "/", d.path("with-current") + "/current"},
        {d.path("mine.stub"), d.path("mine.stub")},  // a stub file given as --db is read as it is
        {d.path("plain"), ""},
        {d.path("missing"), ""},
    };
    for (const auto& r : rows) EXPECT_EQ(reader_stub(r.db), r.want) << r.db;
}

TEST(ReadingPath, WhatReadersOpenAndWhatTheyAreToldWhenThereIsNothing) {
    const LayoutDir d;
    const std::string root = d.path();
    d.mkdir("live/releases/r1");
    d.write("live/current", "auto releases/r1\n");
    d.write("legacy/iamglass", "");
    d.write("file.stub", "auto releases/r1\n");
    d.write("garbage/current", "not a stub\n");
    d.write("gone/current", "auto releases/r9\n");
    d.mkdir("gone/releases/r1");
    d.mkdir("empty");
    const struct {
        std::string db;
        std::string want;   ///< the path to open, or...
        std::string error;  ///< ...the BadIndex message
    } rows[] = {
        {root + "/live", root + "/live/current", ""},
        {root + "/live/", root + "/live/current", ""},
        {root + "/legacy", root + "/legacy", ""},  // built before releases existed
        {root + "/file.stub", root + "/file.stub", ""},
        {root + "/garbage", "",
         root +
             "/garbage/current does not name a release (it should read \"auto releases/NAME\"); run lantern-index "
             "build --db " +
             root + "/garbage to make a new release live"},
        {root + "/gone", "",
         root + "/gone/current names release r9, which is missing; run lantern-index rollback --db " + root +
             "/gone or build with --full"},
        {root + "/empty", "",
         "no Lantern index at " + root + "/empty (build one with: lantern-index build --db " + root + "/empty FOLDER)"},
        {root + "/missing", "",
         "no Lantern index at " + root + "/missing (build one with: lantern-index build --db " + root +
             "/missing FOLDER)"},
    };
    for (const auto& r : rows) {
        try {
            EXPECT_EQ(reading_path(r.db), r.want) << r.db;
            EXPECT_EQ(r.error, "") << r.db << ": accepted";
        } catch (const BadIndex& e) {
            EXPECT_EQ(e.what(), r.error) << r.db;
        }
    }
}

TEST(ReadAll, WholeFileOrNothing) {
    const LayoutDir d;
    d.write("manifest.json", "{\"release\": \"r1\"}\nsecond line\n");
    EXPECT_EQ(read_all(d.path("manifest.json")), "{\"release\": \"r1\"}\nsecond line\n");
    EXPECT_EQ(read_all(d.path("missing")), "");
}

}  // namespace
}  // namespace lantern
