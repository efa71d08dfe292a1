// document_cache.h: the stored articles a Searcher decoded lately, kept decoded (least recently
// used out first, bounded by their text's bytes). Decompressing a result's stored document for
// its snippet was 17% of a search's instructions on ../shared/corpora (zstd over MMWR reports of
// tens of KB, docs/BENCHMARKS.md), and the results people ask for repeat: the popular pages are
// in many answers, whatever the words. One cache per Searcher, so per server worker thread: no
// lock. Emptied whenever the Searcher's database changes revision (a document id may then name
// another text). An article used again also keeps its PreparedBody (snippet.h), so that its
// snippets stop scanning every word of it.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <unordered_map>

#include "search/snippet.h"
#include "text/article.h"

namespace lantern {

class DocumentCache {
public:
    /// Keeps articles until their text (Article::text_bytes, plus kEntryBytes each) passes `budget`.
    explicit DocumentCache(std::size_t budget) : budget_(budget) {}

    /// The article of `docid`: from the cache, or from `decode`, which is then kept.
    std::shared_ptr<const Article> get(Xapian::docid docid, const std::function<Article()>& decode);

    /// The PreparedBody of the cached article of `docid` (from get()), built at its second use and
    /// kept with it (its bytes count in the budget); null before that, or when it is not cached.
    std::shared_ptr<const PreparedBody> prepared(Xapian::docid docid);

    /// Forgets every article (the database changed).
    void clear();

    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return bytes_; }

    /// What an entry costs beside its text: the other fields, the list and map nodes.
    static constexpr std::size_t kEntryBytes = 512;

private:
    struct Entry {
        Xapian::docid docid;
        std::shared_ptr<const Article> article;
        std::size_t bytes;
        unsigned uses = 1;                         ///< get() calls that returned it
        std::shared_ptr<const PreparedBody> prepared;
    };
    /// Drops the least recently used entries until the rest are within the budget.
    void trim();
    std::size_t budget_;
    std::size_t bytes_ = 0;
    std::list<Entry> entries_;  ///< most recently used first
    std::unordered_map<Xapian::docid, std::list<Entry>::iterator> by_docid_;
};

}  // namespace lantern
