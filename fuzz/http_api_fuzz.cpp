// http_api_fuzz.cpp: libFuzzer harness: one HTTP request (method, path, parameters; fuzz/search_targets.cpp) answered by
// SearchService::handle, the server without its sockets.
// Seeds (scripts/fuzz): fuzz/seeds/http_api and the judged queries as /api/search requests.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("http_api");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
