// result_format.h: the two renderings of SearchResults. to_json() is THE JSON contract
// (docs/json.md) shared by `lantern-search --json` and the HTTP API (/api/search).
#pragma once

#include <string>

#include "search/search.h"

namespace lantern {

/// Indented for people (`lantern-search --json`), or on one line for programs (the HTTP API,
/// like its other answers: less to write and to send).
enum class JsonLayout { kIndented, kCompact };

/// One JSON object (docs/json.md): query, total, offset, limit, results[], facets, safety, notes,
/// suggestion, budget_exceeded, and explain when asked for.
std::string to_json(const SearchResults& results, JsonLayout layout = JsonLayout::kIndented);

/// Text for a terminal or a pipe: safety cards, notes, the explanation when asked for, results
/// (title, link, date, section, snippet, duplicates) and facets. With `color`, matches are bold
/// (ANSI); without, they are wrapped in *asterisks*. HTML entities in snippets are decoded.
std::string to_text(const SearchResults& results, bool color);

/// "<mark>a</mark> &amp; b" -> "a & b" with the marks replaced by `on`/`off`.
std::string snippet_to_text(const std::string& snippet_html, const std::string& on, const std::string& off);

}  // namespace lantern
