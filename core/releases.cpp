// releases.cpp: release folders, the stub switch, manifests, pruning, rollback and the build lock.
#include "core/releases.h"

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

#include "core/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

constexpr const char* kManifest = "manifest.json";

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Writes a file so that readers see either the old content or the new, never a part.
void write_atomically(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << content;
        out.flush();
        if (!out) throw BadIndex("cannot write " + tmp + ": " + std::strerror(errno));
    }
    const int fd = ::open(tmp.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw BadIndex("cannot replace " + path + ": " + std::strerror(err));
    }
    const int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

/// "auto releases/NAME" or "auto releases/NAME/meta ..." -> "NAME" ("" when the stub is not one of ours).
std::string release_named_by(const std::string& stub) {
    std::istringstream in(read_all(stub));
    std::string backend, target;
    in >> backend >> target;
    const std::string prefix = "releases/";
    if (backend != "auto" || target.rfind(prefix, 0) != 0) return "";
    const std::string rest = target.substr(prefix.size());
    return rest.substr(0, rest.find('/'));
}

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

}  // namespace

std::string numbered_folder(const char* stem, std::size_t i) {
    char number[24];
    std::snprintf(number, sizeof number, "-%02zu", i);
    return stem + std::string(number);
}

std::string shard_folder(std::size_t i) { return numbered_folder("shard", i); }

std::vector<std::string> release_databases(const std::string& release_path) {
    if (!fs::is_directory(release_path + "/" + kMetaDatabase)) return {release_path};
    std::vector<std::string> dbs = {release_path + "/" + kMetaDatabase};
    for (std::size_t i = 0; fs::is_directory(release_path + "/" + shard_folder(i)); ++i) dbs.push_back(release_path + "/" + shard_folder(i));
    return dbs;
}

std::string reader_stub(const std::string& db_path) {
    struct stat st {};
    if (::stat(db_path.c_str(), &st) != 0) return "";
    if (S_ISREG(st.st_mode)) return db_path;
    const std::string stub = IndexDir(db_path).current_stub();
    return ::stat(stub.c_str(), &st) == 0 ? stub : "";
}

std::vector<std::string> stub_lines(const std::string& stub) {
    std::vector<std::string> lines;
    std::istringstream in(read_all(stub));
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string text;
        for (std::string w; words >> w;) text += (text.empty() ? "" : " ") + w;
        if (!text.empty() && text[0] != '#') lines.push_back(text);
    }
    return lines;
}

std::size_t release_shards(const std::string& release_path) {
    const std::size_t dbs = release_databases(release_path).size();
    return dbs == 1 ? 1 : dbs - 1;
}

IndexDir::IndexDir(std::string dir) : dir_(std::move(dir)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

std::string IndexDir::path_for_reading() const {
    if (fs::exists(current_stub())) {
        const std::string name = release_named_by(current_stub());
        if (name.empty()) {
            // Empty or garbage: Xapian would open an empty stub as an empty index, and answer nothing.
            throw BadIndex(current_stub() + " does not name a release (it should read \"auto releases/NAME\"); run lantern-index build --db " +
                           dir_ + " to make a new release live");
        }
        if (!fs::exists(dir_ + "/releases/" + name)) {
            throw BadIndex(current_stub() + " names release " + name + ", which is missing; run lantern-index rollback --db " + dir_ +
                           " or build with --full");
        }
        return current_stub();
    }
    if (fs::exists(dir_ + "/iamglass") || fs::exists(dir_ + "/iamchert") || fs::is_regular_file(dir_)) return dir_;
    throw BadIndex("no Lantern index at " + dir_ + " (build one with: lantern-index build --db " + dir_ + " FOLDER)");
}

std::string IndexDir::live_release() const {
    if (!fs::exists(current_stub())) return "";
    const std::string name = release_named_by(current_stub());
    return name.empty() ? "" : dir_ + "/releases/" + name;
}

std::vector<ReleaseInfo> IndexDir::releases() const {
    std::vector<ReleaseInfo> out;
    const fs::path root = dir_ + "/releases";
    if (!fs::is_directory(root)) return out;
    const std::string live = live_release();
    for (const fs::directory_entry& e : fs::directory_iterator(root)) {
        if (!e.is_directory()) continue;
        ReleaseInfo r;
        r.name = e.path().filename().string();
        r.path = e.path().string();
        r.live = r.path == live;
        const std::string manifest = r.path + "/" + kManifest;
        r.manifest = nlohmann::json::object();
        if (fs::exists(manifest)) {
            nlohmann::json j = nlohmann::json::parse(read_all(manifest), nullptr, false);
            if (!j.is_discarded()) {
                r.manifest = std::move(j);
                r.complete = true;
            }
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const ReleaseInfo& a, const ReleaseInfo& b) { return a.name < b.name; });
    return out;
}

std::string IndexDir::new_release() const {
    std::error_code made;
    fs::create_directories(dir_ + "/releases", made);  // a full disk is BadIndex, not an internal error
    if (made) throw BadIndex("cannot create " + dir_ + "/releases: " + made.message());
    const std::string stamp = utc_stamp();
    // Names sort in build order (rollback and pruning rely on it), so a new name starts after every
    // existing one of the same second: reusing a pruned "-001" put a new release before older ones.
    int n = 1;
    std::error_code listed;
    for (const auto& entry : fs::directory_iterator(dir_ + "/releases", listed)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > stamp.size() + 1 && name.compare(0, stamp.size(), stamp) == 0 && name[stamp.size()] == '-') {
            n = std::max(n, std::atoi(name.c_str() + stamp.size() + 1) + 1);
        }
    }
    for (;; ++n) {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "-%03d", n);
        const std::string path = dir_ + "/releases/" + stamp + suffix;
        std::error_code ec;
        if (fs::create_directory(path, ec)) return path;
        if (ec) throw BadIndex("cannot create release folder " + path + ": " + ec.message());
    }
}

void IndexDir::write_manifest(const std::string& release_path, const nlohmann::json& manifest) const {
    write_atomically(release_path + "/" + kManifest, manifest.dump(2) + "\n");
}

void IndexDir::switch_to(const std::string& release_path) const {
    const std::string name = fs::path(release_path).filename().string();
    std::string stub;
    for (const std::string& db : release_databases(release_path)) {
        const std::string rel = db.substr(release_path.size());   // "" or "/meta", "/shard-00", ...
        stub += "auto releases/" + name + rel + "\n";
    }
    write_atomically(current_stub(), stub);
}

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
    if (!seen_live && live_release().empty()) throw BadInput("the index at " + dir_ + " has no live release to roll back from");
    if (previous == nullptr) throw BadInput("the index at " + dir_ + " has no earlier complete release to roll back to");
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

}  // namespace lantern
