// index_layout.h: the on-disk layout of a Lantern index (docs/operations.md):
//
//   DIR/current             Xapian stub database file naming the live release ("auto releases/NAME")
//   DIR/releases/NAME/      one Xapian database per release, with manifest.json once complete
//                           (text/release_manifest.h), facets.lantern, vocabulary.lantern and
//                           words.lantern (text/revision_file.h)
//   DIR/releases/NAME/meta, shard-00, shard-01, ...
//                           a sharded release (lantern-index build --shards N, docs/scaling.md): a
//                           document-less database with the metadata and spelling data, then N
//                           shards; DIR/current lists them all, one "auto" line each
//   DIR/lock                held (flock) by the one build, compaction or rollback in progress
//
// Readers open DIR/current; a full build or compaction writes a new release beside the live one
// and renames a new stub over DIR/current (atomic), so readers never see a half-written index.
// This header reads the layout and says what its files hold (search and serve open indexes
// through it, release_stub is what a switch writes, write_atomically how every file of it is
// written); index/releases.h writes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lantern {

/// The files of an index folder DIR.
struct IndexPaths {
    explicit IndexPaths(std::string dir);  ///< trailing slashes dropped
    std::string dir;
    std::string current_stub() const { return dir + "/current"; }
    std::string releases() const { return dir + "/releases"; }
    std::string release(const std::string& name) const { return releases() + "/" + name; }
};

/// The whole content of a small file of the layout (a stub, a manifest, the lock); "" when unreadable.
std::string read_all(const std::string& path);

/// Writes `parts`, one after another, as the file at `path` so that readers see either the old
/// content or the new, never a part: a temporary file beside it, flushed to disk and renamed over
/// it. Throws BadIndex naming the file when it cannot.
void write_atomically(const std::string& path, const std::vector<std::string_view>& parts);

/// "NAME" for a stub reading "auto releases/NAME" (or "auto releases/NAME/meta ..."); "" when the
/// stub is not one of Lantern's.
std::string release_named_by(const std::string& stub);

/// The stub that makes the release at `release_path` (DIR/releases/NAME) live: one "auto
/// releases/NAME..." line per database of it, in release_databases order.
std::string release_stub(const std::string& release_path);

/// The database path readers should open for --db DIR: DIR/current when it exists, else DIR itself
/// when it is a plain Xapian database (indexes built before releases existed) or a stub database
/// file (e.g. one that mixes local and remote shards). Throws BadIndex when none of these exists,
/// or when DIR/current names a release that is missing.
std::string reading_path(const std::string& dir);

/// The document-less database of a sharded release: metadata and the whole collection's spelling
/// data (Xapian's remote backend serves no spelling data, so it stays local).
inline constexpr const char* kMetaDatabase = "meta";

/// "STEM-00", "STEM-01", ...: the i-th of a set of numbered database folders.
std::string numbered_folder(const char* stem, std::size_t i);

/// "shard-00", "shard-01", ...: the folder of shard i of a sharded release.
std::string shard_folder(std::size_t i);

/// The databases of a release in stub order: the release folder itself, or for a sharded release
/// its meta database, then its shards.
std::vector<std::string> release_databases(const std::string& release_path);

/// How many shards a release has (1 when it is a single database).
std::size_t release_shards(const std::string& release_path);

/// The stub file a reader given `db_path` (--db) opens: the path itself when it is a file, else
/// DIR/current; "" when there is neither (a plain database folder, or nothing).
std::string reader_stub(const std::string& db_path);

/// One database line of a stub file.
struct StubDatabase {
    std::string line;     ///< as written, words separated by one space ("auto releases/NAME", "remote HOST:PORT")
    bool remote = false;  ///< a "remote" line: a shard served by xapian-tcpsrv
    /// remote: what follows "remote " ("HOST:PORT"); else the database's folder, a relative path
    /// resolved against the stub's folder
    std::string target;
};

/// The database lines of a stub file, in order; blank lines and comments left out; none when
/// `stub` is "" or unreadable.
std::vector<StubDatabase> stub_databases(const std::string& stub);

/// The file a glass database (the backend Lantern writes) replaces, by rename, at every commit:
/// its identity tells one revision from the next.
std::string database_version_file(const std::string& folder);

/// True when `folder` is itself a Xapian database (glass, or chert from an older Xapian) rather
/// than an index folder of releases.
bool is_database_folder(const std::string& folder);

/// The manifest of a release (text/release_manifest.h), present once the release is complete.
std::string manifest_path(const std::string& release_path);

}  // namespace lantern
