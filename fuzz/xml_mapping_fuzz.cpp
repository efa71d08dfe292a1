// xml_mapping_fuzz.cpp: libFuzzer harness: a mapping file and an XML file made from one input: the mapping TOML, a NUL byte,
// then the XML. Fuzzes the mapping loader (TOML, XPath compilation) and applying what it loaded.
// Seeds (scripts/fuzz): each examples/mappings file joined to XML it maps.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("xml_mapping");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
