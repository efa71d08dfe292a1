// analysis.cpp: stemmer, stopwords and parser flags shared by indexing, querying and snippets.
#include "text/analysis.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "text/schema.h"
#include "text/text_fold.h"

namespace lantern::analysis {
namespace {

// Common English function words, sorted (is_stopword uses binary search). Kept short on purpose: health queries need words such as
// "not" ("not breathing") and "off", which longer lists drop.
constexpr const char* kStopwords[] = {
    "a",    "about", "an",   "and",  "are",   "as",    "at",   "be",    "been", "but",
    "by",   "can",   "could", "did", "do",    "does",  "for",  "from",  "had",  "has",
    "have", "how",   "i",    "if",   "in",    "into",  "is",   "it",    "its",  "me",
    "my",   "of",    "on",   "or",   "our",   "should", "so",  "than",  "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to",   "was",
    "we",   "were",  "what", "when", "where", "which", "who",  "why",   "will", "with",
    "would", "you",  "your",
};

Xapian::Stopper* new_stopper() {
    // release(): the TermGenerator/QueryParser then owns and frees it (Xapian 1.4 idiom), so no
    // stopper object is shared between threads.
    return (new Xapian::SimpleStopper(std::begin(kStopwords), std::end(kStopwords)))->release();
}

/// A facet typed in query syntax (`topic:MRSA`) searches the term its value normalises to, as the
/// same value given as a filter does (schema::facet_term).
class FacetField : public Xapian::FieldProcessor {
public:
    explicit FacetField(schema::Facet facet) : facet_(facet) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::facet_term(facet_, value));
    }

private:
    schema::Facet facet_;
};

}  // namespace

Xapian::Stem stemmer() { return Xapian::Stem("english"); }

bool is_stopword(const std::string& word) {
    return std::binary_search(std::begin(kStopwords), std::end(kStopwords), word,
                              [](const std::string& a, const std::string& b) { return a < b; });
}

std::string index_form(const std::string& text) { return fold_accents(text); }

Xapian::TermGenerator make_term_generator() {
    Xapian::TermGenerator tg;
    tg.set_stemmer(stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_stopper(new_stopper());
    // Stopwords keep their unstemmed, positional terms (phrases such as "not breathing" still work)
    // but get no stemmed Z-terms, which would only bloat the index.
    tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
    return tg;
}

Xapian::QueryParser make_query_parser(const Xapian::Database& db) {
    Xapian::QueryParser qp;
    qp.set_stemmer(stemmer());
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(new_stopper());
    qp.set_database(db);
    qp.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    // The fields users may type (schema::kPrefixes); a facet's value is normalised as a filter's.
    for (const schema::PrefixInfo& p : schema::kPrefixes) {
        if (*p.field == '\0') continue;
        if (p.kind != schema::TermKind::Boolean) {
            qp.add_prefix(p.field, p.prefix);
            continue;
        }
        const auto facet =
            std::find_if(std::begin(schema::kFacets), std::end(schema::kFacets),
                         [&](const schema::FacetInfo& f) { return std::string_view(f.prefix) == p.prefix; });
        if (facet == std::end(schema::kFacets)) {
            qp.add_boolean_prefix(p.field, p.prefix);
        } else {
            qp.add_boolean_prefix(p.field, (new FacetField(facet->facet))->release());
        }
    }
    // reviewed:2025-01-01..2026-06-30 (open ends allowed) on the date slot filters also use.
    qp.add_rangeprocessor((new Xapian::DateRangeProcessor(schema::kSlotDate, "reviewed:"))->release());
    return qp;
}

std::string title_key(const std::string& text) {
    const Xapian::Stem stem = stemmer();
    std::vector<std::string> stems;
    for (const Word& w : split_words(fold_accents(text))) {
        if (is_stopword(w.key)) continue;
        stems.push_back(!w.key.empty() && w.key[0] >= '0' && w.key[0] <= '9' ? w.key : stem(w.key));
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    if (stems.empty() || stems.size() > schema::kTitleKeyWords) return {};
    std::string key;
    for (const std::string& s : stems) key += (key.empty() ? "" : " ") + s;
    return schema::title_key_term(key);
}

namespace {

bool ends_with(const std::string& w, std::string_view e) {
    return w.size() > e.size() && w.compare(w.size() - e.size(), e.size(), e) == 0;
}

/// A regular plural of more than three letters ("gas", "bus", "ods", "status", "diagnosis" are not).
bool looks_plural(const std::string& w) {
    return w.size() > 3 && ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is");
}

}  // namespace

std::string singular_form(const std::string& w) {
    if (!looks_plural(w)) return w;
    if (ends_with(w, "ies") && w.size() > 4) return w.substr(0, w.size() - 3) + "y";
    for (const char* es : {"sses", "xes", "zes", "ches", "shes"}) {
        if (ends_with(w, es)) return w.substr(0, w.size() - 2);
    }
    return w.substr(0, w.size() - 1);
}

std::vector<std::string> number_forms(const std::string& w) {
    if (w.size() < 2 || (w[0] >= '0' && w[0] <= '9')) return {};
    if (looks_plural(w)) return {singular_form(w)};
    if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us")) return {};   // "ods", "diagnosis": none known
    if (ends_with(w, "y") && std::string_view("aeiou").find(w[w.size() - 2]) == std::string_view::npos) {
        return {w.substr(0, w.size() - 1) + "ies"};
    }
    const bool sibilant = ends_with(w, "s") || ends_with(w, "x") || ends_with(w, "z") || ends_with(w, "ch") || ends_with(w, "sh");
    return {w + (sibilant ? "es" : "s")};
}

unsigned query_flags() {
    return Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
           Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
           Xapian::QueryParser::FLAG_PURE_NOT;
}

unsigned snippet_flags() {
    return Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE;
}

}  // namespace lantern::analysis
