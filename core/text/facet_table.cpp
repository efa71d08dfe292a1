// facet_table.cpp: building a FacetTable from a database's values, and its file (facet_table.h).
#include "text/facet_table.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "text/errors.h"
#include "text/schema.h"

namespace lantern {
namespace {

constexpr char kMagic[16] = "LANTERN-FACETS1";
constexpr std::uint32_t kByteOrder = 0x01020304;  ///< as written by this machine: another order is not read

/// The file's header; the arrays follow it in this order, then the names' bytes.
struct Header {
    char magic[16];
    std::uint32_t byte_order;
    std::uint32_t reserved;
    char uuid[40];  ///< the database's UUID, NUL-padded
    std::uint64_t revision;
    std::uint64_t last_docid;
    std::uint64_t first, items, copies, item_count, name_bytes;  ///< array sizes (name_order and name_ends: item_count)
};

/// The arrays of a table read from values, which its views point into.
struct Owned {
    std::vector<std::uint32_t> first, items, copies, name_order, name_ends;
    std::string names;
};

/// A mapped file, unmapped with the last table that uses it.
struct Mapping {
    void* at = MAP_FAILED;
    std::size_t bytes = 0;
    ~Mapping() {
        if (at != MAP_FAILED) ::munmap(at, bytes);
    }
};

template <typename T>
ArrayView<T> view_of(const std::vector<T>& v) {
    return {v.data(), v.size()};
}

/// Bytes of `n` 32-bit words, or nothing when that overflows what a file could hold.
std::optional<std::uint64_t> words(std::uint64_t n) {
    if (n > (std::uint64_t{1} << 40)) return std::nullopt;
    return n * 4;
}

std::string uuid_field(const Xapian::Database& db) {
    std::string uuid = db.get_uuid();
    uuid.resize(sizeof(Header::uuid) - 1, '\0');
    return uuid;
}

}  // namespace

std::string facet_table_path(const std::string& folder) { return folder + "/facets.lantern"; }

std::string_view FacetTable::name(std::uint32_t id) const {
    if (id >= name_ends.size) return {};
    const std::size_t begin = id == 0 ? 0 : name_ends[id - 1];
    const std::size_t end = name_ends[id];
    if (begin > end || end > names.size()) return {};
    return names.substr(begin, end - begin);
}

FacetTable FacetTable::read(const Xapian::Database& db) {
    auto o = std::make_shared<Owned>();
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::string> names;
    const Xapian::docid last = db.get_lastdocid();
    o->first.assign(static_cast<std::size_t>(last) + 2, 0);
    Xapian::docid next = 0;  // the first docid whose start is not yet set
    for (auto v = db.valuestream_begin(schema::kSlotFacets); v != db.valuestream_end(schema::kSlotFacets); ++v) {
        const Xapian::docid d = v.get_docid();
        for (; next <= d; ++next) o->first[next] = static_cast<std::uint32_t>(o->items.size());
        schema::for_each_facet_item(*v, [&](std::string_view item) {
            const auto [at, added] = ids.try_emplace(std::string(item), static_cast<std::uint32_t>(names.size()));
            if (added) names.push_back(at->first);
            o->items.push_back(at->second);
        });
    }
    for (; next < o->first.size(); ++next) o->first[next] = static_cast<std::uint32_t>(o->items.size());
    std::vector<std::uint32_t> by_name(names.size());
    for (std::uint32_t id = 0; id < by_name.size(); ++id) by_name[id] = id;
    std::sort(by_name.begin(), by_name.end(), [&names](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    o->name_order.resize(names.size());
    for (std::uint32_t rank = 0; rank < by_name.size(); ++rank) o->name_order[by_name[rank]] = rank;
    for (const std::string& n : names) {
        o->names += n;
        o->name_ends.push_back(static_cast<std::uint32_t>(o->names.size()));
    }
    // Copies: texts held by more than one document get a number; the rest stay 0.
    o->copies.assign(static_cast<std::size_t>(last) + 1, 0);
    std::unordered_map<std::uint64_t, std::pair<Xapian::docid, std::uint32_t>> texts;  // hash -> first docid, number
    std::uint32_t numbers = 0;
    for (auto v = db.valuestream_begin(schema::kSlotTextHash); v != db.valuestream_end(schema::kSlotTextHash); ++v) {
        const auto [at, added] = texts.try_emplace(schema::hash64(*v), v.get_docid(), 0);
        if (added) continue;
        if (at->second.second == 0) {
            at->second.second = ++numbers;
            o->copies[at->second.first] = numbers;
        }
        o->copies[v.get_docid()] = at->second.second;
    }
    FacetTable t;
    t.first = view_of(o->first);
    t.items = view_of(o->items);
    t.copies = view_of(o->copies);
    t.name_order = view_of(o->name_order);
    t.name_ends = view_of(o->name_ends);
    t.names = o->names;
    t.storage_ = std::move(o);
    return t;
}

std::optional<FacetTable> FacetTable::map(const std::string& path, const Xapian::Database& db) {
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
    Header h;
    std::memcpy(&h, m->at, sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.byte_order != kByteOrder) return std::nullopt;
    if (std::string(h.uuid, sizeof h.uuid - 1) != uuid_field(db) || h.revision != db.get_revision() ||
        h.last_docid != db.get_lastdocid()) {
        return std::nullopt;
    }
    // The sizes must add up to the file's: a cut or padded file is not read.
    std::uint64_t need = sizeof(Header) + h.name_bytes;
    for (const std::uint64_t n : {h.first, h.items, h.copies, h.item_count, h.item_count}) {
        const std::optional<std::uint64_t> b = words(n);
        if (!b) return std::nullopt;
        need += *b;
    }
    if (h.name_bytes > (std::uint64_t{1} << 40) || need != m->bytes) return std::nullopt;
    const char* at = static_cast<const char*>(m->at) + sizeof(Header);
    const auto take = [&at](std::uint64_t n) {
        const ArrayView<std::uint32_t> v{reinterpret_cast<const std::uint32_t*>(at), static_cast<std::size_t>(n)};
        at += n * 4;
        return v;
    };
    FacetTable t;
    t.first = take(h.first);
    t.items = take(h.items);
    t.copies = take(h.copies);
    t.name_order = take(h.item_count);
    t.name_ends = take(h.item_count);
    t.names = std::string_view(at, static_cast<std::size_t>(h.name_bytes));
    t.storage_ = std::move(m);
    return t;
}

bool FacetTable::write(const std::string& path, const Xapian::Database& db) {
    if (map(path, db)) return false;
    const FacetTable t = read(db);
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.byte_order = kByteOrder;
    const std::string uuid = uuid_field(db);
    std::memcpy(h.uuid, uuid.data(), uuid.size());
    h.revision = db.get_revision();
    h.last_docid = db.get_lastdocid();
    h.first = t.first.size;
    h.items = t.items.size;
    h.copies = t.copies.size;
    h.item_count = t.name_ends.size;
    h.name_bytes = t.names.size();
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        for (const ArrayView<std::uint32_t>* a : {&t.first, &t.items, &t.copies, &t.name_order, &t.name_ends}) {
            out.write(reinterpret_cast<const char*>(a->data), static_cast<std::streamsize>(a->size * 4));
        }
        out.write(t.names.data(), static_cast<std::streamsize>(t.names.size()));
        out.flush();
        if (!out) {
            const int err = errno;
            ::unlink(temporary.c_str());
            throw BadIndex("cannot write " + temporary + ": " + std::strerror(err));
        }
    }
    const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        throw BadIndex("cannot write " + path + ": " + std::strerror(err));
    }
    return true;
}

}  // namespace lantern
