// releases_test.cpp: release folders are named in build order, even after pruning.
#include "index/releases.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lantern {
namespace {

namespace fs = std::filesystem;

TEST(Releases, NewNamesSortAfterEveryExistingOneEvenAfterPruning) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-releases-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const IndexDir index(dir.string());
    // Builds within one second, with the oldest pruned in between (as keep_releases does).
    std::vector<std::string> made;
    for (int i = 0; i < 6; ++i) {
        made.push_back(fs::path(index.new_release()).filename().string());
        if (i == 2) fs::remove_all(dir / "releases" / made.front());
    }
    for (std::size_t i = 1; i < made.size(); ++i) EXPECT_LT(made[i - 1], made[i]) << "release " << i;
    fs::remove_all(dir);
}

}  // namespace
}  // namespace lantern
