// facet_table.h: every document's facet items as small integers (the kSlotFacets values split,
// each item given an id) and which documents are exact copies of one text (kSlotTextHash). Facet
// counting walks it instead of reading, splitting and hashing each match's values
// (search/detail/facet_count.h). A Searcher reads it from a database's values once per revision,
// or maps the file lantern-index writes beside a release's database (facets.lantern), so that a
// one-search process (the CLI) and the first search after a new release do not pay for that read.
//
// The file is a revision file (text/revision_file.h): used only for the revision of the database
// it was written for. Its payload: the arrays' sizes, the arrays of FacetTable as 32-bit words,
// then the names' bytes. Ids read from it are checked against the arrays' sizes where they are
// used, so a damaged file cannot read out of bounds.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lantern {

/// A read-only array: over a FacetTable's own vectors, or over the mapped file.
template <typename T>
struct ArrayView {
    const T* data = nullptr;
    std::size_t size = 0;
    const T& operator[](std::size_t i) const { return data[i]; }
};

struct FacetTable {
    ArrayView<std::uint32_t> first;       ///< by docid: where its items start in `items` (docid + 1: where they end)
    ArrayView<std::uint32_t> items;       ///< item ids
    ArrayView<std::uint32_t> copies;      ///< by docid: 0, or a number shared by the exact duplicates of its text
    ArrayView<std::uint32_t> name_order;  ///< by item id: where its name sorts among all names (ties of counts go by it)
    ArrayView<std::uint32_t> name_ends;   ///< by item id: where its name ends in `names`
    std::string_view names;               ///< every item's facet letter + value, one after another

    std::size_t item_count() const { return name_ends.size; }
    /// Item `id`'s facet letter + value ("" when the table is damaged there).
    std::string_view name(std::uint32_t id) const;

    /// Reads the table from the kSlotFacets and kSlotTextHash values of a single database (~1 s
    /// at 1,000,000 documents).
    static FacetTable read(const Xapian::Database& db);

    /// Maps `path` when it was written for this revision of `db`; nothing when it is missing,
    /// stale or not a facet table file.
    static std::optional<FacetTable> map(const std::string& path, const Xapian::Database& db);

    /// Writes the table of `db` to `path` (through a temporary file and a rename), unless the file
    /// there is already this revision's. Returns whether it wrote.
    static bool write(const std::string& path, const Xapian::Database& db);

private:
    std::shared_ptr<const void> storage_;  ///< what the views point into
};

/// The facet table file of the database in `folder` (a release, or a plain database folder).
std::string facet_table_path(const std::string& folder);

}  // namespace lantern
