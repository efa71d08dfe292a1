// match_set.cpp: first_matches (match_set.h). The query becomes a tree of posting lists, value
// ranges and set operations, evaluated one window of docids at a time into two bitmaps per node:
// the documents the node surely matches, and those it may match (candidates of a phrase or NEAR:
// documents with all its words). A window whose root keeps a candidate gives up: deciding it by
// reading positions here cost more than Xapian's matcher (docs/BENCHMARKS.md). With a cache, a
// phrase or NEAR is no candidate list but its whole set of matches, which Xapian's matcher
// lists once a revision (PostingCache::positional).
#include "search/detail/match_set.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>

namespace lantern {
namespace {

constexpr Xapian::docid kWindow = 8192;  ///< docids per window: the walk stops soon after its limit

using Bits = std::vector<std::uint64_t>;

/// One node of a compiled query.
struct Node {
    enum class Kind { kPostings, kValues, kNothing, kAny, kAll, kButNot, kPositional };
    Kind kind = Kind::kNothing;
    bool exact = true;  ///< no phrase or NEAR at or below it: its candidate bitmap stays empty
    std::size_t depth = 1;
    std::vector<Node> children;
    Xapian::PostingIterator at, end;  ///< kPostings: where the walk is
    PostingCache::List list;          ///< kPostings: the docids, when the cache holds them (then `next` is where the walk is)
    std::size_t next = 0;
    // kValues: documents whose value in `slot` is within [from, to] (VALUE_RANGE, VALUE_GE, VALUE_LE).
    Xapian::valueno slot = 0;
    std::optional<std::string> from, to;
    Xapian::ValueIterator value;
};

/// The inside of Query::get_description's "Query(...)".
std::string inner_description(const Xapian::Query& q) {
    const std::string d = q.get_description();
    return d.size() >= 7 ? d.substr(6, d.size() - 7) : std::string();
}

/// A VALUE_RANGE, VALUE_GE or VALUE_LE query as a kValues node, from its description
/// ("VALUE_RANGE 4 20160101 99991231"): Xapian 1.4 has no other way to read its slot and bounds.
/// Only bounds of letters, digits, '-', '.' and '_' are taken (dates), which the description
/// shows as they are.
std::optional<Node> value_node(const Xapian::Database& db, const Xapian::Query& q) {
    std::vector<std::string> parts{std::string()};
    for (const char c : inner_description(q)) {
        if (c == ' ') {
            parts.emplace_back();
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_') {
            parts.back() += c;
        } else {
            return std::nullopt;
        }
    }
    const bool range = q.get_type() == Xapian::Query::OP_VALUE_RANGE;
    const auto digits = [](const std::string& s) {
        return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (parts.size() != (range ? 4U : 3U) || !digits(parts[1])) return std::nullopt;
    Node n;
    n.kind = Node::Kind::kValues;
    n.slot = static_cast<Xapian::valueno>(std::stoul(parts[1]));
    if (q.get_type() == Xapian::Query::OP_VALUE_LE) {
        n.to = parts[2];
    } else {
        n.from = parts[2];
        if (range) n.to = parts[3];
    }
    n.value = db.valuestream_begin(n.slot);
    return n;
}

/// Whether each part of a phrase or NEAR is a term or an OR of terms, and no term is in two parts
/// (or twice in one). Only then is its set of matches the same wherever it stands: with a term
/// repeated, Xapian 1.4's NEAR listed a document on its own that it left out under a FILTER
/// (MatchSetTest found "(g NEAR 5 h NEAR 5 (d OR h)) FILTER j").
bool words_once(const Xapian::Query& q) {
    std::set<std::string> seen;
    const auto term = [&seen](const Xapian::Query& t) {
        return t.get_type() == Xapian::Query::LEAF_TERM && seen.insert(*t.get_terms_begin()).second;
    };
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query part = q.get_subquery(i);
        if (part.get_type() == Xapian::Query::OP_OR || part.get_type() == Xapian::Query::OP_SYNONYM) {
            for (std::size_t k = 0; k < part.get_num_subqueries(); ++k) {
                if (!term(part.get_subquery(k))) return false;
            }
        } else if (!term(part)) {
            return false;
        }
    }
    return true;
}

std::optional<Node> compile(const Xapian::Database& db, const Xapian::Query& q, PostingCache* cache) {
    using Q = Xapian::Query;
    Node n;
    switch (q.get_type()) {
        case Q::LEAF_TERM:
        case Q::LEAF_MATCH_ALL: {
            const std::string term = q.get_type() == Q::LEAF_TERM ? *q.get_terms_begin() : std::string();
            n.kind = Node::Kind::kPostings;
            if (cache != nullptr) n.list = cache->get(db, term);
            if (!n.list) {
                n.at = db.postlist_begin(term);
                n.end = db.postlist_end(term);
            }
            return n;
        }
        case Q::LEAF_MATCH_NOTHING: return n;
        case Q::OP_VALUE_RANGE:
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE: return value_node(db, q);
        case Q::OP_AND_MAYBE:
        case Q::OP_SCALE_WEIGHT: return compile(db, q.get_subquery(0), cache);  // the same documents as the first part
        case Q::OP_OR:
        case Q::OP_SYNONYM:
        case Q::OP_MAX: n.kind = Node::Kind::kAny; break;
        case Q::OP_AND:
        case Q::OP_FILTER: n.kind = Node::Kind::kAll; break;
        case Q::OP_AND_NOT: n.kind = Node::Kind::kButNot; break;
        case Q::OP_PHRASE:
        case Q::OP_NEAR:
            if (cache != nullptr && words_once(q)) {
                n.list = cache->positional(db, q);
                if (n.list) {
                    n.kind = Node::Kind::kPostings;
                    return n;
                }
            }
            n.kind = Node::Kind::kPositional;
            n.exact = false;
            break;
        default: return std::nullopt;  // wildcards, elite sets, XOR, posting sources
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        std::optional<Node> c = compile(db, q.get_subquery(i), cache);
        if (!c) return std::nullopt;
        n.exact = n.exact && c->exact;
        n.depth = std::max(n.depth, c->depth + 1);
        n.children.push_back(std::move(*c));
    }
    if (n.children.empty()) n.kind = Node::Kind::kNothing;
    if (n.kind == Node::Kind::kAll) {
        // Value ranges last: they are read only for the documents the other parts leave (Window).
        std::stable_partition(n.children.begin(), n.children.end(),
                              [](const Node& c) { return c.kind != Node::Kind::kValues; });
    }
    return n;
}

/// Evaluates nodes over one window of `words` 64-bit words of docids from `lo`.
class Window {
public:
    Window(std::size_t words, std::size_t depth) : words_(words), scratch_(2 * depth, Bits(words)), masks_(depth, Bits(words)) {}

