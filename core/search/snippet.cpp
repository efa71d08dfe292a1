// snippet.cpp: passage scoring over a sliding window of words.
#include "search/snippet.h"

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "text/analysis.h"
#include "text/schema.h"
#include "text/text_fold.h"

namespace lantern {
namespace {

constexpr std::size_t kWindowWords = 30;   ///< words scored together (about 200 characters of English)
constexpr std::size_t kLeadWords = 6;      ///< context kept before the first match

}  // namespace

/// A word of the text that matches a stem. Only these are kept: a long text has thousands of
/// words and a handful of matches (one vector entry per word was 20% of a search, callgrind).
struct SnippetMatch {
    std::size_t word = 0;    ///< its index among the text's words
    int stem = 0;            ///< index in the Highlighter's stems
    WordSpan span;
    /// Where the words up to kLeadWords before it begin (lead[k]: k words before; the passage
    /// may start there).
    std::array<std::size_t, kLeadWords + 1> lead{};
};

namespace {
using Match = SnippetMatch;

/// The last line break in [from, to) of text, or npos (glibc's memrchr: a backward scan that
/// stops at `from`, where std::string::rfind would go on to the start of the text).
std::size_t last_newline(const std::string& text, std::size_t from, std::size_t to) {
    if (from >= to) return std::string::npos;
    const void* at = memrchr(text.data() + from, '\n', to - from);
    return at == nullptr ? std::string::npos : static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
}

/// Escaped text of [begin, end) with the matches inside it marked.
std::string render(const std::string& text, std::size_t begin, std::size_t end, const std::vector<Match>& matches) {
    std::string out;
    std::size_t at = begin;
    for (const Match& m : matches) {
        const WordSpan& w = m.span;
        if (w.begin < begin || w.end > end) continue;
        out += escape_html(text.substr(at, w.begin - at));
        out += "<mark>" + escape_html(text.substr(w.begin, w.end - w.begin)) + "</mark>";
        at = w.end;
    }
    out += escape_html(text.substr(at, end - at));
    for (char& c : out) {
        if (c == '\n') c = ' ';
    }
    return out;
}

/// The lines of `text` that say the title again (the page's <h1>, a report's repeated title), as
/// [begin, end) with end past the line's '\n': the result already shows the title, so a passage
/// neither starts with them nor is chosen for the matches in them.
/// The first letter or digit of a text, lower case, as phrase_key's first character would be;
/// 0 when a byte outside ASCII comes first (accents fold: only phrase_key can tell).
char first_key_char(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) return 0;
        if (std::isalnum(c)) return static_cast<char>(std::tolower(c));
    }
    return 0;
}

std::vector<std::pair<std::size_t, std::size_t>> title_lines(const std::string& text, const std::string& title) {
    std::vector<std::pair<std::size_t, std::size_t>> lines;
    const std::string want = phrase_key(title);   // case, accents and punctuation aside
    if (want.empty()) return lines;
    const char want_first = static_cast<unsigned char>(want[0]) < 0x80 ? want[0] : 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t nl = std::min(text.find('\n', at), text.size());
        const std::string_view line = std::string_view(text).substr(at, nl - at);
        // Only a line of about the title's length, starting with the same character, can say the
        // same words (the character check spares phrase_key, a third of a snippet's cost).
        const char first = first_key_char(line);
        if (nl - at <= 2 * title.size() + 8 && 2 * (nl - at) + 8 >= title.size() &&
            (want_first == 0 || first == 0 || first == want_first) && phrase_key(line) == want) {
            lines.emplace_back(at, std::min(nl + 1, text.size()));
        }
        at = nl + 1;
    }
    return lines;
}

}  // namespace

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

