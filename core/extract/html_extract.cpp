// html_extract.cpp: gumbo-based extraction. Traversals are iterative, so pathological nesting
// (tests/data: 10,000 levels) cannot overflow the stack.
#include "extract/html_extract.h"

#include <gumbo.h>

#include <cctype>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/detail/byline.h"
#include "extract/encoding.h"
#include "text/errors.h"
#include "text/schema.h"
#include "extract/detail/html_bounds.h"

namespace lantern {
namespace {

using OutputPtr = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

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

/// The page's own banners and footers: <header> and <footer> elements outside sectioning elements
/// and role=main, found in one walk of the page (asking each element's ancestors cost a page of
/// many headers its depth for each).
class PageChrome {
public:
    explicit PageChrome(const GumboNode* root) {
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

    bool is_page_header(const GumboNode* node) const { return headers_.count(node) != 0; }

private:
    std::unordered_set<const GumboNode*> headers_;
};

/// Class and id names that popular generators give to chrome inside the content area: MediaWiki's
/// edit links, jump links, "Retrieved from", categories and table of contents; common cookie,
/// breadcrumb, sharing and comment widgets. Matched as whole, case-insensitive tokens.
constexpr const char* kChromeNames[] = {
    "mw-editsection", "mw-jump", "jump-to-nav", "printfooter", "catlinks", "noprint", "toc", "sitesub",
    "contentsub",     "navbox",  "cookie-banner", "cookie-consent", "breadcrumb", "breadcrumbs",
    "skip-link",      "sharedaddy", "social-share", "share-buttons", "comments", "comment-respond",
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

/// Class and id names that generators give to bylines (WordPress's entry-meta and posted-on, news
/// sites' byline and dateline). Matched as whole, case-insensitive tokens.
constexpr const char* kBylineNames[] = {"byline", "dateline", "entry-meta", "post-meta", "article-meta", "page-meta", "posted-on"};

/// A byline is short: reading a candidate stops after this many nodes or bytes of text. Every
/// block before the first body text is a candidate, so an unbounded read cost the square of the
/// nesting depth (8,000 nested <div>s: 349 MB under ASan, FuzzTargetTest.FuzzRegressionsPass).
constexpr std::size_t kBylineMaxNodes = 64;
constexpr std::size_t kBylineMaxBytes = 400;

/// A byline's text, each <time datetime> read as its machine-readable date; `dated` says whether
/// it holds a <time> or date/author microdata, `whole` whether it was read within the bounds.
std::string byline_text(const GumboNode* root, const PageChrome& chrome, bool& dated, bool& whole) {
    std::string text;
    dated = false;
    whole = true;
    std::size_t nodes = 0;
    walk(root, [&](const GumboNode* n) {
        if (++nodes > kBylineMaxNodes || text.size() > kBylineMaxBytes) {
            whole = false;
            return false;
        }
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
            text.append(n->v.text.text);
            return false;
        }
        if (!is_element(n) || (n != root && is_excluded(n, chrome))) return false;
        const std::string prop = attr(n, "itemprop");
        if (tag_of(n) == GUMBO_TAG_TIME || prop == "author" || prop == "datePublished" || prop == "dateModified" ||
            prop == "lastReviewed" || ascii_lower(attr(n, "rel")) == "author") {
            dated = true;
        }
        const std::string when = tag_of(n) == GUMBO_TAG_TIME ? normalize_date(attr(n, "datetime")) : "";
        if (!when.empty()) {
            text += " " + when + " ";
            return false;
        }
        if (is_block(tag_of(n))) text.push_back('\n');
        return true;
    });
    return text;
}

/// Whether a block is a byline: metadata ("Written for: the public · Last reviewed: <time>",
/// "By Jane Doe | Updated 3 May 2026") that would otherwise open every snippet. A byline is named
/// so (kBylineNames), or is a short block before any body text (headings aside) that holds a
/// <time> or date/author microdata and reads as a byline (a label read_byline knows, or a bare date).
/// `said` is what a byline says, read once here.
bool is_byline(const GumboNode* node, const PageChrome& chrome, bool text_seen, Byline& said) {
    const GumboTag t = tag_of(node);
    if (t != GUMBO_TAG_P && t != GUMBO_TAG_DIV && t != GUMBO_TAG_ADDRESS) return false;
    bool dated = false, whole = true;
    const bool named = has_name_in(node, kBylineNames);
    if (!named && text_seen) return false;
    const std::string text = byline_text(node, chrome, dated, whole);
    if (!named && (!whole || !dated || count_words(text) > 30)) return false;
    said = read_byline(text);
    if (named) return true;
    const bool labelled = !said.audience.empty() || !said.author.empty() || !said.published.empty() ||
                          !said.modified.empty() || !said.reviewed.empty();
    return labelled || (count_words(text) <= 4 && !byline_date(text).empty());
}

/// Text bytes and link-text bytes below each element, for pages without semantic markup: a block
/// whose text is mostly links (menus, footers of "HOME | ABOUT | CONTACT") is navigation.
class LinkDensity {
public:
    LinkDensity(const GumboNode* root, const PageChrome& chrome) {
        // Post-order over an explicit stack, so deep pages cannot overflow the call stack.
        std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};
        while (!stack.empty()) {
            auto [node, children_done] = stack.back();
            stack.pop_back();
            if (!is_element(node)) continue;
            if (!children_done) {
                stack.emplace_back(node, true);
                const GumboVector* kids = children_of(node);
                for (unsigned i = 0; i < kids->length; ++i) stack.emplace_back(static_cast<const GumboNode*>(kids->data[i]), false);
                continue;
            }
            Counts c;
            const GumboVector* kids = children_of(node);
            for (unsigned i = 0; i < kids->length; ++i) {
                const auto* kid = static_cast<const GumboNode*>(kids->data[i]);
                if (kid->type == GUMBO_NODE_TEXT || kid->type == GUMBO_NODE_CDATA) {
                    c.text += collapse_space(kid->v.text.text).size();
                } else if (is_element(kid) && !is_excluded(kid, chrome)) {
                    const Counts& k = counts_[kid];
                    c.text += k.text;
                    c.link_text += k.link_text;
                    c.links += k.links;
                }
            }
            if (tag_of(node) == GUMBO_TAG_A) {
                c.link_text = c.text;
                c.links += 1;
            }
            counts_[node] = c;
        }
    }

