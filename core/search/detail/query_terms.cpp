// query_terms.cpp: word and phrase queries as the index stores them (query_terms.h).
#include "search/detail/query_terms.h"

#include <set>
#include <sstream>

#include "text/analysis.h"
#include "text/schema.h"

namespace lantern {

namespace {

/// A plain word's term and what the highlighter looks for when it is searched: its stem, or the
/// word itself for numbers, which the indexer stores unstemmed only.
struct Searched {
    std::string term;
    std::string highlight;
};

Searched searched(const std::string& key, const Xapian::Stem& stem) {
    if (!key.empty() && key[0] >= '0' && key[0] <= '9') return {key, key};
    std::string s = stem(key);
    return {schema::stemmed_term(s), s};
}

}  // namespace

std::string word_term(const std::string& key, const Xapian::Stem& stem) {
    return searched(key, stem).term;
}

Xapian::Query words_query(const std::string& phrase, const Xapian::Stem& stem, std::vector<std::string>& highlight) {
    std::vector<Xapian::Query> parts;
    std::istringstream in(phrase);
    for (std::string w; in >> w;) {
        if (analysis::is_stopword(w)) continue;
        Searched t = searched(w, stem);
        parts.emplace_back(t.term);
        highlight.push_back(std::move(t.highlight));
    }
    if (parts.empty()) return Xapian::Query();
    return parts.size() == 1 ? parts[0] : Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query held_forms(const std::string& w, const Xapian::Database& db) {
    // Sorted, so that "drug user" and "drug users" build the same query and can be merged.
    std::set<std::string> held;
    std::vector<std::string> candidates = analysis::number_forms(w);
    candidates.push_back(w);
    for (const std::string& f : candidates) {
        if (held.count(f) == 0 && db.term_exists(f)) held.insert(f);
    }
    if (held.empty()) return Xapian::Query();
    const std::vector<Xapian::Query> forms(held.begin(), held.end());
    return forms.size() == 1 ? forms[0] : Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

Xapian::Query expansion_query(const std::string& phrase, const Xapian::Database& db, const Xapian::Stem& stem,
                              std::vector<std::string>& highlight, bool drop_impossible) {
    std::vector<std::string> words;
    std::istringstream in(phrase);
    for (std::string w; in >> w;) words.push_back(w);
    if (words.size() == 1) return words_query(phrase, stem, highlight);
    std::vector<Xapian::Query> parts;
    for (const std::string& w : words) {
        Xapian::Query forms = held_forms(w, db);
        if (forms.empty()) {
            if (drop_impossible) return Xapian::Query();
            forms = Xapian::Query(w);
        }
        parts.push_back(forms);
        if (!analysis::is_stopword(w)) highlight.push_back(searched(w, stem).highlight);
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(parts.size()));
}

}  // namespace lantern
