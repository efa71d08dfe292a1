// index_layout.cpp: reading the on-disk layout of an index: stub files, release and shard folders.
#include "text/index_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_atomically(const std::string& path, const std::vector<std::string_view>& parts) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        for (const std::string_view part : parts) out.write(part.data(), static_cast<std::streamsize>(part.size()));
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
    const int dir = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

IndexPaths::IndexPaths(std::string d) : dir(std::move(d)) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
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
    const std::string stub = IndexPaths(db_path).current_stub();
    return ::stat(stub.c_str(), &st) == 0 ? stub : "";
}

std::vector<StubDatabase> stub_databases(const std::string& stub) {
    std::vector<StubDatabase> out;
    if (stub.empty()) return out;
    const fs::path base = fs::path(stub).parent_path();
    std::istringstream in(read_all(stub));
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        StubDatabase d;
        for (std::string w; words >> w;) d.line += (d.line.empty() ? "" : " ") + w;
        if (d.line.empty() || d.line[0] == '#') continue;
        const std::size_t space = d.line.find(' ');
        d.remote = d.line.rfind("remote ", 0) == 0;
        if (d.remote) {
            d.target = d.line.substr(space + 1);
        } else {
            // "auto PATH", "glass PATH", or a bare path.
            const fs::path p(space == std::string::npos ? d.line : d.line.substr(space + 1));
            d.target = (p.is_absolute() ? p : base / p).string();
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::string database_version_file(const std::string& folder) {
    return folder + "/iamglass";
}

bool is_database_folder(const std::string& folder) {
    return fs::exists(database_version_file(folder)) || fs::exists(folder + "/iamchert");
}

std::string manifest_path(const std::string& release_path) {
    return release_path + "/manifest.json";
}

std::string release_stub(const std::string& release_path) {
    const std::string name = fs::path(release_path).filename().string();
    std::string stub;
    for (const std::string& db : release_databases(release_path)) {
        const std::string rel = db.substr(release_path.size());   // "" or "/meta", "/shard-00", ...
        stub += "auto releases/" + name + rel + "\n";
    }
    return stub;
}

std::size_t release_shards(const std::string& release_path) {
    const std::size_t dbs = release_databases(release_path).size();
    return dbs == 1 ? 1 : dbs - 1;
}

std::string reading_path(const std::string& dir) {
    const IndexPaths p(dir);
    if (fs::exists(p.current_stub())) {
        const std::string name = release_named_by(p.current_stub());
        if (name.empty()) {
            // Empty or garbage: Xapian would open an empty stub as an empty index, and answer nothing.
            throw BadIndex(p.current_stub() + " does not name a release (it should read \"auto releases/NAME\"); run lantern-index build --db " +
                           p.dir + " to make a new release live");
        }
        if (!fs::exists(p.release(name))) {
            throw BadIndex(p.current_stub() + " names release " + name + ", which is missing; run lantern-index rollback --db " + p.dir +
                           " or build with --full");
        }
        return p.current_stub();
    }
    if (is_database_folder(p.dir) || fs::is_regular_file(p.dir)) return p.dir;
    throw BadIndex("no Lantern index at " + p.dir + " (build one with: lantern-index build --db " + p.dir + " FOLDER)");
}

}  // namespace lantern
