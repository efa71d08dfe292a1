// Tests for core/abbreviations: Schwartz & Hearst's finder on sentences written for these tests
// (definitions it must find and parentheses it must not take for one), the learned table, and
// the whole path on a real index: pages that define an abbreviation make it find pages that only
// spell it out, and the other way round, unless the librarian turns it off or vetoes it.
#include "text/abbreviations.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "index/index_admin.h"
#include "index/index_build.h"
#include "search/search.h"
#include "text/errors.h"
#include "text/index_layout.h"
#include "text/schema.h"
#include "text/thesaurus.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

std::vector<std::string> found(const std::string& text) {
    std::vector<std::string> out;
    for (const AbbreviationPair& p : find_abbreviations(text)) out.push_back(p.short_form + " = " + p.long_form);
    return out;
}

TEST(Abbreviations, FindsDefinitions) {
    const struct {
        const char* text;
        std::vector<std::string> want;
    } rows[] = {
        {"Cities that fund syringe exchange programs (SEPs) saw fewer new infections.",
         {"SEP = syringe exchange program"}},
        {"Patients seen in the emergency department (ED) after an overdose were offered naloxone.",
         {"ED = emergency department"}},
        {"Medications for opioid use disorder (OUD) include methadone.", {"OUD = opioid use disorder"}},
        {"Among people who inject drugs (PWID), hepatitis C is common.", {"PWID = people who inject drugs"}},
        // Word initials first: the paper's letter match alone takes the shortest tail holding the
        // letters, "services programs" (its "s" and "p") and "soft tissue infections".
        {"The county funds syringe services programs (SSPs) in three towns.", {"SSP = syringe services program"}},
        {"Treat skin and soft tissue infections (SSTIs) early.", {"SSTI = skin and soft tissue infection"}},
        // The paper's letter match where initials do not spell it.
        {"Levels of immunoglobulin G (IgG) were measured.", {"IgG = immunoglobulin g"}},
        // The long form starts at the letter's word, not back at a space.
        {"Staff in the non-emergency department (ED) were trained.", {"ED = emergency department"}},
        {"Blood levels of delta-9-tetrahydrocannabinol (THC) fell.", {}},  // one word
        // A short form the page also uses as an ordinary word.
        {"Children with acute lymphoblastic leukemia (ALL) do not all need a transplant.", {}},
        {"Acute lymphoblastic leukemia (ALL) is treatable; ALL is common in children.",
         {"ALL = acute lymphoblastic leukemia"}},
        {"See www.cdc.gov: the Centers for Disease Control (CDC) and co-infection (CO) data.",
         {"CDC = centers for disease control"}},
        // The other form: the short form before, the long form inside.
        {"Clinics now offer MOUD (medications for opioid use disorder) on site.",
         {"MOUD = medications for opioid use disorder"}},
        // Two in one sentence; the second's long form does not reach back past the first's ")".
        {"Outreach to people who inject drugs (PWID) and men who have sex with men (MSM) grew.",
         {"PWID = people who inject drugs", "MSM = men who have sex with men"}},
        // What follows "; " or ", " in the parenthesis is not part of the short form.
        {"Visits to the emergency department (ED; see Table 2) doubled.", {"ED = emergency department"}},
        // A plural whose last word changes: "strategies" -> "strategy"; accents folded.
        {"Public health agencies promoted harm reduction strategies (HRSs).", {"HRS = harm reduction strategy"}},
        {"Le virus de l'hépatite C (VHC) se transmet par le sang.", {"VHC = virus de l'hepatite c"}},
        // Defined twice in one text: once.
        {"Opioid use disorder (OUD) is treatable. Opioid use disorder (OUD) is common.", {"OUD = opioid use disorder"}},
        // The paper's own limits and ours: none of these is a definition.
        {"Results were described earlier (see above) and in Table 3.", {}},
        {"The outbreak peaked in the spring (2019) before declining.", {}},
        {"Participants (n = 23) reported injecting daily.", {}},
        {"Some opioids (e.g. fentanyl) are far stronger than morphine.", {}},
        {"Doses of naloxone (mg) vary by product.", {}},                         // one capital at most
        {"opioid use disorder (oud) is treatable.", {}},                         // no capitals
        {"Call the poison control center (ER) at once.", {}},                    // the letters do not match
        {"The device was embedded (ED) under the skin.", {}},                    // one word holds every letter
        {"HIV infection (HIV) is now a chronic condition.", {}},                 // the short form is in the long one
        {"Needles were collected. (NC) was written on the box.", {}},            // nothing before it in the sentence
        {"Needles exchanged at the sites in the north (EN) were counted.", {}},  // too many words for two letters
        {"SSP (see the syringe services program) is open.", {}},  // the long form must fill the parenthesis
        {"A clinic (A) and a site (SITE) opened.", {}},
        {"Unclosed (PWID people who inject drugs", {}},
        {"", {}},
        {"()", {}},
    };
    for (const auto& row : rows) EXPECT_EQ(found(row.text), row.want) << row.text;
}

