// abbreviations.cpp: Schwartz & Hearst's definition finder, the pair terms and the learned table.
#include "text/abbreviations.h"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#include "text/analysis.h"
#include "text/errors.h"
#include "text/revision_file.h"
#include "text/schema.h"
#include "text/thesaurus.h"

namespace lantern {
namespace {

constexpr std::size_t kMinShort = 2;  ///< Schwartz & Hearst: 2 to 10 characters
constexpr std::size_t kMaxShort = 10;
constexpr std::size_t kMaxInner = 120;        ///< bytes between "(" and ")"; longer is prose, not a definition
constexpr std::size_t kMaxWindow = 300;       ///< bytes before "(" searched for a long form
constexpr std::size_t kMaxPerText = 64;       ///< pairs kept from one text (bounds a pathological page)
constexpr std::size_t kMinShortBothWays = 3;  ///< letters a short form needs for its long form to expand to it

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
char lower(char c) {
    return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

std::size_t letters_in(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += is_alnum(c) ? 1u : 0u;
    return n;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::size_t count_words(std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool sep = is_space(c) || c == '-';
        if (!sep && !in) ++n;
        in = !sep;
    }
    return n;
}

/// A short form as the paper defines it (2-10 characters, the first a letter or digit, at least one
/// letter), plus, for web pages: one token of letters, digits and "-&/." ending in a letter or
/// digit ("TGF-" of an unreadable "TGF-β"), and at least two capitals.
/// The capitals rule keeps out "(see above)", "(e.g. ...)", "(n = 23)", "(mg)" and words in
/// parentheses generally; real abbreviations (SSP, PWID, HIV, MOUD, IgG) keep it. `sf` is singular.
bool valid_short_form(std::string_view sf) {
    if (sf.size() < kMinShort || sf.size() > kMaxShort || !is_alnum(sf.front()) || !is_alnum(sf.back())) return false;
    std::size_t capitals = 0;
    for (char c : sf) {
        if (!is_alnum(c) && c != '-' && c != '&' && c != '/' && c != '.') return false;
        capitals += is_upper(c) ? 1u : 0u;
    }
    return capitals >= 2;
}

/// "SEPs" -> "SEP": a lower-case "s" after a capital is a plural, not a letter of the abbreviation.
std::string_view singular_short(std::string_view sf, bool& plural) {
    plural = sf.size() >= 3 && sf.back() == 's' && is_upper(sf[sf.size() - 2]);
    return plural ? sf.substr(0, sf.size() - 1) : sf;
}

/// Schwartz & Hearst's findBestLongForm: the short form's letters and digits matched right to left
/// in `text`, the first one at the start of a word; the shortest long form ending at the text's
/// end, or "" when there is none.
std::string_view best_long_form(std::string_view sf, std::string_view text) {
    std::ptrdiff_t l = static_cast<std::ptrdiff_t>(text.size()) - 1;
    for (std::ptrdiff_t s = static_cast<std::ptrdiff_t>(sf.size()) - 1; s >= 0; --s) {
        const char c = lower(sf[static_cast<std::size_t>(s)]);
        if (!is_alnum(c)) continue;
        while (l >= 0 && (lower(text[static_cast<std::size_t>(l)]) != c ||
                          (s == 0 && l > 0 && is_alnum(text[static_cast<std::size_t>(l - 1)])))) {
            --l;
        }
        if (l < 0) return {};
        --l;
    }
    // The long form starts where the first letter matched. (The paper's code goes back to a space:
    // "non-emergency department (ED)" would keep "non-", and "delta-9-tetrahydrocannabinol (THC)"
    // start with "9".)
    return text.substr(static_cast<std::size_t>(l + 1));
}

/// Before the paper's letter match: the fewest last words of `text` whose initials spell the short
/// form, its first letter the first word's and its last letter the last word's, other words
/// skipped ("men who have sex with men (MSM)"). The paper's shortest match takes the letters
/// anywhere and so cuts "syringe services programs (SSPs)" to "services programs" (its "s" and
/// "p"); initials get all three words. "" when the initials do not spell it.
std::string_view initials_long_form(std::string_view sf, std::string_view text, std::size_t max_words) {
    std::string letters;
    for (char c : sf) {
        if (is_alnum(c)) letters.push_back(lower(c));
    }
    if (letters.size() < 2) return {};
    // Word starts from the end: a word is a run of characters other than spaces and hyphens.
    std::vector<std::size_t> starts;
    std::size_t i = text.size();
    while (i > 0 && starts.size() < max_words) {
        while (i > 0 && (is_space(text[i - 1]) || text[i - 1] == '-')) --i;
        if (i == 0) break;
        while (i > 0 && !is_space(text[i - 1]) && text[i - 1] != '-') --i;
        starts.push_back(i);
    }
    auto initial = [&](std::size_t w) {  // w counts from the last word (0)
        const std::size_t at = starts[w];
        return at < text.size() ? lower(text[at]) : '\0';
    };
    if (starts.empty() || initial(0) != letters.back()) return {};
    for (std::size_t first = 1; first < starts.size(); ++first) {
        if (initial(first) != letters.front()) continue;
        // letters[1 .. n-2] in order among the initials of the words between `first` and the last.
        std::size_t want = letters.size() - 2;  // index of the next letter to find, from the end
        for (std::size_t w = 1; w < first && want > 0; ++w) {
            if (initial(w) == letters[want]) --want;
        }
        if (want == 0) return text.substr(starts[first]);
    }
    return {};
}

/// Text before `open` back to the start of its sentence, clause or parenthesis (at most kMaxWindow bytes).
std::string_view window_before(std::string_view text, std::size_t open) {
    std::size_t start = open;
    while (start > 0 && open - start < kMaxWindow) {
        const char c = text[start - 1];
        if (c == '\n' || c == '(' || c == ')' || c == '[' || c == ']' || c == ';' || c == ':' || c == '!' || c == '?')
            break;
        if (c == '.' && start < text.size() && is_space(text[start])) break;  // a sentence's end
        --start;
    }
    return text.substr(start, open - start);
}

/// The last whole token of `text` (the word just before a parenthesis).
std::string_view last_token(std::string_view text) {
    text = trim(text);
    std::size_t start = text.size();
    while (start > 0 && !is_space(text[start - 1])) --start;
    return text.substr(start);
}

/// True when `word` (folded) occurs as a whole word of `phrase` (folded, space-separated).
bool has_word(const std::string& phrase, const std::string& word) {
    return (" " + phrase + " ").find(" " + word + " ") != std::string::npos;
}

/// True when `text` has the short form in lower case as a word of its own: "ALL (acute lymphoblastic
/// leukemia)" on a page that also says "all", "MEN", "NAME": an ordinary word, which as a thesaurus
/// entry would expand every query that uses it (the thesaurus matches words folded to lower case).
bool used_as_ordinary_word(std::string_view text, std::string_view sf) {
    std::string word;
    for (char c : sf) word.push_back(lower(c));
    // A word in prose: after a space or an opening mark, before a space or a closing mark ("." only
    // at a sentence's end), so that addresses ("www.cdc.gov") and "co-infection" do not count.
    auto opens = [](char c) { return is_space(c) || c == '(' || c == '"' || c == '\''; };
    auto closes = [&](std::size_t end) {
        if (end == text.size() || is_space(text[end])) return true;
        const char c = text[end];
        if (c == '.') return end + 1 == text.size() || is_space(text[end + 1]);
        return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == '"' || c == '\'';
    };
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        if ((at == 0 || opens(text[at - 1])) && closes(at + word.size())) return true;
    }
    return false;
}

/// Checks a candidate (the paper's rules, then ours) and returns the pair, or an empty one.
/// `whole`: the long form must be all of the candidate (it was the parenthesis of "SF (long form)":
/// "SSP (see the syringe services program)" is no definition).
AbbreviationPair accept(std::string_view written_sf, std::string_view candidate, bool whole) {
    bool plural = false;
    const std::string_view sf = singular_short(trim(written_sf), plural);
    if (!valid_short_form(sf)) return {};
    candidate = trim(candidate);
    const std::size_t letters = letters_in(sf);
    const std::size_t max_words = std::min(letters + 5, 2 * letters);  // the paper's limit
    std::string_view found = initials_long_form(sf, candidate, max_words);
    if (found.empty()) found = trim(best_long_form(sf, candidate));
    if (found.empty() || found.size() <= sf.size() || (whole && found.size() != candidate.size())) return {};
    const std::size_t words = count_words(found);
    // Ours: at least two words (a single word holding every letter, "embedded (ED)", is a
    // coincidence far more often than a definition).
    if (words > max_words || words < 2) return {};
    std::string long_form = phrase_key(found);
    const std::string sf_key = phrase_key(sf);
    if (long_form.empty() || sf_key.empty() || has_word(long_form, sf_key)) return {};  // "HIV infection (HIV)"
    const std::size_t first_space = long_form.find(' ');
    if (analysis::is_stopword(long_form.substr(0, first_space))) return {};  // "the tested (TT)"
    if (plural) {
        const std::size_t last_space = long_form.rfind(' ');
        long_form = long_form.substr(0, last_space + 1) + analysis::singular_form(long_form.substr(last_space + 1));
    }
    return {std::string(sf), long_form};
}

}  // namespace

std::vector<AbbreviationPair> find_abbreviations(std::string_view text) {
    std::vector<AbbreviationPair> pairs;
    for (std::size_t open = text.find('('); open != std::string_view::npos && pairs.size() < kMaxPerText;
         open = text.find('(', open + 1)) {
        std::size_t close = open + 1;
        while (close < text.size() && close - open <= kMaxInner && text[close] != ')' && text[close] != '(' &&
               text[close] != '\n')
            ++close;
        if (close >= text.size() || text[close] != ')') continue;
        std::string_view inner = trim(text.substr(open + 1, close - open - 1));
        // "(SSPs; ref. 4)", "(SSP, 2019)": the paper keeps what comes before "; " or ", ".
        for (const char* cut : {"; ", ", "}) {
            const std::size_t at = inner.find(cut);
            if (at != std::string_view::npos) inner = trim(inner.substr(0, at));
        }
        if (inner.empty()) continue;
        const std::string_view before = window_before(text, open);
        const bool one_token = inner.find_first_of(" \t\r\n") == std::string_view::npos;
        const AbbreviationPair pair = one_token ? accept(inner, before, false)              // long form (SF)
                                                : accept(last_token(before), inner, true);  // SF (long form)
        if (pair.short_form.empty() || std::find(pairs.begin(), pairs.end(), pair) != pairs.end()) continue;
        if (used_as_ordinary_word(text, pair.short_form)) continue;
        pairs.push_back(pair);
    }
    return pairs;
}

std::string abbreviation_term(const AbbreviationPair& pair) {
    return schema::abbreviation_term(pair.short_form, pair.long_form);
}

std::string AbbreviationSettings::to_stored() const {
    return nlohmann::json{{"learn", learn}, {"min_documents", min_documents}, {"veto", veto}}.dump();
}

AbbreviationSettings AbbreviationSettings::from_stored(const std::string& data) {
    AbbreviationSettings s;
    if (data.empty()) return s;
    // Parsed without exceptions, and every field's type checked before it is read: damage is
    // expected here (a value written by hand, a truncated table), not exceptional.
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    const auto field = [&j](const char* key) { return j.is_object() && j.contains(key) ? j[key] : nlohmann::json(); };
    const nlohmann::json learn = field("learn"), min_documents = field("min_documents"), veto = field("veto");
    const bool strings =
        veto.is_array() && std::all_of(veto.begin(), veto.end(), [](const nlohmann::json& v) { return v.is_string(); });
    if (!learn.is_boolean() || !min_documents.is_number_unsigned() || !strings) {
        throw BadIndex("the abbreviation settings stored in the index are damaged; rebuild the index");
    }
    s.learn = learn.get<bool>();
    s.min_documents = min_documents.get<std::size_t>();
    s.veto = veto.get<std::vector<std::string>>();
    return s;
}

std::vector<LearnedAbbreviation> select_abbreviations(const std::vector<std::pair<std::string, std::size_t>>& terms,
                                                      const AbbreviationSettings& settings) {
    const std::set<std::string> veto(settings.veto.begin(), settings.veto.end());
    // Short forms are grouped folded ("SEP" and "Sep" are one), shown as the commonest spelling.
    std::map<std::string, std::vector<LearnedAbbreviation>> by_short;
    for (const auto& [term, documents] : terms) {
        if (documents < std::max<std::size_t>(1, settings.min_documents)) continue;
        auto pair = schema::abbreviation_of(term);
        if (!pair) continue;
        LearnedAbbreviation a{std::move(pair->first), std::move(pair->second), documents, false};
        const std::string key = phrase_key(a.short_form);
        if (key.empty() || a.long_form.empty() || analysis::is_stopword(key)) continue;
        a.vetoed = veto.count(key) != 0 || veto.count(a.long_form) != 0;
        by_short[key].push_back(std::move(a));
    }
    std::vector<LearnedAbbreviation> table;
    for (auto& [key, candidates] : by_short) {
        // Spellings of one pair ("SEP", "Sep") add up before long forms compete.
        std::map<std::string, LearnedAbbreviation> by_long;
        for (LearnedAbbreviation& c : candidates) {
            auto [at, added] = by_long.try_emplace(c.long_form, c);
            if (!added) {
                if (c.documents > at->second.documents) at->second.short_form = c.short_form;
                at->second.documents += c.documents;
            }
        }
        const auto best = std::min_element(by_long.begin(), by_long.end(), [](const auto& a, const auto& b) {
            if (a.second.documents != b.second.documents) return a.second.documents > b.second.documents;
            return a.first.size() < b.first.size();  // then the shorter; map order breaks the rest
        });
        table.push_back(best->second);
    }
    return table;
}

std::vector<LearnedAbbreviation> learned_abbreviations(const Xapian::Database& db,
                                                       const AbbreviationSettings& settings) {
    std::vector<std::pair<std::string, std::size_t>> terms;
    const std::string prefix = schema::kPrefixAbbreviation;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && terms.size() < kMaxAbbreviationTerms;
         ++t) {
        terms.emplace_back(*t, t.get_termfreq());
    }
    return select_abbreviations(terms, settings);
}

