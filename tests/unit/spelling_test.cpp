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

// The first WordLists::kIndexAfter questions scan the lists; later ones look words up in an index of
// them. Both must answer alike, hunspell's "word/FLAGS" lines included.
TEST(Spelling, WordListsAnswerAlikeBeforeAndAfterIndexing) {
    const std::string dir = std::filesystem::temp_directory_path() / ("lantern-lists-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/english") << "Walk\nwalked\nabscess's\n";
    std::ofstream(dir + "/medical") << "3\nabscess/MS\nendocarditis\n";
    const WordLists lists(dir + "/english", dir + "/medical");
    const struct {
        const char* word;
        bool english, medical;
    } rows[] = {{"walk", true, false},     {"walked", true, false},       {"wal", false, false},
                {"abscess", false, true},  {"abscess's", true, false},    {"endocarditis", false, true},
                {"abscess/ms", false, true}, {"", false, false},          {"3", false, true}};
    for (unsigned round = 0; round * std::size(rows) < 2 * WordLists::kIndexAfter; ++round) {
        for (const auto& r : rows) {
            EXPECT_EQ(lists.english(r.word), r.english) << r.word << " round " << round;
            EXPECT_EQ(lists.medical(r.word), r.medical) << r.word << " round " << round;
        }
    }
    std::filesystem::remove_all(dir);
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
