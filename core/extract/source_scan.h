// source_scan.h: which files a build reads. Walks folders (and takes single files), classifies
// files by extension, and never loops on symlinks or blocks on FIFOs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lantern {

/// The formats Lantern reads, each by its own extractor (extraction.cpp).
enum class FileKind { Html, Xml, Pdf, Docx, Odt };

/// A file to index.
struct SourceFile {
    std::string abs_path;   ///< path to open
    std::string rel_path;   ///< path relative to the root it was found under ('/'-separated)
    std::string source;     ///< the root's folder name (the collection it belongs to)
    FileKind kind;
    /// Size and modification time as the scan saw them: what a build's stat signature is made of
    /// (at 1,000,000 files, stat-ing each again took seconds).
    std::uintmax_t size = 0;
    std::int64_t mtime_sec = 0;
    std::int64_t mtime_nsec = 0;
};

/// A file the scan passed over, with why.
struct ScanProblem {
    std::string path;
    std::string reason;
    bool failure = true;   ///< false: deliberately skipped (FIFO, symlink loop); true: could not be read
};

struct ScanResult {
    std::vector<SourceFile> files;          ///< sorted by root, then relative path
    std::size_t other_files = 0;            ///< regular files of no format Lantern reads
    std::vector<ScanProblem> problems;      ///< unreadable files and folders, FIFOs, symlink loops
};

/// Scans each root: a folder is walked recursively (hidden entries, names starting with '.', are
/// left out); a file is taken as is. Throws BadInput if a root does not exist.
ScanResult scan_sources(const std::vector<std::string>& roots);

/// The kind of a file by its extension (.html, .htm, .xhtml -> Html; .xml -> Xml; .pdf -> Pdf;
/// .docx -> Docx; .odt -> Odt), or false.
bool kind_of(const std::string& path, FileKind& kind);

/// The format's name as queries (format:pdf), facets and `include` write it: "html", "xml",
/// "pdf", "docx", "odt".
const char* format_name(FileKind kind);

/// The kind a format name names ("pdf" -> Pdf), or false.
bool kind_of_format(const std::string& name, FileKind& kind);

/// "html, xml, pdf, docx, odt": every format, for messages.
std::string format_names();

/// Does a file match an `include`/`exclude` entry of a source? An entry with no glob character
/// (`*`, `?`, `[`), no `/` and no `.` is a format name and matches the files of that format;
/// any other is a glob on the path relative to the source (fnmatch: `*` also matches `/`).
bool matches_pattern(const std::string& pattern, const SourceFile& file);

/// What is wrong with a list of `include`/`exclude` entries ("'pfd' is neither a format (...) nor a
/// glob ..."), or "" when each is a glob or a format name.
std::string pattern_problem(const std::vector<std::string>& patterns);

/// Throws BadInput naming `where` ("source.include") unless every entry is a glob or a format
/// name, so that a typo ("pfd") is an error rather than a glob that matches nothing.
void check_patterns(const std::vector<std::string>& patterns, const std::string& where);

}  // namespace lantern