Highlighter::Highlighter(const std::vector<std::string>& stems) : stems_(stems) {
    std::sort(stems_.begin(), stems_.end());
    stems_.erase(std::unique(stems_.begin(), stems_.end()), stems_.end());
    for (const std::string& s : stems_) {
        if (s.empty()) continue;
        const std::size_t b0 = static_cast<unsigned char>(s[0]);
        first_letters_.set(b0);
        if (s.size() == 1) {
            for (std::size_t b1 = 0; b1 < 256; ++b1) first_pairs_[b0 * 256 + b1] = true;
        } else {
            first_pairs_[b0 * 256 + static_cast<unsigned char>(s[1])] = true;
            // Porter2's one exception to "the first two letters stay": dying, lying, tying -> die, lie, tie.
            if (s.size() == 3 && s[1] == 'i' && s[2] == 'e') first_pairs_[b0 * 256 + 'y'] = true;
        }
    }
}

namespace {

/// Folded words' stems, kept per thread from search to search: a word's stem does not depend on
/// the query, and stemming the words of each result again was a third of a snippet's cost once
/// the words were grouped (callgrind, docs/BENCHMARKS.md). Emptied when it reaches kMaxStems
/// (a few MB).
constexpr std::size_t kMaxStems = 50000;

const std::string& stem_of_key(const std::string& key) {
    static thread_local Xapian::Stem stem = analysis::stemmer();
    static thread_local std::unordered_map<std::string, std::string> stems;
    const auto found = stems.find(key);
    if (found != stems.end()) return found->second;
    if (stems.size() >= kMaxStems) stems.clear();
    return stems.emplace(key, stem(key)).first->second;
}

unsigned char lower_ascii(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c; }

}  // namespace

int Highlighter::stem_of(std::string_view text, WordSpan w) const {
    const std::string_view word = text.substr(w.begin, w.end - w.begin);
    const auto lower = [](unsigned char c) { return static_cast<char>(lower_ascii(c)); };
    // An English stem keeps its word's first two letters, so other words cannot match. ASCII words
    // are rejected on them before any folding (most words of a long text).
    if (!may_start_word(word_key_of(word))) return -1;
    // The memo is keyed by the hash of the folded word. An ASCII word's folded form is just its
    // lower case, hashed here without building the string (no allocation once a word is known).
    bool ascii = true;
    std::uint64_t h = 14695981039346656037ULL;
    for (const char ch : word) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
            ascii = false;
            break;
        }
        h ^= static_cast<unsigned char>(lower(c));
        h *= 1099511628211ULL;
    }
    std::string key;
    if (!ascii) {
        key = word_key(word);
        if (key.empty() || !first_letters_.test(static_cast<unsigned char>(key[0]))) return -1;
        h = schema::hash64(key);
    }
    const auto cached = memo_.find(h);
    if (cached != memo_.end()) {
        const std::string& known = cached->second.first;
        const bool same = ascii ? known.size() == word.size() &&
                                      std::equal(word.begin(), word.end(), known.begin(),
                                                 [&](char a, char b) { return lower(static_cast<unsigned char>(a)) == b; })
                                : known == key;
        if (same) return cached->second.second;
    }
    if (ascii) key = word_key(word);
    const std::string& s = (key[0] >= '0' && key[0] <= '9') ? key : stem_of_key(key);
    const auto found = std::lower_bound(stems_.begin(), stems_.end(), s);
    const int id = (found != stems_.end() && *found == s) ? static_cast<int>(found - stems_.begin()) : -1;
    if (cached == memo_.end()) memo_.emplace(h, std::make_pair(std::move(key), id));  // (a hash collision is just not memoised)
    return id;
}

