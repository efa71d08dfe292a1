// thesaurus.cpp: parsing the line format and longest-match lookup.
#include "text/thesaurus.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "text/analysis.h"
#include "text/article.h"
#include "text/utf8.h"
#include "text/errors.h"

namespace lantern {

std::string match_key(const std::string& phrase) {
    std::string key;
    for (std::size_t at = 0; at < phrase.size();) {
        const std::size_t end = std::min(phrase.find(' ', at), phrase.size());
        const bool inside = at > 0 && end < phrase.size();
        if (!inside || !analysis::is_stopword(phrase.substr(at, end - at))) {
            if (!key.empty()) key += ' ';
            key.append(phrase, at, end - at);
        }
        at = end + 1;
    }
    return key;
}

namespace {

/// A variant written in capitals ("OUD", "PWID", "U=U", plural "IDUs") is an abbreviation: the
/// file's convention is lower case for everything else.
bool written_as_abbreviation(const std::string& raw) {
    std::string text = collapse_space(raw);
    if (text.size() > 2 && text.back() == 's' && std::isupper(static_cast<unsigned char>(text[text.size() - 2]))) text.pop_back();
    int letters = 0;
    for (const char c : text) {
        if (std::islower(static_cast<unsigned char>(c))) return false;
        if (std::isupper(static_cast<unsigned char>(c))) ++letters;
    }
    return letters >= 2;
}

/// True when phrases `a` and `b` have the same words but for grammatical number.
bool same_but_number(const std::string& a, const std::string& b) {
    std::istringstream as(a);
    std::istringstream bs(b);
    std::string x;
    std::string y;
    while (as >> x) {
        if (!(bs >> y)) return false;
        if (x == y) continue;
        const std::vector<std::string> forms = analysis::number_forms(x);
        if (std::find(forms.begin(), forms.end(), y) == forms.end()) return false;
    }
    return !(bs >> y);
}

}  // namespace

void Thesaurus::add(const std::string& from, const std::string& to) {
    if (from.empty() || to.empty() || from == to) return;
    std::vector<std::string>& list = table_[from];
    if (list.size() < kMaxExpansions && std::find(list.begin(), list.end(), to) == list.end()) list.push_back(to);
}

Thesaurus Thesaurus::parse(const std::string& text, const std::string& name) {
    Thesaurus t;
    std::map<std::string, std::vector<std::string>> equivalents;   // term -> its two-way variants
    std::map<std::string, std::vector<std::string>> wordings;      // term -> its several-word variants
    std::vector<std::pair<std::string, std::string>> abbreviations;   // (abbreviation, its term)
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const std::size_t hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        if (collapse_space(line).empty()) continue;
        const std::size_t one_way = line.find("<-");
        const std::size_t two_way = line.find('=');
        const bool is_one_way = one_way != std::string::npos && (two_way == std::string::npos || one_way < two_way);
        const std::size_t at = is_one_way ? one_way : two_way;
        const std::string where = name + ":" + std::to_string(n) + ": ";
        // Word splitting assumes UTF-8, and the index stores the thesaurus as JSON, which must be.
        if (!is_valid_utf8(line)) throw BadInput(where + "not UTF-8 text (save the file as UTF-8)");
        if (at == std::string::npos) throw BadInput(where + "expected 'TERM = VARIANT, ...' or 'TERM <- VARIANT, ...'");
        const std::string term = phrase_key(line.substr(0, at));
        const std::vector<std::string> variants = split_list(line.substr(at + (is_one_way ? 2 : 1)));
        if (term.empty()) throw BadInput(where + "no term before '" + (is_one_way ? "<-" : "=") + "'");
        if (variants.empty()) throw BadInput(where + "no variants after '" + (is_one_way ? "<-" : "=") + "'");
        for (const std::string& v : variants) {
            const std::string variant = phrase_key(v);
            if (variant.empty()) throw BadInput(where + "an empty variant");
            t.add(match_key(variant), term);
            if (variant.find(' ') != std::string::npos) wordings[term].push_back(variant);
            if (written_as_abbreviation(v)) abbreviations.emplace_back(match_key(variant), term);
            if (!is_one_way) {
                t.add(match_key(term), variant);
                equivalents[term].push_back(variant);
            }
        }
    }
    // What a phrase means, its equivalents mean too: a variant that leads to a term also leads to
    // the term's two-way variants ("SEP" -> syringe services program = syringe exchange program,
    // needle exchange, ...), so an abbreviation or slang word finds pages written in any of the
    // term's equivalent wordings, not only the one its line names.
    std::vector<std::pair<std::string, std::string>> implied;
    for (const auto& [from, tos] : t.table_) {
        for (const std::string& to : tos) {
            const auto it = equivalents.find(to);
            if (it == equivalents.end()) continue;
            for (const std::string& e : it->second) {
                if (match_key(e) != from) implied.emplace_back(from, e);
            }
        }
    }
    // An abbreviation stands for its term in every wording, so it also finds the term's other
    // several-word variants, one-way ones included ("OUD" -> opioid use disorder, and the pages
    // that say opioid dependence or opioid addiction). A term or a lay variant typed as written
    // does not: those keep the wording the user chose (docs/relevance.md, issue 16 second round).
    for (const auto& [abbreviation, term] : abbreviations) {
        for (const std::string& w : wordings[term]) implied.emplace_back(abbreviation, w);
    }
    for (const auto& [from, to] : implied) t.add(from, to);
    return t;
}

