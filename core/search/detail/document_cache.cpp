// document_cache.cpp: a least-recently-used map of decoded articles (document_cache.h).
#include "search/detail/document_cache.h"

#include <utility>

namespace lantern {

std::shared_ptr<const Article> DocumentCache::get(Xapian::docid docid, const std::function<Article()>& decode) {
    const auto found = by_docid_.find(docid);
    if (found != by_docid_.end()) {
        entries_.splice(entries_.begin(), entries_, found->second);  // now the most recent
        ++found->second->uses;
        return found->second->article;
    }
    auto article = std::make_shared<const Article>(decode());
    const std::size_t bytes = article->text_bytes() + kEntryBytes;
    if (bytes > budget_) return article;  // larger than the whole cache: used once, not kept
    entries_.push_front({docid, article, bytes, 1, nullptr});
    by_docid_.emplace(docid, entries_.begin());
    bytes_ += bytes;
    trim();
    return article;
}

std::shared_ptr<const PreparedBody> DocumentCache::prepared(Xapian::docid docid) {
    const auto found = by_docid_.find(docid);
    if (found == by_docid_.end()) return nullptr;
    Entry& e = *found->second;
    if (e.prepared || e.uses < 2) return e.prepared;
    e.prepared = std::make_shared<const PreparedBody>(*e.article);
    const std::size_t more = e.prepared->bytes();
    e.bytes += more;
    bytes_ += more;
    std::shared_ptr<const PreparedBody> out = e.prepared;   // trim() may drop the entry itself
    trim();
    return out;
}

void DocumentCache::trim() {
    while (bytes_ > budget_ && !entries_.empty()) {
        bytes_ -= entries_.back().bytes;
        by_docid_.erase(entries_.back().docid);
        entries_.pop_back();
    }
}

void DocumentCache::clear() {
    entries_.clear();
    by_docid_.clear();
    bytes_ = 0;
}

}  // namespace lantern