    /// Sets `sure` (and, for an inexact node, `maybe`: candidates not in `sure`) for `n`, correct
    /// for the documents in `mask` (outside it they may be anything): the parts of an AND after
    /// its first are asked only about the documents the parts before them left, so a date range
    /// reads the values of those documents rather than of every document in the window.
    void eval(Node& n, std::uint64_t lo, std::size_t depth, Bits& sure, Bits& maybe, const Bits& mask) {
        switch (n.kind) {
            case Node::Kind::kNothing: std::fill(sure.begin(), sure.end(), 0); break;
            case Node::Kind::kPostings: postings(n, lo, sure); break;
            case Node::Kind::kValues: values(n, lo, sure, mask); break;
            case Node::Kind::kAny: any(n, lo, depth, sure, maybe, mask); break;
            case Node::Kind::kAll:
            case Node::Kind::kButNot:
            case Node::Kind::kPositional: all(n, lo, depth, sure, maybe, mask); break;
        }
    }

private:
    static void set(Bits& bits, std::uint64_t offset) { bits[offset >> 6] |= std::uint64_t{1} << (offset & 63); }

    void postings(Node& n, std::uint64_t lo, Bits& sure) const {
        std::fill(sure.begin(), sure.end(), 0);
        const std::uint64_t hi = lo + words_ * 64;
        if (n.list) {
            const std::vector<Xapian::docid>& docids = *n.list;
            if (n.next < docids.size() && docids[n.next] < lo) {   // windows it was not asked about
                n.next = static_cast<std::size_t>(std::lower_bound(docids.begin() + static_cast<std::ptrdiff_t>(n.next), docids.end(),
                                                                   static_cast<Xapian::docid>(lo)) - docids.begin());
            }
            for (; n.next < docids.size() && docids[n.next] < hi; ++n.next) set(sure, docids[n.next] - lo);
            return;
        }
        if (n.at != n.end && *n.at < lo) n.at.skip_to(static_cast<Xapian::docid>(lo));
        for (; n.at != n.end; ++n.at) {
            const std::uint64_t d = *n.at;
            if (d >= hi) break;
            set(sure, d - lo);
        }
    }