namespace {

/// Calls `word(span, maybe)` for each word of `text`, in order, as WordCursor splits them. Most
/// words are rejected on their first two letters, so reading words one at a time was most of a
/// snippet's cost: blocks of 64 plain ASCII bytes (no apostrophe) are read from bit masks instead,
/// each run of letters and digits a word, and `may(b0, b1)` (its first two bytes in lower case,
/// or kNoSecond) is asked before `word` is called (its answer is `maybe`). Other blocks, and a
/// word longer than a block, go through WordCursor, with `maybe` true. A block starts at a
/// word's start or outside a word.
template <typename May, typename Word>
void scan_words(std::string_view text, May may, Word word) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + 64 <= text.size()) {
            std::uint64_t other = 0;
            const std::uint64_t w = word_byte_mask64(text.data() + i, other);
            std::uint64_t starts = w & ~(w << 1);
            std::uint64_t ends = w & ~(w >> 1);   // the last byte of each run
            const bool fills = w == ~std::uint64_t{0};   // one word through the whole block, maybe beyond
            if (other == 0 && !fills) {
                std::size_t next = i + 64;
                if (w >> 63 != 0) {
                    // The last run reaches the block's end and may go on: the next block starts there.
                    const unsigned last = 63u - static_cast<unsigned>(__builtin_clzll(starts));
                    starts &= ~(std::uint64_t{1} << last);
                    ends &= ~(std::uint64_t{1} << 63);
                    next = i + last;
                }
                for (; starts != 0; starts &= starts - 1, ends &= ends - 1) {
                    const WordSpan span{i + static_cast<unsigned>(__builtin_ctzll(starts)), i + static_cast<unsigned>(__builtin_ctzll(ends)) + 1};
                    // Lower case is | 0x20: ASCII letters and digits only here.
                    const unsigned b0 = static_cast<unsigned char>(text[span.begin]) | 0x20u;
                    const unsigned b1 = span.end - span.begin < 2 ? Highlighter::kNoSecond
                                                                  : static_cast<unsigned char>(text[span.begin + 1]) | 0x20u;
                    word(span, may(b0, b1));
                }
                i = next;
                continue;
            }
        }
        // Whole words from here until past this block (or to the end), one at a time.
        WordCursor cursor(text, i);
        const std::size_t until = std::min(text.size(), i + 64);
        WordSpan span;
        while (cursor.position() < until && cursor.next(span)) word(span, true);
        i = cursor.position();
    }
}

}  // namespace

std::uint32_t Highlighter::word_key_of(std::string_view word) {
    const unsigned b0 = lower_ascii(static_cast<unsigned char>(word[0]));
    if (b0 >= 0x80) return kAnyWord;
    const bool ascii_second = word.size() >= 2 && static_cast<unsigned char>(word[1]) < 0x80;
    return b0 * 257u + (ascii_second ? lower_ascii(static_cast<unsigned char>(word[1])) : kNoSecond);
}

std::vector<SnippetMatch> Highlighter::matches(std::string_view text) const {
    std::vector<Match> out;
    std::array<std::size_t, kLeadWords + 1> recent{};   // where the last words began
    std::size_t slot = 0;                                // recent[slot]: where word n begins
    std::size_t n = 0;                                   // words so far
    const auto may = [this](unsigned b0, unsigned b1) { return may_start_a_match(b0, b1); };
    scan_words(text, may, [&](WordSpan w, bool maybe) {
        const int id = maybe ? stem_of(text, w) : -1;
        recent[slot] = w.begin;
        if (id >= 0) {
            Match m{n, id, w, {}};
            for (std::size_t k = 0, at = slot; k <= kLeadWords && k <= n; ++k, at = at == 0 ? kLeadWords : at - 1) m.lead[k] = recent[at];
            out.push_back(m);
        }
        slot = slot == kLeadWords ? 0 : slot + 1;
        ++n;
    });
    return out;
}

