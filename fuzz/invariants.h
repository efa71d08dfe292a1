// invariants.h: promises core's headers make about what it returns, checked on every fuzz input.
// Each check throws InvariantBroken (targets.h) naming the promise and the value that broke it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/article.h"
#include "search/search.h"

namespace lantern::fuzz {

/// Throws InvariantBroken("WHAT: MESSAGE") when `ok` is false.
void require(bool ok, const std::string& what, const std::string& message);

/// Extracted articles (extraction.h, schema.cpp "extractors sanitise"): every text field valid
/// UTF-8, a non-empty id and title, dates empty or YYYY-MM-DD, sections in order inside the
/// body, and what the index stores decodes back to the same article.
void check_articles(const std::vector<Article>& articles);

/// Search results (search.h) for a request whose stored articles are valid UTF-8: no more hits
/// than the limit, ranks counting up from offset + 1, snippets and marked titles valid UTF-8.
void check_results(const SearchRequest& request, const SearchResults& results);

/// A JSON body (http_api.h, result_format.h) parses back as a JSON object.
void check_json_object(const std::string& what, const std::string& body);

}  // namespace lantern::fuzz
