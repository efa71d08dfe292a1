// word_lists.cpp: reading Debian's word lists, and writing and mapping their sorted copy.
#include "text/word_lists.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <vector>

#include "text/revision_file.h"

namespace lantern {
namespace {

constexpr std::string_view kKind = "words-1";

/// What a list file was when the words file was written: a changed list is read, not the copy.
struct Source {
    std::uint64_t present = 0;
    std::uint64_t size = 0;
    std::uint64_t inode = 0;
    std::int64_t mtime_sec = 0;
    std::int64_t mtime_nsec = 0;
};

Source source_of(const std::string& path) {
    struct stat st {};
    Source s;
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return s;
    s.present = 1;
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.inode = static_cast<std::uint64_t>(st.st_ino);
    s.mtime_sec = st.st_mtim.tv_sec;
    s.mtime_nsec = st.st_mtim.tv_nsec;
    return s;
}

/// The payload: the two sources, then the counts, then each list's count + 1 offsets, then each
/// list's bytes.
struct Layout {
    Source english_source, medical_source;
    std::uint64_t english_words = 0, english_bytes = 0, medical_words = 0, medical_bytes = 0;
};

/// One list sorted and made unique, as the file holds it.
struct Sorted {
    std::vector<std::uint32_t> ends{0};
    std::string bytes;
};

Sorted sorted_words(const std::string& text) {
    std::vector<std::string_view> words;
    for_each_listed_word(text, [&words](std::string_view w) { words.push_back(w); });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    Sorted s;
    s.ends.reserve(words.size() + 1);
    for (const std::string_view w : words) {
        s.bytes.append(w);
        s.ends.push_back(static_cast<std::uint32_t>(s.bytes.size()));
    }
    return s;
}

bool same(const Source& a, const Source& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

std::string read_word_list(const std::string& path) {
    // One read into a string of the file's size, then lower case in place: each new page of a
    // copy is a fault, and a misspelled lookup without the words file reads these 2 MB.
    std::string list = "\n";
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary | std::ios::ate);
        const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
        if (size > 0) {
            list.resize(1 + static_cast<std::size_t>(size));
            in.seekg(0);
            in.read(list.data() + 1, size);
            list.resize(1 + static_cast<std::size_t>(in.gcount()));
        }
    }
    list += '\n';
    for (char& c : list) c = static_cast<char>(c + ((static_cast<unsigned char>(c - 'A') < 26) ? 'a' - 'A' : 0));
    return list;
}

std::string_view SortedWords::word(std::size_t i) const {
    const std::uint32_t begin = ends[i], end = ends[i + 1];
    return begin <= end && end <= bytes.size() ? bytes.substr(begin, end - begin) : std::string_view();
}

bool SortedWords::contains(std::string_view w) const {
    std::size_t low = 0, high = count;   // the first word >= w is in [low, high]
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (word(mid) < w) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return low < count && word(low) == w;
}

std::string word_lists_path(const std::string& folder) { return folder + "/words.lantern"; }

bool write_word_lists_file(const std::string& path, const Xapian::Database& db, const std::string& english,
                           const std::string& medical) {
    if (map_word_lists_file(path, db, english, medical)) return false;
    Layout n;
    n.english_source = source_of(english);   // before reading: a list replaced meanwhile is read again
    n.medical_source = source_of(medical);
    const Sorted e = sorted_words(read_word_list(english));
    const Sorted m = sorted_words(read_word_list(medical));
    n.english_words = e.ends.size() - 1;
    n.english_bytes = e.bytes.size();
    n.medical_words = m.ends.size() - 1;
    n.medical_bytes = m.bytes.size();
    const auto array = [](const std::vector<std::uint32_t>& v) {
        return std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof v[0]);
    };
    write_revision_file(path, kKind, db,
                        {std::string_view(reinterpret_cast<const char*>(&n), sizeof n), array(e.ends), array(m.ends),
                         e.bytes, m.bytes});
    return true;
}

std::optional<MappedWordLists> map_word_lists_file(const std::string& path, const Xapian::Database& db,
                                                   const std::string& english, const std::string& medical) {
    std::optional<RevisionPayload> file = map_revision_file(path, kKind, db);
    if (!file || file->bytes.size() < sizeof(Layout)) return std::nullopt;
    Layout n;
    std::memcpy(&n, file->bytes.data(), sizeof n);
    if (!same(n.english_source, source_of(english)) || !same(n.medical_source, source_of(medical))) return std::nullopt;
    // The counts must add up to the payload's size: a cut or padded file is not read.
    constexpr std::uint64_t kMost = std::uint64_t{1} << 31;
    if (n.english_words >= kMost || n.medical_words >= kMost || n.english_bytes >= kMost || n.medical_bytes >= kMost) {
        return std::nullopt;
    }
    const std::uint64_t need =
        sizeof n + 4 * (n.english_words + 1) + 4 * (n.medical_words + 1) + n.english_bytes + n.medical_bytes;
    if (need != file->bytes.size()) return std::nullopt;
    const char* at = file->bytes.data() + sizeof n;
    MappedWordLists lists;
    lists.english.ends = reinterpret_cast<const std::uint32_t*>(at);
    lists.english.count = static_cast<std::size_t>(n.english_words);
    at += 4 * (n.english_words + 1);
    lists.medical.ends = reinterpret_cast<const std::uint32_t*>(at);
    lists.medical.count = static_cast<std::size_t>(n.medical_words);
    at += 4 * (n.medical_words + 1);
    lists.english.bytes = std::string_view(at, static_cast<std::size_t>(n.english_bytes));
    at += n.english_bytes;
    lists.medical.bytes = std::string_view(at, static_cast<std::size_t>(n.medical_bytes));
    lists.owner = std::move(file->owner);
    return lists;
}

}  // namespace lantern
