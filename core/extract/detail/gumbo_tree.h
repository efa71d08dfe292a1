// gumbo_tree.h: reading Gumbo's tree for html_extract: parsing within bounds, attributes and tags,
// the page's own chrome, what is never content. Gumbo's types stay inside extract/ (detail/).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/detail/html_bounds.h"
#include "text/article.h"

namespace lantern::html {

/// Gumbo's output, destroyed with it.
using OutputPtr = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

/// Parses a page after bound_html (detail/html_bounds.h) has cut what costs Gumbo more than linear
/// time; `cuts` says what was cut. Parse errors are not recorded.
OutputPtr parse(const std::string& page, HtmlCuts& cuts);

std::string attr(const GumboNode* node, const char* name);   ///< "" when absent or not an element
bool has_attr(const GumboNode* node, const char* name);
bool is_element(const GumboNode* node);
GumboTag tag_of(const GumboNode* node);                       ///< GUMBO_TAG_UNKNOWN for a non-element
const GumboVector* children_of(const GumboNode* node);       ///< nullptr for text

/// Calls visit(node) for every node in document order; visit returns false to skip a subtree.
template <typename Visit>
void walk(const GumboNode* root, Visit&& visit) {
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (!visit(node)) continue;
        if (const GumboVector* kids = children_of(node)) {
            for (unsigned i = kids->length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
        }
    }
}

bool is_heading(GumboTag t);
bool is_block(GumboTag t);          ///< ends a paragraph
bool is_never_content(GumboTag t);  ///< script, style, nav, form, ...: never content, wherever they appear
bool is_chrome_role(const std::string& role);   ///< ARIA roles of site chrome
/// HTML-AAM: <header>/<footer> are page banner/contentinfo only outside article, aside, main,
/// nav and section; inside those they belong to the content (an article's own header).
bool is_sectioning(GumboTag t);

/// The page's own banners and footers: <header> and <footer> elements outside sectioning elements
/// and role=main, found in one walk of the page (asking each element's ancestors cost a page of
/// many headers its depth for each).
class PageChrome {
public:
    explicit PageChrome(const GumboNode* root);

    bool is_page_header(const GumboNode* node) const { return headers_.count(node) != 0; }

private:
    std::unordered_set<const GumboNode*> headers_;
};

/// Whether one of the node's class or id tokens (case-insensitive) is in `names`.
template <std::size_t N>
bool has_name_in(const GumboNode* node, const char* const (&names)[N]) {
    const std::string tokens = ascii_lower(attr(node, "class") + " " + attr(node, "id"));
    for (std::size_t i = 0; i < tokens.size();) {
        const std::size_t j = std::min(tokens.find_first_of(" \t\n", i), tokens.size());
        const std::string_view token(tokens.data() + i, j - i);
        for (const char* name : names) {
            if (token == name) return true;
        }
        i = j + 1;
    }
    return false;
}

/// True for subtrees that are never indexed.
bool is_excluded(const GumboNode* node, const PageChrome& chrome);

/// All text below a node except excluded subtrees, white space collapsed.
std::string text_of(const GumboNode* root, const PageChrome& chrome);

}  // namespace lantern::html
