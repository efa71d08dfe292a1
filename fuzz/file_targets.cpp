// file_targets.cpp: fuzz targets for the files a librarian writes: the thesaurus, the safety
// panel and lantern.toml. Each is loaded the way a build loads it (from a file), then taken
// through what the build does next (compiled into index metadata and read back by the searcher).
#include <memory>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "text/errors.h"
#include "text/safety_panel.h"
#include "text/thesaurus.h"
#include "fuzz/invariants.h"
#include "fuzz/scratch_dir.h"
#include "fuzz/targets.h"

namespace lantern::fuzz {

Target make_thesaurus_target() {
    auto scratch = std::make_shared<const ScratchDir>("thesaurus");
    return [scratch](std::string_view input) {
        Thesaurus t;
        try {
            t = Thesaurus::load_file(scratch->write("thesaurus", input));
        } catch (const BadInput&) {
            return;
        }
        const Thesaurus stored = Thesaurus::from_stored(t.to_stored());
        require(stored.size() == t.size(), "thesaurus", "the stored form has " + std::to_string(stored.size()) +
                                                             " phrases, the file " + std::to_string(t.size()));
        const std::vector<Word> words = split_words(input.substr(0, 2000));
        for (const ThesaurusMatch& m : stored.find(words)) {
            require(m.count > 0 && m.first + m.count <= words.size(), "thesaurus match '" + m.phrase + "'",
                    "words outside the query");
            require(!m.expansions.empty() && m.expansions.size() <= Thesaurus::kMaxExpansions,
                    "thesaurus match '" + m.phrase + "'", std::to_string(m.expansions.size()) + " expansions");
        }
    };
}

Target make_safety_panel_target() {
    auto scratch = std::make_shared<const ScratchDir>("safety");
    return [scratch](std::string_view input) {
        SafetyPanel panel;
        try {
            panel = SafetyPanel::load_file(scratch->write("safety-panel.toml", input));
        } catch (const BadInput&) {
            return;
        }
        const SafetyPanel stored = SafetyPanel::from_stored(panel.to_stored());
        require(stored.size() == panel.size(), "safety panel", "the stored form has " + std::to_string(stored.size()) +
                                                                   " cards, the file " + std::to_string(panel.size()));
        require(stored.match(split_words("")).empty(), "safety panel", "an empty query shows a card");
        // Every trigger, typed as a query, must show its card: a trigger that never fires hides guidance.
        for (const auto& card : nlohmann::json::parse(panel.to_stored())) {
            const std::string id = card.at("id").get<std::string>();
            for (const auto& trigger : card.at("triggers")) {
                bool shown = false;
                for (const SafetyCard& c : stored.match(split_words(trigger.get<std::string>()))) shown = shown || c.id == id;
                require(shown, "safety card '" + id + "'", "its trigger '" + trigger.get<std::string>() + "' does not show it");
            }
        }
    };
}

Target make_config_target() {
    auto scratch = std::make_shared<const ScratchDir>("config");
    return [scratch](std::string_view input) {
        const std::string path = scratch->write("lantern.toml", input);
        try {
            const BuildOptions build = load_config(path);
            for (const SourceSpec& s : build.sources) {
                require(!s.path.empty(), "config source", "empty path");
                require(s.max_file_size > 0, "config source " + s.path, "size limit 0");
            }
            require(build.keep_releases <= 100, "config", "keep_releases " + std::to_string(build.keep_releases));
            const ServerSettings server = load_server_config(path);
            for (const std::int64_t n : {server.max_concurrent, server.threads, server.time_budget_ms}) {
                require(n >= 0 && n <= 60000, "config [server]", "a number out of range: " + std::to_string(n));
            }
        } catch (const BadInput&) {
            return;
        }
    };
}

}  // namespace lantern::fuzz
