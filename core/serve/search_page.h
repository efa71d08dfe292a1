// search_page.h: the server-rendered search page (GET /): works with JavaScript off, every value
// HTML-escaped (snippets and titles arrive escaped with only <mark> added), accessible markup.
#pragma once

#include <string>

#include "search/search.h"
#include "serve/page_text.h"

namespace lantern {

/// The page for a query; `results` is null before anything was searched, `error` names a bad
/// parameter ("" when none). `request` supplies the current filters for links; `text` the
/// organisation's words (lantern.toml [page]).
std::string render_search_page(const SearchRequest& request, const SearchResults* results, const std::string& error,
                               const PageText& text = PageText());

}  // namespace lantern
