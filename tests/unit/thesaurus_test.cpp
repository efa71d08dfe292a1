// Tests for core/thesaurus: the file format, directions, longest match, and bad lines.
#include "core/thesaurus.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/errors.h"

namespace lantern {
namespace {

const std::string kText =
    "# comment\n"
    "naloxone = Narcan, Kloxxado   # brand names\n"
    "heroin <- dope, smack\n"
    "opioid withdrawal = dope sick, withdrawal symptoms\n"
    "\n"
    "people who inject drugs = PWID\n";

std::vector<std::string> expand(const Thesaurus& t, const std::string& query) {
    std::vector<std::string> out;
    for (const ThesaurusMatch& m : t.find(split_words(query))) {
        std::string line = m.phrase + " ->";
        for (const std::string& e : m.expansions) line += " [" + e + "]";
        out.push_back(line);
    }
    return out;
}

TEST(Thesaurus, DirectionsAndLongestMatch) {
    const Thesaurus t = Thesaurus::parse(kText, "t");
    const struct {
        std::string query;
        std::vector<std::string> want;
    } rows[] = {
        {"narcan", {"narcan -> [naloxone]"}},
        {"NALOXONE", {"naloxone -> [narcan] [kloxxado]"}},        // two-way, any case
        {"dope", {"dope -> [heroin]"}},
        {"heroin", {}},                                            // one-way: the term does not expand
        {"feeling dope sick today", {"dope sick -> [opioid withdrawal]"}},  // longest match wins over "dope"
        {"PWID hepatitis", {"pwid -> [people who inject drugs]"}},
        {"smack and dope", {"smack -> [heroin]", "dope -> [heroin]"}},
        {"nothing here", {}},
    };
    for (const auto& r : rows) EXPECT_EQ(expand(t, r.query), r.want) << r.query;
}

TEST(Thesaurus, StoredRoundTrip) {
    const Thesaurus t = Thesaurus::parse(kText, "t");
    const Thesaurus back = Thesaurus::from_stored(t.to_stored());
    EXPECT_EQ(back.size(), t.size());
    EXPECT_EQ(expand(back, "dope sick"), expand(t, "dope sick"));
    EXPECT_TRUE(Thesaurus::from_stored("").empty());
    EXPECT_THROW(Thesaurus::from_stored("[1"), BadIndex);
}

TEST(Thesaurus, BadLinesNameFileAndLine) {
    const struct {
        std::string text, error;
    } rows[] = {
        {"naloxone narcan\n", "f:1: expected 'TERM = VARIANT, ...' or 'TERM <- VARIANT, ...'"},
        {"ok = fine\n = narcan\n", "f:2: no term before '='"},
        {"heroin <- \n", "f:1: no variants after '<-'"},
        {"a = --\n", "f:1: an empty variant"},
    };
    for (const auto& r : rows) {
        try {
            Thesaurus::parse(r.text, "f");
            ADD_FAILURE() << r.text;
        } catch (const BadInput& e) {
            EXPECT_EQ(std::string(e.what()), r.error) << r.text;
        }
    }
}

TEST(Thesaurus, ShippedFileLoads) {
    const Thesaurus t = Thesaurus::load_file(std::string(LANTERN_SOURCE_DIR) + "/corpus/thesaurus");
    EXPECT_GE(t.size(), 150u);
    EXPECT_EQ(expand(t, "bupe").size(), 1u);
    EXPECT_THROW(Thesaurus::load_file("/nonexistent/thesaurus"), BadInput);
}

}  // namespace
}  // namespace lantern
