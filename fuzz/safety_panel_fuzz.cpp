// safety_panel_fuzz.cpp: libFuzzer harness: a safety-panel TOML file loaded as a build loads it, stored and read back; every
// trigger must show its card.
// Seeds (scripts/fuzz): corpus/safety-panel.toml and fuzz/seeds/safety_panel.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("safety_panel");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
