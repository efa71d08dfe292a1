// Tests for core/index_writer and core/search together, on a real Xapian database on disk built
// from tests/data: what is found, in what order, and how failures are reported.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "text/errors.h"
#include "index/index_build.h"
#include "text/schema.h"
#include "search/search.h"
#include "text/abbreviations.h"
#include "text/facet_table.h"
#include "text/index_layout.h"
#include "text/revision_file.h"
#include "text/word_lists.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

BuildOptions sample_build(const std::string& db) {
    BuildOptions opts;
    opts.db_path = db;
    SourceSpec source;
    source.path = LANTERN_TEST_DATA;
    source.url_base = "https://intranet.example/health/";
    opts.sources = {source};
    return opts;
}

/// A build of the pages a test wrote into dir/site, into dir/db.
BuildOptions site_build(const fs::path& dir) {
    BuildOptions opts;
    opts.db_path = (dir / "db").string();
    SourceSpec source;
    source.path = (dir / "site").string();
    opts.sources = {source};
    return opts;
}

SearchRequest request(const std::string& query, unsigned offset = 0, unsigned limit = 10) {
    SearchRequest r;
    r.query = query;
    r.offset = offset;
    r.limit = limit;
    return r;
}

class IndexSearchTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(fs::temp_directory_path() / ("lantern-ix-" + std::to_string(::getpid())));
        fs::remove_all(*dir_);
        summary_ = new BuildSummary(build_index(sample_build((*dir_ / "db").string()), nullptr, nullptr));
    }
    static void TearDownTestSuite() {
        fs::remove_all(*dir_);
        delete dir_;
        delete summary_;
    }
    static std::string db() { return (*dir_ / "db").string(); }
    static std::vector<std::string> ids(const std::string& query, unsigned limit = 10) {
        Searcher s(db());
        std::vector<std::string> out;
        SearchRequest r = request(query, 0, limit);
        r.correct_spelling = false;  // these tests are about what is indexed, not about spelling
        for (const SearchHit& h : s.search(r).hits) out.push_back(h.id);
        return out;
    }
    static fs::path* dir_;
    static BuildSummary* summary_;
};
fs::path* IndexSearchTest::dir_ = nullptr;
BuildSummary* IndexSearchTest::summary_ = nullptr;

TEST_F(IndexSearchTest, SummaryCountsEveryFile) {
    EXPECT_EQ(summary_->added, 8u);
    EXPECT_EQ(summary_->skipped, 2u);  // robots noindex page + draft record
    EXPECT_EQ(summary_->failed, 2u);   // binary.html + malformed.xml
    EXPECT_EQ(summary_->other_files, 1u);
    std::vector<std::string> failures;
    for (const auto& f : summary_->failures) failures.push_back(fs::path(f.path).filename().string() + ": " + f.reason);
    EXPECT_EQ(failures, (std::vector<std::string>{"binary.html: binary data, not an HTML page",
                                                  "malformed.xml: malformed XML at line 5, column 5: Start-end tags mismatch"}));
}

TEST_F(IndexSearchTest, QueriesFindTheRightArticles) {
    const struct {
        const char* query;
        std::vector<std::string> want;  // exact ids in rank order; {} = nothing
    } rows[] = {
        {"methadone", {"xml/cms-export.xml#7"}},
        {"\"collapsed vein\"", {"site/guides/vein-care.html"}},
        {"caf\xC3\xA9", {"site/legacy-cp1252.html"}},
        {"cafe", {"site/legacy-cp1252.html"}},       // accents fold at index and query time
        {"CAF\xC3\x89", {"site/legacy-cp1252.html"}},
        {"title:naloxone", {"site/naloxone.html"}},
        {"hepatitis -syringe", {}},
        {"topic:methadone", {"xml/cms-export.xml#7"}},
        {"volunteering", {}},       // navigation only
        {"cookies", {}},            // cookie banner only
        {"alert", {}},              // script inside a CMS body
        {"rotaword", {}},           // robots noindex page
        {"draftword", {}},          // draft record
        {"the and of", {}},         // only stopwords
        {"!!! ???", {}},            // only punctuation
    };
    for (const auto& r : rows) EXPECT_EQ(ids(r.query), r.want) << r.query;
}

