// vocabulary_paths.h: where the health vocabulary that ships with Lantern (corpus/thesaurus and
// corpus/safety-panel.toml) is found, so that every build compiles it in unless told otherwise.
// An installed lantern-index finds it in the install tree beside itself (<bindir>/../share/lantern,
// the relative path computed by CMake from GNUInstallDirs, so a moved install tree still works);
// a binary in a build tree falls back to the source tree's corpus/, compiled in, so the demo and
// the tests need no install.
#pragma once

#include <string>
#include <vector>

namespace lantern {

/// Where a build's thesaurus (or safety panel) comes from.
struct VocabularySetting {
    enum class From {
        bundled_if_found,  ///< the default: the bundled file, or none with a warning naming the paths tried
        bundled,           ///< the bundled file, asked for explicitly: an error if none is found
        file,              ///< the file `path`
        none,              ///< nothing compiled in (--no-thesaurus, `thesaurus = false`)
    };
    From from = From::bundled_if_found;
    std::string path;  ///< the file, for From::file
};

/// The bundled files' names, in share/lantern/ and in corpus/.
inline constexpr const char* kBundledThesaurus = "thesaurus";
inline constexpr const char* kBundledSafetyPanel = "safety-panel.toml";

/// The folders searched for the bundled files, in order: the install tree's share/lantern/ beside
/// `executable` (""= the running program, from /proc/self/exe; left out when that cannot be read),
/// then the source tree's corpus/. Throws nothing.
std::vector<std::string> bundled_vocabulary_dirs(const std::string& executable = "");

/// The file a setting chose for a build.
struct ResolvedVocabulary {
    std::string path;      ///< the file to compile in ("" = none)
    bool bundled = false;  ///< it is the bundled file, found in one of the folders
    std::string warning;   ///< a default bundled file was found nowhere: says so, naming the paths tried
};

/// Resolves `setting` for the bundled file `file_name`, looked for in `dirs` in order. `what`
/// names the setting in messages ("thesaurus"). Throws BadInput naming the paths tried when the
/// bundled file was asked for explicitly (From::bundled) and is in none of `dirs`.
ResolvedVocabulary resolve_vocabulary(const VocabularySetting& setting, const std::string& file_name,
                                      const std::vector<std::string>& dirs, const std::string& what);

}  // namespace lantern
