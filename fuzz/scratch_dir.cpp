// scratch_dir.cpp: mkdtemp-made folders, so concurrent fuzzers and test runs never share one.
#include "fuzz/scratch_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace lantern::fuzz {

ScratchDir::ScratchDir(const std::string& purpose) {
    std::string tmpl = (fs::temp_directory_path() / ("lantern-fuzz-" + purpose + "-XXXXXX")).string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder from " + tmpl);
    dir_ = buf.data();
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;  // a folder left behind in $TMPDIR is harmless; a throwing destructor is not
    fs::remove_all(dir_, ignored);
}

std::string ScratchDir::path(const std::string& name) const { return dir_ + "/" + name; }

std::string ScratchDir::write(const std::string& name, std::string_view bytes) const {
    const std::string p = path(name);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + p);
    return p;
}

}  // namespace lantern::fuzz
