// revision_file.h: a file lantern-index writes beside a release's database for one revision of
// it (the facet table, the compiled vocabulary: text/facet_table.h, text/abbreviations.h), so a
// search maps what it would otherwise read and copy out of the database. Page faults on fresh
// memory were a fifth of a command-line lookup's time; a mapped file costs only the pages a
// lookup touches.
//
// The file: a header (what the file holds, the byte order, the database's UUID, revision and last
// document id), then the payload. It is used only when all of those match the open database.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lantern {

/// A mapped file's payload, kept mapped while `owner` lives.
struct RevisionPayload {
    std::string_view bytes;
    std::shared_ptr<const void> owner;
};

/// Bytes of the header: the payload starts at this offset, 8-byte aligned.
inline constexpr std::size_t kRevisionHeaderBytes = 80;

/// The payload of the file at `path` when it holds `kind` (at most 15 bytes) and was written for
/// this revision of `db`; nothing when it is missing, of another kind or revision, or cut short.
std::optional<RevisionPayload> map_revision_file(const std::string& path, std::string_view kind, const Xapian::Database& db);

/// Writes `parts` one after another as the payload of a `kind` file for this revision of `db`,
/// through a temporary file and a rename. Throws BadIndex naming the file when it cannot.
void write_revision_file(const std::string& path, std::string_view kind, const Xapian::Database& db,
                         const std::vector<std::string_view>& parts);

}  // namespace lantern
