// xml_extract.h: from an XML file's bytes to Articles, with the declarative mappings given
// (xml_mapping.h) or, when none are given, Lantern's built-in element-name mapping.
#pragma once

#include <string>
#include <string_view>

#include "extract/xml_mapping.h"

namespace lantern {

/// Extracts the articles in an XML document. With mappings, the first that matches is applied
/// (none matching is an error). Without, the built-in mapping reads one article per <article> or
/// <record> child of the root, or the root as one article, finding fields by element name.
/// Throws BadDocument for malformed XML (with line and column) or when nothing can be extracted.
XmlExtraction extract_xml(std::string_view bytes, const XmlMappings& mappings, const std::string& rel_path);

}  // namespace lantern