TEST_F(IndexSearchTest, AllWordsRankBeforeSomeWords) {
    // overdose-signs.html repeats "overdose" many times, naloxone.html has both words once or twice:
    // the article with both words must still come first.
    const std::vector<std::string> got = ids("naloxone overdose breathing");
    ASSERT_GE(got.size(), 2u);
    EXPECT_EQ(got[0], "site/overdose-signs.html");  // the only one with all three words
    const std::vector<std::string> two = ids("naloxone watching");
    ASSERT_GE(two.size(), 2u);
    EXPECT_EQ(two[0], "site/naloxone.html");
}

TEST_F(IndexSearchTest, PagingIsConsistentAcrossTiers) {
    const std::vector<std::string> all = ids("opioid overdose", 10);  // 2 with both words, 2 with one
    ASSERT_EQ(all.size(), 4u);
    Searcher s(db());
    for (unsigned offset = 0; offset < all.size(); ++offset) {
        const SearchResults page = s.search(request("opioid overdose", offset, 1));
        ASSERT_EQ(page.hits.size(), 1u) << offset;
        EXPECT_EQ(page.hits[0].id, all[offset]) << offset;
        EXPECT_EQ(page.hits[0].rank, offset + 1);
    }
}

TEST_F(IndexSearchTest, HitsCarryLinksSnippetsAndDates) {
    Searcher s(db());
    const SearchResults r = s.search(request("collapsed veins", 0, 10));
    ASSERT_FALSE(r.hits.empty());
    const SearchHit& h = r.hits[0];
    EXPECT_EQ(h.title, "Caring for veins");  // " | Test Health Service" trimmed: the <h1> confirms the page part
    EXPECT_EQ(h.url, "https://health.example/guides/vein-care");  // canonical link wins over --url-base
    EXPECT_EQ(h.reviewed, "2026-05-19");
    EXPECT_NE(h.snippet.find("<mark>collapsed</mark>"), std::string::npos) << h.snippet;
    EXPECT_NE(h.snippet.find("<mark>vein</mark>"), std::string::npos) << h.snippet;  // stemmed match highlighted

    const SearchResults m = s.search(request("methadone", 0, 10));
    ASSERT_EQ(m.hits.size(), 1u);
    EXPECT_EQ(m.hits[0].url, "https://intranet.example/treatment/methadone");  // "/path" resolved against the base host
    const SearchResults o = s.search(request("pinpoint", 0, 10));
    ASSERT_EQ(o.hits.size(), 1u);
    EXPECT_EQ(o.hits[0].url, "https://intranet.example/health/site/overdose-signs.html");
}

TEST_F(IndexSearchTest, SnippetsAreEscaped) {
    Searcher s(db());
    const SearchResults r = s.search(request("external", 0, 10));
    ASSERT_EQ(r.hits.size(), 1u);
    EXPECT_NE(r.hits[0].snippet.find("&amp;xxe;"), std::string::npos) << r.hits[0].snippet;
}

TEST_F(IndexSearchTest, RebuildIsIdempotent) {
    const BuildSummary again = build_index(sample_build(db()), nullptr, nullptr);
    EXPECT_FALSE(again.full);
    EXPECT_EQ(again.added, 0u);
    EXPECT_EQ(again.updated, 0u);
    EXPECT_EQ(again.unchanged, 8u);
    EXPECT_EQ(Xapian::Database(db() + "/current").get_doccount(), 8u);
}

