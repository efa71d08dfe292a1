// zip_reader.h: the parts of a zip container (DOCX, ODT) held in memory, read within bounds. A zip
// says how large each part is, and a hostile one lies: a few kilobytes can inflate to gigabytes
// (a zip bomb), or declare 1 KB and inflate to much more. Each part is read against what its
// header declares, a cap per part and a cap for the archive, and never past them; what was not
// read is said in words. libzip stays inside zip_reader.cpp. Internal to extract.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace lantern {

struct ZipLimits {
    std::size_t max_entries = 0;  ///< entries the archive may list
    std::uint64_t max_part = 0;   ///< uncompressed bytes of one part read
    std::uint64_t max_total = 0;  ///< uncompressed bytes of all parts read
};

class ZipReader {
public:
    /// Opens the zip in `bytes` (which must outlive the reader). Throws BadDocument "not a zip
    /// file" or "damaged zip: ..." when it cannot be listed.
    ZipReader(std::string_view bytes, const ZipLimits& limits);
    ~ZipReader();
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    /// Non-empty when the archive lists more entries than the limit (nothing should be read then).
    const std::string& past_bound() const { return past_bound_; }

    /// True when the archive has a part of this name.
    bool has(const std::string& name) const;

    /// Reads part `name` whole into `out`. Returns "" when it was read, else why not, within the
    /// bounds: missing, encrypted, declared or inflating past a cap, or larger than its header
    /// says. Throws BadDocument when its compressed data is damaged.
    std::string read(const std::string& name, std::string& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ZipLimits limits_;
    std::uint64_t read_total_ = 0;
    std::string past_bound_;
};

}  // namespace lantern
