// spelling.cpp: contraction, word-list and edit-distance evidence for query corrections.
#include "search/detail/spelling.h"

#include <string.h>   // memmem (GNU)

#include <algorithm>
#include <utility>

#include "text/analysis.h"

namespace lantern {
namespace {

/// Apostrophe-less contractions people type ("cant sleep"): the spelling they stand for.
/// Without this "cant sleep" became "can sleep", the meaning reversed.
constexpr std::pair<const char*, const char*> kContractions[] = {
    {"arent", "aren't"}, {"cant", "can't"},       {"couldnt", "couldn't"}, {"didnt", "didn't"},   {"doesnt", "doesn't"},
    {"dont", "don't"},   {"hadnt", "hadn't"},     {"hasnt", "hasn't"},     {"havent", "haven't"}, {"im", "i'm"},
    {"isnt", "isn't"},   {"ive", "i've"},         {"shouldnt", "shouldn't"}, {"thats", "that's"}, {"theyre", "they're"},
    {"wasnt", "wasn't"}, {"werent", "weren't"},   {"whats", "what's"},     {"wont", "won't"},     {"wouldnt", "wouldn't"},
    {"youre", "you're"}, {"youve", "you've"},
};

/// A typed word the index knows but no dictionary does is corrected only into a sound-alike at
/// least this many times as common in the index ("fentanil" in 1 document, "fentanyl" in 45).
constexpr Xapian::doccount kRareFactor = 20;

/// A spelling this many documents use is the collection's own, whatever the word lists say.
constexpr Xapian::doccount kCollectionsOwn = 5;

/// Longer words are not typos we correct: the longest words of the medical list are about 30
/// letters, and the checks grow with the square of the length (a 1,000-letter word made 52,000
/// candidate strings of 1,000 bytes, each looked up in the index).
constexpr std::size_t kLongestTypo = 40;

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/// How typists err, as a prior on an edit: a letter left out or two swapped are the commonest
/// single-edit misspellings (Damerau 1964; Kernighan, Church and Gale 1990), a wrong letter and
/// a letter too many less so.
enum class Edit { kOmission, kTransposition, kSubstitution, kInsertion };
double prior(Edit e) {
    switch (e) {
        case Edit::kOmission: return 1.0;
        case Edit::kTransposition: return 1.0;
        case Edit::kSubstitution: return 0.5;
        case Edit::kInsertion: return 0.6;
    }
    return 0;
}

struct Candidate {
    std::string word;
    double score = 0;
    bool sounds_alike = false;
};

/// Every word one edit from `key` (lower-case ASCII letters only) with its edit kind.
template <typename F>
void for_each_edit(const std::string& key, F&& f) {
    for (std::size_t i = 0; i <= key.size(); ++i) {
        for (char c = 'a'; c <= 'z'; ++c) f(key.substr(0, i) + c + key.substr(i), Edit::kOmission);
        if (i == key.size()) break;
        f(key.substr(0, i) + key.substr(i + 1), Edit::kInsertion);
        if (i + 1 < key.size() && key[i] != key[i + 1]) {
            std::string t = key;
            std::swap(t[i], t[i + 1]);
            f(t, Edit::kTransposition);
        }
        for (char c = 'a'; c <= 'z'; ++c) {
            if (c != key[i]) f(key.substr(0, i) + c + key.substr(i + 1), Edit::kSubstitution);
        }
    }
}

bool plain_letters(const std::string& key) {
    return std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// Each line's word (up to hunspell's '/'), as views into the list's text.
void index_words(const std::string& text, std::unordered_set<std::string_view>& words) {
    words.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    for_each_listed_word(text, [&words](std::string_view w) { words.insert(w); });
}

}  // namespace

WordLists::WordLists(const std::string& english_path, const std::string& medical_path, const std::string& words_file,
                     const Xapian::Database* db)
    : english_path_(english_path), medical_path_(medical_path), words_file_(db ? words_file : "") {
    if (db) db_ = *db;
}

const MappedWordLists* WordLists::mapped() const {
    std::call_once(map_, [this] {
        if (!words_file_.empty()) mapped_ = map_word_lists_file(words_file_, *db_, english_path_, medical_path_);
    });
    return mapped_ ? &*mapped_ : nullptr;
}

const WordLists::Lists& WordLists::lists() const {
    std::call_once(read_, [this] {
        lists_.english.text = read_word_list(english_path_);
        lists_.medical.text = read_word_list(medical_path_);
    });
    return lists_;
}

bool WordLists::listed(SortedWords MappedWordLists::*sorted, List Lists::*which, const std::string& word) const {
    if (word.empty() || word.find('\n') != std::string::npos) return false;
    const bool whole_word = word.find('/') == std::string::npos;   // else whole lines are asked about
    if (whole_word) {
        if (const MappedWordLists* m = mapped()) return ((*m).*sorted).contains(word);
    }
    if (fallback_) return fallback_->listed(sorted, which, word);
    if (whole_word && !indexed_.load(std::memory_order_acquire) && questions_.fetch_add(1) + 1 >= kIndexAfter) {
        lists();
        std::call_once(index_, [this] {
            index_words(lists_.english.text, lists_.english.words);
            index_words(lists_.medical.text, lists_.medical.words);
            indexed_.store(true, std::memory_order_release);
        });
    }
    const List& list = lists().*which;
    if (whole_word && indexed_.load(std::memory_order_acquire)) return list.words.count(word) != 0;
    // A word with a '/' is matched against whole lines ("abscess/ms" is "abscess" with flags "MS"),
    // which only the text holds. memmem (glibc's two-way search) rather than std::string::find,
    // which stops at every line.
    const auto has = [&list](const std::string& needle) {
        return memmem(list.text.data(), list.text.size(), needle.data(), needle.size()) != nullptr;
    };
    return has("\n" + word + "\n") || has("\n" + word + "/");
}

std::shared_ptr<const WordLists> WordLists::for_release(const std::string& words_file, const Xapian::Database& db) {
    auto lists = std::make_shared<WordLists>(kEnglishList, kMedicalList, words_file, &db);
    lists->fallback_ = &installed();
    return lists;
}

// A function-local static: the lists are read once, on the first word that needs them (a lookup
// that corrects nothing never pays for them: 6 M instructions), and never written again.
const WordLists& WordLists::installed() {
    static const WordLists lists(kEnglishList, kMedicalList);
    return lists;
}

std::string sound_key(const std::string& word) {
    std::string s;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        const char next = i + 1 < word.size() ? word[i + 1] : '\0';
        if (c == 'p' && next == 'h') {
            s += 'f';
            ++i;
        } else if (c == 'c' && (next == 'e' || next == 'i' || next == 'y')) {
            s += 's';
        } else if (c == 'c' && next == 'k') {
            s += 'k';
            ++i;
        } else if (c == 'c' || c == 'q') {
            s += 'k';
        } else if (c == 'x') {
            s += "ks";
        } else if (c == 'z') {
            s += 's';
        } else if (c == 'y') {
            s += 'i';
        } else {
            s += c;
        }
    }
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && (is_vowel(s[i]) || s[i] == 'h' || s[i] == 'w')) continue;   // after the first letter
        if (!out.empty() && out.back() == s[i]) continue;                          // doubled letters
        out += s[i];
    }
    return out;
}

