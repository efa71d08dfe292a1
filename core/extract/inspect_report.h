// inspect_report.h: `lantern-index inspect` output, text and JSON: exactly what build would index
// from one file (fields, sections, dates, language, full text), or why it would be skipped.
#pragma once

#include <string>

#include "extract/extraction.h"

namespace lantern {

/// Readable report: how the file was read, each article's fields and sections, then its text.
std::string inspection_to_text(const std::string& path, const FileExtraction& x);

/// The same as one JSON object: file, how, skip_reason, skipped_records, articles[].
std::string inspection_to_json(const std::string& path, const FileExtraction& x);

}  // namespace lantern
