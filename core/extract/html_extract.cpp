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
#include "extract/detail/gumbo_tree.h"
#include "text/schema.h"
#include "extract/detail/html_bounds.h"
#include "extract/detail/page_text.h"

namespace lantern {
namespace {

using namespace html;

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
    const bool whole_body = root == nullptr;
    if (whole_body) root = m.body != nullptr ? m.body : out->root;
    PageText text = read_text(root, chrome, whole_body);

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
    for (const Byline& b : text.bylines) {
        set_if_empty(a.audience, b.audience);
        set_if_empty(a.author, b.author);
        set_if_empty(a.published, b.published);
        set_if_empty(a.modified, b.modified);
        set_if_empty(a.reviewed, b.reviewed);
    }
    a.body = std::move(text.body);
    a.sections = std::move(text.sections);
    return result;
}

Article extract_html_fragment(std::string_view utf8, std::string* cut) {
    const std::string doc = "<!DOCTYPE html><html><body>" + sanitize_utf8(utf8) + "</body></html>";
    HtmlCuts cuts;
    const OutputPtr out = parse(doc, cuts);
    if (cut != nullptr && cuts.any()) *cut = cuts.describe();
    const PageChrome chrome(out->document);
    const PageMeta m = read_page(out->document, chrome);
    PageText text = read_text(m.body != nullptr ? m.body : out->root, chrome, false);
    Article a;
    a.body = std::move(text.body);
    a.sections = std::move(text.sections);
    return a;
}

}  // namespace lantern