    /// Two or more links making up at least 70% of the block's text.
    bool is_link_list(const GumboNode* node) const {
        const auto it = counts_.find(node);
        if (it == counts_.end()) return false;
        const Counts& c = it->second;
        return c.links >= 2 && c.text > 0 && c.link_text * 10 >= c.text * 7;
    }

private:
    struct Counts {
        std::size_t text = 0, link_text = 0, links = 0;
    };
    std::unordered_map<const GumboNode*, Counts> counts_;
};

/// Builds body text and sections from a content root.
class TextBuilder {
public:
    /// `density` (may be null) prunes link-list blocks: used when the page has no semantic
    /// content element and the whole <body> is read.
    explicit TextBuilder(const PageChrome& chrome, const LinkDensity* density = nullptr) : chrome_(chrome), density_(density) {}

    void run(const GumboNode* root) {
        // Explicit stack of (node, entering?) so block boundaries can be closed after children.
        std::vector<std::pair<const GumboNode*, bool>> stack{{root, true}};
        while (!stack.empty()) {
            auto [node, entering] = stack.back();
            stack.pop_back();
            if (!entering) {
                if (is_block(tag_of(node))) paragraph_break();
                continue;
            }
            if (node->type == GUMBO_NODE_COMMENT) {
                on_comment(node->v.text.text);
                continue;
            }
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
                if (noindex_depth_ == 0) append_text(node->v.text.text);
                continue;
            }
            if (node != root && is_excluded(node, chrome_)) continue;
            const GumboTag t = tag_of(node);
            if (density_ != nullptr && node != root && is_block(t) && density_->is_link_list(node)) continue;
            Byline byline;
            if (node != root && noindex_depth_ == 0 && is_byline(node, chrome_, text_seen_, byline)) {
                bylines_.push_back(std::move(byline));
                continue;
            }
            if (is_heading(t) && noindex_depth_ == 0) {
                add_heading(node);
                continue;
            }
            if (is_block(t)) paragraph_break();
            stack.emplace_back(node, false);
            if (const GumboVector* kids = children_of(node)) {
                for (unsigned i = kids->length; i > 0; --i) stack.emplace_back(static_cast<const GumboNode*>(kids->data[i - 1]), true);
            }
        }
        while (!body_.empty() && (body_.back() == '\n' || body_.back() == ' ')) body_.pop_back();
    }

