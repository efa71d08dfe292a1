// xml_fixed_fuzz.cpp: libFuzzer harness: an .xml file's bytes extracted with the built-in element-name mapping and with
// the mappings shipped in examples/mappings (lantern-article, cms-export, medquad).
// Seeds (scripts/fuzz): tests/data XML, corpus/xml.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("xml_fixed");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
