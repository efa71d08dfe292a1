// xml_text.h: reading text out of pugixml nodes, shared by the built-in element-name mapping
// (xml_extract.cpp) and declarative mappings (xml_mapping.cpp). Internal to core: pugixml types
// appear here, so no public header includes it.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <utility>

#include "text/article.h"

namespace lantern::xml_text {

/// Local name of an element (namespace prefix dropped), lower case.
std::string local_name(const pugi::xml_node& n);

/// Next node after `d` in document order within `root`'s subtree (pre-order; `descend` false
/// passes over `d`'s children), or a null node at the end: walks that need no stack.
pugi::xml_node next_in(const pugi::xml_node& root, pugi::xml_node d, bool descend);

/// All character data below a node, white space collapsed.
std::string text_of(const pugi::xml_node& n);

/// Appends a structured XML body to `a`: heading-like elements (heading, h1..h6) start sections
/// (anchor from the heading's or its parent's id attribute); every other element is a paragraph break.
void append_structured(const pugi::xml_node& body, Article& a);

/// Appends a paragraph of plain text (collapsed) to `a.body`.
void append_paragraph(const std::string& text, Article& a);

/// Appends a section heading (recorded in a.sections) to `a.body`.
void append_heading(const std::string& heading, const std::string& anchor, Article& a);

/// Appends HTML held as text (CDATA or escaped markup) as body text and sections.
void append_html(const std::string& html, Article& a);

/// Replaces invalid UTF-8 in every field of an extracted article with U+FFFD, keeping section
/// offsets right. pugixml checks neither the bytes of a document it reads as UTF-8 nor character
/// references (&#xD800; becomes a lone surrogate); articles must be valid UTF-8, as HTML's are.
void sanitize(Article& a);

/// True when a node has no child elements but its text looks like HTML markup.
bool holds_html(const pugi::xml_node& n);

/// Parses XML bytes with entity expansion off (no DTD entities, nothing external). Throws
/// BadDocument "malformed XML at line L, column C: reason", after "`part`: " when a part of a
/// container is named. `options` are pugixml's parse flags: office documents add parse_ws_pcdata,
/// as a run of only spaces (<w:t> </w:t>) is text there.
void parse(std::string_view bytes, pugi::xml_document& doc, unsigned options = pugi::parse_default,
           const std::string& part = "");

}  // namespace lantern::xml_text
