# fuzz/targets.cmake: lantern_fuzz_targets, the harnesses' entry points (fuzz/targets.h), shared by
# the libFuzzer binaries (fuzz/CMakeLists.txt, LANTERN_FUZZ=ON) and the regression test that replays
# tests/data/fuzz-regressions (tests/unit), which builds with any compiler.
include_guard(GLOBAL)

add_library(lantern_fuzz_targets STATIC
  ${CMAKE_CURRENT_LIST_DIR}/extract_targets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_targets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/invariants.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scratch_dir.cpp
  ${CMAKE_CURRENT_LIST_DIR}/search_targets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/targets.cpp
)
target_link_libraries(lantern_fuzz_targets PUBLIC lantern_core PRIVATE lantern_warnings)
# The shipped mappings, the sample data and the corpus thesaurus are read from the source tree.
target_compile_definitions(lantern_fuzz_targets PRIVATE LANTERN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
