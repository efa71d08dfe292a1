// source_scan.h: which files a build reads. Walks folders (and takes single files), classifies
// files by extension, and never loops on symlinks or blocks on FIFOs.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lantern {

enum class FileKind { Html, Xml };

/// A file to index.
struct SourceFile {
    std::string abs_path;   ///< path to open
    std::string rel_path;   ///< path relative to the root it was found under ('/'-separated)
    std::string source;     ///< the root's folder name (the collection it belongs to)
    FileKind kind;
};

/// A file the scan passed over, with why.
struct ScanProblem {
    std::string path;
    std::string reason;
    bool failure = true;   ///< false: deliberately skipped (FIFO, symlink loop); true: could not be read
};

struct ScanResult {
    std::vector<SourceFile> files;          ///< sorted by root, then relative path
    std::size_t other_files = 0;            ///< regular files that are neither HTML nor XML
    std::vector<ScanProblem> problems;      ///< unreadable files and folders, FIFOs, symlink loops
};

/// Scans each root: a folder is walked recursively (hidden entries, names starting with '.', are
/// left out); a file is taken as is. Throws BadInput if a root does not exist.
ScanResult scan_sources(const std::vector<std::string>& roots);

/// The kind of a file by its extension (.html, .htm, .xhtml -> Html; .xml -> Xml), or false.
bool kind_of(const std::string& path, FileKind& kind);

}  // namespace lantern
