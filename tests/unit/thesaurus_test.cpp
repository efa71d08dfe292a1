// Tests for core/thesaurus: the file format, directions, longest match, and bad lines.
#include "text/thesaurus.h"

#include <gtest/gtest.h>

#include <fstream>

#include "text/errors.h"

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
        {"narcan", {"narcan -> [naloxone] [kloxxado]"}},          // and the term's equivalents
        {"NALOXONE", {"naloxone -> [narcan] [kloxxado]"}},        // two-way, any case
        {"dope", {"dope -> [heroin]"}},
        {"heroin", {}},                                            // one-way: the term does not expand
        {"feeling dope sick today", {"dope sick -> [opioid withdrawal] [withdrawal symptoms]"}},  // longest match wins over "dope"
        {"PWID hepatitis", {"pwid -> [people who inject drugs]"}},
        {"smack and dope", {"smack -> [heroin]", "dope -> [heroin]"}},
        {"nothing here", {}},
    };
    for (const auto& r : rows) EXPECT_EQ(expand(t, r.query), r.want) << r.query;
}

// A variant leads to its term and to the term's two-way equivalents (issue 16: "SEP" found only
// pages that wrote "syringe services program", never those that wrote "syringe exchange
// program"), and phrases are looked up without stopwords, as the planner drops them from queries
// ("chasing the dragon" never matched). An abbreviation (a variant written in capitals) also
// leads to the term's several-word one-way variants: "OUD" had missed every 1999-2002 report,
// which say opioid dependence or addiction; lay variants and terms keep their own wording.
TEST(Thesaurus, VariantsLeadToTheTermsEquivalents) {
    const Thesaurus t = Thesaurus::parse(
        "syringe services program = syringe exchange program, needle exchange, SSP\n"
        "syringe services program <- SEP\n"
        "opioid use disorder = OUD\n"
        "opioid use disorder <- opioid addiction, opioid dependence, OUDs\n"
        "smoking heroin <- chasing the dragon\n"
        "people who inject drugs = PWID\n"
        "hepatitis a = hep a, HAV\n",
        "t");
    const struct {
        std::string query;   // as the planner passes it: stopwords already dropped
        std::vector<std::string> want;
    } rows[] = {
        {"SEP", {"sep -> [syringe services program] [syringe exchange program] [needle exchange] [ssp]"}},
        {"SSP", {"ssp -> [syringe services program] [syringe exchange program] [needle exchange]"}},
        {"needle exchange", {"needle exchange -> [syringe services program] [syringe exchange program] [ssp]"}},
        {"opioid addiction", {"opioid addiction -> [opioid use disorder] [oud]"}},   // not its sibling "opioid dependence"
        {"OUD", {"oud -> [opioid use disorder] [opioid addiction] [opioid dependence]"}},   // an abbreviation: every wording
        {"OUDs", {"ouds -> [opioid use disorder] [oud] [opioid addiction] [opioid dependence]"}},   // plural, one-way
        {"opioid use disorder", {"opioid use disorder -> [oud]"}},   // one-way variants are not implied back
        {"chasing dragon", {"chasing dragon -> [smoking heroin]"}},
        {"people inject drugs", {"people inject drugs -> [pwid]"}},   // the expansion keeps its words
        {"PWID", {"pwid -> [people who inject drugs]"}},
        {"hepatitis", {}},                             // a last stopword stays: "hepatitis a" is not "hepatitis"
        {"hep a", {"hep a -> [hepatitis a] [hav]"}},
    };
    for (const auto& r : rows) EXPECT_EQ(expand(t, r.query), r.want) << r.query;
}

