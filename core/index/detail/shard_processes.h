// shard_processes.h: the processes of a sharded build (lantern-index build --shards N,
// docs/scaling.md). One process per shard writes its shard, its spelling data into a temporary
// database beside it and its summary into a file; the parent shows their combined progress and
// adds their summaries up. Processes rather than threads: each shard has its own Xapian writer,
// memory and failure, and a crash costs one shard, not the build.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "index/index_build.h"

namespace lantern {

/// Where shard `i` of the release at `target` is written, and its spelling data until merged.
struct ShardPaths {
    std::string database;
    std::string spelling;
};
ShardPaths shard_paths(const std::string& target, std::size_t i);

/// Asked by an incremental build once its plan is made: whether to write it (false: nothing is
/// written, and the build is made in full instead).
using PlanGate = std::function<bool(const PlanSize&)>;

/// Writes shard `i` (counts and file lists into `part`), reporting progress and asking `gate`
/// after its plan (an incremental build); runs in the shard's own process, which ends without
/// running destructors (the parent owns the lock and release).
using ShardWrite = std::function<void(std::size_t i, BuildSummary& part, const ProgressSink& progress, const PlanGate& gate)>;

/// Runs `write` for shards 0 .. shards-1, each in a process of its own, waits for them all while
/// calling `on_progress` with their combined progress, and adds each shard's summary to `summary`.
/// With a `limit`, the shards' plans are added up before any shard writes (each waits at its
/// gate): past the limit, none writes, and the plans' total is returned instead. Throws BadIndex
/// naming each shard that failed, and why.
std::optional<PlanSize> run_shard_processes(const std::string& target, std::size_t shards, const ShardWrite& write,
                                            const IncrementalLimit* limit, BuildSummary& summary,
                                            const ProgressSink& on_progress, std::chrono::steady_clock::time_point started);

/// Removes the shards' spelling databases and summaries, once merged.
void remove_shard_leftovers(const std::string& target, std::size_t shards);

}  // namespace lantern
