// response_cache.cpp: revision of the live index, and a byte-bounded, first-in-first-out store of
// answers that expire after a fixed time.
#include "serve/response_cache.h"

#include <sys/stat.h>

#include "text/index_layout.h"

namespace lantern {
namespace {

/// "inode.mtime_ns.size;" of a file, or "" when it cannot be read.
std::string identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    return std::to_string(st.st_ino) + "." + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "." +
           std::to_string(st.st_size) + ";";
}

/// Identity of a database's revision.
std::string database_identity(const std::string& folder) {
    return identity(database_version_file(folder));
}

/// What one entry holds, as counted against the limit. Counting only body and key let the cache
/// hold about 10% more than its limit (the index's copy of the key, headers, nodes).
std::size_t footprint(const std::string& key, const HttpResponse& r) {
    constexpr std::size_t kNodes = 128;   // list and hash nodes, the Entry's own fields, a bucket
    std::size_t n = kNodes + 2 * key.size() + r.body.size() + r.content_type.size() + r.searched.size();
    for (const auto& [name, value] : r.headers) n += name.size() + value.size() + 2 * sizeof(std::string);
    return n;
}

}  // namespace

std::string live_revision(const std::string& db_path) {
    const std::string stub = reader_stub(db_path);
    if (stub.empty()) return database_identity(db_path);   // a plain database folder (or nothing: "")
    std::string revision = identity(stub);
    for (const StubDatabase& d : stub_databases(stub)) {
        if (d.remote) return "";  // a remote shard's commits cannot be seen from here
        const std::string id = database_identity(d.target);
        if (id.empty()) return "";
        revision += id;
    }
    return revision;
}

ResponseCache::ResponseCache(std::chrono::milliseconds ttl, std::size_t max_bytes, const Clock& clock)
    : ttl_(ttl), max_bytes_(max_bytes), clock_(clock) {}

std::string ResponseCache::key_of(const HttpRequest& request, const std::string& revision) {
    // The multimap orders parameters by name, and keeps repeated ones (topic=a&topic=b) in order.
    std::string key = revision + '\n' + request.method + ' ' + request.path;
    for (const auto& [name, value] : request.params) {
        // Lengths first: "q=a=b" and "q=a" "b" must not make the same key.
        key += '\n' + std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':' + value;
    }
    return key;
}

std::optional<HttpResponse> ResponseCache::find(const std::string& key) {
    if (!enabled()) return std::nullopt;
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = index_.find(key);
    if (it == index_.end() || it->second->expires <= clock_.now()) {
        ++misses_;
        return std::nullopt;
    }
    ++hits_;
    return it->second->response;
}

void ResponseCache::store(const std::string& key, const HttpResponse& response) {
    if (!enabled() || response.body.size() > max_bytes_ / 8) return;
    std::lock_guard<std::mutex> lock(mu_);
    // Every key starts with its revision: once answers of a new one arrive, those kept under the
    // old one can never be asked for again, and go now rather than after `ttl`. Without this the
    // soak's 4 switches a second filled the cache to its limit with unreachable answers.
    const std::size_t end = key.find('\n');
    const std::string revision = end == std::string::npos ? "" : key.substr(0, end);
    if (revision != revision_) {
        while (!entries_.empty()) evict_back();
        revision_ = revision;
    }
    const auto now = clock_.now();
    const auto old = index_.find(key);
    if (old != index_.end()) {
        bytes_ -= footprint(old->second->key, old->second->response);
        entries_.erase(old->second);
        index_.erase(old);
    }
    entries_.push_front(Entry{key, response, now + ttl_});
    index_[key] = entries_.begin();
    bytes_ += footprint(key, response);
    // Entries are in insertion order, so the oldest (first to expire) are at the back: expired
    // ones go, then the oldest until under the limit.
    while (!entries_.empty() && (bytes_ > max_bytes_ || entries_.back().expires <= now)) evict_back();
}

void ResponseCache::sweep() {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = clock_.now();
    while (!entries_.empty() && entries_.back().expires <= now) evict_back();
}

void ResponseCache::evict_back() {
    const Entry& e = entries_.back();
    bytes_ -= footprint(e.key, e.response);
    index_.erase(e.key);
    entries_.pop_back();
}

unsigned long ResponseCache::hits() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
}

unsigned long ResponseCache::misses() const {
    std::lock_guard<std::mutex> lock(mu_);
    return misses_;
}

std::size_t ResponseCache::bytes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_;
}

std::size_t ResponseCache::entries() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
}

}  // namespace lantern
