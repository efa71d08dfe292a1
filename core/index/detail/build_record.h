// build_record.h: what a build leaves on record (text/release_manifest.h): its summary as a
// BuildRecord (the manifest's last_build, --report, a shard process's report to its parent) and
// the manifest of the release it wrote.
#pragma once

#include <string>
#include <vector>

#include "index/index_build.h"
#include "text/release_manifest.h"

namespace lantern {

/// The summary as a build record (`finished` left empty).
BuildRecord record_of(const BuildSummary& summary);

/// Adds one shard's record to the whole build's summary: its counts and file lists, and the
/// boilerplate learned if `first` (every shard learns the same from the same sample).
void add_shard_record(BuildSummary& total, const BuildRecord& shard, bool first);

/// content_hash of a file's bytes, as a manifest records lantern.toml and the vocabulary files
/// ("" for no path). Throws BadInput when the file cannot be read.
std::string file_hash(const std::string& path);

/// The manifest a build leaves in its release: a full build's afresh, an incremental build's
/// added to `live` (the live release's). `now` is UTC "YYYY-MM-DDTHH:MM:SSZ".
ReleaseManifest manifest_after(const BuildSummary& summary, const BuildOptions& options, const ReleaseManifest& live,
                               std::vector<ManifestSource> sources, const std::string& now);

}  // namespace lantern
