// spelling.h: deciding whether a typed word is a typo, and what it should be (issue 16,
// "corrections only when confident"). The query planner asks it about each plain word.
//
// Evidence, in order: apostrophe-less contractions ("cant" is "can't" when the index knows
// "can't"); Debian's English word list (wamerican) and medical word list (hunspell-en-med): a word
// of ordinary English is never turned into a different everyday word; the index's own
// vocabulary: candidates one edit away that the index holds, preferring those that sound the
// same ("abcess" -> "abscess", not "access"), never a stopword. Internal to core (Xapian types).
#pragma once

#include <xapian.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "text/word_lists.h"

namespace lantern {

/// Word lists from Debian packages (text/word_lists.h), read on the first question (most lookups
/// correct nothing and never ask) and then only read, by any thread (shared by every searcher).
/// A Searcher's lists first try the words file written beside its release: a few mapped pages
/// instead of reading and scanning 2 MB.
class WordLists {
public:
    /// The installed lists (kEnglishList, kMedicalList). A missing file is an empty list: the
    /// speller then trusts the index alone, as before these lists were used.
    static const WordLists& installed();
    /// Lists from the given files; "" for none. With a `words_file`, the sorted copy of those
    /// files written there for this revision of `db` (text/word_lists.h) answers when it can.
    WordLists(const std::string& english_path, const std::string& medical_path, const std::string& words_file = "",
              const Xapian::Database* db = nullptr);
    /// The installed lists for one revision of a Searcher's release: its words file (`words_file`,
    /// "" for none) when that holds them, else installed(), which reads the lists once a process.
    static std::shared_ptr<const WordLists> for_release(const std::string& words_file, const Xapian::Database& db);

    /// In the list of ordinary English words.
    bool english(const std::string& word) const { return listed(&MappedWordLists::english, &Lists::english, word); }
    /// In the list of medical words.
    bool medical(const std::string& word) const { return listed(&MappedWordLists::medical, &Lists::medical, word); }

    /// Questions answered by scanning before the lists are indexed (kIndexAfter).
    static constexpr unsigned kIndexAfter = 64;

private:
    // Without the words file, each list is its file in lower case, one word a line, searched for
    // "\nword\n" (or "\nword/", hunspell's affix flags). A command-line lookup asks about a
    // handful of words, and indexing 190,000 words costs it more than scanning (85 ms, once); a
    // server asks about thousands, and the scans came to 9% of its search time
    // (lantern-bench-queries under callgrind). So the first kIndexAfter questions scan, and then
    // the words are indexed.
    struct List {
        std::string text;
        std::unordered_set<std::string_view> words;   ///< each line up to its '/', once indexed
    };
    struct Lists {
        List english, medical;
    };
    bool listed(SortedWords MappedWordLists::*sorted, List Lists::*list, const std::string& word) const;
    const Lists& lists() const;
    const MappedWordLists* mapped() const;
    std::string english_path_, medical_path_, words_file_;
    std::optional<Xapian::Database> db_;
    const WordLists* fallback_ = nullptr;   ///< asked when the words file cannot answer
    mutable std::once_flag map_{};
    mutable std::optional<MappedWordLists> mapped_;
    mutable std::once_flag read_{};
    mutable Lists lists_{};
    mutable std::atomic<unsigned> questions_{0};
    mutable std::once_flag index_{};
    mutable std::atomic<bool> indexed_{false};
};

/// A rough English sound key (c before e/i/y is s, ph is f, doubled letters and vowels after the
/// first letter dropped, ...): words with equal keys sound alike.
std::string sound_key(const std::string& word);

/// The correction for a plain query word, or "" to keep it. `typed` is the word as typed (case
/// kept), `key` its folded lower-case form. Never throws on odd input.
std::string correct_word(const std::string& typed, const std::string& key, const Xapian::Database& db,
                         const WordLists& lists);

}  // namespace lantern
