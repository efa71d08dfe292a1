// targets.h: the entry point of every fuzz harness, shared by the libFuzzer binaries
// (fuzz/<name>_fuzz.cpp) and the regression test that replays saved inputs
// (tests/unit/fuzz_regression_test.cpp), so a saved input goes down exactly the path that found it.
//
// A target feeds one input to core, swallows only the Lantern errors the API documents for bad
// input (BadInput, BadDocument), and checks what comes back (InvariantBroken). Anything else that
// escapes (another exception, a sanitizer report, a crash) is a finding.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lantern::fuzz {

/// One harness's entry point: takes any bytes; throws only on a finding.
using Target = std::function<void(std::string_view input)>;

/// A result core returned breaks a promise its header makes (e.g. "extractors sanitise UTF-8").
class InvariantBroken : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// Every harness name, as in fuzz/<name>_fuzz.cpp and tests/data/fuzz-regressions/<name>/.
const std::vector<std::string>& target_names();

/// The entry point of harness `name`, with the state it needs (mappings, a small index in a
/// temporary folder) set up once and released with the last copy. Throws std::invalid_argument
/// for an unknown name.
Target make_target(const std::string& name);

// One maker per harness (make_target dispatches to them). Input formats:
Target make_html_extract_target();   ///< bytes of an .html file
Target make_xml_fixed_target();      ///< bytes of an .xml file; built-in and the shipped mappings
Target make_xml_mapping_target();    ///< mapping TOML, a NUL byte, then the XML bytes
Target make_document_extract_target();  ///< a byte choosing PDF, DOCX or ODT (its value mod 3), then the file
Target make_query_target();          ///< query line, then "name=value" lines (see search_targets.cpp)
Target make_http_api_target();       ///< method line, path line, then "name=value" parameter lines
Target make_thesaurus_target();      ///< bytes of a thesaurus file
Target make_safety_panel_target();   ///< bytes of a safety-panel TOML file
Target make_config_target();         ///< bytes of a lantern.toml

}  // namespace lantern::fuzz
