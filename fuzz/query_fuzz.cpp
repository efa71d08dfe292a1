// query_fuzz.cpp: libFuzzer harness: a query and its filters (one per line, fuzz/search_targets.cpp) searched on a small
// real index through the planner and Searcher, with snippets, facets, suggestions and every rendering.
// Seeds (scripts/fuzz): corpus/queries/queries.tsv and fuzz/seeds/query.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("query");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
