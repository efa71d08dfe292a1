// gumbo_tree.cpp: reading Gumbo's tree: parsing within bounds, attributes, tags, what is never
// content (html_extract.cpp and page_text.cpp build on these).
#include "extract/detail/gumbo_tree.h"

#include <cctype>
#include <memory>

#include "text/article.h"

namespace lantern::html {
namespace {

/// Class and id names that popular generators give to chrome inside the content area: MediaWiki's
/// edit links, jump links, "Retrieved from", categories and table of contents; common cookie,
/// breadcrumb, sharing and comment widgets. Matched as whole, case-insensitive tokens.
constexpr const char* kChromeNames[] = {
    "mw-editsection", "mw-jump", "jump-to-nav", "printfooter", "catlinks", "noprint", "toc", "sitesub",
    "contentsub",     "navbox",  "cookie-banner", "cookie-consent", "breadcrumb", "breadcrumbs",
    "skip-link",      "sharedaddy", "social-share", "share-buttons", "comments", "comment-respond",
};

}  // namespace

OutputPtr parse(const std::string& page, HtmlCuts& cuts) {
    // Nesting, attributes and open formatting elements cost Gumbo more than linear time: bounded first.
    const std::string utf8 = bound_html(page, cuts);
    // Gumbo keeps each parse error with a copy of the stack of open elements: on a deep, malformed
    // page that is depth x errors (fuzzing: 38 KB of <div>s and stray </p>s took 570 MB). Lantern
    // never reads the errors, so none are recorded.
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput* out = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
    return OutputPtr(out, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

std::string attr(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return "";
    const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a != nullptr ? std::string(a->value) : std::string();
}

bool has_attr(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return false;
    return gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

GumboTag tag_of(const GumboNode* node) { return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN; }

const GumboVector* children_of(const GumboNode* node) {
    if (is_element(node)) return &node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
    return nullptr;
}

bool is_heading(GumboTag t) {
    return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
           t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

bool is_block(GumboTag t) {
    switch (t) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BR: case GUMBO_TAG_TR:
        case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
        case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_CAPTION: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_BODY:
        case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
            return true;
        default:
            return is_heading(t);
    }
}

/// Elements that are never content, wherever they appear.
bool is_never_content(GumboTag t) {
    switch (t) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
        case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_FORM: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
        case GUMBO_TAG_MATH: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
            return true;
        default:
            return false;
    }
}

/// ARIA roles of site chrome (explicit role attributes).
bool is_chrome_role(const std::string& role) {
    const std::string r = ascii_lower(role);
    return r == "navigation" || r == "banner" || r == "contentinfo" || r == "search" ||
           r == "complementary" || r == "dialog" || r == "alertdialog";
}

/// HTML-AAM: <header>/<footer> are page banner/contentinfo only outside article, aside, main,
/// nav and section; inside those they belong to the content (an article's own header).
bool is_sectioning(GumboTag t) {
    return t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_MAIN || t == GUMBO_TAG_NAV ||
           t == GUMBO_TAG_SECTION;
}

/// True for subtrees that are never indexed.
bool is_excluded(const GumboNode* node, const PageChrome& chrome) {
    if (!is_element(node)) return false;
    if (is_never_content(tag_of(node)) || chrome.is_page_header(node) || has_name_in(node, kChromeNames)) return true;
    if (has_attr(node, "data-lantern-ignore") || has_attr(node, "hidden")) return true;
    if (ascii_lower(attr(node, "aria-hidden")) == "true") return true;
    return is_chrome_role(attr(node, "role"));
}

/// All text below a node except excluded subtrees, white space collapsed.
std::string text_of(const GumboNode* root, const PageChrome& chrome) {
    std::string text;
    walk(root, [&text, root, &chrome](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
            text.append(n->v.text.text);
            text.push_back(' ');
        }
        const GumboTag t = tag_of(n);
        return t != GUMBO_TAG_SCRIPT && t != GUMBO_TAG_STYLE && (n == root || !is_excluded(n, chrome));
    });
    return collapse_space(text);
}

PageChrome::PageChrome(const GumboNode* root) {
    std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};   // (node, inside a section)
    while (!stack.empty()) {
        const auto [node, inside] = stack.back();
        stack.pop_back();
        const GumboTag t = tag_of(node);
        if (!inside && (t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER)) headers_.insert(node);
        const bool section = inside || is_sectioning(t) || ascii_lower(attr(node, "role")) == "main";
        if (const GumboVector* kids = children_of(node)) {
            for (unsigned i = 0; i < kids->length; ++i) stack.emplace_back(static_cast<const GumboNode*>(kids->data[i]), section);
        }
    }
}

}  // namespace lantern::html
