// config_discovery.cpp: ./lantern.toml, found the same way by both programs.
#include "app/config_discovery.h"

#include <filesystem>
#include <system_error>

#include "app/config.h"
#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {

std::string find_config(const std::string& given) {
    if (!given.empty()) return given;
    std::error_code ec;
    return fs::is_regular_file("lantern.toml", ec) ? "lantern.toml" : "";
}

std::string no_config_here() {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    return "no lantern.toml in " + (ec ? std::string("the current folder") : here.string());
}

std::string index_folder(const std::string& db, const std::string& config) {
    if (!db.empty()) return db;
    if (config.empty()) throw BadInput("no index given: give --db DIR or --config FILE (" + no_config_here() + ")");
    const std::string from_file = load_config(config).db_path;
    if (from_file.empty()) throw BadInput(config + " has no [index] db: give --db DIR, or set db in its [index] table");
    return from_file;
}

}  // namespace lantern
