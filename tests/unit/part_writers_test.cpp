// Tests for core/part_writers and IndexWriter's parts: a full build written by several writer
// threads and merged by Xapian's compactor must hold exactly what one writer writes (documents,
// terms, positions, values, stored text, spelling data, metadata), and the merged release must
// take incremental builds like any other.
#include "index/detail/part_writers.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "index/index_build.h"
#include "text/schema.h"
#include "search/search.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

/// A temporary folder, removed with everything in it.
struct TempFolder {
    fs::path path = fs::temp_directory_path() / ("lantern-parts-" + std::to_string(::getpid()));
    TempFolder() { fs::remove_all(path); }
    ~TempFolder() { fs::remove_all(path); }
};

BuildOptions corpus_build(const std::string& db, unsigned writers, const std::string& site) {
    BuildOptions opts;
    opts.db_path = db;
    opts.writers = writers;
    opts.threads = 3;
    for (const std::string& folder : {site, std::string(LANTERN_SOURCE_DIR) + "/corpus/xml"}) {
        SourceSpec s;
        s.path = folder;
        s.mapping_files = {std::string(LANTERN_SOURCE_DIR) + "/examples/mappings/lantern-article.toml"};
        opts.sources.push_back(s);
    }
    return opts;
}

/// Everything a database holds about one document, keyed by what does not depend on docids.
std::string describe(const Xapian::Document& doc) {
    std::ostringstream out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out << *t << " wdf=" << t.get_wdf() << " pos=";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << *p << ',';
        out << '\n';
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) out << "value " << v.get_valueno() << '=' << *v << '\n';
    out << "data=" << doc.get_data();
    return out.str();
}

/// The database's content: per document (by id term), per term (frequencies), spelling, metadata.
std::map<std::string, std::string> content(const std::string& path) {
    const Xapian::Database db(path);
    std::map<std::string, std::string> c;
    c["doccount"] = std::to_string(db.get_doccount());
    c["total length"] = std::to_string(db.get_total_length());
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        c["term " + *t] = std::to_string(t.get_termfreq()) + "/" + std::to_string(db.get_collection_freq(*t));
    }
    for (auto t = db.allterms_begin(schema::kPrefixId); t != db.allterms_end(schema::kPrefixId); ++t) {
        c["doc " + *t] = describe(db.get_document(*db.postlist_begin(*t)));
    }
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) c["spelling " + *w] = std::to_string(w.get_termfreq());
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) c["metadata " + *k] = db.get_metadata(*k);
    return c;
}

TEST(PartWriters, ManyWritersHoldWhatOneWriterWrites) {
    const TempFolder tmp;
    const std::string site = std::string(LANTERN_SOURCE_DIR) + "/corpus/site";
    const BuildSummary one = build_index(corpus_build((tmp.path / "one").string(), 1, site), nullptr, nullptr);
    const BuildSummary three = build_index(corpus_build((tmp.path / "three").string(), 3, site), nullptr, nullptr);
    ASSERT_GT(one.documents, 20u);
    EXPECT_EQ(three.documents, one.documents);
    EXPECT_EQ(three.added, one.added);
    const std::string release = (tmp.path / "three/releases" / three.release).string();
    EXPECT_FALSE(fs::exists(release + "/parts")) << "the part databases are gone once merged";

    const auto a = content((tmp.path / "one/current").string());
    const auto b = content((tmp.path / "three/current").string());
    EXPECT_GT(a.size(), 1000u);
    EXPECT_EQ(a.size(), b.size());
    std::size_t differing = 0;
    for (const auto& [key, value] : a) {
        const auto it = b.find(key);
        if (it == b.end() || it->second != value) {
            if (++differing <= 5) ADD_FAILURE() << key << ":\n  one writer:    " << value << "\n  three writers: " << (it == b.end() ? "(missing)" : it->second);
        }
    }
    EXPECT_EQ(differing, 0u);

    Searcher s((tmp.path / "three").string());
    SearchRequest r;
    r.query = "nalaxone";
    const SearchResults found = s.search(r);
    EXPECT_EQ(found.corrected_query, "naloxone") << "spelling data merged from the parts";
    EXPECT_FALSE(found.hits.empty());
}

TEST(PartWriters, AMergedReleaseTakesIncrementalBuilds) {
    const TempFolder tmp;
    const fs::path site = tmp.path / "site";
    fs::create_directories(tmp.path);
    fs::copy(std::string(LANTERN_SOURCE_DIR) + "/corpus/site", site, fs::copy_options::recursive);
    const std::string db = (tmp.path / "db").string();
    const BuildSummary first = build_index(corpus_build(db, 2, site.string()), nullptr, nullptr);
    ASSERT_TRUE(first.full);

    fs::path page;
    for (const auto& e : fs::recursive_directory_iterator(site)) {
        if (e.path().extension() == ".html" && (page.empty() || e.path() < page)) page = e.path();
    }
    ASSERT_FALSE(page.empty());
    std::string html;
    {
        std::ifstream in(page);
        html.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::size_t end = html.find("</article>");   // inside the text extraction keeps
    ASSERT_NE(end, std::string::npos) << page;
    html.insert(end, "<p>zorblewick is a word only this edit adds.</p>");
    std::ofstream(page) << html;

    const BuildSummary second = build_index(corpus_build(db, 2, site.string()), nullptr, nullptr);
    EXPECT_FALSE(second.full);
    EXPECT_EQ(second.updated, 1u);
    EXPECT_EQ(second.documents, first.documents);
    Searcher s(db);
    SearchRequest r;
    r.query = "zorblewick";
    EXPECT_EQ(s.search(r).hits.size(), 1u);
}

}  // namespace
}  // namespace lantern
