// query_mix.h: the benchmark's query file (bench/queries.tsv): one query per line as
// KIND<TAB>QUERY[<TAB>FILTER], FILTER being key=value pairs joined by '&' with the keys of the
// HTTP API (topic, audience, source, lang, since, until), e.g. "audience=clinicians&since=2020".
//
// A facet value may be written as a rank, "@N": the Nth most common value of that facet in the
// index being measured (ties by name), so one file gives filters that match on any corpus.
// resolve_ranks() turns ranks into values; a facet with fewer than N values drops that filter.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "index/index_admin.h"
#include "search/search.h"

namespace lantern::bench {

struct MixQuery {
    std::string kind;  ///< plain, phrase, misspelled, synonym, filtered...
    std::string query;
    std::vector<std::pair<std::string, std::string>> filter;  ///< key, value in file order
    std::size_t dropped = 0;                                  ///< rank filters the index had no value for

    /// The FILTER column for this query as it stands ("" when none).
    std::string filter_text() const;
    /// A SearchRequest with the query and filters, the rest at the Searcher's defaults. Throws
    /// BadInput for an unknown key or an unresolved "@N" rank.
    SearchRequest request() const;
};

/// Reads a query file; blank lines and lines starting with '#' are skipped. Throws BadInput naming
/// the file and line for an unreadable file, a malformed line or an unknown filter key.
std::vector<MixQuery> load_query_mix(const std::string& path);

/// Replaces "@N" values using the facet counts of lantern::index_stats (by_topic, by_audience,
/// by_source, by_language); a rank the index has no value for is removed and counted in `dropped`.
void resolve_ranks(std::vector<MixQuery>& mix, const IndexStats& stats);

}  // namespace lantern::bench