Thesaurus Thesaurus::load_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw BadInput("cannot read thesaurus " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

std::string Thesaurus::to_stored() const {
    return (compiled_.empty() ? nlohmann::json(table_) : nlohmann::json(table())).dump();
}

Thesaurus Thesaurus::from_stored(const std::string& data) {
    Thesaurus t;
    if (data.empty()) return t;
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw BadIndex("the thesaurus stored in the index is damaged; rebuild the index");
    for (const auto& [from, tos] : j.items()) {
        for (const auto& to : tos) t.add(from, to.get<std::string>());
    }
    return t;
}

std::string Thesaurus::to_compiled() const {
    if (!compiled_.empty()) return std::string(compiled_);
    std::string out;
    for (const auto& [from, tos] : table_) {
        out += from;
        for (const std::string& to : tos) out += '\t' + to;
        out += '\n';
    }
    return out;
}

namespace {

BadIndex damaged_vocabulary() {
    return BadIndex("the vocabulary stored in the index is damaged; rebuild the index");
}

}  // namespace

Thesaurus Thesaurus::from_compiled(std::string data) {
    auto owned = std::make_shared<const std::string>(std::move(data));
    const std::string_view text = *owned;
    return from_compiled(text, std::move(owned));
}

Thesaurus Thesaurus::from_compiled(std::string_view data, std::shared_ptr<const void> owner) {
    // Written by to_compiled from a table already folded, deduplicated, capped and sorted. Nothing
    // is read now (an index of where each line starts was an eighth of a command-line lookup):
    // lookups bisect the text itself, and a damaged line is found when a lookup reads it. Only
    // the ends are checked here: a text cut short, or one that does not start with a phrase.
    if (data.size() > UINT32_MAX) throw damaged_vocabulary();
    if (!data.empty()) {
        const std::size_t tab = data.find('\t');
        if (data.back() != '\n' || tab == 0 || tab > data.find('\n')) throw damaged_vocabulary();
    }
    Thesaurus t;
    t.compiled_ = data;
    t.owner_ = std::move(owner);
    return t;
}

std::size_t Thesaurus::size() const {
    if (compiled_.empty()) return table_.size();
    std::size_t lines = 0;
    for (std::size_t start = 0; start < compiled_.size(); start = compiled_.find('\n', start) + 1, ++lines) {
        (void)phrase_at(start);   // every line is read: a damaged one throws
    }
    return lines;
}

std::string_view Thesaurus::phrase_at(std::size_t start) const {
    const std::size_t end = compiled_.find('\n', start);
    const std::size_t tab = compiled_.find('\t', start);
    if (tab >= end || tab == start) throw damaged_vocabulary();
    return std::string_view(compiled_).substr(start, tab - start);
}

std::size_t Thesaurus::first_line_from(std::string_view key) const {
    // Bisects byte offsets, as look(1) does: every line starting before `lo` sorts before key,
    // and `hi` is the text's end or a line that does not. A probe reads the first line that starts
    // at or after the midpoint (a forward memchr); when none starts before `hi`, the few lines
    // from `lo` are read in turn.
    const std::size_t size = compiled_.size();
    std::size_t lo = 0;
    std::size_t hi = size;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const std::size_t probe = mid == lo ? lo : compiled_.find('\n', mid - 1) + 1;
        if (probe >= hi) {
            while (lo < hi && phrase_at(lo) < key) lo = compiled_.find('\n', lo) + 1;
            return lo;
        }
        if (phrase_at(probe) < key) {
            lo = compiled_.find('\n', probe) + 1;
        } else {
            hi = probe;
        }
    }
    return lo;
}

