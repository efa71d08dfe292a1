// Tests for core/text/analysis: the one setup of stemming, stopwords, folding and query syntax
// that indexing and searching share (STYLE.md rule 2). Documents are indexed into in-memory
// Xapian databases with the indexer's own term generator; queries are read with the searcher's
// own parser. (Title keys are tested in query_plan_test.cpp, beside the planning that uses them.)
#include "text/analysis.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "text/schema.h"

namespace lantern {
namespace {

TEST(Analysis, StopwordsAreShortOnPurpose) {
    const struct {
        const char* word;
        bool stop;
        const char* why;
    } rows[] = {
        {"the", true, ""},
        {"a", true, ""},
        {"of", true, ""},
        {"your", true, ""},
        {"not", false, "\"not breathing\""},
        {"off", false, "\"coming off methadone\""},
        {"no", false, "\"no pulse\""},
        {"overdose", false, ""},
        {"The", false, "words arrive folded to lower case"},
        {"", false, ""},
    };
    for (const auto& r : rows) EXPECT_EQ(analysis::is_stopword(r.word), r.stop) << r.word << " " << r.why;
}

TEST(Analysis, StemmerIsEnglish) {
    const Xapian::Stem stem = analysis::stemmer();
    const struct {
        const char* word;
        const char* stem;
    } rows[] = {{"breathing", "breath"}, {"abscesses", "abscess"}, {"injections", "inject"}, {"veins", "vein"}};
    for (const auto& r : rows) EXPECT_EQ(stem(r.word), r.stem) << r.word;
}

// The other grammatical number, as the thesaurus lookup and expansion phrases try it: candidates
// that a caller keeps only where its table or index holds them.
TEST(Analysis, NumberFormsAreRegularEnglishPlurals) {
    const struct {
        const char* word;
        std::vector<std::string> forms;
    } rows[] = {
        {"vein", {"veins"}},
        {"veins", {"vein"}},
        {"abscess", {"abscesses"}},
        {"abscesses", {"abscess"}},      // not "abscesse"
        {"injury", {"injuries"}},
        {"injuries", {"injury"}},
        {"day", {"days"}},               // a vowel before y
        {"patch", {"patches"}},
        {"syringes", {"syringe"}},
        {"virus", {"viruses"}},
        {"diagnosis", {}},               // irregular plurals are not known
        {"od", {"ods"}},
        {"ods", {}},                     // too short to undo
        {"x", {}},
        {"4mg", {}},
    };
    for (const auto& r : rows) EXPECT_EQ(analysis::number_forms(r.word), r.forms) << r.word;
}

TEST(Analysis, IndexFormFoldsAccents) {
    EXPECT_EQ(analysis::index_form("Caf\xC3\xA9 cr\xC3\xA8me"), "Cafe creme");
    EXPECT_EQ(analysis::index_form("plain"), "plain");
}

/// The terms the indexer's generator makes of `text`.
std::set<std::string> terms_of(const std::string& text) {
    Xapian::TermGenerator gen = analysis::make_term_generator();
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(analysis::index_form(text));
    return {doc.termlist_begin(), doc.termlist_end()};
}

TEST(Analysis, TermGeneratorStemsAllButStopwords) {
    const std::set<std::string> terms = terms_of("Not breathing after the overdose at the caf\xC3\xA9");
    const struct {
        const char* term;
        bool present;
    } rows[] = {
        {"breathing", true}, {"Zbreath", true},       // the word as written, and its stem
        {"not", true},       {"Znot", true},          // not a stopword
        {"the", true},                                // stopwords stay for phrases ("at the cafe")...
        {"Zthe", false},     {"Zat", false},          // ...but get no stemmed term
        {"cafe", true},      {"caf\xC3\xA9", false},  // folded before indexing
        {"Zoverdos", true},
    };
    for (const auto& r : rows) EXPECT_EQ(terms.count(r.term) == 1, r.present) << r.term;
}

/// A tiny collection, indexed as the indexer would (title and body words, a topic, a date).
class AnalysisParser : public ::testing::Test {
protected:
    void SetUp() override {
        Xapian::TermGenerator gen = analysis::make_term_generator();
        const auto add = [&](const std::string& title, const std::string& body, const std::string& topic,
                             const std::string& reviewed) {
            Xapian::Document doc;
            gen.set_document(doc);
            gen.index_text(analysis::index_form(title), 1, schema::kPrefixTitle);
            gen.index_text(analysis::index_form(title));
            gen.increase_termpos();
            gen.index_text(analysis::index_form(body));
            doc.add_boolean_term(schema::kPrefixTopic + topic);
            doc.add_value(schema::kSlotDate, schema::date_value(reviewed));
            doc.set_data(title);
            db_.add_document(doc);
        };
        add("Naloxone", "Give naloxone if someone is not breathing.", "overdose", "2026-05-01");
        add("Overdose signs", "Slow breathing and blue lips; naloxone helps.", "overdose", "2024-01-15");
        add("Vein care", "Rotate sites and keep veins healthy.", "injecting", "2025-07-30");
        db_.commit();
    }

