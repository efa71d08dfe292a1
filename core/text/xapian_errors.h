// xapian_errors.h: the one place Xapian's errors become Lantern's (STYLE.md rule 5, docs/errors.md).
//
// Xapian reports every failure by throwing. Code that calls it runs the calls inside with_xapian(),
// which turns a Xapian::Error into BadIndex with a message naming the index and saying what to do;
// every other exception passes through unchanged. The header names no Xapian type, so every layer
// can use it; the dispatch on Xapian's types is in xapian_errors.cpp.
#pragma once

#include <string>
#include <utility>

#include "text/errors.h"

namespace lantern {

/// What Lantern was doing to which index when Xapian failed: it shapes the message.
struct IndexTask {
    enum Kind {
        kOpen,    ///< opening an index to read: "cannot open the index at INDEX: ..."
        kCreate,  ///< opening or creating one to write: "cannot open or create the index at INDEX: ..."
        kRead,    ///< reading an open index: "DOING the index at INDEX failed: ...; run lantern-index check ..."
        kWrite,   ///< writing a release: "DOING the index at INDEX failed: ...; the live release is unchanged"
        kCheck,   ///< lantern-index check: "the index at INDEX is damaged: ..."
    };
    Kind kind;
    std::string index;       ///< the index (folder, stub or release) as the user would name it
    const char* doing = "";  ///< kRead and kWrite: "searching", "reading", "writing", "building", ...
};

/// The Xapian failures callers recover from (recovering()), and the rest.
enum class XapianFailure {
    kNone,     ///< not a Xapian error
    kChanged,  ///< DatabaseModifiedError: a writer committed past this reader's revision; reopen
    kNetwork,  ///< NetworkError (and its timeout): a remote shard dropped its connection
    kOther,    ///< any other Xapian::Error
};

namespace xapian_detail {
/// Only inside a catch-all handler: rethrows the exception being handled, a Xapian::Error as
/// BadIndex with the message for `task`.
[[noreturn]] void rethrow_translated(const IndexTask& task);
/// Only inside a catch-all handler: which kind of failure is being handled.
XapianFailure handled_failure();
}  // namespace xapian_detail

/// Runs `fn` and returns what it returns. A Xapian::Error it throws becomes BadIndex for `task`
/// (messages in docs/errors.md); any other exception propagates unchanged.
template <typename Fn>
decltype(auto) with_xapian(const IndexTask& task, Fn&& fn) {
    try {
        return std::forward<Fn>(fn)();
    } catch (...) {
        xapian_detail::rethrow_translated(task);
    }
}

/// Runs `fn`; when it fails with a Xapian error of kind `expected`, runs and returns `recover()`
/// instead (outside the handler: its own errors propagate). Every other exception, Xapian's
/// included, propagates unchanged, for the caller's with_xapian() to translate.
template <typename Fn, typename Recover>
decltype(auto) recovering(XapianFailure expected, Fn&& fn, Recover&& recover) {
    try {
        return std::forward<Fn>(fn)();
    } catch (...) {
        if (xapian_detail::handled_failure() != expected) throw;
    }
    return std::forward<Recover>(recover)();
}

}  // namespace lantern
