// response_cache.h: the HTTP server's recent answers, kept in memory for a few seconds so a
// search repeated meanwhile costs a lookup instead of a search (docs/http.md, "Response cache").
//
// Privacy: an entry holds one answer, which echoes its query, in this process's memory only; it
// is never written anywhere and is dropped after `ttl` (30 s by default) or sooner when memory is
// short. `lantern-search serve --cache-seconds 0` keeps nothing.
// Freshness: every key carries the live index's revision (the stub's and each database's version
// file), so an answer is never served from a release or commit other than the one it came from.
// Thread-safe: the server's workers share one cache.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "serve/http_api.h"
#include "text/clock.h"

namespace lantern {

/// The revision of the index at `db_path` (an index folder or a stub file) as file identities:
/// it changes when a release is switched or a database commits. "" when it cannot be told (a
/// remote shard, or the index is unreadable): such answers are not cached.
std::string live_revision(const std::string& db_path);

class ResponseCache {
public:
    /// `ttl` zero: nothing is kept. `max_bytes`: bytes kept at most (the oldest answers go first),
    /// counting all an entry holds: its body, headers, key (twice: list and index) and bookkeeping.
    /// `clock`: what answers expire by (text/clock.h).
    ResponseCache(std::chrono::milliseconds ttl, std::size_t max_bytes, const Clock& clock = real_clock());

    /// The cache key of a request at a revision: path and parameters in a fixed order.
    static std::string key_of(const HttpRequest& request, const std::string& revision);

    /// The answer stored under `key`, unless it has expired.
    std::optional<HttpResponse> find(const std::string& key);
    /// Keeps an answer (bodies over an eighth of the limit are not kept). The first answer of
    /// another revision (the text of `key` before its first newline) drops every answer kept.
    void store(const std::string& key, const HttpResponse& response);
    /// Drops expired answers; the server calls it every second, so none outlives `ttl` by more.
    void sweep();

    bool enabled() const { return ttl_.count() > 0 && max_bytes_ > 0; }
    unsigned long hits() const;
    unsigned long misses() const;
    std::size_t bytes() const;     ///< held now, as counted against `max_bytes` (for /metrics)
    std::size_t entries() const;   ///< answers held now

private:
    struct Entry {
        std::string key;
        HttpResponse response;
        Clock::time_point expires;
    };
    void evict_back();

    std::chrono::milliseconds ttl_;
    std::size_t max_bytes_;
    const Clock& clock_;
    mutable std::mutex mu_;
    std::list<Entry> entries_;   ///< newest first: the back expires first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::string revision_;       ///< of the answers kept: all share it
    std::size_t bytes_ = 0;
    unsigned long hits_ = 0;
    unsigned long misses_ = 0;
};

}  // namespace lantern