    /// Reads the values of the documents in `mask`: one by one (skip_to) when they are few, else
    /// walking the window's values but copying only those asked about.
    void values(Node& n, std::uint64_t lo, Bits& sure, const Bits& mask) const {
        std::fill(sure.begin(), sure.end(), 0);
        const Xapian::ValueIterator end;
        const auto in_range = [&n](const std::string& v) { return (!n.from || v >= *n.from) && (!n.to || v <= *n.to); };
        std::size_t asked = 0;
        for (const std::uint64_t w : mask) asked += static_cast<std::size_t>(__builtin_popcountll(w));
        if (asked == 0 || n.value == end) return;
        if (asked * kSparse < words_ * 64) {
            for (std::size_t w = 0; w < words_ && n.value != end; ++w) {
                for (std::uint64_t bits = mask[w]; bits != 0; bits &= bits - 1) {
                    const auto d = static_cast<Xapian::docid>(lo + w * 64 + static_cast<unsigned>(__builtin_ctzll(bits)));
                    if (n.value.get_docid() < d) n.value.skip_to(d);
                    if (n.value == end) return;
                    if (n.value.get_docid() == d && in_range(*n.value)) set(sure, d - lo);
                }
            }
            return;
        }
        const std::uint64_t hi = lo + words_ * 64;
        if (n.value.get_docid() < lo) n.value.skip_to(static_cast<Xapian::docid>(lo));
        for (; n.value != end; ++n.value) {
            const std::uint64_t d = n.value.get_docid();
            if (d >= hi) break;
            const std::uint64_t offset = d - lo;
            if ((mask[offset >> 6] >> (offset & 63) & 1) != 0 && in_range(*n.value)) set(sure, offset);
        }
    }

    void any(Node& n, std::uint64_t lo, std::size_t depth, Bits& sure, Bits& maybe, const Bits& mask) {
        Bits& cs = scratch_[2 * depth];
        Bits& cm = scratch_[2 * depth + 1];
        std::fill(sure.begin(), sure.end(), 0);
        if (!n.exact) std::fill(maybe.begin(), maybe.end(), 0);
        for (Node& c : n.children) {
            eval(c, lo, depth + 1, cs, cm, mask);
            for (std::size_t w = 0; w < words_; ++w) sure[w] |= cs[w];
            if (!c.exact) {
                for (std::size_t w = 0; w < words_; ++w) maybe[w] |= cm[w];
            }
        }
        if (!n.exact) {
            for (std::size_t w = 0; w < words_; ++w) maybe[w] &= ~sure[w];
        }
    }

    /// AND, AND_NOT (the first part without any of the others), and a phrase's candidates (the
    /// documents with all its parts). `maybe` holds every possible match until the end. Each part
    /// after the first is asked only about the documents still possible, and none once none are.
    void all(Node& n, std::uint64_t lo, std::size_t depth, Bits& sure, Bits& maybe, const Bits& mask) {
        Bits& cs = scratch_[2 * depth];
        Bits& cm = scratch_[2 * depth + 1];
        Bits& left = masks_[depth];
        const bool but_not = n.kind == Node::Kind::kButNot;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            Node& c = n.children[i];
            if (i > 0) {
                std::uint64_t any_left = 0;
                for (std::size_t w = 0; w < words_; ++w) {
                    left[w] = mask[w] & (sure[w] | (n.exact ? 0 : maybe[w]));
                    any_left |= left[w];
                }
                if (any_left == 0) break;   // within `mask` nothing is left to decide
            }
            eval(c, lo, depth + 1, cs, cm, i == 0 ? mask : left);
            for (std::size_t w = 0; w < words_; ++w) {
                const std::uint64_t possible = c.exact ? cs[w] : cs[w] | cm[w];
                if (i == 0) {
                    sure[w] = cs[w];
                    if (!n.exact) maybe[w] = possible;
                } else if (but_not) {
                    sure[w] &= ~possible;
                    if (!n.exact) maybe[w] &= ~cs[w];
                } else {
                    sure[w] &= cs[w];
                    if (!n.exact) maybe[w] &= possible;
                }
            }
        }
        if (n.kind == Node::Kind::kPositional) std::fill(sure.begin(), sure.end(), 0);
        if (!n.exact) {
            for (std::size_t w = 0; w < words_; ++w) maybe[w] &= ~sure[w];
        }
    }

