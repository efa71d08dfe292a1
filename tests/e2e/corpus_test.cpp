// End-to-end: index the bundled corpus/ with the real binaries and search it as the demo does.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>

#include <sstream>

#include "text/schema.h"
#include "process.h"

namespace lantern::test {
namespace {

class CorpusTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string corpus = LANTERN_CORPUS;
        build_ = new RunResult(run({kIndex, "build", "--db", db(), "--url-base", "https://riverbend.example/", "--thesaurus",
                                    corpus + "/thesaurus", "--safety-panel", corpus + "/safety-panel.toml", corpus}));
    }
    static void TearDownTestSuite() {
        delete build_;
        delete dir_;
    }
    static std::string db() { return dir_->path() + "/db"; }
    static nlohmann::json search(const std::vector<std::string>& words, const std::string& limit = "10") {
        std::vector<std::string> argv = {kSearch, "--db", db(), "--json", "--limit", limit};
        argv.insert(argv.end(), words.begin(), words.end());
        const RunResult r = run(argv);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }
    static TempDir* dir_;
    static RunResult* build_;
};
TempDir* CorpusTest::dir_ = nullptr;
RunResult* CorpusTest::build_ = nullptr;

TEST_F(CorpusTest, WholeCorpusIndexesWithoutFailures) {
    EXPECT_EQ(build_->exit_code, 0) << build_->err;
    EXPECT_EQ(without_progress(build_->err), "");
    // 42 pages + 3 print duplicates + 10 XML articles + 12 published export records; the draft is skipped.
    EXPECT_NE(build_->out.find(": 70 added, 0 updated, 0 unchanged, 0 removed, 1 skipped, 0 failed"), std::string::npos)
        << build_->out;
}

TEST_F(CorpusTest, TrackMarksDemoQuery) {
    const nlohmann::json j = search({"track", "marks"});
    ASSERT_GE(j["results"].size(), 3u);
    EXPECT_EQ(j["results"][0]["id"], "site/harms/track-marks.html");
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string snippet = j["results"][i]["snippet"];
        EXPECT_NE(snippet.find("<mark>"), std::string::npos) << snippet;
    }
}

// Issue 16: snippets began with the page's title and its byline ("Written for: the public ·
// Last reviewed: ..."), which the result already shows, instead of the text that answers.
TEST_F(CorpusTest, SnippetsStartWithTheAnswer) {
    for (const auto& words : std::vector<std::vector<std::string>>{{"naloxone"}, {"endocarditis"}, {"methadone"}}) {
        const nlohmann::json j = search(words, "5");
        ASSERT_GE(j["results"].size(), 1u) << words[0];
        for (const auto& hit : j["results"]) {
            const std::string snippet = hit["snippet"];
            std::string plain;   // without <mark> tags
            for (std::size_t i = 0; i < snippet.size(); ++i) {
                if (snippet[i] == '<') i = snippet.find('>', i);
                else plain.push_back(snippet[i]);
            }
            EXPECT_NE(plain.rfind(hit["title"].get<std::string>(), 0), 0u) << hit["id"] << ": " << plain;
            EXPECT_EQ(plain.find("Written for"), std::string::npos) << hit["id"] << ": " << plain;
            EXPECT_EQ(plain.find("Last reviewed"), std::string::npos) << hit["id"] << ": " << plain;
        }
    }
}

TEST_F(CorpusTest, SiteChromeNeverMatches) {
    // --exact: spelling correction would otherwise search a real word instead.
    for (const char* word : {"careers", "donate", "newsletter", "cookies", "breadcrumb", "rbLayer"}) {
        EXPECT_EQ(search({"--exact", word})["total"], 0) << word;
    }
}