    std::string body_;
    std::vector<Section> sections_;
    std::vector<Byline> bylines_;   ///< what the bylines left out of body_ say

private:
    void append_text(std::string_view text) {
        for (char c : text) {
            const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
            if (space) {
                if (!body_.empty() && body_.back() != ' ' && body_.back() != '\n') body_.push_back(' ');
            } else {
                body_.push_back(c);
                text_seen_ = true;
            }
        }
    }

    void paragraph_break() {
        while (!body_.empty() && body_.back() == ' ') body_.pop_back();
        if (!body_.empty() && body_.back() != '\n') body_.push_back('\n');
    }

    void add_heading(const GumboNode* node) {
        const std::string heading = text_of(node, chrome_);
        if (heading.empty()) return;
        paragraph_break();
        std::string anchor = attr(node, "id");
        if (anchor.empty()) {
            // <h2><a name="x">..</a></h2>, or MediaWiki's <h2><span class="mw-headline" id="x">..</span></h2>
            walk(node, [&anchor](const GumboNode* n) {
                if (anchor.empty() && is_element(n)) {
                    anchor = attr(n, "id");
                    if (anchor.empty() && tag_of(n) == GUMBO_TAG_A) anchor = attr(n, "name");
                }
                return anchor.empty();
            });
        }
        if (anchor.empty() && node->parent != nullptr && tag_of(node->parent) == GUMBO_TAG_SECTION) {
            anchor = attr(node->parent, "id");
        }
        sections_.push_back({heading, anchor, body_.size()});
        body_.append(heading);
        body_.push_back('\n');
    }

    void on_comment(std::string_view text) {
        const std::string c = ascii_lower(collapse_space(text));
        if (c == "htdig_noindex") ++noindex_depth_;
        if (c == "/htdig_noindex" && noindex_depth_ > 0) --noindex_depth_;
    }