bool Thesaurus::has_phrase_starting(const std::string& words) const {
    const std::string prefix = words + ' ';
    if (compiled_.empty()) {
        const auto it = table_.lower_bound(prefix);
        return it != table_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
    }
    const std::size_t start = first_line_from(prefix);
    return start < compiled_.size() && phrase_at(start).substr(0, prefix.size()) == prefix;
}

std::vector<std::string> Thesaurus::expansions_of(const std::string& phrase) const {
    if (compiled_.empty()) {
        const auto it = table_.find(phrase);
        return it == table_.end() ? std::vector<std::string>() : it->second;
    }
    const std::size_t start = first_line_from(phrase);
    if (start == compiled_.size() || phrase_at(start) != phrase) return {};
    const std::string_view line = std::string_view(compiled_).substr(start, compiled_.find('\n', start) - start);
    std::vector<std::string> tos;
    for (std::size_t tab = line.find('\t'); tab != std::string_view::npos;) {
        const std::size_t next = line.find('\t', tab + 1);
        tos.emplace_back(line.substr(tab + 1, (next == std::string_view::npos ? line.size() : next) - tab - 1));
        tab = next;
    }
    return tos;
}

Thesaurus::Table Thesaurus::table() const {
    Table table;
    for (std::size_t start = 0; start < compiled_.size(); start = compiled_.find('\n', start) + 1) {
        const std::string phrase(phrase_at(start));
        table.emplace_hint(table.end(), phrase, expansions_of(phrase));
    }
    return table;
}

void Thesaurus::add_learned(const std::vector<std::pair<std::string, std::string>>& expansions) {
    if (!compiled_.empty()) {   // back to a table, which add() extends
        table_ = table();
        compiled_ = {};
        owner_.reset();
    }
    std::set<std::string> learned;   // phrases expanded here rather than by the librarian's file
    for (const auto& [from, to] : expansions) {
        const std::string key = match_key(phrase_key(from));
        if (table_.count(key) != 0 && learned.count(key) == 0) continue;   // the file's entry wins
        learned.insert(key);
        add(key, phrase_key(to));
    }
}

std::vector<ThesaurusMatch> Thesaurus::find(const std::vector<Word>& words) const {
    // Longest match first: a phrase grows by a word only while some entry starts with it, so a
    // lookup costs a few bisections per word whatever the longest entry. An entry of several words
    // also matches with its words in the other number ("blown veins" finds "blown vein", "track
    // mark" finds "track marks"): a file cannot list every combination, and the typed words keep
    // their own form in the match. A single word must match as written, since slang often differs
    // from an everyday word by number alone ("works", "points", "bars").
    struct Prefix {
        std::string key;   // as the table may hold it
        bool as_typed;     // every word as written
    };
    std::vector<std::vector<std::string>> forms(words.size());   // each word as typed, then in the other number
    for (std::size_t k = 0; k < words.size(); ++k) {
        forms[k] = {words[k].key};
        for (std::string& f : analysis::number_forms(words[k].key)) forms[k].push_back(std::move(f));
    }
    std::vector<ThesaurusMatch> found;
    for (std::size_t i = 0; i < words.size();) {
        std::string typed;
        ThesaurusMatch best{i, 0, {}, {}};
        bool best_as_typed = false;
        std::vector<Prefix> prefixes{{"", true}};
        for (std::size_t k = i; k < words.size() && !prefixes.empty(); ++k) {
            typed += (k == i ? "" : " ") + words[k].key;
            std::vector<Prefix> longer;
            for (const Prefix& p : prefixes) {
                for (std::size_t f = 0; f < forms[k].size(); ++f) {
                    Prefix next{p.key + (k == i ? "" : " ") + forms[k][f], p.as_typed && f == 0};
                    const bool can_match = next.as_typed || k > i;
                    if (can_match && (best.count < k - i + 1 || (next.as_typed && !best_as_typed))) {
                        std::vector<std::string> expansions = expansions_of(next.key);
                        // Matched in the other number, the typed words are no expansion of themselves.
                        if (!next.as_typed) {
                            const auto itself = [&](const std::string& e) { return same_but_number(e, typed); };
                            expansions.erase(std::remove_if(expansions.begin(), expansions.end(), itself), expansions.end());
                        }
                        if (!expansions.empty()) {
                            best = {i, k - i + 1, typed, std::move(expansions)};
                            best_as_typed = next.as_typed;
                        }
                    }
                    if (k + 1 < words.size() && has_phrase_starting(next.key)) longer.push_back(std::move(next));
                }
            }
            prefixes = std::move(longer);
        }
        if (best.count == 0) {
            ++i;
            continue;
        }
        i += best.count;
        found.push_back(std::move(best));
    }
    return found;
}

}  // namespace lantern
