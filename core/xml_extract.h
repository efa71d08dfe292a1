// xml_extract.h: from an XML file's bytes to Articles, with Lantern's first, simple mapping:
// fields are found by element name (title/headline, body/content, url/path, dates, ...).
// pugixml stays inside xml_extract.cpp; it never expands DTD entities or fetches external ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace lantern {

/// What extraction made of one XML file.
struct XmlExtraction {
    std::vector<Article> articles;      ///< id = record key (or "" for a one-article file); caller prefixes the path
    std::vector<std::string> skipped;   ///< records deliberately left out, each "record KEY: reason"
};

/// Extracts the articles in an XML document. A root with <article> or <record> children holds one
/// article per child; otherwise the root is the article. Throws BadDocument for malformed XML
/// (with line and column) or when no title or body element can be found.
XmlExtraction extract_xml(std::string_view bytes);

}  // namespace lantern
