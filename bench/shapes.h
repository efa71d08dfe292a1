// shapes.h: pathological source files, made to measure (issue 17): deep nesting, one element with
// very many attributes, huge words and lines, runs of entities and comments, thousands of
// headings, deep and wide XML, many records, a mapping whose XPath selects every node, invalid
// UTF-8; beside an ordinary page made of the corpus's own articles. Each shape is made at any
// size, so one definition gives the fuzz seeds (a few KB, fuzz/make-seeds) and the files
// lantern-bench-shapes times (1 MB, 32 MiB).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lantern::bench {

/// What is needed to make the shapes that read the project's own files.
struct ShapeSource {
    std::vector<std::string> main_contents;  ///< the <main> element of each corpus/site page, in path order
};

/// Reads the corpus pages under `source_dir` (the checkout). Throws std::runtime_error when none is found.
ShapeSource load_shape_source(const std::string& source_dir);

struct Shape {
    std::string name;     ///< "html-nested-div": also the seed's file name
    bool xml = false;     ///< an .xml file (else .html)
    std::string mapping;  ///< non-empty: the TOML of the XML mapping it is extracted with (else built-in)
    std::string what;     ///< one line for the table
    std::string (*make)(std::size_t bytes, const ShapeSource& source) = nullptr;  ///< at most `bytes`, close to it
};

/// Every shape, the ordinary page first.
const std::vector<Shape>& shapes();

}  // namespace lantern::bench
