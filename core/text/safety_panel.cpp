// safety_panel.cpp: TOML loading (toml++) with line-numbered errors, and trigger matching.
#include "text/safety_panel.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "text/errors.h"
#include "text/thesaurus.h"

namespace lantern {

SafetyPanel SafetyPanel::load_file(const std::string& path) {
    toml::table doc;
    try {
        doc = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw BadInput(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
    auto fail = [&path](const toml::source_region& at, const std::string& why) {
        throw BadInput(path + ":" + std::to_string(at.begin.line) + ": " + why);
    };
    for (auto&& [k, v] : doc) {
        if (k.str() != "card") fail(k.source(), "unknown key '" + std::string(k.str()) + "' (expected [[card]] tables)");
    }
    const toml::array* cards = doc["card"].as_array();
    if (cards == nullptr || cards->empty()) throw BadInput(path + ":1: no [[card]] table");
    SafetyPanel panel;
    for (const toml::node& n : *cards) {
        const toml::table* t = n.as_table();
        if (t == nullptr) fail(n.source(), "'card' must be an array of tables ([[card]])");
        SafetyCard card;
        for (auto&& [k, v] : *t) {
            const std::string key(k.str());
            if (key == "triggers") {
                const toml::array* list = v.as_array();
                if (list == nullptr) fail(v.source(), "card.triggers must be an array of strings");
                for (const toml::node& trig : *list) {
                    const auto s = trig.value<std::string>();
                    if (!s || trig.type() != toml::node_type::string) fail(trig.source(), "card.triggers must be an array of strings");
                    const std::string phrase = phrase_key(*s);
                    if (!phrase.empty()) card.triggers.push_back(phrase);
                }
                continue;
            }
            std::string* field = key == "id" ? &card.id : key == "title" ? &card.title : key == "text" ? &card.text
                               : key == "link" ? &card.link : key == "link_text" ? &card.link_text : nullptr;
            if (field == nullptr) fail(k.source(), "unknown key '" + key + "' in [[card]] (id, title, text, link, link_text, triggers)");
            const auto s = v.value<std::string>();
            if (!s || v.type() != toml::node_type::string) fail(v.source(), "card." + key + " must be a string");
            *field = *s;
        }
        for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"id", &card.id}, {"title", &card.title}, {"text", &card.text}}) {
            if (value->empty()) fail(t->source(), std::string("card.") + name + " is required");
        }
        if (card.triggers.empty()) fail(t->source(), "card '" + card.id + "' has no triggers");
        panel.cards_.push_back(std::move(card));
    }
    return panel;
}

std::string SafetyPanel::to_stored() const {
    nlohmann::json j = nlohmann::json::array();
    for (const SafetyCard& c : cards_) {
        j.push_back({{"id", c.id}, {"title", c.title}, {"text", c.text}, {"link", c.link}, {"link_text", c.link_text},
                     {"triggers", c.triggers}});
    }
    return j.dump();
}

SafetyPanel SafetyPanel::from_stored(const std::string& data) {
    SafetyPanel p;
    if (data.empty()) return p;
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_array()) throw BadIndex("the safety panel stored in the index is damaged; rebuild the index");
    for (const auto& c : j) {
        p.cards_.push_back({c.value("id", ""), c.value("title", ""), c.value("text", ""), c.value("link", ""),
                            c.value("link_text", ""), c.value("triggers", std::vector<std::string>())});
    }
    return p;
}

std::vector<SafetyCard> SafetyPanel::match(const std::vector<Word>& words) const {
    std::string query = " ";
    for (const Word& w : words) query += w.key + " ";
    std::vector<SafetyCard> shown;
    for (const SafetyCard& c : cards_) {
        for (const std::string& t : c.triggers) {
            if (query.find(" " + t + " ") != std::string::npos) {
                shown.push_back(c);
                break;
            }
        }
    }
    return shown;
}

}  // namespace lantern