TEST_F(IndexSearchTest, SpellingDataIsRecorded) {
    const Xapian::Database d(db() + "/current");
    EXPECT_EQ(d.get_spelling_suggestion("nalaxone"), "naloxone");
    EXPECT_EQ(d.get_spelling_suggestion("methadon"), "methadone");
    EXPECT_EQ(d.get_metadata(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
}

// Spelling words are counted on the extraction threads and handed to the writer in bulk; the
// result must be what Xapian's FLAG_SPELLING records: each unprefixed word once per occurrence
// (at least once per document). Recounted here from the documents themselves.
TEST_F(IndexSearchTest, SpellingFrequenciesCountEveryOccurrence) {
    const Xapian::Database d(db() + "/current");
    std::map<std::string, Xapian::termcount> expected;
    for (auto id = d.postlist_begin(""); id != d.postlist_end(""); ++id) {
        for (auto t = d.termlist_begin(*id); t != d.termlist_end(*id); ++t) {
            const std::string term = *t;
            if (term[0] >= 'A' && term[0] <= 'Z') continue;
            expected[term] += std::max<Xapian::termcount>(1, t.positionlist_count());
        }
    }
    std::map<std::string, Xapian::termcount> recorded;
    for (auto w = d.spellings_begin(); w != d.spellings_end(); ++w) recorded[*w] = w.get_termfreq();
    ASSERT_GT(expected.size(), 100u);
    for (auto it = expected.begin(); it != expected.end();) it = it->first.size() < 2 ? expected.erase(it) : std::next(it);   // Xapian keeps no 1-letter words
    EXPECT_EQ(recorded, expected);
}

TEST_F(IndexSearchTest, BadRequests) {
    Searcher s(db());
    const std::vector<std::string> many(21, "naloxone");
    // The error names its parameter: the server answers with it without reading the message (issue 18).
    const struct {
        std::string query;
        unsigned limit;
        std::string want;
        std::string parameter;
        unsigned offset = 0;
        SearchFilters filters = {};
    } rows[] = {
        {"x", 0, "limit must be between 1 and 100, not 0", "limit"},
        {"x", 101, "limit must be between 1 and 100, not 101", "limit"},
        {std::string(1001, 'a'), 10, "the query is 1001 bytes long; the most is 1000", "q"},
        // issue 17: an offset near UINT_MAX made offset + limit wrap around in the match
        {"x", 10, "offset must be at most 100000, not 100001", "offset", 100001},
        {"x", 10, "offset must be at most 100000, not 4294967295", "offset", 4294967295u},
        {"x", 10, "topic is given 21 values; the most is 20", "topic", 0, SearchFilters{many, {}, {}, {}, "", "", {}}},
        {"x", 10, "audience is given 21 values; the most is 20", "audience", 0, SearchFilters{{}, many, {}, {}, "", "", {}}},
        {"x", 10, "source is given 21 values; the most is 20", "source", 0, SearchFilters{{}, {}, many, {}, "", "", {}}},
        {"x", 10, "lang is given 21 values; the most is 20", "lang", 0, SearchFilters{{}, {}, {}, many, "", "", {}}},
        {"x", 10, "format is given 21 values; the most is 20", "format", 0, SearchFilters{{}, {}, {}, {}, "", "", many}},
        {"x", 10, "since must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not 'yesterday'", "since", 0,
         SearchFilters{{}, {}, {}, {}, "yesterday", "", {}}},
        {"x", 10, "until must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not '2026-02-31'", "until", 0,
         SearchFilters{{}, {}, {}, {}, "", "2026-02-31", {}}},
    };
    for (const auto& r : rows) {
        try {
            SearchRequest req = request(r.query, r.offset, r.limit);
            req.filters = r.filters;
            s.search(req);
            ADD_FAILURE() << r.want;
        } catch (const BadParameter& e) {
            EXPECT_EQ(e.what(), r.want);
            EXPECT_EQ(e.parameter(), r.parameter) << r.want;
            EXPECT_EQ(e.problem(), r.parameter == "q" ? BadParameter::kTooLong : BadParameter::kInvalid) << r.want;
        }
    }
}

// Xapian 1.4.22 reads a term found in every document from the document-length list when it is
// not weighted (a filter, or BoolWeight): after a deletion leaves a gap in the docids, and once
// that list has more than one chunk (a few thousand documents), the read fails with "Unexpected
// end of posting list", and every such search answered 503. Rows: a word in every document (its
// facet counts), and a filter that every document passes.
TEST(SearchAfterDeletes, TermsInEveryDocumentStillSearch) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-gaps-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path site = dir / "site";
    fs::create_directories(site);
    const int pages = 3000;
    for (int i = 0; i < pages; ++i) {
        std::ofstream(site / ("page-" + std::to_string(i) + ".html"))
            << "<html lang=\"en\"><head><title>Page " << i << "</title></head><body><main><p>everyword number" << i
            << (i % 2 ? " odd" : " even") << "</p></main></body></html>";   // no two texts alike: no duplicates collapse
    }
    const BuildOptions opts = site_build(dir);
    ASSERT_EQ(build_index(opts, nullptr, nullptr).documents, static_cast<std::size_t>(pages));
    fs::remove(site / "page-7.html");
    const BuildSummary second = build_index(opts, nullptr, nullptr);
    ASSERT_EQ(second.removed, 1u);

    struct Row {
        const char* name;
        const char* query;
        std::vector<std::string> languages;
        unsigned total;
    };
    const Row rows[] = {
        {"a word in every document", "everyword", {}, pages - 1},
        {"a filter every document passes", "odd", {"en"}, pages / 2 - 1},   // page 7 was odd
        {"both", "everyword", {"en"}, pages - 1},
    };
    Searcher s(opts.db_path);
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        SearchRequest r;
        r.query = row.query;
        r.filters.languages = row.languages;
        SearchResults found;
        ASSERT_NO_THROW(found = s.search(r));
        EXPECT_EQ(found.total, row.total);
        ASSERT_FALSE(found.facets["language"].empty());
        EXPECT_EQ(found.facets["language"].front().count, row.total);
    }
    fs::remove_all(dir);
}

