// query_mix.cpp: reading bench/queries.tsv and resolving facet ranks (see query_mix.h).
#include "bench/query_mix.h"

#include <algorithm>
#include <fstream>
#include <map>

#include "text/errors.h"

namespace lantern::bench {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::string::size_type start = 0;
    while (true) {
        const std::string::size_type end = text.find(sep, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

// The index_stats counts of each rankable filter key.
using Counts = std::map<std::string, std::size_t>;
const std::map<std::string, Counts IndexStats::*> kStatsKey{{"topic", &IndexStats::by_topic},
                                                            {"audience", &IndexStats::by_audience},
                                                            {"source", &IndexStats::by_source},
                                                            {"lang", &IndexStats::by_language}};

bool is_rank(const std::string& value) {
    return value.size() > 1 && value[0] == '@' &&
           std::all_of(value.begin() + 1, value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::pair<std::string, std::string>> parse_filter(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string& pair : split(text, '&')) {
        const std::string::size_type eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
            throw BadInput("filter \"" + pair + "\": write key=value");
        }
        std::string key = pair.substr(0, eq);
        std::string value = pair.substr(eq + 1);
        if (kStatsKey.count(key) == 0 && key != "since" && key != "until") {
            throw BadInput("filter key \"" + key + "\": use topic, audience, source, lang, since or until");
        }
        if (is_rank(value) && kStatsKey.count(key) == 0) throw BadInput("filter " + pair + ": only facets take a rank");
        pairs.emplace_back(std::move(key), std::move(value));
    }
    return pairs;
}

}  // namespace

std::string MixQuery::filter_text() const {
    std::string out;
    for (const auto& [key, value] : filter) out += (out.empty() ? "" : "&") + key + "=" + value;
    return out;
}

SearchRequest MixQuery::request() const {
    SearchRequest r;
    r.query = query;
    for (const auto& [key, value] : filter) {
        if (is_rank(value))
            throw BadInput("filter " + key + "=" + value + " is a rank: resolve it against an index first");
        if (key == "topic")
            r.filters.topics.push_back(value);
        else if (key == "audience")
            r.filters.audiences.push_back(value);
        else if (key == "source")
            r.filters.sources.push_back(value);
        else if (key == "lang")
            r.filters.languages.push_back(value);
        else if (key == "since")
            r.filters.since = value;
        else if (key == "until")
            r.filters.until = value;
        else
            throw BadInput("filter key \"" + key + "\": use topic, audience, source, lang, since or until");
    }
    return r;
}

std::vector<MixQuery> load_query_mix(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw BadInput("cannot read the query file " + path);
    std::vector<MixQuery> mix;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::vector<std::string> cols = split(line, '\t');
        const std::string where = path + " line " + std::to_string(number);
        if (cols.size() < 2 || cols.size() > 3 || cols[0].empty() || cols[1].empty()) {
            throw BadInput(where + ": write KIND<TAB>QUERY[<TAB>FILTER]");
        }
        MixQuery q;
        q.kind = cols[0];
        q.query = cols[1];
        if (cols.size() == 3 && !cols[2].empty()) {
            try {
                q.filter = parse_filter(cols[2]);
            } catch (const BadInput& e) {
                throw BadInput(where + ": " + e.what());
            }
        }
        mix.push_back(std::move(q));
    }
    if (mix.empty()) throw BadInput(path + " holds no queries");
    return mix;
}

void resolve_ranks(std::vector<MixQuery>& mix, const IndexStats& stats) {
    std::map<std::string, std::vector<std::string>> ranked;  // filter key -> values, most common first
    for (const auto& [key, stats_counts] : kStatsKey) {
        std::vector<std::pair<long long, std::string>> counts;
        for (const auto& [value, count] : stats.*stats_counts) {
            // A value with the file's separators could not be written back by --print-mix.
            if (value.find_first_of("&\t\n") != std::string::npos) continue;
            counts.emplace_back(-static_cast<long long>(count), value);
        }
        std::sort(counts.begin(), counts.end());
        for (const auto& c : counts) ranked[key].push_back(c.second);
    }
    for (MixQuery& q : mix) {
        std::vector<std::pair<std::string, std::string>> kept;
        for (auto& [key, value] : q.filter) {
            if (!is_rank(value)) {
                kept.emplace_back(key, value);
                continue;
            }
            const std::size_t rank = std::stoul(value.substr(1));
            const std::vector<std::string>& values = ranked[key];
            if (rank >= 1 && rank <= values.size()) {
                kept.emplace_back(key, values[rank - 1]);
            } else {
                ++q.dropped;
            }
        }
        q.filter = std::move(kept);
    }
}

}  // namespace lantern::bench
