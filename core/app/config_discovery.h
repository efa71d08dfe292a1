// config_discovery.h: how both programs find lantern.toml, and the index folder it names. One
// rule for both (issue 19: lantern-index read ./lantern.toml while lantern-search beside the same
// file still demanded --db): `--config FILE` when given; otherwise ./lantern.toml, when the command
// line does not itself name what to work on (folders for `lantern-index build`, --db otherwise).
#pragma once

#include <string>

namespace lantern {

/// The configuration a command reads: `given` (--config) when set, else ./lantern.toml when it
/// exists, else "".
std::string find_config(const std::string& given);

/// The index folder of a command: `db` (--db) when given, else [index] db of `config` (a path
/// from find_config, or ""). Throws BadInput saying what to give when neither names one.
std::string index_folder(const std::string& db, const std::string& config);

/// "no lantern.toml in FOLDER" with the current folder, for messages.
std::string no_config_here();

}  // namespace lantern
