// releases.h: writing the on-disk layout of a Lantern index (text/index_layout.h describes it):
// new releases, manifests, the atomic switch of DIR/current, pruning, rollback and the build lock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "text/index_layout.h"
#include "text/release_manifest.h"

namespace lantern {

struct ReleaseInfo {
    std::string name;        ///< folder name under releases/
    std::string path;        ///< full path of the release database
    bool live = false;       ///< DIR/current names it
    bool complete = false;   ///< has a manifest (a killed build leaves none)
    ReleaseManifest manifest; ///< all defaults when incomplete
};

class IndexDir {
public:
    explicit IndexDir(std::string dir);

    const std::string& dir() const { return dir_; }
    std::string current_stub() const { return dir_ + "/current"; }

    /// The database path readers should open: DIR/current when it exists, else DIR itself when it
    /// is a plain Xapian database (indexes built before releases existed) or a stub database file
    /// (e.g. one that mixes local and remote shards). Throws BadIndex when none of these exists,
    /// or when DIR/current names a release that is missing.
    std::string path_for_reading() const;

    /// The live release's database path, or "" when there is none yet.
    std::string live_release() const;

    /// All releases, oldest first.
    std::vector<ReleaseInfo> releases() const;

    /// Creates a new, empty release folder (named from the time) and returns its path.
    std::string new_release() const;

    /// Writes the manifest of a release (atomically: temp file + rename).
    void write_manifest(const std::string& release_path, const ReleaseManifest& manifest) const;

    /// Makes `release_path` the live release: a new stub (listing its databases) is written beside
    /// DIR/current and renamed over it, so a reader sees either the old or the new release, never neither.
    void switch_to(const std::string& release_path) const;

    /// Removes incomplete releases left by killed builds (never the live one) and all but the
    /// newest `keep` complete releases besides the live one. Returns the names removed.
    std::vector<std::string> prune(std::size_t keep) const;

    /// Switches back to the complete release before the live one. Throws BadInput when there is none.
    std::string rollback() const;

private:
    std::string dir_;
};

/// Writes the files searches map beside the single database in `folder` for its current revision
/// (text/revision_file.h): the facet table, the compiled vocabulary and the sorted word lists
/// (text/word_lists.h). Files already written for that revision are left as they are. Every
/// build and compaction of a single-database release ends with it. Throws BadIndex when a file
/// cannot be written.
void write_search_files(const std::string& folder);

/// An exclusive lock on DIR/lock for a build, compaction or rollback; released when destroyed
/// (and by the kernel if the process dies). The lock file says who holds it.
class IndexLock {
public:
    /// Takes the lock. When another process holds it: with `wait`, blocks until it is free;
    /// without, throws BadIndex naming the holder (pid, host, command, start time).
    IndexLock(const std::string& dir, const std::string& command, bool wait);
    ~IndexLock();
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace lantern