std::vector<SnippetMatch> Highlighter::matches(std::string_view text, const PreparedBody& prepared) const {
    // Each distinct word is stemmed once, if its first two bytes can match at all (stem_of would
    // reject it on them), and then stands for all its occurrences.
    struct Found {
        std::uint32_t word;
        int stem;
        std::uint32_t length;
    };
    std::vector<Found> found;
    const auto& groups = prepared.groups_;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        // Only the groups of the stems' first letters can match (may_start_word), and kAnyWord's.
        if (groups[g].first != 256 && !first_letters_.test(groups[g].first)) continue;
        const std::uint32_t end = g + 1 < groups.size() ? groups[g + 1].second : static_cast<std::uint32_t>(prepared.by_first_.size());
        for (std::uint32_t at = groups[g].second; at < end; ++at) {
            const PreparedBody::Word& w = prepared.words_[prepared.by_first_[at]];
            if (!may_start_word(w.key)) continue;
            const std::size_t first = prepared.starts_[prepared.occurrences_[w.begin]];
            const int id = stem_of(text, WordSpan{first, first + w.length});
            if (id < 0) continue;
            for (std::uint32_t k = w.begin; k < w.end; ++k) found.push_back({prepared.occurrences_[k], id, w.length});
        }
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.word < b.word; });
    std::vector<Match> out;
    out.reserve(found.size());
    for (const Found& f : found) {
        const std::size_t n = f.word;
        Match m{n, f.stem, WordSpan{prepared.starts_[n], prepared.starts_[n] + f.length}, {}};
        for (std::size_t k = 0; k <= kLeadWords && k <= n; ++k) m.lead[k] = prepared.starts_[n - k];
        out.push_back(m);
    }
    return out;
}

PreparedBody::PreparedBody(const Article& a) : title_lines_(title_lines(a.body, a.title)) {
    const std::string_view text = a.body;
    std::unordered_map<std::string_view, std::uint32_t> distinct;
    std::vector<std::uint32_t> word_of;   // by word number: its distinct word
    scan_words(text, [](unsigned, unsigned) { return true; }, [&](WordSpan span, bool) {
        const std::string_view w = text.substr(span.begin, span.end - span.begin);
        const auto [at, added] = distinct.try_emplace(w, static_cast<std::uint32_t>(words_.size()));
        if (added) words_.push_back({Highlighter::word_key_of(w), static_cast<std::uint32_t>(w.size()), 0, 0});
        ++words_[at->second].end;   // counts its occurrences for now
        word_of.push_back(at->second);
        starts_.push_back(static_cast<std::uint32_t>(span.begin));
    });
    std::uint32_t next = 0;
    for (Word& w : words_) {
        w.begin = next;
        next += w.end;
        w.end = w.begin;   // filled below
    }
    occurrences_.resize(word_of.size());
    for (std::uint32_t n = 0; n < word_of.size(); ++n) occurrences_[words_[word_of[n]].end++] = n;
    // Grouped by first byte with a counting sort (one pass to count, one to place).
    const auto group = [](std::uint32_t key) { return key == Highlighter::kAnyWord ? 256u : key / 257u; };
    std::array<std::uint32_t, 258> start{};
    for (const Word& w : words_) ++start[group(w.key) + 1];
    for (std::size_t g = 1; g < start.size(); ++g) start[g] += start[g - 1];
    for (std::size_t g = 0; g + 1 < start.size(); ++g) {
        if (start[g + 1] > start[g]) groups_.emplace_back(static_cast<std::uint16_t>(g), start[g]);
    }
    by_first_.resize(words_.size());
    for (std::uint32_t i = 0; i < words_.size(); ++i) by_first_[start[group(words_[i].key)]++] = i;
}

std::size_t PreparedBody::bytes() const {
    return sizeof(*this) + title_lines_.capacity() * sizeof(title_lines_[0]) +
           (starts_.capacity() + occurrences_.capacity() + by_first_.capacity()) * sizeof(std::uint32_t) +
           words_.capacity() * sizeof(Word) + groups_.capacity() * sizeof(groups_[0]);
}

std::string Highlighter::mark_all(const std::string& text) const { return render(text, 0, text.size(), matches(text)); }

