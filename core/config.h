// config.h: lantern.toml, the librarian's description of an index (docs/config.md). Relative
// paths in it are relative to the file's own folder. Unknown keys and wrong types are errors that
// name the file, line and key.
#pragma once

#include <string>

#include "core/index_build.h"

namespace lantern {

/// Reads a configuration file into build options. Throws BadInput "FILE:LINE: key: reason".
BuildOptions load_config(const std::string& path);

/// Parses "32MiB", "500KB", "1GB" or a plain number of bytes. Throws BadInput naming `what`.
std::uintmax_t parse_size(const std::string& text, const std::string& what);

}  // namespace lantern
