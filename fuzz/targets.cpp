// targets.cpp: the table of harnesses, by name.
#include "fuzz/targets.h"

namespace lantern::fuzz {
namespace {

struct Entry {
    const char* name;
    Target (*make)();
};

constexpr Entry kTargets[] = {
    {"html_extract", make_html_extract_target}, {"xml_fixed", make_xml_fixed_target},
    {"xml_mapping", make_xml_mapping_target},   {"query", make_query_target},
    {"http_api", make_http_api_target},         {"thesaurus", make_thesaurus_target},
    {"safety_panel", make_safety_panel_target}, {"config", make_config_target},
    {"document_extract", make_document_extract_target},
};

}  // namespace

const std::vector<std::string>& target_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const Entry& e : kTargets) out.emplace_back(e.name);
        return out;
    }();
    return names;
}

Target make_target(const std::string& name) {
    for (const Entry& e : kTargets) {
        if (name == e.name) return e.make();
    }
    throw std::invalid_argument("no fuzz target named '" + name + "'");
}

}  // namespace lantern::fuzz
