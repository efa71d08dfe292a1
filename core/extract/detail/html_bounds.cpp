// html_bounds.cpp: the pre-Gumbo pass (html_bounds.h). It keeps its own stack of open elements,
// following the HTML5 tree-building rules only as far as nesting depth goes. Where the model and
// Gumbo could differ, it keeps more elements open than Gumbo would, never fewer: counting too deep
// only flattens sooner, counting too shallow would let the slow shapes through.
#include "extract/detail/html_bounds.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_map>
#include <vector>

namespace lantern {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void(std::string_view n) {
    return one_of(n, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
                      "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

/// Elements whose content is text up to their end tag (outside SVG and MathML).
bool is_raw_text(std::string_view n) {
    return one_of(n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"});
}

/// Gumbo keeps these in its list of active formatting elements (<a> and <nobr> replace their own).
bool is_formatting(std::string_view n) {
    return one_of(n, {"b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u"});
}

/// The HTML5 "special" category: the searches for an open <li>, <dd> or <dt> stop at them.
bool is_special(std::string_view n) {
    return one_of(n, {"address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
                      "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
                      "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
                      "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
                      "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed",
                      "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "section",
                      "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot",
                      "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp", "mi", "mo", "mn", "ms", "mtext",
                      "annotation-xml", "foreignobject", "desc"});
}

/// Where an "in scope" search stops (HTML5's default scope, with SVG's and MathML's).
bool is_scope(std::string_view n) {
    return one_of(n, {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "mi", "mo",
                      "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title"});
}

/// Start tags that close an open <p> (HTML5 "in body").
bool closes_p(std::string_view n) {
    return one_of(n, {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
                      "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                      "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
                      "table", "ul", "li", "dd", "dt", "listing"});
}

bool is_heading(std::string_view n) { return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6'; }

/// What a search for an open element stops at. Each open element's kinds are worked out once, and
/// the model keeps, per kind, where such elements are open: a search costs O(1), not the depth.
enum Kind : unsigned {
    kSpecialKind = 0,   ///< HTML5 special
    kListStop,          ///< special other than address, div and p (the <li>/<dd>/<dt> search)
    kScopeKind,         ///< default scope
    kButton,
    kTableScope,        ///< html, table, template
    kRow,               ///< tr
    kList,              ///< ol, ul
    kFormattingKind,    ///< is_formatting
    kKinds
};

unsigned kinds_of(std::string_view n) {
    unsigned k = 0;
    if (is_special(n)) k |= (1u << kSpecialKind) | (n != "address" && n != "div" && n != "p" ? 1u << kListStop : 0u);
    if (is_scope(n)) k |= 1u << kScopeKind;
    if (n == "button") k |= 1u << kButton;
    if (n == "html" || n == "table" || n == "template") k |= 1u << kTableScope;
    if (n == "tr") k |= 1u << kRow;
    if (n == "ol" || n == "ul") k |= 1u << kList;
    if (is_formatting(n)) k |= 1u << kFormattingKind;
    return k;
}

constexpr unsigned bit(Kind k) { return 1u << k; }

/// Distinct names of dropped tags remembered, so their end tags are dropped too; past it a stray
/// end tag is left for Gumbo, which ignores it.
constexpr std::size_t kMaxDroppedNames = 4096;

class Bounder {
public:
    Bounder(std::string_view in, HtmlCuts& cuts) : in_(in), cuts_(cuts) { out_.reserve(in.size()); }

    std::string run() {
        while (i_ < in_.size()) {
            const std::size_t lt = in_.find('<', i_);
            if (lt == std::string_view::npos) {
                out_.append(in_.substr(i_));
                break;
            }
            out_.append(in_.substr(i_, lt - i_));
            i_ = lt;
            const char c = i_ + 1 < in_.size() ? in_[i_ + 1] : '\0';
            if (in_.substr(i_, 4) == "<!--") {
                if (within_budget()) {   // a comment is a node too
                    copy_to(comment_end());
                } else {
                    ++cuts_.stripped;
                    i_ = comment_end();
                }
            } else if (c == '!' || c == '?') {
                copy_to(after('>', i_));
            } else if (c == '/' && i_ + 2 < in_.size() && is_alpha(in_[i_ + 2])) {
                end_tag();
            } else if (is_alpha(c)) {
                start_tag();
            } else {
                out_.push_back('<');
                ++i_;
            }
        }
        return std::move(out_);
    }

private:
    struct Tag {
        std::string name;          ///< lower case
        std::size_t end = 0;       ///< just past '>' (or the end of input: unterminated)
        std::size_t keep = 0;      ///< end of the last attribute kept
        std::size_t attributes = 0;
        bool self_closing = false;
        bool terminated = false;
    };

    std::size_t after(char c, std::size_t from) const {
        const std::size_t at = in_.find(c, from);
        return at == std::string_view::npos ? in_.size() : at + 1;
    }

    /// "<!-->" and "<!--->" are whole comments; else the first "-->" or "--!>" ends one. Ending a
    /// comment too early only shows the model more tags.
    std::size_t comment_end() const {
        const std::size_t body = i_ + 4;
        if (in_.substr(body, 1) == ">") return body + 1;
        if (in_.substr(body, 2) == "->") return body + 2;
        for (std::size_t at = in_.find("--", body); at != std::string_view::npos; at = in_.find("--", at + 1)) {
            if (in_.substr(at + 2, 1) == ">") return at + 3;
            if (in_.substr(at + 2, 2) == "!>") return at + 4;
        }
        return in_.size();
    }

    void copy_to(std::size_t end) {
        out_.append(in_.substr(i_, end - i_));
        i_ = end;
    }

    /// Reads a tag from i_ ("<name" or "</name") through its '>' by the tokenizer's attribute rules.
    Tag read_tag(std::size_t name_start) const {
        Tag t;
        std::size_t p = name_start;
        while (p < in_.size() && !is_space(in_[p]) && in_[p] != '/' && in_[p] != '>') t.name.push_back(lower(in_[p++]));
        t.keep = p;
        while (p < in_.size()) {
            while (p < in_.size() && (is_space(in_[p]) || in_[p] == '/')) {
                if (in_[p] == '/' && p + 1 < in_.size() && in_[p + 1] == '>') t.self_closing = true;
                ++p;
            }
            if (p >= in_.size()) break;
            if (in_[p] == '>') {
                t.terminated = true;
                ++p;
                break;
            }
            t.self_closing = false;
            ++p;   // an attribute's name may start with '='
            while (p < in_.size() && !is_space(in_[p]) && in_[p] != '/' && in_[p] != '>' && in_[p] != '=') ++p;
            std::size_t q = p;
            while (q < in_.size() && is_space(in_[q])) ++q;
            if (q < in_.size() && in_[q] == '=') {
                p = q + 1;
                while (p < in_.size() && is_space(in_[p])) ++p;
                if (p < in_.size() && (in_[p] == '"' || in_[p] == '\'')) {
                    p = after(in_[p], p + 1);
                } else {
                    while (p < in_.size() && !is_space(in_[p]) && in_[p] != '>') ++p;
                }
            }
            if (++t.attributes <= HtmlBounds::kMaxAttributes) t.keep = p;
        }
        t.end = p;
        return t;
    }

    /// Where the nearest open `name` is, or npos when none is open above every element of the
    /// `stops` kinds (an element that is itself a stop is found: the search meets it first).
    std::size_t find_open(const std::string& name, unsigned stops) const {
        const auto it = where_.find(name);
        if (it == where_.end()) return std::string::npos;
        const std::size_t at = it->second.back();
        for (unsigned k = 0; k < kKinds; ++k) {
            if ((stops & (1u << k)) != 0 && !by_kind_[k].empty() && by_kind_[k].back() > at) return std::string::npos;
        }
        return at;
    }

    void push(const std::string& name) {
        const std::size_t at = open_.size();
        open_.push_back({name, kinds_of(name)});
        where_[name].push_back(at);
        for (unsigned k = 0; k < kKinds; ++k) {
            if ((open_.back().kinds & (1u << k)) != 0) by_kind_[k].push_back(at);
        }
        if (name == "svg" || name == "math") ++foreign_;
    }

    /// Closes the element at `at` and everything opened after it.
    void pop_to(std::size_t at) {
        if (at == std::string::npos) return;
        while (open_.size() > at) {
            const Open& e = open_.back();
            auto it = where_.find(e.name);
            it->second.pop_back();
            if (it->second.empty()) where_.erase(it);
            for (unsigned k = 0; k < kKinds; ++k) {
                if ((e.kinds & (1u << k)) != 0) by_kind_[k].pop_back();
            }
            if (e.name == "svg" || e.name == "math") --foreign_;
            open_.pop_back();
        }
    }

    static std::size_t nearer(std::size_t a, std::size_t b) {
        return a == std::string::npos ? b : b == std::string::npos ? a : std::max(a, b);
    }

    bool in_foreign() const { return foreign_ > 0; }

    /// The closings HTML5 does before inserting some start tags.
    void implied_closes(const std::string& n) {
        if (closes_p(n)) pop_to(find_open("p", bit(kScopeKind) | bit(kButton)));
        if (n == "li") pop_to(find_open("li", bit(kListStop)));
        if (n == "dd" || n == "dt") pop_to(nearer(find_open("dd", bit(kListStop)), find_open("dt", bit(kListStop))));
        if (n == "td" || n == "th") {
            pop_to(nearer(find_open("td", bit(kTableScope) | bit(kRow)), find_open("th", bit(kTableScope) | bit(kRow))));
        }
        if (n == "tr") pop_to(find_open("tr", bit(kTableScope)));
        if (!open_.empty() && ((is_heading(n) && is_heading(open_.back().name)) || (n == "option" && open_.back().name == n))) {
            pop_to(open_.size() - 1);
        }
    }

    /// Counts the elements Gumbo will make for one more tag: the tag's own, and the formatting
    /// elements it re-creates (open ones that an end tag of another element closed). False once
    /// the page has made kMaxElements: from then on tags are dropped and only text is kept.
    bool within_budget() {
        if (elements_ > HtmlBounds::kMaxElements) return false;
        const std::size_t on_stack = by_kind_[kFormattingKind].size();
        elements_ += 1 + (formatting_open_ > on_stack ? formatting_open_ - on_stack : 0);
        return elements_ <= HtmlBounds::kMaxElements;
    }

    void start_tag() {
        const Tag t = read_tag(i_ + 1);
        if (!t.terminated) {   // Gumbo drops a tag cut off by the end of the input, after comparing all its attributes
            i_ = in_.size();
            return;
        }
        const bool raw = !in_foreign() && is_raw_text(t.name);
        if (!within_budget()) {
            ++cuts_.stripped;
            i_ = t.end;
            if (raw) {   // a script's text must not become the page's
                i_ = t.name == "plaintext" ? in_.size() : raw_text_end(t.name);
                if (i_ < in_.size()) i_ = read_tag(i_ + 2).end;
            }
            return;
        }
        if (!raw && !is_void(t.name) && !(t.self_closing && in_foreign())) {
            implied_closes(t.name);
            const bool formatting = is_formatting(t.name);
            const bool too_deep = open_.size() >= HtmlBounds::kMaxDepth;
            if (too_deep || (formatting && formatting_open_ >= HtmlBounds::kMaxOpenFormatting)) {
                ++(too_deep ? cuts_.flattened : cuts_.formatting_dropped);
                if (auto d = dropped_.find(t.name); d != dropped_.end()) {
                    ++d->second;
                } else if (dropped_.size() < kMaxDroppedNames) {
                    dropped_.emplace(t.name, 1);
                }
                i_ = t.end;
                return;
            }
            push(t.name);
            if (formatting) open_formatting(t);
        }
        emit(t);
        if (!raw) return;
        copy_to(t.name == "plaintext" ? in_.size() : raw_text_end(t.name));
        if (i_ < in_.size()) {   // the raw text's own end tag, which the model never opened
            const Tag end = read_tag(i_ + 2);
            if (end.terminated) copy_to(end.end);
        }
    }

    /// Gumbo's list of active formatting elements keeps at most three alike (same tag and
    /// attributes, here the same bytes): the model counts the same way.
    void open_formatting(const Tag& t) {
        std::string key(in_.substr(i_, t.end - i_));
        std::size_t& alike = alike_formatting_[key];
        if (alike >= 3) return;
        ++alike;
        formatting_keys_[t.name].push_back(std::move(key));
        ++formatting_open_;
    }

    void close_formatting(const std::string& name) {
        const auto keys = formatting_keys_.find(name);
        if (keys == formatting_keys_.end()) return;
        const auto alike = alike_formatting_.find(keys->second.back());
        if (--alike->second == 0) alike_formatting_.erase(alike);
        keys->second.pop_back();
        if (keys->second.empty()) formatting_keys_.erase(keys);
        --formatting_open_;
    }

    void emit(const Tag& t) {
        if (t.attributes <= HtmlBounds::kMaxAttributes) {
            copy_to(t.end);
            return;
        }
        cuts_.attributes_dropped += t.attributes - HtmlBounds::kMaxAttributes;
        out_.append(in_.substr(i_, t.keep - i_));
        out_.append(t.self_closing ? "/>" : ">");
        i_ = t.end;
    }

    /// Where the raw text of `name` ends: at its "</name", matched without regard to case.
    std::size_t raw_text_end(const std::string& name) const {
        for (std::size_t p = in_.find("</", i_); p != std::string_view::npos; p = in_.find("</", p + 2)) {
            std::size_t k = 0;
            while (k < name.size() && p + 2 + k < in_.size() && lower(in_[p + 2 + k]) == name[k]) ++k;
            if (k == name.size()) return p;
        }
        return in_.size();
    }

    void end_tag() {
        const Tag t = read_tag(i_ + 2);
        if (!t.terminated) {
            i_ = in_.size();
            return;
        }
        if (auto d = dropped_.find(t.name); d != dropped_.end()) {
            if (--d->second == 0) dropped_.erase(d);
            i_ = t.end;   // its start tag was dropped
            return;
        }
        const std::string& n = t.name;
        if (elements_ > HtmlBounds::kMaxElements || ((n == "p" || n == "br") && !within_budget())) {
            ++cuts_.stripped;
            i_ = t.end;
            return;
        }
        if (n == "body" || n == "html") {
            copy_to(t.end);
            return;
        }
        std::size_t at = std::string::npos;
        if (is_formatting(n) || n == "a" || n == "nobr") {
            // Past a special element, the adoption agency re-creates the formatting element
            // instead of closing what is above it: the model closes nothing then.
            at = find_open(n, bit(kSpecialKind));
            if (at == std::string::npos && formatting_keys_.count(n) != 0) {
                // Closed by another element's end tag but still in Gumbo's list: Gumbo has
                // re-created it since, and this end tag closes that copy.
                close_formatting(n);
                copy_to(t.end);
                return;
            }
            if (at != std::string::npos && is_formatting(n)) close_formatting(n);
        } else if (one_of(n, {"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"})) {
            at = find_open(n, bit(kTableScope));
        } else if (n == "p") {
            at = find_open(n, bit(kScopeKind) | bit(kButton));
        } else if (n == "li") {
            at = find_open(n, bit(kScopeKind) | bit(kList));
        } else if (is_special(n)) {
            at = find_open(n, bit(kScopeKind));
        } else {
            at = find_open(n, bit(kSpecialKind));
        }
        // An end tag with nothing to close is ignored by Gumbo, after a walk down its stack, or
        // runs the adoption agency for a formatting element; </p> and </br> make elements.
        if (at == std::string::npos && n != "p" && n != "br") {
            const bool formatting = is_formatting(n) || n == "a" || n == "nobr";
            if (!formatting) {
                i_ = t.end;
                return;
            }
            if (++unplaced_formatting_ends_ > HtmlBounds::kMaxUnplacedFormattingEnds) {
                ++cuts_.formatting_dropped;
                i_ = t.end;
                return;
            }
        }
        copy_to(t.end);
        pop_to(at);
    }

    std::string_view in_;
    HtmlCuts& cuts_;
    std::string out_;
    std::size_t i_ = 0;
    struct Open {
        std::string name;
        unsigned kinds;
    };
    std::vector<Open> open_;                                          ///< the model's open elements, at most kMaxDepth
    std::unordered_map<std::string, std::vector<std::size_t>> where_;  ///< where each open name is, innermost last
    std::vector<std::size_t> by_kind_[kKinds];                        ///< where each kind is open, innermost last
    std::unordered_map<std::string, std::size_t> dropped_;            ///< end tags still to drop, by name
    std::size_t formatting_open_ = 0;                                 ///< counted as Gumbo's list of them
    std::unordered_map<std::string, std::size_t> alike_formatting_;   ///< open formatting tags, by their bytes
    std::unordered_map<std::string, std::vector<std::string>> formatting_keys_;  ///< by name, innermost last
    std::size_t elements_ = 0;                                        ///< elements Gumbo will make, estimated
    std::size_t unplaced_formatting_ends_ = 0;
    std::size_t foreign_ = 0;                               ///< open <svg> and <math> elements
};

}  // namespace

std::string HtmlCuts::describe() const {
    std::string s;
    const auto add = [&s](std::size_t n, const std::string& what) {
        if (n == 0) return;
        s += (s.empty() ? "" : "; ") + std::to_string(n) + " " + what;
    };
    add(flattened, std::string(flattened == 1 ? "element" : "elements") + " nested deeper than " +
                       std::to_string(HtmlBounds::kMaxDepth) + " flattened");
    add(attributes_dropped, std::string(attributes_dropped == 1 ? "attribute" : "attributes") + " past " +
                                std::to_string(HtmlBounds::kMaxAttributes) + " on one tag dropped");
    add(formatting_dropped, std::string(formatting_dropped == 1 ? "formatting tag" : "formatting tags") + " past " +
                                std::to_string(HtmlBounds::kMaxOpenFormatting) + " left open dropped");
    add(stripped, std::string(stripped == 1 ? "tag" : "tags") + " past " + std::to_string(HtmlBounds::kMaxElements) +
                      " elements dropped, their text kept");
    return s;
}

std::string bound_html(std::string_view html, HtmlCuts& cuts) { return Bounder(html, cuts).run(); }

}  // namespace lantern
