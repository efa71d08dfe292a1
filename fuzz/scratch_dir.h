// scratch_dir.h: a private temporary folder for fuzz targets whose API reads files (thesaurus,
// safety panel, lantern.toml, mappings) or writes them (the small index). Removed when destroyed.
#pragma once

#include <string>
#include <string_view>

namespace lantern::fuzz {

class ScratchDir {
public:
    /// Creates a new empty folder under the system temporary folder ($TMPDIR). Throws
    /// std::runtime_error when it cannot.
    explicit ScratchDir(const std::string& purpose);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    /// Path of `name` inside the folder.
    std::string path(const std::string& name) const;

    /// Writes `bytes` to `name` (replacing it) and returns its path. Throws std::runtime_error.
    std::string write(const std::string& name, std::string_view bytes) const;

private:
    std::string dir_;
};

}  // namespace lantern::fuzz
