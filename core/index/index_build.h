// index_build.h: a build of a Lantern index (docs/operations.md). Takes the index lock; a full
// build writes a new release and switches to it atomically, an incremental build updates the
// live release in one transaction (or, past its IncrementalLimit, is written in full). Files are
// extracted on all cores and fed to one writer.
//
// The one per-document catch site of the indexer is in the extraction workers: a file that
// cannot be indexed is reported, counted and skipped; the run goes on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "index/vocabulary_paths.h"
#include "text/abbreviations.h"
#include "text/release_manifest.h"

namespace lantern {

/// Seconds one file's extraction may take before the build abandons it (--file-timeout).
inline constexpr double kDefaultFileTimeout = 30;

/// One folder (or file) to index, with its own settings.
struct SourceSpec {
    std::string path;
    std::string url_base;                       ///< relative paths become links under it
    /// Which files: format names ("pdf") and globs on the path relative to `path`; a file is read
    /// when it matches one (empty: every format Lantern reads). matches_pattern() in
    /// extract/source_scan.h says how an entry matches.
    std::vector<std::string> include;
    std::vector<std::string> exclude;           ///< format names and globs; matching files are left out
    std::vector<std::string> mapping_files;     ///< XML mapping files (TOML); none: built-in mapping
    bool ignore_robots = false;                 ///< index pages marked robots noindex
    std::uintmax_t max_file_size = 32u << 20;   ///< larger files are skipped (bytes)
    double file_timeout = kDefaultFileTimeout;   ///< seconds one file's extraction may take (0: no limit)
};

/// An incremental build holds every change in memory until its one commit. One that would read
/// more files or bytes than this is written as a full build instead: a new release, flushed as it
/// goes, switched to atomically (docs/operations.md). On ../shared/corpora, re-reading all 13,039
/// files after a settings change took 30.7 s and 471 MiB incrementally, 9.9 s and 164 MiB in full.
/// A sharded release's shard processes decide together (shard_processes.h). Not applied with
/// `keep_removed` (a full build would drop the articles kept).
/// What an incremental build's plan would read: files, and their bytes.
struct PlanSize {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
};

struct IncrementalLimit {
    std::size_t files = 10000;
    std::uintmax_t bytes = std::uintmax_t{256} << 20;
    bool allows(const PlanSize& p) const { return p.files <= files && p.bytes <= bytes; }
};

struct BuildOptions {
    std::string db_path;                  ///< the index folder (releases, current, lock)
    std::vector<SourceSpec> sources;
    VocabularySetting thesaurus;          ///< compiled into the index (default: the bundled one, if found)
    VocabularySetting safety_panel;       ///< compiled into the index (default: the bundled one, if found)
    std::string config_path;              ///< recorded in the manifest ("" = command line only)
    bool full = false;                    ///< rebuild from nothing into a new release
    bool keep_removed = false;            ///< keep articles whose source file disappeared
    IncrementalLimit incremental_limit;   ///< past it, an incremental build is written in full
    bool learn_boilerplate = true;        ///< strip paragraphs repeated on most pages of a source
    AbbreviationSettings abbreviations;   ///< how searches use the abbreviations pages define (stored in the index)
    bool wait_for_lock = false;           ///< wait for another build instead of stopping
    std::size_t keep_releases = 3;        ///< complete releases kept besides the live one
    unsigned threads = 0;                 ///< extraction threads (0 = one per core)
    std::size_t flush_every = 1000;       ///< full builds flush to disk every this many articles (measured best: docs/BENCHMARKS.md)
    std::size_t shards = 0;               ///< shard databases, built in parallel processes (0 = as the live release, else 1)
    unsigned writers = 0;                 ///< writer threads of a full build (0 = one per extraction thread, at most kMaxWriters)
};

/// The most writer threads a full build uses: each writes a part database that the compactor
/// merges at the end, a serial step that grows with their number.
inline constexpr unsigned kMaxWriters = 4;

/// The most shards a build may ask for.
inline constexpr std::size_t kMaxShards = 64;

struct BuildSummary {
    bool full = false;           ///< a full build into a new release
    std::string release;         ///< the release written (its folder name)
    std::size_t shards = 1;      ///< shard databases in the release
    std::size_t files = 0;       ///< files of the formats Lantern reads found (and included)
    std::size_t added = 0;       ///< articles new to the index
    std::size_t updated = 0;     ///< articles whose source changed
    std::size_t unchanged = 0;   ///< articles whose source file did not change (not parsed again)
    std::size_t removed = 0;     ///< articles whose source file disappeared
    std::size_t skipped = 0;     ///< files or records deliberately not indexed (see `skips`)
    std::size_t failed = 0;      ///< files that could not be indexed (see `failures`)
    std::size_t timed_out = 0;   ///< of `skipped`: files abandoned at their --file-timeout (exit code 1)
    std::size_t other_files = 0;  ///< files of no format Lantern reads, or not included, or excluded
    std::size_t documents = 0;   ///< articles in the index after the build
    double seconds = 0;
    /// Set when the files to read were past BuildOptions::incremental_limit, so the build that
    /// would have updated the live release was written in full: how many files, how many bytes.
    std::size_t past_limit_files = 0;
    std::uintmax_t past_limit_bytes = 0;
    std::vector<FileProblem> skips;
    std::vector<FileProblem> failures;
    std::vector<FileProblem> cuts;       ///< files indexed with shapes past the parser's bounds cut, and what
    std::vector<std::pair<std::string, std::size_t>> boilerplate;  ///< source -> repeated paragraphs learned
    /// Sources whose learned boilerplate changed since the index's last build (a few pages added to
    /// or removed from a small folder can do it): source, paragraphs before, paragraphs now. Their
    /// pages are extracted again, so the program says so (issue 19).
    std::vector<std::tuple<std::string, std::size_t, std::size_t>> boilerplate_changed;
    /// source -> articles indexed (added or updated) by this build with no link: no canonical URL or
    /// XML url of their own and no url_base to make one (the program warns once)
    std::map<std::string, std::size_t> unlinked;
    ResolvedVocabulary thesaurus;        ///< the file compiled in, and a warning if a bundled one was missing
    ResolvedVocabulary safety_panel;
    std::size_t thesaurus_entries = 0;
    std::size_t safety_cards = 0;
    std::vector<std::string> pruned;     ///< old releases removed
};

/// Progress of the extraction phase, reported after each file.
struct BuildProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    double seconds = 0;
    std::string slow_file;      ///< a file whose extraction has run for a while ("" if none)
    double slow_seconds = 0;    ///< how long it has run
    /// Once the files are read: what the build is doing ("merging 2 parts into one index:
    /// postlist table"), reported as it starts and every few seconds while it lasts; "" before.
    std::string stage;
};

/// Extractions abandoned at their deadline that are still running on detached threads. A program
/// that builds must then end with std::_Exit (after flushing its output), not return from main.
std::size_t abandoned_extractions();

/// Called as each failure happens (from the writing thread).
using FailureSink = std::function<void(const FileProblem&)>;
using ProgressSink = std::function<void(const BuildProgress&)>;

/// Builds or updates the index. Throws BadInput for a missing source or bad option, mapping,
/// thesaurus or safety panel, or a bundled one asked for and not found (before anything is
/// written); BadIndex when the index is busy, or cannot be opened or written (the live release
/// then stays as it was). A default bundled file that is not found leaves a warning in the summary.
BuildSummary build_index(const BuildOptions& options, const FailureSink& on_failure, const ProgressSink& on_progress);

/// The summary as `--report` writes it (text/release_manifest.h, build_record_json).
std::string summary_json(const BuildSummary& summary);

}  // namespace lantern