    /// Titles of the pages a query matches, as the searcher's parser reads it.
    std::set<std::string> titles(const std::string& query) {
        Xapian::QueryParser qp = analysis::make_query_parser(db_);
        Xapian::Enquire enquire(db_);
        enquire.set_query(qp.parse_query(analysis::index_form(query), analysis::query_flags()));
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        std::set<std::string> out;
        for (auto it = mset.begin(); it != mset.end(); ++it) out.insert(it.get_document().get_data());
        return out;
    }

    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(AnalysisParser, QuerySyntaxUsersMayType) {
    const struct {
        const char* query;
        std::set<std::string> want;
    } rows[] = {
        {"naloxone", {"Naloxone", "Overdose signs"}},
        {"title:naloxone", {"Naloxone"}},                    // title words only
        {"topic:overdose", {"Naloxone", "Overdose signs"}},  // a facet as a filter
        {"breathing topic:overdose -naloxone", {}},
        {"breathing -title:naloxone", {"Overdose signs"}},  // love/hate
        {"NOT naloxone", {"Vein care"}},                    // a pure NOT
        {"\"not breathing\"", {"Naloxone"}},                // a phrase, its "not" kept
        {"breath", {"Naloxone", "Overdose signs"}},         // stems meet
        {"vein*", {"Vein care"}},                           // trailing wildcard
        {"reviewed:2025-01-01..2026-12-31", {"Naloxone", "Vein care"}},
        {"reviewed:..2024-12-31", {"Overdose signs"}},
        {"Caf\xC3\xA9 OR veins", {"Vein care"}},
        {"the", {}},  // stopwords alone find nothing
    };
    for (const auto& r : rows) EXPECT_EQ(titles(r.query), r.want) << r.query;
}

TEST(Analysis, WildcardsExpandToTheMostFrequentTermsOnly) {
    // 150 words starting "wd", one page each, and "wd000" on 5 more: "wd*" reaches 100 of them,
    // the most frequent first, so its pages are found and the cost of a query stays bounded.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator gen = analysis::make_term_generator();
    const auto add = [&](const std::string& text) {
        Xapian::Document doc;
        gen.set_document(doc);
        gen.index_text(text);
        db.add_document(doc);
    };
    for (int i = 0; i < 150; ++i) add("wd" + std::to_string(1000 + i));
    for (int i = 0; i < 5; ++i) add("wd1000");
    db.commit();
    Xapian::QueryParser qp = analysis::make_query_parser(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query("wd*", analysis::query_flags()));
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    EXPECT_EQ(mset.size(), 105u) << "wd1000's 6 pages and 99 others";
    static_assert(analysis::kMaxWildcardExpansion == 100);
}

}  // namespace
}  // namespace lantern
