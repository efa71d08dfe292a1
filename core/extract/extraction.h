// extraction.h: from one source file to the Articles that would be indexed, with ids, links and
// the reasons anything is skipped. The single code path behind `lantern-index build` and
// `lantern-index inspect`, so what inspect shows is exactly what build indexes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "text/article.h"
#include "extract/boilerplate.h"
#include "extract/source_scan.h"
#include "extract/xml_mapping.h"

namespace lantern {

struct ExtractOptions {
    std::string url_base;                        ///< relative paths become links under it
    bool ignore_robots = false;                  ///< index pages marked robots noindex
    std::uintmax_t max_file_size = 32u << 20;    ///< larger files are skipped (bytes)
    XmlMappings mappings;                        ///< none: the built-in element-name mapping
    std::map<std::string, Boilerplate> boilerplate;  ///< per source: paragraphs stripped from its HTML pages
};

struct FileExtraction {
    std::vector<Article> articles;               ///< ready to index: id, path, source and url set
    std::vector<std::string> skipped_records;    ///< "record KEY: reason" for records left out
    std::string skip_reason;                     ///< non-empty: the whole file is deliberately skipped
    std::string how;                             ///< "HTML, windows-1252 (meta)" or "XML, mapping FILE: NAME"
    std::string cut;                             ///< non-empty: indexed, but shapes past the bounds were cut (what)
};

/// Why a file of `size` bytes is skipped under `limit` (the one wording, for build and inspect).
std::string size_limit_reason(std::uintmax_t size, std::uintmax_t limit);

/// Reads a file's bytes. Throws BadDocument ("empty file", "cannot open file", ...).
std::string read_source(const std::string& path);

/// Extracts the articles of one file whose bytes are given. Throws BadDocument when the file
/// cannot be indexed (binary, malformed, no mapping matches, ...).
FileExtraction extract_file(const SourceFile& file, const std::string& bytes, const ExtractOptions& options);

/// Throws BadInput unless `url_base` is empty or an absolute http(s) URL (what --url-base and
/// source.url_base must be: other links are never put in results, see safe_link in core/text/url.h).
void check_url_base(const std::string& url_base);

/// The link a result carries for an article of the file at `rel_path` (relative to its indexed
/// folder; `record`: an XML record's key, or ""), given the link the document names (`link`: a
/// canonical link or XML `url`, or ""). The file's own address is `url_base` (a folder) joined
/// with `rel_path`; a relative `link` is resolved against it (RFC 3986: a reference is relative to
/// the document that holds it), an absolute one normalised. A link that safe_link refuses, or that
/// cannot be resolved, gives way to the file's own address (`#record` for a record). Without a
/// `url_base`, a relative link is kept as written and a file with no link has none ("").
std::string result_link(const std::string& url_base, const std::string& rel_path, const std::string& record,
                        const std::string& link);

}  // namespace lantern