// Facet values with the same count are listed by name, whichever way they were counted: from the
// documents' values (a revision's first search) or from the table of item ids read at its second
// (which ranks names once rather than comparing them).
TEST(FacetOrder, TiesGoByNameOnEverySearch) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-ties-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path site = dir / "site";
    fs::create_directories(site);
    const struct {
        const char* name;
        const char* keywords;
    } pages[] = {{"a.html", "zeta, common"}, {"b.html", "alpha, common"}, {"c.html", "mid"}, {"d.html", "beta"}};
    for (const auto& p : pages) {
        std::ofstream(site / p.name) << "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << p.name
                                     << "</title><meta name=\"keywords\" content=\"" << p.keywords
                                     << "\"></head><body><main><p>everyword text of " << p.name << "</p></main></body></html>";
    }
    const BuildOptions opts = site_build(dir);
    ASSERT_EQ(build_index(opts, nullptr, nullptr).documents, 4u);
    Searcher s(opts.db_path);
    for (int search = 1; search <= 3; ++search) {
        SCOPED_TRACE("search " + std::to_string(search));
        SearchRequest r;
        r.query = "everyword";
        const SearchResults found = s.search(r);
        std::string topics;
        for (const FacetValue& v : found.facets.at("topic")) topics += v.value + "=" + std::to_string(v.count) + " ";
        EXPECT_EQ(topics, "common=2 alpha=1 beta=1 mid=1 zeta=1 ");
    }
    fs::remove_all(dir);
}

