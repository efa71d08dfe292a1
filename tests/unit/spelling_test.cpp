// Tests for core/spelling: which typed words are typos, and what they become (issue 16). The
// index is a small scratch database whose word frequencies are set per row group; the word
// lists are Debian's (wamerican, hunspell-en-med: scripts/deps installs them).
#include "search/detail/spelling.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <fstream>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include "fixtures.h"
#include "text/revision_file.h"
#include "text/word_lists.h"

namespace lantern {
namespace {

/// A scratch index (on disk: the in-memory backend keeps no spelling data) in which each word is
/// in `count` documents.
Xapian::WritableDatabase index_of(const std::map<std::string, unsigned>& counts) {
    char dir[] = "/tmp/lantern-spelling-XXXXXX";
    if (mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp failed");
    Xapian::WritableDatabase db(std::string(dir) + "/db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    unsigned most = 0;
    for (const auto& [w, n] : counts) most = std::max(most, n);
    for (unsigned d = 0; d < most; ++d) {
        Xapian::Document doc;
        doc.add_term("Qdoc" + std::to_string(d));
        for (const auto& [w, n] : counts) {
            if (d < n) doc.add_term(w);
        }
        db.add_document(doc);
    }
    for (const auto& [w, n] : counts) db.add_spelling(w, n);
    db.commit();
    std::filesystem::remove_all(dir);   // the open database keeps its files until it closes
    return db;
}

TEST(Spelling, InstalledWordListsAreRead) {
    const WordLists& lists = WordLists::installed();
    EXPECT_TRUE(lists.english("walk")) << "is Debian's wamerican installed? (scripts/deps)";
    EXPECT_TRUE(lists.medical("abscess")) << "is Debian's hunspell-en-med installed? (scripts/deps)";
    EXPECT_FALSE(lists.english("abcess"));
}

/// Small lists in a scratch folder, and a database whose revision a words file is written for.
class SmallWordLists : public ::testing::Test {
protected:
    void SetUp() override {
        write_lists("Walk\nwalked\nabscess's\nzebra\n\nAardvark\n");
        db_ = Xapian::WritableDatabase(dir("db"), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db_.add_document(Xapian::Document());
        db_.commit();
    }
    void TearDown() override { db_.close(); }
    std::string dir(const std::string& name) const { return (scratch_.path() / name).string(); }
    void write_lists(const std::string& english) const {
        std::ofstream(dir("english")) << english;
        std::ofstream(dir("medical")) << "3\nabscess/MS\nendocarditis\nabscess/X\n";
    }
    std::string file() const { return word_lists_path(scratch_.path().string()); }

    test::ScratchDir scratch_{"wordlists"};
    Xapian::WritableDatabase db_;
};

// The first WordLists::kIndexAfter questions scan the lists; later ones look words up in an index of
// them; with a words file, the file's sorted copy is bisected. All must answer alike, hunspell's
// "word/FLAGS" lines included.
TEST_F(SmallWordLists, AnswerAlikeScannedIndexedAndFromTheWordsFile) {
    ASSERT_TRUE(write_word_lists_file(file(), db_, dir("english"), dir("medical")));
    EXPECT_FALSE(write_word_lists_file(file(), db_, dir("english"), dir("medical"))) << "already written";
    const WordLists read(dir("english"), dir("medical"));
    const WordLists mapped(dir("english"), dir("medical"), file(), &db_);
    const struct {
        const char* word;
        bool english, medical;
    } rows[] = {{"walk", true, false},       {"walked", true, false},       {"wal", false, false},
                {"abscess", false, true},    {"abscess's", true, false},    {"endocarditis", false, true},
                {"abscess/ms", false, true}, {"abscess/m", false, false},   {"abscess/x", false, true},
                {"", false, false},          {"3", false, true},            {"aardvark", true, false},
                {"zebra", true, false},
                {"zebras", false, false},    {"a", false, false},           {"zzz", false, false}};
    for (unsigned round = 0; round * std::size(rows) < 2 * WordLists::kIndexAfter; ++round) {
        for (const auto& r : rows) {
            for (const WordLists* lists : {&read, &mapped}) {
                const char* how = lists == &read ? "read" : "mapped";
                EXPECT_EQ(lists->english(r.word), r.english) << r.word << " round " << round << " " << how;
                EXPECT_EQ(lists->medical(r.word), r.medical) << r.word << " round " << round << " " << how;
            }
        }
    }
    const std::optional<MappedWordLists> m = map_word_lists_file(file(), db_, dir("english"), dir("medical"));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->english.count, 5u) << "walk, walked, abscess's, zebra, aardvark";
    EXPECT_EQ(m->medical.count, 3u) << "3, abscess, endocarditis: each word once";
}

// A words file answers only for the lists it was written from and the revision it was written
// for; a cut or damaged one is never read out of bounds (run under ASan by scripts/test).
TEST_F(SmallWordLists, StaleCutAndDamagedWordsFilesAreSafe) {
    const auto maps = [&] { return map_word_lists_file(file(), db_, dir("english"), dir("medical")).has_value(); };
    write_word_lists_file(file(), db_, dir("english"), dir("medical"));
    ASSERT_TRUE(maps());
    EXPECT_FALSE(map_word_lists_file(file(), db_, dir("english"), "")) << "another medical list";
    write_lists("walk\nwalked\nrun\n");   // the list changes after the file is written
    EXPECT_FALSE(maps()) << "a changed list";
    const WordLists lists(dir("english"), dir("medical"), file(), &db_);
    EXPECT_TRUE(lists.english("run")) << "the changed list is read";
    write_word_lists_file(file(), db_, dir("english"), dir("medical"));
    EXPECT_TRUE(maps()) << "written again";
    db_.add_document(Xapian::Document());
    db_.commit();
    EXPECT_FALSE(maps()) << "a later revision";
    write_word_lists_file(file(), db_, dir("english"), dir("medical"));
    const std::uintmax_t size = std::filesystem::file_size(file());
    std::filesystem::resize_file(file(), size - 1);
    EXPECT_FALSE(maps()) << "cut short";
    write_word_lists_file(file(), db_, dir("english"), dir("medical"));
    {   // offsets past the bytes and out of order: the damaged words read as "", never outside the file
        std::fstream f(file(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(kRevisionHeaderBytes + 112 + 4));
        const std::uint32_t far = 0xfffffff0u;
        f.write(reinterpret_cast<const char*>(&far), sizeof far);
    }
    const std::optional<MappedWordLists> m = map_word_lists_file(file(), db_, dir("english"), dir("medical"));
    ASSERT_TRUE(m) << "the sizes still add up";
    for (const char* w : {"walk", "walked", "run", "x"}) (void)m->english.contains(w);
    EXPECT_EQ(m->english.word(0), "");
    EXPECT_TRUE(m->english.contains("walked")) << "words after the damage are still found";
}

TEST(Spelling, TyposAndRealWords) {
    const Xapian::WritableDatabase db = index_of({
        {"abscess", 40}, {"access", 200}, {"naloxone", 30}, {"cellulitis", 20}, {"fentanyl", 45}, {"fentanil", 1},
        {"heroin", 50},  {"can't", 10},   {"won't", 5},     {"talk", 60},       {"was", 300},     {"want", 80},
        {"eat", 10},     {"sleep", 12},   {"endocarditis", 9}, {"walks", 3},
        {"abscessabscessabscessabscessabscessabscess", 40},
    });
    const struct {
        std::string typed, want;   // want "" = left as typed
    } rows[] = {
        // typos become what they sound like, even when a commoner word is as near ("access")
        {"abcess", "abscess"},
        {"nalaxone", "naloxone"},
        {"celulitis", "cellulitis"},
        {"endocarditus", "endocarditis"},
        // a misspelling a page or two also make is still corrected, to a far commoner sound-alike
        {"fentanil", "fentanyl"},
        // an everyday word may become a medical sound-alike only
        {"heroine", "heroin"},
        // apostrophe-less contractions, not "can" (the meaning reversed) or "want"
        {"cant", "can't"},
        {"wont", "won't"},
        {"dont", ""},                // the index has no "don't": left alone
        // words of ordinary English are not typos, known to the index or not
        {"walk", ""},                // was "was" (a stopword) or "talk" on a small site
        {"eat", ""},
        {"sleep", ""},
        {"son", ""},
        {"access", ""},
        // abbreviations, short words and numbers
        {"IE", ""},
        {"ED", ""},
        {"od", ""},
        {"0.4", ""},
        {"c++", ""},
        // nothing near enough
        {"zzzzzz", ""},
        // over 40 letters: never checked (a 1,000-letter word cost 52,000 index lookups)
        {"abscessabscessabscessabscessabscessabcess", ""},
    };
    for (const auto& r : rows) {
        std::string key = r.typed;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(correct_word(r.typed, key, db, WordLists::installed()), r.want) << r.typed;
    }
}

TEST(Spelling, SoundKeys) {
    const struct {
        std::string a, b;
        bool alike;
    } rows[] = {
        {"abcess", "abscess", true}, {"abcess", "access", false}, {"fentanil", "fentanyl", true},
        {"nalaxone", "naloxone", true}, {"walk", "talk", false},   {"phentermine", "fentermine", true},
    };
    for (const auto& r : rows) EXPECT_EQ(sound_key(r.a) == sound_key(r.b), r.alike) << r.a << " / " << r.b;
}

}  // namespace
}  // namespace lantern
