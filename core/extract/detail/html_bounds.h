// html_bounds.h: one linear pass over a page's UTF-8 text, before Gumbo, that cuts the shapes whose
// cost grows faster than the page: Gumbo checks the stack of open elements on every start tag
// (64 KB of nested <div>s took 1.2 s, 128 KB 4.3 s), compares each attribute with every earlier
// one on its tag, and rebuilds every unclosed formatting element in each new paragraph. Browsers
// bound the same shapes (Chromium stops nesting at 512). Internal to core: html_extract uses it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lantern {

/// What bound_html cut from one page; all zero for ordinary pages.
struct HtmlCuts {
    std::size_t flattened = 0;            ///< start tags dropped (with their end tags) past kMaxDepth
    std::size_t attributes_dropped = 0;   ///< attributes past kMaxAttributes on their tag
    std::size_t formatting_dropped = 0;   ///< formatting tags past kMaxOpenFormatting left open
    std::size_t stripped = 0;             ///< tags past kMaxElements (their text kept)

    bool any() const { return flattened + attributes_dropped + formatting_dropped + stripped > 0; }
    /// "flattened 3 elements nested deeper than 512; ..." for the build report.
    std::string describe() const;
};

struct HtmlBounds {
    /// Elements open at once; deeper start tags are dropped, their text kept (Chromium: 512).
    static constexpr std::size_t kMaxDepth = 512;
    /// Attributes kept on one tag; Gumbo compares each with all before it.
    static constexpr std::size_t kMaxAttributes = 100;
    /// Formatting elements (<b>, <font>, ...) opened and not closed by their own end tag; Gumbo
    /// re-creates each in every later paragraph, so n of them cost n nodes a paragraph.
    static constexpr std::size_t kMaxOpenFormatting = 32;
    /// End tags of formatting elements that close nothing the model knows of: Gumbo runs its
    /// adoption agency, a walk down the open elements, for each; past this many they are dropped.
    static constexpr std::size_t kMaxUnplacedFormattingEnds = 10000;
    /// Elements Gumbo makes for one page (each costs it about 300 bytes): past this the rest of
    /// the page is read as text. An ordinary 32 MiB page of paragraphs makes about 330,000.
    static constexpr std::size_t kMaxElements = 500000;
};

/// The page with its cuts made; `cuts` says what was cut. Text, comments, scripts and the tags
/// within the bounds are copied unchanged, so an ordinary page comes back byte for byte.
std::string bound_html(std::string_view html, HtmlCuts& cuts);

}  // namespace lantern
