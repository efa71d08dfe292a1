// search.cpp: query parsing, the two-tier match (all words, then some), and snippets.
#include "core/search.h"

#include <xapian.h>

#include "core/analysis.h"
#include "core/errors.h"
#include "core/schema.h"

namespace lantern {
namespace {

constexpr std::size_t kSnippetChars = 240;

Xapian::Database open_index(const std::string& path) {
    Xapian::Database db;
    try {
        db = Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw BadIndex("no Lantern index at " + path + " (build one with: lantern-index build --db " + path + " FOLDER)");
    } catch (const Xapian::Error& e) {
        throw BadIndex("cannot open the index at " + path + ": " + e.get_msg());
    }
    const std::string version = db.get_metadata(schema::kMetaSchemaVersion);
    if (version != std::to_string(schema::kSchemaVersion)) {
        throw BadIndex("the index at " + path + " has schema version " + (version.empty() ? "(none)" : version) +
                       " but this lantern-search reads version " + std::to_string(schema::kSchemaVersion) +
                       "; rebuild it with lantern-index build");
    }
    return db;
}

}  // namespace

struct Searcher::Impl {
    Xapian::Database db;
    Xapian::QueryParser parser;
    explicit Impl(const std::string& path) : db(open_index(path)), parser(analysis::make_query_parser(db)) {}

    Xapian::Query parse(const std::string& text, Xapian::Query::op default_op) {
        parser.set_default_op(default_op);
        try {
            return parser.parse_query(text, analysis::query_flags());
        } catch (const Xapian::QueryParserError& e) {
            throw BadInput("cannot understand the query '" + text + "': " + e.get_msg());
        }
    }

    /// Fills out.hits and out.total for out.offset/out.limit: tier 1 (all words), then tier 2.
    void run(const Xapian::Query& all, const Xapian::Query& some, SearchResults& out);

    void append_hits(const Xapian::MSet& mset, unsigned first_rank, std::vector<SearchHit>& hits) {
        unsigned rank = first_rank;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Article a = schema::decode_stored(it.get_document().get_data());
            SearchHit h;
            h.rank = rank++;
            h.id = a.id;
            h.path = a.path;
            h.url = a.url;
            h.title = a.title;
            h.reviewed = a.reviewed;
            h.score = it.get_weight();
            h.snippet = mset.snippet(a.body, kSnippetChars, analysis::stemmer(), analysis::snippet_flags(), "<mark>",
                                     "</mark>", "…");
            for (char& c : h.snippet) {
                if (c == '\n') c = ' ';  // paragraph breaks read as spaces in a one-line snippet
            }
            hits.push_back(std::move(h));
        }
    }
};

Searcher::Searcher(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}
Searcher::~Searcher() = default;

SearchResults Searcher::search(const SearchRequest& req) {
    if (req.limit < 1 || req.limit > kMaxLimit) {
        throw BadInput("limit must be between 1 and " + std::to_string(kMaxLimit) + ", not " + std::to_string(req.limit));
    }
    if (req.query.size() > kMaxQueryBytes) {
        throw BadInput("the query is " + std::to_string(req.query.size()) + " bytes long; the most is " +
                       std::to_string(kMaxQueryBytes));
    }
    SearchResults out;
    out.query = req.query;
    out.offset = req.offset;
    out.limit = req.limit;

    const Xapian::Query all = impl_->parse(req.query, Xapian::Query::OP_AND);
    if (all.empty()) return out;  // nothing searchable (only stopwords or punctuation)
    const Xapian::Query some = impl_->parse(req.query, Xapian::Query::OP_OR);
    // A writer committing while we read can invalidate this reader's snapshot: reopen and retry once.
    for (int attempt = 0;; ++attempt) {
        try {
            impl_->run(all, some, out);
            return out;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0) throw BadIndex("the index kept changing during the search; try again");
            out.hits.clear();
            impl_->db.reopen();
        } catch (const Xapian::Error& e) {
            throw BadIndex("search failed: " + e.get_msg());
        }
    }
}

void Searcher::Impl::run(const Xapian::Query& all, const Xapian::Query& some, SearchResults& out) {
    Xapian::Enquire enquire(db);
    enquire.set_query(all);
    // Tier 1: documents with every word. check_at_least makes the count exact when the tier is
    // smaller than the page, which the paging into tier 2 relies on.
    const Xapian::MSet first = enquire.get_mset(out.offset, out.limit, out.offset + out.limit);
    append_hits(first, out.offset + 1, out.hits);
    out.total = first.get_matches_estimated();
    if (all.get_description() == some.get_description()) return;

    // Tier 2: documents with some of the words but not all, ranked after tier 1.
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, some, all));
    const unsigned in_first = first.get_matches_estimated();
    if (out.hits.size() < out.limit) {
        const unsigned offset2 = out.offset > in_first ? out.offset - in_first : 0;
        const auto have = static_cast<unsigned>(out.hits.size());
        const Xapian::MSet second = enquire.get_mset(offset2, out.limit - have);
        append_hits(second, out.offset + have + 1, out.hits);
        out.total += second.get_matches_estimated();
    } else {
        out.total += enquire.get_mset(0, 0).get_matches_estimated();
    }
}

}  // namespace lantern