TEST_F(CorpusTest, LegacyEncodingsAreReadCorrectly) {
    // finding-treatment.html is ISO-8859-1; its "résumé" must be found as UTF-8.
    const nlohmann::json j = search({"r\xC3\xA9sum\xC3\xA9"});
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["id"], "site/treatment/finding-treatment.html");
    // fentanyl-test-strips.html is windows-1252: curly quotes must decode, never U+FFFD.
    const nlohmann::json f = search({"fentanyl", "test", "strips"}, "20");
    for (const auto& hit : f["results"]) {
        EXPECT_EQ(hit["snippet"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << hit["id"];
        EXPECT_EQ(hit["title"].get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << hit["id"];
    }
}

TEST_F(CorpusTest, ExportRecordsGetSiteLinks) {
    const nlohmann::json j = search({"title:undetectable"});
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["id"], "xml/export/riverbend-cms-export.xml#1042");
    EXPECT_EQ(j["results"][0]["url"], "https://riverbend.example/infections/hiv-treatment-undetectable");
}

// Ranking quality must not regress. The floor is set from the measured value recorded in
// docs/relevance.md; raise it when ranking improves, never lower it to make a change pass.
constexpr double kNdcgFloor = 0.84;

TEST_F(CorpusTest, RankingQualityStaysAboveTheFloor) {
    const std::string queries = std::string(LANTERN_CORPUS) + "/queries/queries.tsv";
    const std::string qrels = std::string(LANTERN_CORPUS) + "/queries/qrels.txt";
    const RunResult r = run({kSearch, "eval", "--db", db(), "--queries", queries, "--qrels", qrels, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_GE(j["overall"]["queries"].get<int>(), 50);
    for (const char* kind : {"clinical", "lay", "slang", "abbreviation", "misspelling"}) {
        EXPECT_GE(j["by_kind"][kind]["queries"].get<int>(), 10) << kind;
    }
    const double ndcg = j["overall"]["ndcg@10"];
    EXPECT_GE(ndcg, kNdcgFloor) << "nDCG@10 fell below the floor; worst query: " << j["per_query"][0];

    const RunResult text = run({kSearch, "eval", "--db", db(), "--queries", queries, "--qrels", qrels});
    EXPECT_NE(text.out.find("By kind:\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Per query, worst nDCG@10 first:\n"), std::string::npos) << text.out;
}

std::vector<std::string> ids_of(const nlohmann::json& j) {
    std::vector<std::string> ids;
    for (const auto& r : j["results"]) ids.push_back(r["id"]);
    return ids;
}

// Issue 5's examples: people's words land on the right page.
TEST_F(CorpusTest, HealthVocabularyExamples) {
    const struct {
        std::vector<std::string> query;
        std::string first;       // expected first result
        std::string correction;  // expected "showing results for" ("" = none)
    } rows[] = {
        {{"track", "marks"}, "site/harms/track-marks.html", ""},
        {{"narcan"}, "site/overdose/naloxone.html", ""},
        {{"nalaxone"}, "site/overdose/naloxone.html", "naloxone"},
        {{"dope", "sick"}, "site/treatment/withdrawal.html", ""},
        {{"bupe"}, "site/treatment/buprenorphine.html", ""},
        {{"buprenorphin"}, "site/treatment/buprenorphine.html", "buprenorphine"},  // the stem is indexed, the word is not
        {{"endocarditus"}, "site/infections/endocarditis.html", "endocarditis"},
    };
    for (const auto& r : rows) {
        const nlohmann::json j = search(r.query);
        ASSERT_FALSE(j["results"].empty()) << r.query[0];
        EXPECT_EQ(j["results"][0]["id"], r.first) << r.query[0] << ": " << ::testing::PrintToString(ids_of(j));
        if (r.correction.empty()) {
            EXPECT_TRUE(j["suggestion"].is_null()) << r.query[0] << ": " << j["suggestion"];
        } else {
            EXPECT_EQ(j["suggestion"]["showing"], r.correction) << r.query[0];
        }
    }
    // PWID hepatitis: hepatitis articles for people who inject drugs lead. (Top 7 since the
    // thesaurus's equivalents: "person who injects drugs" joined the PWID group and the HIV
    // testing article, also for people who inject, came 4th, hepatitis C testing 7th.)
    const std::vector<std::string> pwid = ids_of(search({"PWID", "hepatitis"}, "7"));
    ASSERT_EQ(pwid.size(), 7u);
    EXPECT_NE(pwid[0].find("hepatitis"), std::string::npos) << ::testing::PrintToString(pwid);
    for (const char* article : {"xml/articles/hepatitis-b-vaccination.xml", "xml/articles/hepatitis-c-testing.xml",
                                "xml/articles/hepatitis-c-treatment.xml"}) {
        EXPECT_NE(std::find(pwid.begin(), pwid.end(), article), pwid.end()) << article << ": " << ::testing::PrintToString(pwid);
    }
    // SSTI IDU (skin and soft-tissue infection, injection drug use): one of the judged answers first.
    const std::string ssti = ids_of(search({"SSTI", "IDU"}, "1")).at(0);
    EXPECT_TRUE(ssti == "site/harms/cellulitis.html" || ssti == "site/harms/abscesses.html" ||
                ssti == "site/clinicians/injection-related-infections.html") << ssti;
}

TEST_F(CorpusTest, SnippetsDeepLinkIntoSections) {
    const nlohmann::json j = search({"precipitated", "withdrawal", "low-dose"}, "1");
    ASSERT_EQ(j["results"].size(), 1u);
    const auto& hit = j["results"][0];
    EXPECT_EQ(hit["id"], "site/clinicians/buprenorphine-initiation.html");
    const std::string url = hit["section_url"];
    EXPECT_EQ(url.rfind("https://riverbend.example/clinicians/buprenorphine-initiation#", 0), 0u) << url;
    EXPECT_FALSE(hit["section"].get<std::string>().empty());
    EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>"), std::string::npos);
    EXPECT_NE(hit["title_html"].get<std::string>().find("<mark>low</mark>-<mark>dose</mark>"), std::string::npos) << hit["title_html"];
}

TEST_F(CorpusTest, FiltersFacetsDuplicatesAndSafetyCards) {
    // The print copy of the track-marks page folds into the original, and says so.
    const nlohmann::json t = search({"track", "marks"}, "3");
    EXPECT_EQ(t["results"][0]["duplicates"], nlohmann::json::array({"site/print/track-marks.html"}));
    for (const auto& r : t["results"]) EXPECT_NE(r["id"], "site/print/track-marks.html");

    const nlohmann::json c = search({"--audience", "clinicians", "--since", "2026-06", "buprenorphine"}, "20");
    ASSERT_FALSE(c["results"].empty());
    for (const auto& r : c["results"]) {
        EXPECT_EQ(r["path"].get<std::string>().rfind("site/clinicians/", 0) == 0 || r["path"].get<std::string>().rfind("xml/", 0) == 0, true) << r["id"];
        EXPECT_GE(r["reviewed"].get<std::string>(), "2026-06-01") << r["id"];
    }
    ASSERT_EQ(c["facets"]["audience"].size(), 1u);
    EXPECT_EQ(c["facets"]["audience"][0]["value"], "clinicians");

    const nlohmann::json topic = search({"--topic", "naloxone", "overdose"}, "50");
    ASSERT_FALSE(topic["results"].empty());
    const nlohmann::json all = search({"overdose"}, "50");
    EXPECT_LT(topic["total"].get<int>(), all["total"].get<int>());
    bool has_topic_facet = false;
    for (const auto& f : all["facets"]["topic"]) has_topic_facet = has_topic_facet || f["value"] == "naloxone";
    EXPECT_TRUE(has_topic_facet) << all["facets"];

    const nlohmann::json od = search({"friend", "not", "breathing"});
    ASSERT_EQ(od["safety"].size(), 1u);
    EXPECT_EQ(od["safety"][0]["id"], "overdose-emergency");
    EXPECT_EQ(search({"hepatitis", "vaccine"})["safety"].size(), 0u);

    const RunResult bad = run({kSearch, "--db", db(), "--since", "last week", "x"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "lantern-search: since must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not 'last week'\n");
}

TEST_F(CorpusTest, TimeBudgetCutsAreReported) {
    // 100 results with snippets and four wildcard expansions cannot finish inside 1 ms.
    const nlohmann::json cut = search({"--time-budget", "1", "a*", "OR", "b*", "OR", "c*", "OR", "d*"}, "100");
    EXPECT_TRUE(cut["budget_exceeded"].get<bool>());
    ASSERT_FALSE(cut["notes"].empty());
    EXPECT_EQ(cut["notes"].back(), "The search stopped after its time budget (1 ms); results and counts may be incomplete.");
    EXPECT_FALSE(search({"naloxone"})["budget_exceeded"].get<bool>());
}

TEST_F(CorpusTest, ExplainShowsHowTheQueryWasUnderstood) {
    const nlohmann::json j = search({"--explain", "--topic", "naloxone", "narcan", "kitt"});
    const auto& e = j["explain"];
    EXPECT_EQ(e["mode"], "plain words");
    EXPECT_EQ(e["corrections"][0]["typed"], "kitt");
    EXPECT_EQ(e["corrections"][0]["searched"], "kit");   // sounds like it: one letter too many (core/search/detail/spelling.h)
    EXPECT_EQ(e["synonyms"][0]["phrase"], "narcan kit");  // the corrected word completes a thesaurus phrase
    EXPECT_NE(std::find(e["synonyms"][0]["added"].begin(), e["synonyms"][0]["added"].end(), "naloxone"), e["synonyms"][0]["added"].end());
    EXPECT_EQ(e["filters"][0], "topic is naloxone");
    const RunResult text = run({kSearch, "--db", db(), "--explain", "title:naloxone", "reviewed:2026-01-01..2026-12-31"});
    EXPECT_NE(text.out.find("  mode: query syntax\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("VALUE_RANGE 4 20260101 20261231"), std::string::npos) << text.out;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

/// The first of `words` that occurs in `text` as a whole word, or "".
std::string find_word(const std::string& text, const std::vector<std::string>& words) {
    for (const std::string& w : words) {
        for (std::size_t at = text.find(w); at != std::string::npos; at = text.find(w, at + 1)) {
            const bool starts = at == 0 || !is_letter(text[at - 1]);
            const bool ends = at + w.size() == text.size() || !is_letter(text[at + w.size()]);
            if (starts && ends) return w;
        }
    }
    return "";
}

/// A not-medical-advice note, however worded: "not"/"n't"/"replace" followed within the same
/// sentence by advice, judgment, substitute or assessment.
bool has_disclaimer(const std::string& text) {
    for (const char* lead : {"not ", "n't ", "n\xE2\x80\x99t ", "replace"}) {
        for (std::size_t at = text.find(lead); at != std::string::npos; at = text.find(lead, at + 1)) {
            const std::string rest = text.substr(at, 80);
            const std::string sentence = rest.substr(0, rest.find('.'));
            if (!find_word(sentence, {"advice", "judgment", "substitute", "assessment"}).empty()) return true;
        }
    }
    return false;
}

// The corpus's own rules (corpus/README.md), checked on what the indexer actually extracted.
TEST_F(CorpusTest, EveryArticleFollowsTheCorpusRules) {
    const std::vector<std::string> stigma = {"addict", "addicts", "junkie", "junkies", "abuser", "abusers", "drug user", "drug users"};
    Xapian::Database database(db() + "/current");
    ASSERT_EQ(database.get_doccount(), 70u);
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
        const Article d = schema::decode_stored(database.get_document(*it).get_data());
        const std::string& id = d.id;
        const std::string& text = d.body;
        std::istringstream words(text);
        std::size_t count = 0;
        for (std::string w; words >> w;) ++count;
        EXPECT_GE(count, 600u) << id;
        EXPECT_LE(count, 1500u) << id;
        // A leaflet (PDF) has no field for either, as real leaflets do not (corpus/README.md).
        if (d.format != "pdf") {
            EXPECT_FALSE(d.reviewed.empty()) << id << ": no last-reviewed date";
            const std::string& audience = d.audience;
            EXPECT_TRUE(audience == "public" || audience == "families" || audience == "clinicians")
                << id << ": " << audience;
        }
        EXPECT_GE(d.topics.size(), 1u) << id;
        EXPECT_FALSE(d.description.empty()) << id;
        EXPECT_NE(text.find("Sources"), std::string::npos) << id << ": no Sources section";
        EXPECT_TRUE(has_disclaimer(lower(text))) << id << ": no not-medical-advice note";
        EXPECT_EQ(find_word(lower(text), stigma), "") << id << ": stigmatising wording";
    }
}

TEST(CorpusRuleChecks, CatchWhatTheyShould) {
    const struct {
        std::string text;
        bool disclaimer;
        std::string stigma;
    } rows[] = {
        {"this page is general information, not medical advice.", true, ""},
        {"it isn\xE2\x80\x99t medical advice.", true, ""},
        {"it does not replace clinical judgment.", true, ""},
        {"not today. advice follows.", false, ""},
        {"an addict is a person", false, "addict"},
        {"addiction medicine specialists", false, ""},
        {"support for drug users", false, "drug users"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(has_disclaimer(r.text), r.disclaimer) << r.text;
        EXPECT_EQ(find_word(r.text, {"addict", "drug users"}), r.stigma) << r.text;
    }
}

}  // namespace
}  // namespace lantern::test
