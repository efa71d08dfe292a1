// index_writer.h: builds or updates a Lantern index from source folders.
//
// The one per-document catch site of the indexer lives in build_index(): a file that cannot be
// indexed is reported, counted and skipped; the run goes on and the index stays consistent
// (everything is committed in one transaction at the end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lantern {

struct BuildOptions {
    std::string db_path;                    ///< Xapian database folder (created if missing)
    std::vector<std::string> roots;         ///< folders and files to index
    std::string url_base;                   ///< when set, relative paths become links under it
    bool ignore_robots = false;             ///< index pages marked robots noindex
    std::uintmax_t max_file_size = 32u << 20;  ///< larger files are skipped (bytes)
    std::vector<std::string> mapping_files; ///< XML mapping files (TOML); none: built-in mapping
    bool learn_boilerplate = true;          ///< strip paragraphs repeated on most pages of a source
    std::string thesaurus_path;             ///< thesaurus compiled into the index ("" = none)
    std::string safety_panel_path;          ///< safety-panel cards compiled into the index ("" = none)
};

/// A file (or record) that was not indexed, and why.
struct FileProblem {
    std::string path;
    std::string reason;
};

struct BuildSummary {
    std::size_t added = 0;       ///< articles new to the index
    std::size_t updated = 0;     ///< articles whose source changed
    std::size_t unchanged = 0;   ///< articles whose source file is byte-identical to last time
    std::size_t skipped = 0;     ///< files or records deliberately not indexed (see `skips`)
    std::size_t failed = 0;      ///< files that could not be indexed (see `failures`)
    std::size_t other_files = 0; ///< files that are neither HTML nor XML (counted, not listed)
    double seconds = 0;
    std::vector<FileProblem> skips;
    std::vector<std::pair<std::string, std::size_t>> boilerplate;  ///< source -> repeated paragraphs learned
    std::size_t thesaurus_entries = 0;  ///< phrases the compiled thesaurus expands
    std::size_t safety_cards = 0;       ///< safety-panel cards compiled in
    std::vector<FileProblem> failures;
};

/// Called as each failure happens, so a long build reports problems without waiting for the end.
using FailureSink = std::function<void(const FileProblem&)>;

/// Indexes every HTML and XML file under the roots into options.db_path. Throws BadInput for a
/// missing root, a bad option or an invalid mapping file (before anything is written), BadIndex
/// when the database cannot be opened, locked or written.
BuildSummary build_index(const BuildOptions& options, const FailureSink& on_failure);

}  // namespace lantern
