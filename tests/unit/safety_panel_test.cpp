// Tests for core/safety_panel: loading cards, errors with line numbers, trigger matching.
#include "text/safety_panel.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "text/errors.h"

namespace lantern {
namespace {

class SafetyPanelTest : public ::testing::Test {
protected:
    void SetUp() override { path_ = (std::filesystem::temp_directory_path() / ("lantern-panel-" + std::to_string(::getpid()) + ".toml")).string(); }
    void TearDown() override { std::filesystem::remove(path_); }
    std::string write(const std::string& text) {
        std::ofstream(path_) << text;
        return path_;
    }
    std::string path_;
};

const char* kCards =
    "[[card]]\nid = \"od\"\ntitle = \"Overdose?\"\ntext = \"Call 911.\"\nlink = \"https://e.example/od\"\n"
    "triggers = [\"overdose\", \"OD\", \"not breathing\", \"won't wake up\"]\n"
    "[[card]]\nid = \"crisis\"\ntitle = \"Crisis\"\ntext = \"Call or text 988.\"\ntriggers = [\"suicide\"]\n";

TEST_F(SafetyPanelTest, TriggersMatchWholeWordsAndPhrases) {
    const SafetyPanel p = SafetyPanel::load_file(write(kCards));
    const struct {
        std::string query;
        std::vector<std::string> cards;
    } rows[] = {
        {"signs of an overdose", {"od"}},
        {"my friend is not breathing", {"od"}},
        {"friend WON\xE2\x80\x99T wake up", {"od"}},   // curly apostrophe and capitals
        {"breathing not normal", {}},                    // the phrase, not the words in any order
        {"odd rash", {}},                                // whole words only
        {"overdose and suicide", {"od", "crisis"}},
        {"hepatitis vaccine", {}},
    };
    for (const auto& r : rows) {
        std::vector<std::string> got;
        for (const SafetyCard& c : p.match(split_words(r.query))) got.push_back(c.id);
        EXPECT_EQ(got, r.cards) << r.query;
    }
    const SafetyPanel back = SafetyPanel::from_stored(p.to_stored());
    EXPECT_EQ(back.size(), 2u);
    EXPECT_EQ(back.match(split_words("od")).at(0).link, "https://e.example/od");
}

TEST_F(SafetyPanelTest, BadFilesNameLineAndReason) {
    const struct {
        std::string toml, error;
    } rows[] = {
        {"[[card]]\nid = \"x\"\ntitle = \"t\"\ntext = \"t\"\ntriggers = []\n", "1: card 'x' has no triggers"},
        {"[[card]]\nid = \"x\"\ntitle = \"t\"\ntriggers = [\"a\"]\n", "1: card.text is required"},
        {"[[card]]\nid = \"x\"\ntitle = \"t\"\ntext = \"t\"\ncolour = \"red\"\ntriggers = [\"a\"]\n",
         "5: unknown key 'colour' in [[card]] (id, title, text, link, link_text, triggers)"},
        {"[[card]]\nid = 3\n", "2: card.id must be a string"},
        {"[[card]]\nid = \"x\"\ntitle = \"t\"\ntext = \"t\"\ntriggers = [1]\n", "5: card.triggers must be an array of strings"},
        {"cards = 1\n", "1: unknown key 'cards' (expected [[card]] tables)"},
    };
    for (const auto& r : rows) {
        try {
            SafetyPanel::load_file(write(r.toml));
            ADD_FAILURE() << r.toml;
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), path_ + ":" + r.error) << r.toml;
        }
    }
}

TEST(SafetyPanel, ShippedPanelLoads) {
    const SafetyPanel p = SafetyPanel::load_file(std::string(LANTERN_SOURCE_DIR) + "/corpus/safety-panel.toml");
    EXPECT_EQ(p.size(), 3u);
    EXPECT_EQ(p.match(split_words("narcan")).size(), 1u);
}

}  // namespace
}  // namespace lantern