void add_learned_abbreviations(const Xapian::Database& db, Thesaurus& thesaurus) {
    const AbbreviationSettings settings =
        AbbreviationSettings::from_stored(db.get_metadata(schema::kMetaAbbreviations));
    if (!settings.learn) return;
    std::vector<std::pair<std::string, std::string>> expansions;
    for (const LearnedAbbreviation& a : learned_abbreviations(db, settings)) {
        if (a.vetoed) continue;
        // The stemmer leaves plurals of abbreviations alone ("SSPs" is indexed as "ssps", its own
        // stem): a page about SSPs should answer "SSP", and the other way round.
        const std::string plural = a.short_form + "s";
        for (const std::string& form : {a.short_form, plural}) expansions.emplace_back(form, a.long_form);
        expansions.emplace_back(a.short_form, plural);
        expansions.emplace_back(plural, a.short_form);
        // The long form finds the short one only when it has three letters or more: two-letter
        // abbreviations mean too many things ("infective endocarditis" found lymphoma pages through
        // stage "IE", "necrotizing fasciitis" neurofibromatosis through "NF": docs/relevance.md).
        if (letters_in(a.short_form) >= kMinShortBothWays) {
            expansions.emplace_back(a.long_form, a.short_form);
            expansions.emplace_back(a.long_form, plural);
        }
    }
    thesaurus.add_learned(expansions);
}

