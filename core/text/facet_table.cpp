// facet_table.cpp: building a FacetTable from a database's values, and its file (facet_table.h).
#include "text/facet_table.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "text/revision_file.h"
#include "text/schema.h"

namespace lantern {
namespace {

constexpr std::string_view kKind = "facet-table-1";

/// The payload's start: the arrays' sizes (name_order and name_ends have item_count each); the
/// arrays follow in this order, then the names' bytes.
struct Sizes {
    std::uint64_t first, items, copies, item_count, name_bytes;
};

/// The arrays of a table read from values, which its views point into.
struct Owned {
    std::vector<std::uint32_t> first, items, copies, name_order, name_ends;
    std::string names;
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
    std::optional<RevisionPayload> file = map_revision_file(path, kKind, db);
    if (!file || file->bytes.size() < sizeof(Sizes)) return std::nullopt;
    Sizes n;
    std::memcpy(&n, file->bytes.data(), sizeof n);
    // The sizes must add up to the payload's: a cut or padded file is not read.
    std::uint64_t need = sizeof(Sizes);
    for (const std::uint64_t count : {n.first, n.items, n.copies, n.item_count, n.item_count}) {
        const std::optional<std::uint64_t> b = words(count);
        if (!b) return std::nullopt;
        need += *b;
    }
    if (n.name_bytes > (std::uint64_t{1} << 40) || need + n.name_bytes != file->bytes.size()) return std::nullopt;
    const char* at = file->bytes.data() + sizeof(Sizes);
    const auto take = [&at](std::uint64_t count) {
        const ArrayView<std::uint32_t> v{reinterpret_cast<const std::uint32_t*>(at), static_cast<std::size_t>(count)};
        at += count * 4;
        return v;
    };
    FacetTable t;
    t.first = take(n.first);
    t.items = take(n.items);
    t.copies = take(n.copies);
    t.name_order = take(n.item_count);
    t.name_ends = take(n.item_count);
    t.names = std::string_view(at, static_cast<std::size_t>(n.name_bytes));
    t.storage_ = std::move(file->owner);
    return t;
}

bool FacetTable::write(const std::string& path, const Xapian::Database& db) {
    if (map(path, db)) return false;
    const FacetTable t = read(db);
    const Sizes n{t.first.size, t.items.size, t.copies.size, t.name_ends.size, t.names.size()};
    const auto bytes = [](const ArrayView<std::uint32_t>& a) {
        return std::string_view(reinterpret_cast<const char*>(a.data), a.size * 4);
    };
    write_revision_file(path, kKind, db,
                        {std::string_view(reinterpret_cast<const char*>(&n), sizeof n), bytes(t.first), bytes(t.items),
                         bytes(t.copies), bytes(t.name_order), bytes(t.name_ends), t.names});
    return true;
}

}  // namespace lantern
