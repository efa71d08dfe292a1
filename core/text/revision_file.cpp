// revision_file.cpp: mapping and writing the files of text/revision_file.h.
#include "text/revision_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "text/index_layout.h"

namespace lantern {
namespace {

constexpr std::uint32_t kByteOrder = 0x01020304;  ///< as written by this machine: another order is not read

struct Header {
    char kind[16];  ///< NUL-padded
    std::uint32_t byte_order;
    std::uint32_t reserved;
    char uuid[40];  ///< the database's UUID, NUL-padded
    std::uint64_t revision;
    std::uint64_t last_docid;
};
static_assert(sizeof(Header) == kRevisionHeaderBytes, "the payload starts where the header ends");

/// The header a file for this revision of `db` holding `kind` has.
Header header_for(std::string_view kind, const Xapian::Database& db) {
    Header h{};
    std::memcpy(h.kind, kind.data(), std::min(kind.size(), sizeof h.kind - 1));
    h.byte_order = kByteOrder;
    const std::string uuid = db.get_uuid();
    std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid - 1));
    h.revision = db.get_revision();
    h.last_docid = db.get_lastdocid();
    return h;
}

/// A mapped file, unmapped with the last payload that uses it.
struct Mapping {
    void* at = MAP_FAILED;
    std::size_t bytes = 0;
    ~Mapping() {
        if (at != MAP_FAILED) ::munmap(at, bytes);
    }
};

}  // namespace

std::optional<RevisionPayload> map_revision_file(const std::string& path, std::string_view kind, const Xapian::Database& db) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    auto m = std::make_shared<Mapping>();
    if (::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) >= sizeof(Header)) {
        m->bytes = static_cast<std::size_t>(st.st_size);
        m->at = ::mmap(nullptr, m->bytes, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
    if (m->at == MAP_FAILED) return std::nullopt;
    const Header want = header_for(kind, db);
    if (std::memcmp(m->at, &want, sizeof want) != 0) return std::nullopt;
    const char* payload = static_cast<const char*>(m->at) + sizeof(Header);
    return RevisionPayload{std::string_view(payload, m->bytes - sizeof(Header)), std::move(m)};
}

void write_revision_file(const std::string& path, std::string_view kind, const Xapian::Database& db,
                         const std::vector<std::string_view>& parts) {
    const Header h = header_for(kind, db);
    std::vector<std::string_view> file{std::string_view(reinterpret_cast<const char*>(&h), sizeof h)};
    file.insert(file.end(), parts.begin(), parts.end());
    write_atomically(path, file);
}

}  // namespace lantern