// A several-word entry matches its typed words in either number ("blown veins" had found no
// entry, as the file writes "blown vein"; issue 16), the typed words staying as typed in the
// match; an exact wording wins over a number variant of the same length. A single word matches
// only as written: slang often differs from an everyday word by number alone.
TEST(Thesaurus, SeveralWordEntriesMatchInEitherNumber) {
    const Thesaurus t = Thesaurus::parse(
        "ruptured vein <- blown vein\n"
        "injection scars <- track marks\n"
        "injection equipment <- works, clean works\n"
        "skin infection <- skin abscesses\n"
        "drug injury <- drug injuries\n"
        "person who uses drugs = drug user\n"
        "drug users <- junkies\n",
        "t");
    const struct {
        std::string query;
        std::vector<std::string> want;
    } rows[] = {
        {"blown veins", {"blown veins -> [ruptured vein]"}},
        {"blown vein", {"blown vein -> [ruptured vein]"}},
        {"track mark", {"track mark -> [injection scars]"}},
        {"skin abscess", {"skin abscess -> [skin infection]"}},
        {"drug injury", {}},                                     // its own term in the other number is no expansion
        {"drug users", {"drug users -> [person who uses drugs]"}},
        {"clean work", {"clean work -> [injection equipment]"}},
        {"work", {}},                                            // one word: as written only
        {"junky", {}},
        {"works", {"works -> [injection equipment]"}},
        {"my veins blown", {}},                                  // the order stays
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

TEST(Thesaurus, CompiledRoundTrip) {
    const Thesaurus t = Thesaurus::parse("naloxone = narcan, nalaxone\nopioid use disorder <- OUD\n", "t");
    const Thesaurus back = Thesaurus::from_compiled(t.to_compiled());
    EXPECT_EQ(back.to_compiled(), t.to_compiled());
    EXPECT_EQ(back.to_stored(), t.to_stored());
    EXPECT_EQ(back.size(), t.size());
    EXPECT_TRUE(Thesaurus::from_compiled("").empty());
    for (const char* damaged : {"naloxone", "naloxone\tnarcan", "\tnarcan\n"}) {
        EXPECT_THROW(Thesaurus::from_compiled(damaged), BadIndex) << damaged;
    }
}

// A compiled thesaurus is searched in place (binary search over its lines): every query finds
// what the table it was compiled from finds, at the first and last lines, between lines, and
// for a phrase that starts another one.
TEST(Thesaurus, CompiledFindsWhatTheTableFinds) {
    const Thesaurus table = Thesaurus::parse(
        "abscess = boil\nnaloxone = narcan, nalaxone\nopioid use disorder <- OUD\nopioid = opiate\nzzz = sleep\n", "t");
    const Thesaurus compiled = Thesaurus::from_compiled(table.to_compiled());
    const auto shown = [](const std::vector<ThesaurusMatch>& found) {
        std::string out;
        for (const ThesaurusMatch& m : found) {
            out += std::to_string(m.first) + "+" + std::to_string(m.count) + " " + m.phrase + ":";
            for (const std::string& e : m.expansions) out += " " + e;
            out += "; ";
        }
        return out;
    };
    for (const char* query : {"abscess", "zzz", "narcan", "nalaxone overdose", "OUD treatment", "opioid use disorder",
                              "opioid use", "opioids", "aaa", "zzzz", "boil on arm"}) {
        const std::vector<Word> words = split_words(query);
        EXPECT_EQ(shown(compiled.find(words)), shown(table.find(words))) << query;
    }
    EXPECT_NE(shown(compiled.find(split_words("OUD"))), "");
}

// from_compiled reads nothing but the two ends (an index of the lines was an eighth of a
// command-line lookup): a line damaged in the middle is found by the lookup that reads it, with
// the same message, and the lookups that never reach it still answer.
TEST(Thesaurus, CompiledDamageInsideIsFoundByTheLookupThatReadsIt) {
    const Thesaurus t = Thesaurus::from_compiled("abscess\tboil\nmiddle line without a tab\nzzz\tsleep\n");
    EXPECT_EQ(expand(t, "abscess"), std::vector<std::string>{"abscess -> [boil]"});
    try {
        (void)t.find(split_words("naloxone"));
        ADD_FAILURE() << "a lookup through the damaged line answered";
    } catch (const BadIndex& e) {
        EXPECT_EQ(std::string(e.what()), "the vocabulary stored in the index is damaged; rebuild the index");
    }
    EXPECT_THROW((void)t.size(), BadIndex);
}

// With no longest phrase counted in advance, a phrase grows while some entry starts with it: the
// longest entry still wins over its own first words, at any length, and a word that starts no
// entry stops the growth without hiding an entry that starts at the next word.
TEST(Thesaurus, CompiledLongestMatchAtAnyLength) {
    const Thesaurus table = Thesaurus::parse(
        "alpha beta gamma delta epsilon zeta eta theta = long one\nalpha beta = short one\nbeta gamma = other\ntheta = last\n", "t");
    const Thesaurus compiled = Thesaurus::from_compiled(table.to_compiled());
    const struct {
        const char* query;
        std::vector<std::string> want;
    } rows[] = {
        {"alpha beta gamma delta epsilon zeta eta theta", {"alpha beta gamma delta epsilon zeta eta theta -> [long one]"}},
        {"alpha beta gamma delta epsilon zeta eta", {"alpha beta -> [short one]"}},
        {"kappa alpha beta gamma delta epsilon zeta eta theta theta",
         {"alpha beta gamma delta epsilon zeta eta theta -> [long one]", "theta -> [last]"}},
        {"alpha gamma beta gamma", {"beta gamma -> [other]"}},
        {"beta gamma delta", {"beta gamma -> [other]"}},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(expand(compiled, r.query), r.want) << r.query;
        EXPECT_EQ(expand(table, r.query), r.want) << r.query;
    }
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
