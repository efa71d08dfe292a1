// vocabulary_paths.cpp: finding the bundled thesaurus and safety panel.
#include "index/vocabulary_paths.h"

#include <filesystem>
#include <system_error>

#include "text/errors.h"

// Set by core/CMakeLists.txt for this file only: the install tree's data folder relative to its
// bin folder (from GNUInstallDirs), and the source tree's corpus/.
#ifndef LANTERN_DATA_FROM_BIN
#error "LANTERN_DATA_FROM_BIN must be defined by the build"
#endif
#ifndef LANTERN_SOURCE_VOCABULARY_DIR
#error "LANTERN_SOURCE_VOCABULARY_DIR must be defined by the build"
#endif

namespace fs = std::filesystem;

namespace lantern {

std::vector<std::string> bundled_vocabulary_dirs(const std::string& executable) {
    std::vector<std::string> dirs;
    std::error_code ec;
    // /proc/self/exe rather than argv[0]: it is the real file even when run through a symlink or PATH.
    const fs::path exe = executable.empty() ? fs::read_symlink("/proc/self/exe", ec) : fs::path(executable);
    if (!ec && !exe.empty()) dirs.push_back((exe.parent_path() / LANTERN_DATA_FROM_BIN).lexically_normal().string());
    dirs.push_back(LANTERN_SOURCE_VOCABULARY_DIR);
    return dirs;
}

ResolvedVocabulary resolve_vocabulary(const VocabularySetting& setting, const std::string& file_name,
                                      const std::vector<std::string>& dirs, const std::string& what) {
    ResolvedVocabulary r;
    switch (setting.from) {
        case VocabularySetting::From::none: return r;
        case VocabularySetting::From::file: r.path = setting.path; return r;
        case VocabularySetting::From::bundled:
        case VocabularySetting::From::bundled_if_found: break;
    }
    std::string tried;
    for (const std::string& dir : dirs) {
        const std::string candidate = (fs::path(dir) / file_name).string();
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) {
            r.path = candidate;
            r.bundled = true;
            return r;
        }
        tried += (tried.empty() ? "" : ", ") + candidate;
    }
    if (tried.empty()) tried = "no folder to look in";
    std::string flag = what;
    for (char& c : flag) c = c == ' ' ? '-' : c;
    if (setting.from == VocabularySetting::From::bundled) {
        throw BadInput("the bundled " + what + " was asked for but is not installed (tried " + tried + "); give --" +
                       flag + " FILE instead");
    }
    r.warning = "no bundled " + what + " found (tried " + tried + "), so the index has none; give --" + flag +
                " FILE, or --no-" + flag + " to build without one and without this warning";
    return r;
}

}  // namespace lantern
