// page_text.h: the text of a page's content element for html_extract: body text with paragraph
// breaks, sections at headings (with their anchors), bylines set apart as metadata.
#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

#include "extract/detail/byline.h"
#include "text/article.h"

namespace lantern::html {

class PageChrome;

struct PageText {
    std::string body;
    std::vector<Section> sections;
    std::vector<Byline> bylines;   ///< what the bylines left out of body say
};

/// Reads the text below `root`, leaving out excluded subtrees (gumbo_tree.h's is_excluded),
/// <!--htdig_noindex--> regions and bylines. With `prune_link_lists` (a page without a semantic
/// content element, whose whole <body> is read), blocks that are mostly links are left out too.
PageText read_text(const GumboNode* root, const PageChrome& chrome, bool prune_link_lists);

}  // namespace lantern::html
