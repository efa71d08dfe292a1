// build_sources.h: the sources of a build: each folder scanned, its files filtered by the
// source's patterns, its extraction options and fingerprint, and its boilerplate learned (or
// reused from the index). Internal to the index layer.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "extract/extraction.h"
#include "extract/source_scan.h"
#include "index/detail/index_writer.h"
#include "index/index_build.h"

namespace lantern {

/// One source of a build, scanned and ready to extract.
struct Source {
    SourceSpec spec;
    std::string name;
    std::shared_ptr<ExtractOptions> extract = std::make_shared<ExtractOptions>();  ///< shared with extraction tasks
    std::string settings;     ///< hash of the source's settings that shape what a file yields
    std::string fingerprint;  ///< `settings` and the learned boilerplate: all besides the bytes that shapes a file's articles
    std::vector<SourceFile> files;
};

/// A file's deadline for extraction (--file-timeout).
std::chrono::milliseconds timeout_of(const Source& s);

/// `fingerprint`, size and modification time of a file as the scan saw them: equal means
/// unchanged, not even read (schema::kSlotFileStat).
std::string stat_signature(const SourceFile& file, const std::string& fingerprint);

/// The sources of `opts`, scanned and filtered; the scan's problems and counts go into `summary`.
/// Throws BadInput for a bad URL base or mapping, or two sources of one name.
std::vector<Source> prepare_sources(const BuildOptions& opts, BuildSummary& summary);

/// Learns each source's boilerplate, or reuses what the index stored when the sampled files have
/// not changed (learning re-reads 64 pages per source: too slow for a no-change rebuild).
void learn_boilerplate_of(std::vector<Source>& sources, IndexWriter& writer, BuildSummary& summary);

}  // namespace lantern
