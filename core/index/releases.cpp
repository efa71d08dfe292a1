// releases.cpp: release folders, the stub switch, manifests, pruning, rollback and the build lock.
#include "index/releases.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "text/abbreviations.h"
#include "text/errors.h"
#include "text/facet_table.h"
#include "text/index_layout.h"
#include "text/word_lists.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

}  // namespace

std::string IndexDir::path_for_reading() const { return reading_path(dir_); }

IndexDir::IndexDir(std::string dir) : dir_(std::move(dir)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

std::string IndexDir::live_release() const {
    if (!fs::exists(current_stub())) return "";
    const std::string name = release_named_by(current_stub());
    return name.empty() ? "" : IndexPaths(dir_).release(name);
}

std::vector<ReleaseInfo> IndexDir::releases() const {
    std::vector<ReleaseInfo> out;
    const fs::path root = IndexPaths(dir_).releases();
    if (!fs::is_directory(root)) return out;
    const std::string live = live_release();
    for (const fs::directory_entry& e : fs::directory_iterator(root)) {
        if (!e.is_directory()) continue;
        ReleaseInfo r;
        r.name = e.path().filename().string();
        r.path = e.path().string();
        r.live = r.path == live;
        const std::string manifest = manifest_path(r.path);
        if (fs::exists(manifest)) {
            std::optional<ReleaseManifest> m = parse_manifest(read_all(manifest));
            if (m) {
                r.manifest = std::move(*m);
                r.complete = true;
            }
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const ReleaseInfo& a, const ReleaseInfo& b) { return a.name < b.name; });
    return out;
}

std::string IndexDir::new_release() const {
    const IndexPaths paths(dir_);
    std::error_code made;
    fs::create_directories(paths.releases(), made);  // a full disk is BadIndex, not an internal error
    if (made) throw BadIndex("cannot create " + paths.releases() + ": " + made.message());
    const std::string stamp = utc_stamp();
    // Names sort in build order (rollback and pruning rely on it), so a new name starts after every
    // existing one of the same second: reusing a pruned "-001" put a new release before older ones.
    int n = 1;
    std::error_code listed;
    for (const auto& entry : fs::directory_iterator(paths.releases(), listed)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > stamp.size() + 1 && name.compare(0, stamp.size(), stamp) == 0 && name[stamp.size()] == '-') {
            n = std::max(n, std::atoi(name.c_str() + stamp.size() + 1) + 1);
        }
    }
    for (;; ++n) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "-%03d", n);
        const std::string path = paths.release(stamp + suffix);
        std::error_code ec;
        if (fs::create_directory(path, ec)) return path;
        if (ec) throw BadIndex("cannot create release folder " + path + ": " + ec.message());
    }
}

void IndexDir::write_manifest(const std::string& release_path, const ReleaseManifest& manifest) const {
    write_atomically(manifest_path(release_path), {manifest_json(manifest)});
}

void IndexDir::switch_to(const std::string& release_path) const { write_atomically(current_stub(), {release_stub(release_path)}); }

std::vector<std::string> IndexDir::prune(std::size_t keep) const {
    std::vector<std::string> removed;
    std::vector<ReleaseInfo> all = releases();
    std::size_t kept = 0;
    for (auto r = all.rbegin(); r != all.rend(); ++r) {
        if (r->live) continue;
        if (r->complete && kept < keep) {
            ++kept;
            continue;
        }
        std::error_code ec;
        fs::remove_all(r->path, ec);
        if (!ec) removed.push_back(r->name);
    }
    return removed;
}

std::string IndexDir::rollback() const {
    const std::vector<ReleaseInfo> all = releases();
    const ReleaseInfo* previous = nullptr;
    bool seen_live = false;
    for (const ReleaseInfo& r : all) {
        if (r.live) {
            seen_live = true;
            break;
        }
        if (r.complete) previous = &r;
    }
    // When DIR/current names a release that is gone (removed by hand), the loop went through every
    // release: `previous` is the newest complete one, the way back.
    // BadIndex (exit 3), not BadInput: the command was right, the index has nothing to go back to (issue 19).
    if (!seen_live && live_release().empty()) throw BadIndex("the index at " + dir_ + " has no live release to roll back from");
    if (previous == nullptr) throw BadIndex("the index at " + dir_ + " has no earlier complete release to roll back to");
    switch_to(previous->path);
    return previous->name;
}

IndexLock::IndexLock(const std::string& dir, const std::string& command, bool wait) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw BadIndex("cannot create the index folder " + dir + ": " + ec.message());
    const std::string path = dir + "/lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw BadIndex("cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            const int err = errno;
            ::close(fd_);
            throw BadIndex("cannot lock " + path + ": " + std::strerror(err));
        }
        if (!wait) {
            std::string holder = read_all(path);
            while (!holder.empty() && holder.back() == '\n') holder.pop_back();
            ::close(fd_);
            throw BadIndex("the index at " + dir + " is busy: " + (holder.empty() ? "another process holds " + path : holder) +
                           "; wait for it to finish, or add --wait");
        }
        if (::flock(fd_, LOCK_EX) != 0) {
            const int err = errno;
            ::close(fd_);
            throw BadIndex("cannot lock " + path + ": " + std::strerror(err));
        }
    }
    char host[256] = "unknown";
    ::gethostname(host, sizeof host - 1);
    const std::time_t now = std::time(nullptr);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
    const std::string holder = "lantern-index " + command + " (pid " + std::to_string(::getpid()) + " on " + host +
                               ", since " + when + ")\n";
    if (::ftruncate(fd_, 0) == 0) {
        const ssize_t written = ::pwrite(fd_, holder.data(), holder.size(), 0);
        (void)written;  // the holder text is advice for the next process's message; the lock is what matters
    }
}

IndexLock::~IndexLock() {
    // Closing releases the lock; the holder text stays until the next holder overwrites it.
    if (fd_ >= 0) ::close(fd_);
}

void write_search_files(const std::string& folder) {
    const Xapian::Database db(folder);
    FacetTable::write(facet_table_path(folder), db);
    write_vocabulary_file(vocabulary_path(folder), db);
    write_word_lists_file(word_lists_path(folder), db, kEnglishList, kMedicalList);
}

}  // namespace lantern
