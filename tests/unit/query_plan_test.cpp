// Tests for core/query_plan: how much weight thesaurus expansions get beside the typed words,
// decided from how the index itself names a concept (an in-memory index built with the indexer's
// own term generator).
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
    });
    const Thesaurus thesaurus = Thesaurus::parse(
        "heroin <- smack\n"
        "naloxone = narcan\n"
        "opioid overdose <- heroin overdose\n"
        "syringe exchange program <- get clean needles\n"
        "buprenorphine <- bupe\n",
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
    };
    for (const auto& r : rows) EXPECT_EQ(expansion_weight(db, thesaurus, r.query), r.want) << r.query << ": " << r.why;
}

}  // namespace
}  // namespace lantern