TEST(Abbreviations, TermsHoldThePair) {
    EXPECT_EQ(abbreviation_term({"SEP", "syringe exchange program"}), "XBSEP\tsyringe exchange program");
    EXPECT_EQ(abbreviation_term({"SEP", std::string(300, 'a')}), "");  // too long for a Xapian term
}

TEST(Abbreviations, SettingsRoundTrip) {
    AbbreviationSettings s;
    s.learn = false;
    s.min_documents = 3;
    s.veto = {"ed", "intensive care unit"};
    const AbbreviationSettings back = AbbreviationSettings::from_stored(s.to_stored());
    EXPECT_EQ(back.learn, false);
    EXPECT_EQ(back.min_documents, 3u);
    EXPECT_EQ(back.veto, s.veto);
    EXPECT_TRUE(AbbreviationSettings::from_stored("").learn);  // an index built before them
    EXPECT_THROW(AbbreviationSettings::from_stored("{\"learn\": 1}"), BadIndex);
    EXPECT_THROW(AbbreviationSettings::from_stored("junk"), BadIndex);
}

TEST(Abbreviations, SelectsThePairsToUse) {
    const std::vector<std::pair<std::string, std::size_t>> terms = {
        {"XBED\teating disorder", 2},
        {"XBED\temergency department", 9},
        {"XBIT\tinformation technology", 5},  // "it" is a stopword: never expanded
        {"XBOUD\topioid use disorder", 1},    // one page only
        {"XBSEP\tsyringe exchange program", 3},
        {"XBSep\tsyringe exchange program", 2},  // another spelling of the same pair: adds up
        {"XBSSP\tsyringe service program", 2},   // a tie: the shorter long form
        {"XBSSP\tsyringe services program", 2},
        {"XBbroken", 7},
    };
    AbbreviationSettings settings;
    settings.veto = {"syringe exchange program"};
    std::vector<std::string> got;
    for (const LearnedAbbreviation& a : select_abbreviations(terms, settings)) {
        got.push_back(a.short_form + " = " + a.long_form + " " + std::to_string(a.documents) +
                      (a.vetoed ? " vetoed" : ""));
    }
    EXPECT_EQ(got, (std::vector<std::string>{"ED = emergency department 9", "SEP = syringe exchange program 5 vetoed",
                                             "SSP = syringe service program 2"}));
    settings.min_documents = 3;
    settings.veto = {"ed"};
    got.clear();
    for (const LearnedAbbreviation& a : select_abbreviations(terms, settings))
        got.push_back(a.short_form + (a.vetoed ? " vetoed" : ""));
    EXPECT_EQ(got, (std::vector<std::string>{"ED vetoed", "SEP"}));
}

