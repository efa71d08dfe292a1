// document_extract_fuzz.cpp: libFuzzer harness: a PDF, DOCX or ODT file's bytes (the first input
// byte chooses which, by its value mod 3) through the file -> articles path of a build: the PDF
// inflate pre-pass and poppler, or the bounded zip reader and the DOCX/ODT walks.
// Seeds (scripts/fuzz): tests/data/documents and corpus/leaflets.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.h"

namespace {
lantern::fuzz::Target target;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    target = lantern::fuzz::make_target("document_extract");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    target(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