    /// Values are read one document at a time when fewer than one in kSparse of the window's
    /// documents are asked about.
    static constexpr std::size_t kSparse = 16;

    std::size_t words_;
    std::vector<Bits> scratch_;  ///< two bitmaps per depth of the tree
    std::vector<Bits> masks_;    ///< per depth: the documents an AND's next part is asked about
};

}  // namespace

PostingCache::List PostingCache::get(const Xapian::Database& db, const std::string& term) {
    if (const auto at = lists_.kept.find(term); at != lists_.kept.end()) return at->second;
    const Xapian::doccount n = term.empty() ? db.get_doccount() : db.get_termfreq(term);
    if (n > kMaxPostings || !lists_.make_room(n * sizeof(Xapian::docid) + term.size() + 64)) return nullptr;
    auto docids = std::make_shared<std::vector<Xapian::docid>>();
    docids->reserve(n);
    // n is the list's length for one database (a sum over shards: at least it).
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) docids->push_back(*p);
    return lists_.kept.emplace(term, std::move(docids)).first->second;
}

PostingCache::List PostingCache::positional(const Xapian::Database& db, const Xapian::Query& query) {
    std::string key = query.get_description();
    if (const auto at = phrases_.kept.find(key); at != phrases_.kept.end()) return at->second;
    // The matcher lists every match to the spy (all weigh 0), one more than may be kept at most.
    class Collect : public Xapian::MatchSpy {
    public:
        explicit Collect(std::vector<Xapian::docid>& docids) : docids_(docids) {}
        void operator()(const Xapian::Document& doc, double) override { docids_.push_back(doc.get_docid()); }

    private:
        std::vector<Xapian::docid>& docids_;
    };
    auto docids = std::make_shared<std::vector<Xapian::docid>>();
    Collect spy(*docids);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(UnscoredWeight());
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, kMaxPhraseMatches + 1);
    const bool kept = docids->size() <= kMaxPhraseMatches;
    if (!phrases_.make_room((kept ? docids->size() * sizeof(Xapian::docid) : 0) + key.size() + 64)) return nullptr;
    if (!kept) return phrases_.kept.emplace(std::move(key), nullptr).first->second;   // too long: remembered as such
    std::sort(docids->begin(), docids->end());
    docids->shrink_to_fit();
    return phrases_.kept.emplace(std::move(key), std::move(docids)).first->second;
}

bool PostingCache::Shelf::make_room(std::size_t more) {
    if (more > budget) return false;
    if (bytes + more > budget) clear();
    bytes += more;
    return true;
}

void PostingCache::Shelf::clear() {
    kept.clear();
    bytes = 0;
}

void PostingCache::clear() {
    lists_.clear();
    phrases_.clear();
}

std::optional<FirstMatches> first_matches(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount limit,
                                          PostingCache* cache) {
    std::optional<Node> root = compile(db, query, cache);
    if (!root) return std::nullopt;
    FirstMatches out;
    const Xapian::docid last = db.get_lastdocid();
    const std::size_t words = (std::min<Xapian::docid>(kWindow, last) + 63) / 64;
    Window window(words, root->depth + 1);
    Bits sure(words), maybe(words);
    const Bits everything(words, ~std::uint64_t{0});
    for (std::uint64_t lo = 1; lo <= last; lo += words * 64) {
        window.eval(*root, lo, 0, sure, maybe, everything);
        if (!root->exact && std::any_of(maybe.begin(), maybe.end(), [](std::uint64_t w) { return w != 0; })) {
            return std::nullopt;  // a phrase or NEAR decides these: positions are Xapian's matcher's job
        }
        for (std::size_t w = 0; w < words; ++w) {
            for (std::uint64_t bits = sure[w]; bits != 0; bits &= bits - 1) {
                if (out.docids.size() == limit) return out;  // one more than asked: not all
                out.docids.push_back(static_cast<Xapian::docid>(lo + w * 64 + static_cast<unsigned>(__builtin_ctzll(bits))));
            }
        }
    }
    out.all = true;
    return out;
}

}  // namespace lantern