TEST(Abbreviations, LearnedExpansionsNeverOverrideTheLibrarians) {
    Thesaurus t = Thesaurus::parse("naloxone = narcan\nED <- erectile dysfunction\n", "t");
    t.add_learned({{"ED", "emergency department"},
                   {"OUD", "opioid use disorder"},
                   {"opioid use disorder", "OUD"},
                   {"Narcan", "naloxone nasal spray"},
                   {"naloxone nasal spray", "Narcan"}});
    auto expansions = [&t](const std::string& q) {
        const std::vector<ThesaurusMatch> m = t.find(split_words(q));
        return m.empty() ? std::vector<std::string>() : m[0].expansions;
    };
    EXPECT_EQ(expansions("ED"),
              std::vector<std::string>{"emergency department"});  // the file's ED only expands the other way
    EXPECT_EQ(expansions("emergency department"), std::vector<std::string>{});  // one way, as asked
    EXPECT_EQ(expansions("oud"), std::vector<std::string>{"opioid use disorder"});
    EXPECT_EQ(expansions("opioid use disorder"), std::vector<std::string>{"oud"});
    EXPECT_EQ(expansions("narcan"), std::vector<std::string>{"naloxone"});  // the file's entry wins
    EXPECT_EQ(expansions("naloxone nasal spray"), std::vector<std::string>{"narcan"});
}

// The whole path: build an index from pages, search it, read the report.
class LearnedAbbreviations : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("lantern-abbr-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "site");
        page("county.html", "Syringe services in the county",
             "The county runs syringe services programs (SSPs) in three towns. They also hand out naloxone.");
        page("testing.html", "Hepatitis C testing",
             "Testing is offered at syringe services programs (SSPs) and at clinics.");
        page("needles.html", "Where to get clean needles",
             "A syringe services program gives out sterile needles and takes used ones back.");
        page("hours.html", "Opening hours", "Our SSP is open on Mondays and Thursdays.");
        // The bundled thesaurus knows SSP: an empty one, so that only learning can find these.
        std::ofstream(dir_ / "thesaurus") << "# no entries\n";
    }
    void TearDown() override { fs::remove_all(dir_); }
    void page(const std::string& name, const std::string& title, const std::string& text) {
        std::ofstream(dir_ / "site" / name)
            << "<!DOCTYPE html><html lang=\"en\"><head><title>" << title << "</title></head><body><h1>" << title
            << "</h1><p>" << text << "</p></body></html>";
    }
    BuildOptions config(const std::string& index_keys) {
        std::ofstream(dir_ / "lantern.toml") << "[index]\ndb = \"db\"\nthesaurus = \"thesaurus\"\n"
                                             << index_keys << "\n[[source]]\npath = \"site\"\n";
        return load_config((dir_ / "lantern.toml").string());
    }
    std::vector<std::string> ids(const std::string& query) {
        Searcher s((dir_ / "db").string());
        SearchRequest r;
        r.query = query;
        r.correct_spelling = false;
        std::vector<std::string> out;
        for (const SearchHit& h : s.search(r).hits) out.push_back(h.id);
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path dir_;
};

TEST_F(LearnedAbbreviations, FindPagesThatSpellThemOutUnlessTurnedOff) {
    // "SSPs" is indexed as "ssps" (the stemmer leaves it alone): without learning, "SSP" finds
    // only the page that writes it in the singular.
    const std::vector<std::string> all = {"county.html", "hours.html", "needles.html", "testing.html"};
    const struct {
        const char* keys;
        std::vector<std::string> ssp;        ///< what "SSP" finds
        std::vector<std::string> long_form;  ///< what "syringe services program" finds
        const char* report;                  ///< the report's section
    } rows[] = {
        {"", all, all,
         "Abbreviations the pages define (on at least 2 pages): 1\n  SSP = syringe services program  (2 pages)\n"},
        {"learn_abbreviations = false",
         {"hours.html"},
         {"county.html", "needles.html", "testing.html"},
         "Abbreviations the pages define (on at least 2 pages): 1, not used: learn_abbreviations = false\n"
         "  SSP = syringe services program  (2 pages)\n"},
        {"abbreviation_veto = [\"SSP\"]",
         {"hours.html"},
         {"county.html", "needles.html", "testing.html"},
         "Abbreviations the pages define (on at least 2 pages): 1\n  SSP = syringe services program  (2 pages)  "
         "vetoed\n"},
        {"abbreviation_veto = [\"Syringe Services Program\"]",
         {"hours.html"},
         {"county.html", "needles.html", "testing.html"},
         "Abbreviations the pages define (on at least 2 pages): 1\n  SSP = syringe services program  (2 pages)  "
         "vetoed\n"},
        {"abbreviation_min_documents = 3",
         {"hours.html"},
         {"county.html", "needles.html", "testing.html"},
         "Abbreviations the pages define (on at least 3 pages): 0\n"},
    };
    for (const auto& row : rows) {
        BuildOptions o = config(row.keys);
        o.full = true;
        build_index(o, nullptr, nullptr);
        EXPECT_EQ(ids("SSP"), row.ssp) << row.keys;
        EXPECT_EQ(ids("syringe services program"), row.long_form) << row.keys;
        const std::string text = report_to_text(index_report((dir_ / "db").string(), 24));
        EXPECT_EQ(text.substr(text.find("Abbreviations")), row.report) << row.keys;
    }
}