    int noindex_depth_ = 0;
    bool text_seen_ = false;   ///< body text other than headings has been read
    const PageChrome& chrome_;
    const LinkDensity* density_;
};

/// Metadata gathered from the whole document.
struct PageMeta {
    std::string title_tag, og_title, dc_title, site_name, first_h1, dc_language, description, keywords, author, lang, canonical, audience;
    std::string published, modified, reviewed, robots;
    std::vector<std::string> tags;
    const GumboNode* explicit_body = nullptr;
    const GumboNode* main = nullptr;
    const GumboNode* role_main = nullptr;
    const GumboNode* article = nullptr;
    const GumboNode* body = nullptr;
};

void set_if_empty(std::string& field, const std::string& value) {
    if (field.empty()) field = value;
}

void read_meta(const GumboNode* n, PageMeta& m) {
    const std::string name = ascii_lower(attr(n, "name").empty() ? attr(n, "property") : attr(n, "name"));
    const std::string content = collapse_space(attr(n, "content"));
    const std::string itemprop = attr(n, "itemprop");
    if (itemprop == "lastReviewed") set_if_empty(m.reviewed, normalize_date(content));
    if (itemprop == "datePublished") set_if_empty(m.published, normalize_date(content));
    if (itemprop == "dateModified") set_if_empty(m.modified, normalize_date(content));
    if (ascii_lower(attr(n, "http-equiv")) == "content-language") set_if_empty(m.dc_language, content);
    if (name.empty() || content.empty()) return;
    if (name == "description" || name == "og:description" || name == "dcterms.description" || name == "dc.description") {
        set_if_empty(m.description, content);
    } else if (name == "keywords" || name == "dcterms.subject" || name == "dc.subject" || name == "news_keywords") {
        if (m.keywords.empty()) m.keywords = content;
    } else if (name == "article:tag") {
        m.tags.push_back(content);
    } else if (name == "author" || name == "article:author" || name == "dc.creator" || name == "dcterms.creator" ||
               name == "citation_author") {
        set_if_empty(m.author, content);
    } else if (name == "og:title") {
        set_if_empty(m.og_title, content);
    } else if (name == "dc.title" || name == "dcterms.title" || name == "citation_title") {
        set_if_empty(m.dc_title, content);
    } else if (name == "dc.language" || name == "dcterms.language" || name == "citation_language") {
        set_if_empty(m.dc_language, content);
    } else if (name == "og:site_name" || name == "application-name") {
        set_if_empty(m.site_name, content);
    } else if (name == "dcterms.audience" || name == "audience") {
        set_if_empty(m.audience, schema::facet_value(schema::Facet::Audience, content));
    } else if (name == "robots") {
        m.robots = ascii_lower(content);
    } else if (name == "article:published_time" || name == "dcterms.created" || name == "dcterms.issued" ||
               name == "dc.date" || name == "dc.date.created" || name == "dcterms.date" ||
               name == "citation_publication_date" || name == "citation_date" || name == "date") {
        set_if_empty(m.published, normalize_date(content));
    } else if (name == "article:modified_time" || name == "dcterms.modified" || name == "dc.date.modified" ||
               name == "og:updated_time" || name == "last-modified") {
        set_if_empty(m.modified, normalize_date(content));
    } else if (name == "last-reviewed" || name == "lastreviewed" || name == "dcterms.datereviewed") {
        set_if_empty(m.reviewed, normalize_date(content));
    }
}

PageMeta read_page(const GumboNode* root, const PageChrome& chrome) {
    PageMeta m;
    walk(root, [&m, &chrome](const GumboNode* n) {
        if (!is_element(n)) return true;
        switch (tag_of(n)) {
            case GUMBO_TAG_HTML: set_if_empty(m.lang, attr(n, "lang")); break;
            case GUMBO_TAG_TITLE: set_if_empty(m.title_tag, text_of(n, chrome)); return false;
            case GUMBO_TAG_META: read_meta(n, m); break;
            case GUMBO_TAG_LINK:
                if (ascii_lower(attr(n, "rel")) == "canonical") set_if_empty(m.canonical, collapse_space(attr(n, "href")));
                break;
            case GUMBO_TAG_TIME: {
                // schema.org microdata on <time>, and HTML's old <time pubdate>.
                const std::string prop = attr(n, "itemprop");
                const std::string when = normalize_date(attr(n, "datetime"));
                if (prop == "lastReviewed") set_if_empty(m.reviewed, when);
                if (prop == "datePublished" || has_attr(n, "pubdate")) set_if_empty(m.published, when);
                if (prop == "dateModified") set_if_empty(m.modified, when);
                break;
            }
            case GUMBO_TAG_H1: if (m.first_h1.empty()) m.first_h1 = text_of(n, chrome); break;
            case GUMBO_TAG_MAIN: if (m.main == nullptr) m.main = n; break;
            case GUMBO_TAG_ARTICLE: if (m.article == nullptr) m.article = n; break;
            case GUMBO_TAG_BODY: if (m.body == nullptr) m.body = n; break;
            case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: return false;
            default: break;
        }
        if (m.explicit_body == nullptr && has_attr(n, "data-lantern-body")) m.explicit_body = n;
        if (m.role_main == nullptr && ascii_lower(attr(n, "role")) == "main") m.role_main = n;
        return true;
    });
    return m;
}

/// The element whose text is the article: an explicit marker first, then <main>, role=main,
/// <article>; nullptr when the page has none of them and the whole <body> must be read.
const GumboNode* semantic_root(const PageMeta& m) {
    for (const GumboNode* n : {m.explicit_body, m.main, m.role_main, m.article}) {
        if (n != nullptr) return n;
    }
    return nullptr;
}

/// "Page | Site" -> "Page" when "Site" is the declared site name or "Page" is the page's <h1>;
/// otherwise the title is kept whole (a suffix is trimmed only when we know it is the site's).
std::string trim_site_suffix(const std::string& title, const PageMeta& m) {
    static constexpr const char* kSeparators[] = {" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 "};
    for (const char* sep : kSeparators) {
        const std::size_t at = title.rfind(sep);
        if (at == std::string::npos || at == 0) continue;
        const std::string page = collapse_space(title.substr(0, at));
        const std::string site = collapse_space(title.substr(at + std::string_view(sep).size()));
        if ((!m.site_name.empty() && ascii_lower(site) == ascii_lower(m.site_name)) ||
            (!m.first_h1.empty() && ascii_lower(page) == ascii_lower(m.first_h1))) {
            return page;
        }
    }
    return title;
}

/// <title> is raw text in HTML, so legacy pages that put markup in it ("<i>Pseudomonas</i> ...")
/// leave tags in the text: remove anything shaped like a tag.
std::string strip_tags(const std::string& text) {
    if (text.find('<') == std::string::npos) return text;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool tag_start = text[i] == '<' && i + 1 < text.size() &&
                               (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/');
        const std::size_t close = tag_start ? text.find('>', i) : std::string::npos;
        if (close != std::string::npos) {
            out.push_back(' ');
            i = close;
        } else {
            out.push_back(text[i]);
        }
    }
    return collapse_space(out);
}

bool robots_noindex(const std::string& robots) {
    for (const std::string& token : split_list(robots)) {
        if (token == "noindex" || token == "none") return true;
    }
    return false;
}

}  // namespace