Snippet Highlighter::best_passage(const Article& a, std::size_t max_chars, const PreparedBody* prepared) const {
    const std::string& text = a.body;
    std::vector<std::pair<std::size_t, std::size_t>> scanned;
    const auto& skipped = prepared ? prepared->title_lines_ : (scanned = title_lines(text, a.title));
    std::vector<Match> found = prepared ? matches(text, *prepared) : matches(text);
    if (!skipped.empty()) {
        const auto in_title = [&skipped](const Match& m) {
            return std::any_of(skipped.begin(), skipped.end(), [&m](const auto& r) { return m.span.begin >= r.first && m.span.begin < r.second; });
        };
        found.erase(std::remove_if(found.begin(), found.end(), in_title), found.end());
    }

    // Score each window of kWindowWords words by distinct matched stems (plus a little for
    // repeats); keep the best, earliest on ties. A window's score only rises when a match enters
    // it, so only the windows ending at a match are scored.
    double best_score = 0;
    std::size_t begin = 0;       // where the best passage starts
    std::size_t first_hit = 0;   // where its first match starts
    std::vector<int> in_window(stems_.size());
    std::size_t distinct_in_window = 0;
    std::size_t hits_in_window = 0;
    std::size_t oldest = 0;   // the first match still in the window
    for (const Match& m : found) {
        for (; found[oldest].word + kWindowWords <= m.word; ++oldest) {
            if (--in_window[static_cast<std::size_t>(found[oldest].stem)] == 0) --distinct_in_window;
            --hits_in_window;
        }
        if (in_window[static_cast<std::size_t>(m.stem)]++ == 0) ++distinct_in_window;
        ++hits_in_window;
        const double score = static_cast<double>(distinct_in_window) + 0.1 * static_cast<double>(hits_in_window);
        if (score > best_score) {
            best_score = score;
            const std::size_t window_start = m.word + 1 >= kWindowWords ? m.word + 1 - kWindowWords : 0;
            const Match& first = found[oldest];
            const std::size_t start_word = first.word > kLeadWords + window_start ? first.word - kLeadWords : window_start;
            begin = first.lead[first.word - start_word];
            first_hit = first.span.begin;
        }
    }
    // Lead-in context stays within the paragraph of the first match (and so within its section).
    if (best_score > 0 && first_hit > begin) {
        const std::size_t nl = last_newline(text, begin, first_hit);
        if (nl != std::string::npos) begin = nl + 1;
    }
    // Start at a paragraph start when one is close by (within 40 bytes), or at the text's start
    // when it has no line break before `begin` and `begin` is that close to it. Only those 40
    // bytes are searched: a page without line breaks was scanned back to its start every time.
    const std::size_t near = begin >= 39 ? begin - 39 : 0;
    const std::size_t line_start = last_newline(text, near, std::min(text.size(), begin == 0 ? std::size_t{1} : begin));
    if (line_start != std::string::npos) begin = line_start + 1;
    else if (begin < 40) begin = 0;
    // Never start by repeating the title: past every title line at the start, or at `begin`.
    std::size_t content_start = 0;   // where the text after the leading title lines begins
    for (const auto& [from, to] : skipped) {
        if (from == content_start) content_start = to;
        if (from <= begin && begin < to) begin = to;
    }
    std::size_t end = std::min(text.size(), begin + max_chars);
    if (end < text.size()) {
        // End on a word boundary.
        const std::size_t space = text.find_last_of(" \n", end);
        if (space != std::string::npos && space > begin) end = space;
    }
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;
    Snippet s;
    s.html = (begin > content_start ? "…" : "") + render(text, begin, end, found) + (end < text.size() ? "…" : "");
    for (const Section& sec : a.sections) {
        if (sec.offset <= begin) {
            // A PDF page that starts no outline entry has no heading of its own: the heading
            // before it still applies, and the page's anchor says where the passage is.
            if (!sec.heading.empty()) s.heading = sec.heading;
            s.anchor = sec.anchor;
        }
    }
    return s;
}

}  // namespace lantern