TEST_F(LearnedAbbreviations, ReportJsonAndIncrementalBuilds) {
    build_index(config(""), nullptr, nullptr);
    nlohmann::json r = nlohmann::json::parse(report_to_json(index_report((dir_ / "db").string(), 24)))["abbreviations"];
    EXPECT_EQ(r["learned"],
              nlohmann::json::parse(
                  R"([{"short": "SSP", "long": "syringe services program", "documents": 2, "vetoed": false}])"));
    EXPECT_EQ(r["learning"], true);
    EXPECT_EQ(ids("SSP").size(), 4u);
    // A page that stops defining it: Xapian's term counts follow, and one page is not enough.
    page("testing.html", "Hepatitis C testing", "Testing is offered at clinics.");
    build_index(config(""), nullptr, nullptr);
    r = nlohmann::json::parse(report_to_json(index_report((dir_ / "db").string(), 24)))["abbreviations"];
    EXPECT_EQ(r["learned"], nlohmann::json::array());
    EXPECT_EQ(ids("SSP"), std::vector<std::string>{"hours.html"});
}

// Every kind of build stores the vocabulary readers use (schema::kMetaVocabulary), equal to what a
// reader would compile from the index, so that opening an index costs no compilation: a full
// build, an incremental one into the live release (a transaction), a full build in parts, and a
// sharded one (the learned pairs counted over every shard).
TEST_F(LearnedAbbreviations, EveryBuildStoresTheVocabularyReadersUse) {
    const struct {
        const char* how;
        bool full;
        unsigned writers;
        std::size_t shards;
    } rows[] = {{"full", true, 1, 1}, {"incremental", false, 1, 1}, {"parts", true, 3, 1}, {"shards", true, 1, 2}};
    for (const auto& row : rows) {
        BuildOptions o = config("");
        o.full = row.full;
        o.writers = row.writers;
        o.shards = row.shards;
        build_index(o, nullptr, nullptr);
        const Xapian::Database db(reading_path((dir_ / "db").string()));
        const std::string stored = db.get_metadata(schema::kMetaVocabulary);
        EXPECT_NE(stored.find("ssp\tsyringe services program"), std::string::npos) << row.how << ": " << stored;
        EXPECT_EQ(stored, compile_vocabulary(db).to_compiled()) << row.how;
        EXPECT_EQ(ids("SSP").size(), 4u) << row.how;
    }
}

TEST_F(LearnedAbbreviations, BadConfigurationNamesTheKey) {
    const struct {
        const char* keys;
        std::string error;
    } rows[] = {
        {"learn_abbreviations = \"no\"", ":4: index.learn_abbreviations: must be true or false"},
        {"abbreviation_veto = \"ED\"", ":4: index.abbreviation_veto: must be an array of strings"},
        {"abbreviation_veto = [\"--\"]", ":4: index.abbreviation_veto: \"--\" has no words"},
        {"abbreviation_min_documents = 0", ":4: index.abbreviation_min_documents: must be from 1 to 1000"},
    };
    for (const auto& row : rows) {
        try {
            config(row.keys);
            ADD_FAILURE() << row.keys;
        } catch (const BadInput& e) {
            EXPECT_EQ(e.what(), (dir_ / "lantern.toml").string() + row.error);
        }
    }
}

}  // namespace
}  // namespace lantern
