// Tests for core/query_plan and the parts it plans with (expansion_weight, query_terms): how much
// weight thesaurus expansions get beside the typed words, decided from how the index itself names
// a concept; common words; title keys (in-memory indexes built with the indexer's own term
// generator).
#include "core/query_plan.h"

#include <gtest/gtest.h>

#include <string>

#include "core/analysis.h"

namespace lantern {
namespace {

/// An index of `copies` pages for each text, indexed as the indexer indexes body text.
Xapian::WritableDatabase index_of(const std::vector<std::pair<std::string, int>>& pages) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator gen = analysis::make_term_generator();
    for (const auto& [text, copies] : pages) {
        for (int i = 0; i < copies; ++i) {
            Xapian::Document doc;
            gen.set_document(doc);
            gen.index_text(analysis::index_form(text));
            db.add_document(doc);
        }
    }
    db.commit();
    return db;
}

/// The weight the plan gives to the expansions of the query's thesaurus match: 1 when they carry
/// the unit, 0.3 when they only widen the typed words.
double expansion_weight(const Xapian::Database& db, const Thesaurus& thesaurus, const std::string& query) {
    Xapian::QueryParser parser = analysis::make_query_parser(db);
    const QueryPlan plan = plan_query(query, db, parser, thesaurus, PlanOptions{false});
    const std::string d = plan.all.get_description();
    if (d.find("0.29999") != std::string::npos) return 0.3;
    if (d.find(" 1 * ") != std::string::npos) return 1.0;
    ADD_FAILURE() << query << ": no expansion in " << d;
    return 0;
}

/// Pages that tier 1 (every required word) matches.
Xapian::doccount tier_one_pages(const Xapian::Database& db, const QueryPlan& plan) {
    Xapian::Enquire enquire(db);
    enquire.set_query(plan.all);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

TEST(QueryPlan, ExpansionsCarryWhereTheIndexNamesTheConceptOtherwise) {
    const Xapian::WritableDatabase db = index_of({
        {"heroin use and heroin overdose", 40},
        {"opioid overdose among people who use heroin", 30},
        {"smack is a street name", 1},
        {"naloxone reverses an overdose; narcan is a brand of naloxone", 20},
        {"narcan nasal spray", 15},
        {"syringe exchange programs give sterile syringes", 25},
        {"get clean needles here", 1},
        {"they get needles; clean the skin first", 30},
        {"subs and sandwiches", 20},
        {"buprenorphine treatment", 5},
    });
    const Thesaurus thesaurus = Thesaurus::parse(
        "heroin <- smack\n"
        "naloxone = narcan\n"
        "opioid overdose <- heroin overdose\n"
        "syringe exchange program <- get clean needles\n"
        "buprenorphine <- bupe, subs\n",
        "t");
    const struct {
        std::string query;
        double want;
        const char* why;
    } rows[] = {
        {"smack", 1.0, "one page says smack, 40 say heroin"},
        {"narcan", 0.3, "the index uses narcan often enough: it keeps the lead"},
        {"get clean needles", 1.0, "its words are common, but one page holds the phrase"},
        {"heroin overdose", 0.3, "as many pages hold the typed phrase as its expansion"},
        {"bupe", 1.0, "the index never uses the typed word"},
        {"subs", 1.0, "commoner than buprenorphine, but none of its pages says buprenorphine: another sense"},
    };
    for (const auto& r : rows) EXPECT_EQ(expansion_weight(db, thesaurus, r.query), r.want) << r.query << ": " << r.why;
}


// A word on more than 5% of the pages only raises the rank in tier 1 while a rarer word is
// required: on the shared collection "testing drugs for fentanyl" had required *testing* and
// *drugs* and so left out pages about fentanyl in the drug supply that say neither.
TEST(QueryPlan, CommonWordsOnlyRaiseTheRank) {
    const Xapian::WritableDatabase db = index_of({
        {"drugs and alcohol", 60},
        {"testing drugs for fentanyl with strips", 2},
        {"fentanyl in the supply", 3},
        {"wound care", 35},
    });
    const Thesaurus none;
    Xapian::QueryParser parser = analysis::make_query_parser(db);
    const struct {
        std::string query;
        std::vector<std::string> common;
        Xapian::doccount tier_one;
    } rows[] = {
        {"testing drugs for fentanyl", {"drugs"}, 2},   // testing, on 2 pages, stays required
        {"drugs fentanyl", {"drugs"}, 5},                // every fentanyl page, with or without drugs
        {"drugs alcohol", {}, 60},                       // all common: all required after all
        {"wound fentanyl", {"wound"}, 5},
        {"testing strips", {}, 2},                       // both rare: both required
    };
    for (const auto& r : rows) {
        const QueryPlan plan = plan_query(r.query, db, parser, none, PlanOptions{false});
        EXPECT_EQ(plan.common_words, r.common) << r.query;
        EXPECT_EQ(tier_one_pages(db, plan), r.tier_one) << r.query;
    }
}

// Where a several-word entry's expansions carry it, its typed words count where they stand
// together, not scattered over a page; when no page holds them together, apart as before.
TEST(QueryPlan, TypedWordsOfACarriedEntryCountTogether) {
    const Thesaurus thesaurus = Thesaurus::parse("injection scars <- needle marks\n", "t");
    const struct {
        std::vector<std::pair<std::string, int>> pages;
        Xapian::doccount tier_one;
        const char* why;
    } rows[] = {
        {{{"injection scars on the arms", 20}, {"needle marks on his arms", 1}, {"a needle biopsy; rates were marked by change", 5}},
         21, "the expansion's 20 pages and the one that says needle marks; not the 5 that scatter the words"},
        {{{"injection scars on the arms", 20}, {"a needle biopsy; rates were marked by change", 5}},
         25, "no page holds needle marks together: the scattered words still count"},
    };
    for (const auto& r : rows) {
        const Xapian::WritableDatabase db = index_of(r.pages);
        Xapian::QueryParser parser = analysis::make_query_parser(db);
        const QueryPlan plan = plan_query("needle marks", db, parser, thesaurus, PlanOptions{false});
        EXPECT_EQ(tier_one_pages(db, plan), r.tier_one) << r.why;
    }
}

TEST(QueryPlan, TitleKeys) {
    const struct {
        std::string title;
        std::string key;
    } rows[] = {
        {"Abscess", "XNabscess"},
        {"Wound Botulism", "XNbotul wound"},
        {"Botulism, wound", "XNbotul wound"},               // order and punctuation do not matter
        {"What is an abscess?", "XNabscess"},               // stopwords dropped
        {"Abscesses", "XNabscess"},                         // stems
        {"Naloxone 0.4 mg", "XN0.4 mg naloxon"},            // numbers unstemmed, as the index has them
        {"the", ""},                                        // nothing but stopwords
        {"one two three four five six seven", ""},          // too long to be a query's whole
    };
    for (const auto& r : rows) EXPECT_EQ(analysis::title_key(r.title), r.key) << r.title;
}

// The collection's page on a topic (titled exactly with the query's words, or with the expansion
// of a query that is one thesaurus entry) ranks above pages that use the word more often.
TEST(QueryPlan, PagesTitledExactlyWithTheQueryRankHigher) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator gen = analysis::make_term_generator();
    const auto add = [&](const std::string& title, const std::string& body) {
        Xapian::Document doc;
        gen.set_document(doc);
        gen.index_text(title, 5);
        gen.index_text(body);
        if (const std::string key = analysis::title_key(title); !key.empty()) doc.add_term(key);
        doc.set_data(title);
        db.add_document(doc);
    };
    add("Brain abscess", "brain abscess: an abscess in the brain; abscess causes and abscess treatment");
    add("Liver abscess", "liver abscess: an abscess of the liver; abscess drainage");
    add("Abscess", "a pocket of pus under the skin");
    add("Heroin", "an opioid");
    add("Heroin use in cities", "heroin heroin heroin reports");
    for (int i = 0; i < 20; ++i) add("Other page " + std::to_string(i), "nothing related");
    db.commit();
    const Thesaurus thesaurus = Thesaurus::parse("heroin <- smack\n", "t");
    Xapian::QueryParser parser = analysis::make_query_parser(db);
    const struct {
        std::string query;
        std::string first;
    } rows[] = {
        {"abscess", "Abscess"},
        {"smack", "Heroin"},   // the expansion of a one-entry query
        {"heroin", "Heroin"},
    };
    for (const auto& r : rows) {
        const QueryPlan plan = plan_query(r.query, db, parser, thesaurus, PlanOptions{false});
        EXPECT_TRUE(plan.title_pages) << r.query;
        Xapian::Enquire enquire(db);
        enquire.set_query(plan.all);
        const Xapian::MSet top = enquire.get_mset(0, 1);
        ASSERT_EQ(top.size(), 1u) << r.query;
        EXPECT_EQ(top.begin().get_document().get_data(), r.first) << r.query;
    }
}

}  // namespace
}  // namespace lantern
