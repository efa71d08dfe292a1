// xml_mapping.h: declarative XML mappings (docs/xml-mapping.md). A TOML file holds one or more
// [[mapping]] tables: which files they apply to (root element, file pattern), an XPath record
// selector, an XPath per field, and how the body is assembled. pugixml stays inside the .cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/article.h"

namespace lantern {

/// What extraction made of one XML file.
struct XmlExtraction {
    std::vector<Article> articles;      ///< id = record key, or "" when the file is one article
    std::vector<std::string> skipped;   ///< records deliberately left out, each "record KEY: reason"
    std::string mapping;                ///< which mapping was used ("built-in" or "FILE: NAME")
};

class XmlMappings {
public:
    /// No mapping files: XML is read with the built-in element-name mapping.
    XmlMappings();

    /// Loads and checks mapping files, in order. Throws BadInput "FILE:LINE: reason" for TOML
    /// syntax errors, unknown keys or fields, wrong types, and XPath expressions that do not compile.
    static XmlMappings load(const std::vector<std::string>& files);

    bool empty() const;

    /// "FILE: NAME" for each mapping, in the order they are tried.
    std::vector<std::string> names() const;

    /// Extracts with the first mapping whose root element and file pattern match. Throws
    /// BadDocument for malformed XML or when no mapping matches.
    XmlExtraction extract(std::string_view bytes, const std::string& rel_path) const;

    /// As extract, but nothing (instead of BadDocument) when no mapping matches the file.
    std::optional<XmlExtraction> try_extract(std::string_view bytes, const std::string& rel_path) const;

    /// "no XML mapping matches this file (root element <ROOT>; mappings tried: ...)" for a file
    /// whose root element is `root`.
    std::string unmatched(const std::string& root) const;

    struct Impl;

private:
    std::shared_ptr<const Impl> impl_;
};

}  // namespace lantern