// Every build writes, for the revision it leaves, the files searches map (text/revision_file.h):
// the facet table and the compiled vocabulary; an incremental build writes them again.
TEST(ReleaseFiles, EveryBuildWritesWhatSearchesMap) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-relfiles-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "site");
    const auto page = [&](const char* name, const char* body) {
        std::ofstream(dir / "site" / name) << "<html lang=\"en\"><head><title>" << name << "</title></head><body><main><p>" << body
                                           << "</p></main></body></html>";
    };
    page("a.html", "naloxone reverses an opioid overdose");
    const BuildOptions opts = site_build(dir);
    const std::string folder = IndexPaths(opts.db_path).release(build_index(opts, nullptr, nullptr).release);
    const auto mapped = [&] {
        const Xapian::Database db(folder);
        return std::to_string(FacetTable::map(facet_table_path(folder), db).has_value()) +
               std::to_string(map_revision_file(vocabulary_path(folder), kVocabularyFileKind, db).has_value()) +
               std::to_string(map_word_lists_file(word_lists_path(folder), db, kEnglishList, kMedicalList).has_value());
    };
    EXPECT_EQ(mapped(), "111") << "a full build";
    page("b.html", "syringe services programs");
    ASSERT_EQ(build_index(opts, nullptr, nullptr).added, 1u);
    EXPECT_EQ(mapped(), "111") << "an incremental build";
    SearchRequest r;
    r.query = "syringe";
    EXPECT_EQ(Searcher(opts.db_path).search(r).facets.at("language").at(0).count, 1u);
    fs::remove_all(dir);
}

// Issue 18: a page and a query written in different Unicode normal forms meet. The same folding
// (core/text/text_fold.h) reads the page at index time, the query, and the snippet's words.
TEST(NormalForms, PagesAndQueriesInOtherFormsMeet) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-forms-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path site = dir / "site";
    fs::create_directories(site);
    const auto page = [&](const char* name, const std::string& title, const std::string& body) {
        std::ofstream(site / name) << "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << title
                                   << "</title></head><body><main><p>" << body << "</p></main></body></html>";
    };
    page("nfd.html", "Drop-in hours", "The drop-in cafe\xCC\x81 serves cre\xCC\x80me soup.");   // combining accents
    page("nfc.html", "Planning", "A na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 of the plan.");            // precomposed
    page("forms.html", "Lung care", "\xEF\xAC\x81" "brosis and \xEF\xBC\xA3\xEF\xBC\xAF\xEF\xBC\xB6\xEF\xBC\xA9\xEF\xBC\xA4 clinics");  // ligature, fullwidth
    const BuildOptions opts = site_build(dir);
    ASSERT_EQ(build_index(opts, nullptr, nullptr).documents, 3u);

    const struct {
        const char* name;
        std::string query, want_id, want_mark;
    } rows[] = {
        {"NFC query, NFD page", "caf\xC3\xA9", "nfd.html", "<mark>cafe\xCC\x81</mark>"},
        {"plain query, NFD page", "CREME", "nfd.html", "<mark>cre\xCC\x80me</mark>"},
        {"NFD query, NFC page", "re\xCC\x81sume\xCC\x81", "nfc.html", "<mark>r\xC3\xA9sum\xC3\xA9</mark>"},
        {"NFD query, NFD page", "cafe\xCC\x81", "nfd.html", "<mark>cafe\xCC\x81</mark>"},
        {"plain query, ligature page", "fibrosis", "forms.html", "<mark>\xEF\xAC\x81" "brosis</mark>"},
        {"ligature query", "\xEF\xAC\x81" "brosis", "forms.html", "<mark>\xEF\xAC\x81" "brosis</mark>"},
        {"plain query, fullwidth page", "covid", "forms.html", "<mark>\xEF\xBC\xA3\xEF\xBC\xAF\xEF\xBC\xB6\xEF\xBC\xA9\xEF\xBC\xA4</mark>"},
    };
    Searcher s(opts.db_path);
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        SearchRequest r;
        r.query = row.query;
        r.correct_spelling = false;
        const SearchResults found = s.search(r);
        ASSERT_EQ(found.hits.size(), 1u);
        EXPECT_EQ(found.hits[0].id, row.want_id);
        EXPECT_NE(found.hits[0].snippet.find(row.want_mark), std::string::npos) << found.hits[0].snippet;
    }
    fs::remove_all(dir);
}