HtmlExtraction extract_html(std::string_view bytes, const HtmlOptions& options) {
    const bool utf16_bom = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
    if (!utf16_bom && looks_binary(bytes)) throw BadDocument("binary data, not an HTML page");
    HtmlExtraction result;
    DecodedText decoded = decode_html(bytes);
    result.charset = decoded.charset + " (" + decoded.how + ")";
    HtmlCuts cuts;
    const OutputPtr out = parse(decoded.utf8, cuts);
    result.cut = cuts.describe();
    const PageChrome chrome(out->document);
    const PageMeta m = read_page(out->document, chrome);

    if (!options.ignore_robots && robots_noindex(m.robots)) {
        result.skip_reason = "robots meta tag says noindex (use --ignore-robots to index it)";
        return result;
    }
    const GumboNode* root = semantic_root(m);
    std::unique_ptr<LinkDensity> density;
    if (root == nullptr) {
        root = m.body != nullptr ? m.body : out->root;
        density = std::make_unique<LinkDensity>(root, chrome);
    }
    TextBuilder text(chrome, density.get());
    text.run(root);

    Article& a = result.article;
    a.format = "html";
    a.title = strip_tags(!m.og_title.empty()   ? m.og_title
              : !m.dc_title.empty() ? m.dc_title
              : !m.title_tag.empty() ? trim_site_suffix(m.title_tag, m)
                                     : m.first_h1);
    a.description = m.description;
    a.author = m.author;
    a.language = schema::facet_value(schema::Facet::Language, !m.lang.empty() ? m.lang : m.dc_language);
    a.audience = m.audience;
    a.url = m.canonical;
    a.topics = split_list(m.keywords);
    for (const std::string& tag : m.tags) {
        bool seen = false;
        const std::string value = schema::facet_value(schema::Facet::Topic, tag);
        for (const std::string& t : a.topics) seen = seen || schema::facet_value(schema::Facet::Topic, t) == value;
        if (!seen) a.topics.push_back(tag);
    }
    a.published = m.published;
    a.modified = m.modified;
    a.reviewed = m.reviewed;
    // A byline says in words what <meta> may not: the page's own metadata wins.
    for (const Byline& b : text.bylines_) {
        set_if_empty(a.audience, b.audience);
        set_if_empty(a.author, b.author);
        set_if_empty(a.published, b.published);
        set_if_empty(a.modified, b.modified);
        set_if_empty(a.reviewed, b.reviewed);
    }
    a.body = std::move(text.body_);
    a.sections = std::move(text.sections_);
    return result;
}

Article extract_html_fragment(std::string_view utf8, std::string* cut) {
    const std::string doc = "<!DOCTYPE html><html><body>" + sanitize_utf8(utf8) + "</body></html>";
    HtmlCuts cuts;
    const OutputPtr out = parse(doc, cuts);
    if (cut != nullptr && cuts.any()) *cut = cuts.describe();
    const PageChrome chrome(out->document);
    const PageMeta m = read_page(out->document, chrome);
    TextBuilder text(chrome);
    text.run(m.body != nullptr ? m.body : out->root);
    Article a;
    a.body = std::move(text.body_);
    a.sections = std::move(text.sections_);
    return a;
}

}  // namespace lantern