Thesaurus compile_vocabulary(const Xapian::Database& db) {
    Thesaurus t = Thesaurus::from_stored(db.get_metadata(schema::kMetaThesaurus));
    add_learned_abbreviations(db, t);   // the collection's own abbreviations, after the librarian's
    return t;
}

std::string vocabulary_path(const std::string& folder) { return folder + "/vocabulary.lantern"; }

void write_vocabulary_file(const std::string& path, const Xapian::Database& db) {
    if (map_revision_file(path, kVocabularyFileKind, db)) return;
    const std::string compiled = db.get_metadata(schema::kMetaVocabulary);
    if (!compiled.empty()) write_revision_file(path, kVocabularyFileKind, db, {compiled});
}

Thesaurus open_vocabulary(const Xapian::Database& db, const std::string& file) {
    if (!file.empty()) {
        if (std::optional<RevisionPayload> mapped = map_revision_file(file, kVocabularyFileKind, db)) {
            return Thesaurus::from_compiled(mapped->bytes, std::move(mapped->owner));
        }
    }
    std::string compiled = db.get_metadata(schema::kMetaVocabulary);
    return compiled.empty() ? compile_vocabulary(db) : Thesaurus::from_compiled(std::move(compiled));
}

AbbreviationsReport abbreviations_report(const Xapian::Database& db) {
    const AbbreviationSettings settings =
        AbbreviationSettings::from_stored(db.get_metadata(schema::kMetaAbbreviations));
    AbbreviationsReport r{settings.learn, settings.min_documents, settings.veto, learned_abbreviations(db, settings)};
    std::stable_sort(r.learned.begin(), r.learned.end(),
                     [](const auto& a, const auto& b) { return a.documents > b.documents; });
    return r;
}

std::string abbreviations_report_text(const AbbreviationsReport& r) {
    std::ostringstream out;
    out << "Abbreviations the pages define (on at least " << r.min_documents << " pages): " << r.learned.size()
        << (r.learning ? "" : ", not used: learn_abbreviations = false") << "\n";
    for (const LearnedAbbreviation& a : r.learned) {
        out << "  " << a.short_form << " = " << a.long_form << "  (" << a.documents << " pages)"
            << (a.vetoed ? "  vetoed" : "") << "\n";
    }
    return out.str();
}

}  // namespace lantern
