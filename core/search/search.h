// search.h: ranked search with snippets over a Lantern index. Plain structs in and out; Xapian
// stays inside search.cpp. A Searcher is not thread-safe: give each thread its own (STYLE.md rule 6).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "text/safety_panel.h"
#include "text/schema.h"

namespace lantern {

inline constexpr unsigned kMaxLimit = 100;
inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr unsigned kDefaultTimeBudgetMs = 2000;
/// Most results a request may skip (the server's last page, 1,000 pages of 100, stays within it).
inline constexpr unsigned kMaxOffset = 100000;
/// Most values one filter (topics, audiences, sources, languages) may list.
inline constexpr std::size_t kMaxFilterValues = 20;

/// Narrowing a search. Values within one facet are alternatives (OR); facets combine with AND.
struct SearchFilters {
    std::vector<std::string> topics;
    std::vector<std::string> audiences;
    std::vector<std::string> sources;
    std::vector<std::string> languages;
    std::string since;   ///< YYYY-MM-DD, YYYY-MM or YYYY: last-reviewed (else modified, else published) on or after
    std::string until;   ///< the same, on or before
    std::vector<std::string> formats;  ///< html, xml, pdf, docx, odt

    /// The values of one facet's filter (schema::kFacets lists the facets, and each one's field).
    std::vector<std::string>& values(schema::Facet facet);
    const std::vector<std::string>& values(schema::Facet facet) const;
    /// Whether any facet or date filter is set.
    bool any() const;
};

/// The order of results: by relevance, or by date (last reviewed, else modified, else published),
/// newest first and undated last; either way results with every word come before the rest.
enum class SortOrder { relevance, date };

struct SearchRequest {
    std::string query;
    unsigned offset = 0;          ///< rank of the first result to return (0-based), at most kMaxOffset
    unsigned limit = 10;          ///< how many results, 1 to kMaxLimit
    SearchFilters filters;
    bool correct_spelling = true; ///< false: search the words exactly as typed ("search instead for")
    bool explain = false;         ///< fill SearchResults::explanation
    SortOrder sort = SortOrder::relevance;
    unsigned time_budget_ms = kDefaultTimeBudgetMs;  ///< planning and the match give up looking further after this
};

struct SearchHit {
    unsigned rank = 0;            ///< 1-based rank over the whole result list
    std::string id;
    std::string path;
    std::string url;
    std::string title;            ///< plain text
    std::string title_html;       ///< escaped, matches in <mark>
    std::string snippet;          ///< best passage, escaped, matches in <mark>
    std::string section;          ///< heading of the section the snippet is in ("" if none)
    std::string section_url;      ///< url#anchor of that section ("" if the page gives no anchor); url#page=N in a PDF
    unsigned page = 0;            ///< page of a paged document (PDF) the snippet is on, from 1; 0 for others
    std::string reviewed;         ///< last-reviewed date, YYYY-MM-DD or ""
    double score = 0;
    std::vector<std::string> duplicates;      ///< links of exact duplicates folded into this result
    std::vector<std::string> duplicate_ids;   ///< their ids, in the same order
};

struct FacetValue {
    std::string value;
    unsigned count = 0;
};

/// How a query was understood (--explain).
struct Explanation {
    std::string mode;                                              ///< "plain words" or "query syntax"
    std::vector<std::string> words;
    std::vector<std::pair<std::string, std::string>> corrections;  ///< typed -> searched
    std::vector<std::pair<std::string, std::vector<std::string>>> synonyms;  ///< phrase -> added
    std::vector<std::string> filters;
    std::string fields;
    std::string query;                                             ///< Xapian's description of the query run
};

struct SearchResults {
    std::string query;
    unsigned total = 0;           ///< matches, duplicates folded: exact when the facets counted them all (up to 10,000), else Xapian's estimate
    unsigned offset = 0;
    unsigned limit = 0;
    std::vector<SearchHit> hits;
    std::string corrected_query;  ///< results are for this spelling-corrected query ("" when not)
    std::vector<std::string> notes;           ///< things the user should know (syntax fallback, time budget)
    std::vector<SafetyCard> safety;           ///< pinned cards whose triggers the query contains
    std::map<std::string, std::vector<FacetValue>> facets;  ///< topic, audience, source, language, format
    bool budget_exceeded = false;
    bool explained = false;
    Explanation explanation;
};

/// An as-you-type completion: the text to search, and the page itself when it is an exact title.
struct Suggestion {
    std::string text;
    std::string url;     ///< set when `text` is a title (go straight there)
    std::string kind;    ///< "title" or "word"
};

class Searcher {
public:
    /// Opens the index at db_path read-only. Throws BadIndex if it is missing, unreadable or of
    /// another schema version.
    explicit Searcher(const std::string& db_path);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs a query. Documents matching every word rank before documents matching fewer. Throws
    /// BadParameter naming the field ("limit", "offset", "q", "topic", "since", ...) for a limit
    /// outside 1 to kMaxLimit, an offset over kMaxOffset, an over-long query, a filter with more
    /// than kMaxFilterValues values or a bad filter value; BadIndex when the index cannot be read.
    SearchResults search(const SearchRequest& request);

    /// Completions for what has been typed so far: titles whose words start with it, then indexed
    /// words that complete the last word (most frequent first); when nothing starts with the last
    /// word, its spelling correction is used. At most `limit` (1 to 20). Throws BadParameter ("q",
    /// "limit") for over-long text or a bad limit; BadIndex when the index cannot be read.
    std::vector<Suggestion> suggest(const std::string& typed, unsigned limit);

    /// Which of `ids` (article ids, as SearchHit::id) the index does not hold, in their order.
    /// Throws BadIndex when the index cannot be read.
    std::vector<std::string> missing_ids(const std::vector<std::string>& ids);

    /// For /healthz: follows a switched release as search() does and reads one document. Returns
    /// the number of documents; throws BadIndex when the index cannot be opened or read.
    unsigned check_health();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lantern
