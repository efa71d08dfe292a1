// index_admin.h: looking after an index: stats, integrity check, the librarian's report,
// compaction and rollback (docs/operations.md). Results are JSON values with a text rendering.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace lantern {

/// Documents, terms, size on disk, counts per source, topic, format and language, the thesaurus
/// and safety panel compiled in (`{entries|cards, path, bundled}` or null), and releases.
/// Throws BadIndex when there is no readable index.
nlohmann::json index_stats(const std::string& dir);
std::string stats_to_text(const nlohmann::json& stats);

/// Xapian's own consistency check of the live release, plus the schema version.
struct CheckResult {
    bool ok = false;
    std::string text;
};
CheckResult check_index(const std::string& dir);

/// What a librarian should fix: pages without a title or description, missing or stale
/// last-reviewed dates (older than `stale_after_months`), duplicates, near-empty pages, failed files,
/// and the abbreviations the pages define (abbreviations.h).
nlohmann::json index_report(const std::string& dir, int stale_after_months);
std::string report_to_text(const nlohmann::json& report);

/// Compacts the live release into a new one and switches to it atomically. Returns its name.
std::string compact_index(const std::string& dir, std::size_t keep_releases, bool wait);

/// Switches back to the previous complete release. Returns its name.
std::string rollback_index(const std::string& dir, bool wait);

/// "24m", "2y", "90d" -> months (days rounded up to whole months). Throws BadInput.
int parse_months(const std::string& text);

}  // namespace lantern