std::string correct_word(const std::string& typed, const std::string& key, const Xapian::Database& db,
                         const WordLists& lists) {
    // Abbreviations typed in capitals ("IE", "OD"), very short words and numbers are never typos.
    bool lower = false;
    for (char c : typed) lower = lower || (c >= 'a' && c <= 'z');
    if (!lower) return "";
    for (const auto& [bare, full] : kContractions) {
        if (key == bare) return db.term_exists(full) ? full : "";
    }
    if (key.size() < 4 || key.size() > kLongestTypo || !plain_letters(key)) return "";
    // Known means known as typed: "suboxon" shares its stem with "suboxone" and would find the
    // same pages, but only the whole word is a thesaurus entry (buprenorphine and naloxone).
    const Xapian::doccount known = db.get_termfreq(key);
    if (known >= kCollectionsOwn) return "";
    const bool english = lists.english(key);
    if (known > 0 && (english || lists.medical(key))) return "";
    // An everyday English word is a real word, not a typo: it may only become a sound-alike that
    // is no everyday word itself ("heroine" -> "heroin"; never "walk" -> "talk", "wont" -> "want").
    const auto allowed = [&](const std::string& w) {
        if (w == key || analysis::is_stopword(w)) return false;
        return !english || (lists.medical(w) && sound_key(w) == sound_key(key));
    };
    const std::string sound = sound_key(key);
    Candidate best;
    for_each_edit(key, [&](const std::string& w, Edit e) {
        const Xapian::doccount tf = db.get_termfreq(w);
        if (tf == 0 || !allowed(w)) return;
        Candidate c{w, prior(e) * tf, sound_key(w) == sound};
        if (best.word.empty() || (c.sounds_alike && !best.sounds_alike) ||
            (c.sounds_alike == best.sounds_alike && c.score > best.score)) {
            best = c;
        }
    });
    if (known > 0) {   // a rare spelling the index holds: only a far commoner sound-alike replaces it
        const bool far_commoner = best.sounds_alike && db.get_termfreq(best.word) >= kRareFactor * known;
        return far_commoner ? best.word : "";
    }
    if (!best.word.empty()) return best.word;
    // Two edits away: Xapian's own suggestion, held to the same rules.
    const std::string fix = db.get_spelling_suggestion(key);
    return !fix.empty() && allowed(fix) ? fix : "";
}

}  // namespace lantern
