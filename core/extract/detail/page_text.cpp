// page_text.cpp: the body text and sections of a page's content element, bylines set apart, and
// (for pages without semantic markup) link lists left out.
#include "extract/detail/page_text.h"

#include <unordered_map>
#include <utility>

#include "extract/detail/gumbo_tree.h"

namespace lantern::html {
namespace {

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

}  // namespace

PageText read_text(const GumboNode* root, const PageChrome& chrome, bool prune_link_lists) {
    std::unique_ptr<LinkDensity> density;
    if (prune_link_lists) density = std::make_unique<LinkDensity>(root, chrome);
    TextBuilder text(chrome, density.get());
    text.run(root);
    return {std::move(text.body_), std::move(text.sections_), std::move(text.bylines_)};
}

}  // namespace lantern::html
