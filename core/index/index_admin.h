// index_admin.h: looking after an index: stats, integrity check, the librarian's report,
// compaction and rollback (docs/operations.md). Stats and the report are plain structs, printed as
// JSON or text by the functions beside them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "text/abbreviations.h"
#include "text/release_manifest.h"

namespace lantern {

/// A thesaurus or safety panel compiled into an index.
struct VocabularyInfo {
    std::size_t count = 0;  ///< phrases that expand (thesaurus) or cards (safety panel)
    std::string path;       ///< where the build read it, as the manifest says ("" when it does not)
    bool bundled = false;   ///< the file shipped with Lantern (older manifests do not say)
};

/// One release of an index.
struct ReleaseStats {
    std::string name;
    bool live = false;
    bool complete = false;  ///< has a manifest
    std::size_t documents = 0;
    std::string created;
    std::string updated;
    std::uintmax_t size_bytes = 0;
};

/// What `lantern-index stats` says about an index.
struct IndexStats {
    std::string index;    ///< the folder asked about
    std::string release;  ///< the live release's name ("" for a plain database)
    std::size_t documents = 0;
    std::size_t terms = 0;  ///< distinct terms
    std::uint64_t term_occurrences = 0;
    std::uintmax_t size_bytes = 0;  ///< of the live release
    std::string schema_version;     ///< as the index says it (stats describe an index of any version)
    std::map<std::string, std::size_t> by_source, by_format, by_language, by_audience,
        by_topic;                             ///< documents per value
    std::optional<VocabularyInfo> thesaurus;  ///< none when none is compiled in
    std::optional<VocabularyInfo> safety_panel;
    std::vector<ReleaseStats> releases;  ///< oldest first
};

/// Documents, terms, size on disk, counts per source, topic, format and language, the thesaurus
/// and safety panel compiled in, and releases. Throws BadIndex when there is no readable index.
IndexStats index_stats(const std::string& dir);
/// The stats as `lantern-index stats --json` prints them (indented JSON, then a newline).
std::string stats_to_json(const IndexStats& stats);
/// The stats as `lantern-index stats` prints them.
std::string stats_to_text(const IndexStats& stats);

/// Xapian's own consistency check of the live release, plus the schema version.
struct CheckResult {
    bool ok = false;
    std::string text;
};
CheckResult check_index(const std::string& dir);

/// A list in a report: how many pages it holds, and the first of them (at most 50).
template <typename Item>
struct ReportList {
    std::size_t count = 0;
    std::vector<Item> items;
};

/// A page last reviewed too long ago.
struct StalePage {
    std::string id;
    std::string reviewed;  ///< YYYY-MM-DD
};

/// A page with (almost) no text.
struct ShortPage {
    std::string id;
    std::size_t words = 0;
};

/// What a librarian should fix.
struct IndexReport {
    std::string stale_before;  ///< YYYY-MM-DD: pages last reviewed before it are stale
    std::size_t documents = 0;
    ReportList<std::string> missing_title;  ///< page ids
    ReportList<std::string> missing_description;
    ReportList<std::string> missing_reviewed_date;
    ReportList<StalePage> stale_reviewed_date;
    ReportList<ShortPage> short_or_empty;
    std::vector<std::vector<std::string>> duplicates;  ///< ids of pages with the same text, by group
    std::vector<FileProblem> failed_files;             ///< in the live release's last build
    AbbreviationsReport abbreviations;
};

/// What a librarian should fix: pages without a title or description, missing or stale
/// last-reviewed dates (older than `stale_after_months`), duplicates, near-empty pages, failed files,
/// and the abbreviations the pages define (abbreviations.h). Throws BadIndex when there is no
/// readable index, or one of another schema version.
IndexReport index_report(const std::string& dir, int stale_after_months);
/// The report as `lantern-index report --json` prints it (indented JSON, then a newline).
std::string report_to_json(const IndexReport& report);
/// The report as `lantern-index report` prints it.
std::string report_to_text(const IndexReport& report);

/// Compacts the live release into a new one and switches to it atomically. Returns its name.
std::string compact_index(const std::string& dir, std::size_t keep_releases, bool wait);

/// Switches back to the previous complete release. Returns its name.
std::string rollback_index(const std::string& dir, bool wait);

/// "24m", "2y", "90d" -> months (days rounded up to whole months). Throws BadInput.
int parse_months(const std::string& text);

}  // namespace lantern
