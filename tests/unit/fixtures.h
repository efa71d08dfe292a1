// fixtures.h: reading files from tests/data/sample in unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace lantern::test {

/// The bytes of tests/data/sample/NAME ("" if it cannot be read: the test's own checks then fail).
inline std::string fixture(const std::string& name) {
    std::ifstream in(std::string(LANTERN_TEST_DATA) + "/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace lantern::test
