// shard_processes.h: the processes of a sharded build (lantern-index build --shards N,
// docs/scaling.md). One process per shard writes its shard, its spelling data into a temporary
// database beside it and its summary into a file; the parent shows their combined progress and
// adds their summaries up. Processes rather than threads: each shard has its own Xapian writer,
// memory and failure, and a crash costs one shard, not the build.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "index/index_build.h"

namespace lantern {

/// Where shard `i` of the release at `target` is written, and its spelling data until merged.
struct ShardPaths {
    std::string database;
    std::string spelling;
};
ShardPaths shard_paths(const std::string& target, std::size_t i);

/// Writes shard `i` (counts and file lists into `part`), reporting progress; runs in the shard's
/// own process, which ends without running destructors (the parent owns the lock and release).
using ShardWrite = std::function<void(std::size_t i, BuildSummary& part, const ProgressSink& progress)>;

/// Runs `write` for shards 0 .. shards-1, each in a process of its own, waits for them all while
/// calling `on_progress` with their combined progress, and adds each shard's summary to `summary`.
/// Throws BadIndex naming each shard that failed, and why.
void run_shard_processes(const std::string& target, std::size_t shards, const ShardWrite& write, BuildSummary& summary,
                         const ProgressSink& on_progress, std::chrono::steady_clock::time_point started);

/// Removes the shards' spelling databases and summaries, once merged.
void remove_shard_leftovers(const std::string& target, std::size_t shards);

}  // namespace lantern