// Issue 21: a Searcher keeps decoded articles for snippets (search/detail/document_cache.h),
// by document id. A full build's new release numbers its documents from 1 again, so the cache
// must be emptied when the Searcher opens it: the same Searcher shows the new text after a full
// build and after an incremental one (which gives a changed page a new id, and is emptied too).
// So must what planning remembers of a revision (PlanMemo), and the posting lists facet counting
// keeps (PostingCache).
TEST(SearcherReopen, ChangedPagesShowTheirNewText) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-reopen-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path site = dir / "site";
    fs::create_directories(site);
    BuildOptions opts = site_build(dir);
    const auto write = [&](const std::string& words) {
        std::ofstream(site / "page.html") << "<html lang=\"en\"><head><title>Clinic hours</title></head><body><main><p>"
                                          << words << " opening times of the clinic.</p></main></body></html>";
    };
    const struct {
        const char* name;
        const char* words;
        bool full;
    } rows[] = {
        {"first build", "Firstword", false},
        {"full build, a new release: document 1 again", "Secondword", true},
        {"incremental build", "Thirdword", false},
    };
    write(rows[0].words);
    ASSERT_EQ(build_index(opts, nullptr, nullptr).documents, 1u);
    Searcher s(opts.db_path);
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        if (row.words != rows[0].words) {
            write(row.words);
            opts.full = row.full;
            ASSERT_EQ(build_index(opts, nullptr, nullptr).documents, 1u);
        }
        SearchRequest r = request("clinic opening");
        r.correct_spelling = false;
        // The second answer comes from the cached article, the third also from its PreparedBody.
        for (int repeat = 0; repeat < 3; ++repeat) {
            const SearchResults found = s.search(r);
            ASSERT_EQ(found.hits.size(), 1u);
            EXPECT_NE(found.hits[0].snippet.find(row.words), std::string::npos) << found.hits[0].snippet;
            // Facets are counted from posting lists kept per revision (PostingCache) from the
            // second search on: a list of the old revision names a document that is gone.
            ASSERT_EQ(found.facets.at("format").size(), 1u);
            EXPECT_EQ(found.facets.at("format")[0].count, 1u);
        }
        // Spelling is remembered per revision (PlanMemo): each row's word misspelled is corrected
        // once its page says it, though earlier revisions had nothing to correct it to.
        for (const auto& other : rows) {
            std::string typo = other.words;
            typo.erase(typo.find("word") + 1, 1);   // "Firstword" -> "Firstwrd"
            const SearchResults found = s.search(request(typo));
            EXPECT_EQ(found.hits.size(), other.words == row.words ? 1u : 0u) << typo;
        }
    }
    fs::remove_all(dir);
}

TEST(SearcherOpen, MissingAndForeignIndexes) {
    const fs::path dir = fs::temp_directory_path() / ("lantern-open-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    try {
        Searcher s((dir / "missing").string());
        ADD_FAILURE() << "opened a missing index";
    } catch (const BadIndex& e) {
        EXPECT_NE(std::string(e.what()).find("no Lantern index at"), std::string::npos) << e.what();
    }
    {
        Xapian::WritableDatabase w((dir / "old").string(), Xapian::DB_CREATE_OR_OPEN);
        w.set_metadata(schema::kMetaSchemaVersion, "999");
        w.commit();
    }
    try {
        Searcher s((dir / "old").string());
        ADD_FAILURE() << "opened an index of another schema version";
    } catch (const BadIndex& e) {
        EXPECT_EQ(std::string(e.what()), "the index at " + (dir / "old").string() +
                                             " has schema version 999 but this Lantern reads and writes version " +
                                             std::to_string(schema::kSchemaVersion) +
                                             "; "
                                             "rebuild it with lantern-index build --full");
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace lantern
