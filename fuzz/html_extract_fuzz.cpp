// html_extract_fuzz.cpp: libFuzzer harness: an .html file's bytes through the file -> articles path of a build (encoding detection,
// Gumbo parsing, main-content and section extraction, ids and links).
// Seeds (scripts/fuzz): tests/data/{sample,hostile,payload} and corpus/site HTML.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("html_extract");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
