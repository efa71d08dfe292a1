// thesaurus_fuzz.cpp: libFuzzer harness: a thesaurus file loaded as a build loads it, stored in the index form and read back.
// Seeds (scripts/fuzz): corpus/thesaurus and fuzz/seeds/thesaurus.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("thesaurus");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
