// word_lists.h: Debian's English and medical word lists as the speller reads them
// (search/detail/spelling.h), and the sorted copy lantern-index writes beside a release
// (words.lantern). A misspelled command-line lookup used to read both lists (2 MB, about 1,000
// page faults) and scan them: 10 of its 31 M instructions. With the file it bisects a few mapped
// pages instead.
//
// A word of a list is a line up to hunspell's '/' (its affix flags), in ASCII lower case; empty
// lines are no words. The file is a revision file (text/revision_file.h) whose payload also holds
// each list's size, inode and modification time when it was written: a file written from lists
// that have changed since is not used, so answers are the same with the file or without it.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lantern {

inline constexpr const char* kEnglishList = "/usr/share/dict/american-english";   ///< Debian wamerican
inline constexpr const char* kMedicalList = "/usr/share/hunspell/en_med_glut.dic";  ///< Debian hunspell-en-med

/// The list file at `path` in ASCII lower case, with a newline before its first line and after
/// its last ("" path or a missing file: "\n\n", no words).
std::string read_word_list(const std::string& path);

/// Calls f(word) for each line's word of `text` (as read_word_list returns it), in file order.
template <typename F>
void for_each_listed_word(std::string_view text, F&& f) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        const std::string_view word = line.substr(0, line.find('/'));
        if (!word.empty()) f(word);
        at = end + 1;
    }
}

/// One list's words, sorted bytewise, each once: views into a mapped file.
struct SortedWords {
    const std::uint32_t* ends = nullptr;  ///< count + 1 offsets: word i is bytes [ends[i], ends[i + 1])
    std::size_t count = 0;
    std::string_view bytes;

    /// Word i ("" where a damaged file's offsets point out of order or out of bounds).
    std::string_view word(std::size_t i) const;
    bool contains(std::string_view word) const;
};

/// Both lists of a mapped words file, valid while `owner` lives.
struct MappedWordLists {
    SortedWords english, medical;
    std::shared_ptr<const void> owner;
};

/// The words file of the database in `folder` (a release, or a plain database folder).
std::string word_lists_path(const std::string& folder);

/// Writes the sorted words of the lists at `english` and `medical` to `path` for this revision of
/// `db` (through a temporary file and a rename), unless the file there already holds them.
/// Returns whether it wrote.
bool write_word_lists_file(const std::string& path, const Xapian::Database& db, const std::string& english,
                           const std::string& medical);

/// The lists in the file at `path` when it was written for this revision of `db` from the lists
/// at `english` and `medical` as they are now; nothing when it is missing, stale or cut.
std::optional<MappedWordLists> map_word_lists_file(const std::string& path, const Xapian::Database& db,
                                                   const std::string& english, const std::string& medical);

}  // namespace lantern
