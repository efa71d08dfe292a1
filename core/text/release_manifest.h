// release_manifest.h: a release's manifest.json (text/index_layout.h, manifest_path), typed: what
// the release is and how it was made (docs/operations.md). lantern-index build writes it, adds to
// it on incremental builds and compaction copies it; stats and report read it. Its JSON, and the
// build record's (`lantern-index build --report`), are written and read in release_manifest.cpp
// only. The file's format is as it always was: older manifests read, missing fields at their
// defaults, and keys this version does not know are written back unchanged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <string_view>
#include <utility>
#include <vector>

namespace lantern {

/// A file (or record) that was not indexed, or indexed cut, and why.
struct FileProblem {
    std::string path;
    std::string reason;
};

/// What one build did with the articles and files it met.
struct BuildCounts {
    std::size_t files = 0;        ///< HTML and XML files found
    std::size_t added = 0;        ///< articles new to the index
    std::size_t updated = 0;      ///< articles whose source changed
    std::size_t unchanged = 0;    ///< articles whose source file did not change
    std::size_t removed = 0;      ///< articles whose source file disappeared
    std::size_t skipped = 0;      ///< files or records deliberately not indexed
    std::size_t timed_out = 0;    ///< of `skipped`: files abandoned at their --file-timeout
    std::size_t failed = 0;       ///< files that could not be indexed
    std::size_t other_files = 0;  ///< neither HTML nor XML, or excluded by pattern
};

/// One build, as `lantern-index build --report` writes it and the manifest keeps the last one.
struct BuildRecord {
    bool full = false;  ///< "kind": "full" or "incremental"
    std::string release;
    std::size_t shards = 1;
    BuildCounts counts;
    std::size_t documents = 0;  ///< articles in the index after the build
    double seconds = 0;
    std::vector<std::pair<std::string, std::size_t>> boilerplate_learned;  ///< source -> paragraphs
    std::vector<std::pair<std::string, std::size_t>> unlinked;  ///< source -> its articles without a link
    /// Sources whose learned boilerplate changed: (source, paragraphs before, paragraphs now).
    std::vector<std::tuple<std::string, std::size_t, std::size_t>> boilerplate_changed;
    std::size_t thesaurus_entries = 0;
    std::size_t safety_cards = 0;
    std::vector<std::string> pruned;  ///< old releases removed
    std::vector<FileProblem> failed;
    std::vector<FileProblem> skipped;
    std::vector<FileProblem> cut;
    std::string finished;  ///< UTC "YYYY-MM-DDTHH:MM:SSZ" in the manifest; "" (left out) in --report
};

/// One entry of the manifest's history of builds, oldest first.
struct BuildHistoryEntry {
    bool full = false;
    std::string finished;
    BuildCounts counts;
    double seconds = 0;
};

/// An indexed folder as the manifest records it.
struct ManifestSource {
    std::string name;
    std::string path;
    std::string url_base;
};

/// A file a build read (lantern.toml, the thesaurus, the safety panel), and its content_hash.
struct RecordedFile {
    std::string path;
    std::string hash;
    std::optional<bool> bundled;  ///< vocabulary files: shipped with Lantern (older manifests do not say)
};

struct ReleaseManifest {
    std::string release;   ///< the release folder's name
    std::string created;   ///< when its first (full) build finished; "" (left out) if never recorded
    std::string updated;   ///< when a build last changed it
    std::string built_by;  ///< "lantern-index VERSION"
    int schema_version = 0;
    std::optional<RecordedFile> config;  ///< null: options from the command line only
    std::vector<ManifestSource> sources;
    std::optional<RecordedFile> thesaurus;
    std::optional<RecordedFile> safety_panel;
    std::size_t documents = 0;
    std::size_t shards = 1;
    std::optional<BuildRecord> last_build;
    std::vector<BuildHistoryEntry> builds;
    std::string compacted_from;  ///< the release it was compacted from; "" (left out) if built
    /// Keys this version does not know, each with its JSON text, written back as they were.
    std::vector<std::pair<std::string, std::string>> other;
};

/// The manifest as manifest.json holds it (indented JSON, keys sorted, then a newline).
std::string manifest_json(const ReleaseManifest& manifest);

/// A manifest read from manifest.json's text; nullopt when the text is not JSON (a file cut short).
/// Fields that are missing or of another type keep their defaults; never throws.
std::optional<ReleaseManifest> parse_manifest(std::string_view text);

/// The build record as `lantern-index build --report` writes it (indented JSON, no newline);
/// bytes that are not UTF-8 (file names) are replaced, never thrown on.
std::string build_record_json(const BuildRecord& record);

/// A build record read back from build_record_json's text (a shard's summary). Throws BadIndex
/// when the text is not a JSON object.
BuildRecord parse_build_record(std::string_view text);

}  // namespace lantern
