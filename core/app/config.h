// config.h: lantern.toml, the librarian's description of an index (docs/config.md). Relative
// paths in it are relative to the file's own folder. Unknown keys and wrong types are errors that
// name the file, line and key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/index_build.h"
#include "serve/page_text.h"

namespace lantern {

/// The [server] table: what `lantern-search serve --config FILE` uses (flags override it).
struct ServerSettings {
    std::string db_path;                     ///< from [index] db
    std::string listen;                      ///< "" = not set
    std::vector<std::string> allow_origins;
    bool log_queries = false;
    bool has_log_queries = false;
    std::int64_t max_concurrent = 0;         ///< 0 = not set
    std::int64_t threads = 0;
    std::int64_t time_budget_ms = 0;
    std::string operator_endpoints;          ///< "loopback" or "open"; "" = not set (loopback)
    PageText page;                           ///< the [page] table: today's words where a key is not set
};

/// Reads a configuration file into build options. Throws BadInput "FILE:LINE: key: reason".
BuildOptions load_config(const std::string& path);

/// Reads the server settings of a configuration file (and [index] db). Same errors.
ServerSettings load_server_config(const std::string& path);

/// Parses "32MiB", "500KB", "1GB" or a plain number of bytes. Throws BadInput naming `what`.
std::uintmax_t parse_size(const std::string& text, const std::string& what);

}  // namespace lantern
