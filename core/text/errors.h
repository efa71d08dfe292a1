// errors.h: the three kinds of failure core reports. Every message is fit to show a user as is.
//
// STYLE.md rule 5: core throws only these, and catches them only at the sites docs/errors.md lists
// (the indexer's per-document loop, each main(), the server's request edge, the hand-off of an
// error between threads); tests/lint/catch_sites_test.cpp keeps it so. Xapian's errors become
// BadIndex in one place: xapian_errors.h.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace lantern {

/// Base of all Lantern errors; what() is a complete sentence naming the file or parameter at fault.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The user asked for something invalid: a bad option value, an unusable query.
class BadInput : public Error {
public:
    using Error::Error;
};

/// A request parameter or option with an unusable value: parameter() names it, so the server
/// answers {"error": what(), "parameter": parameter()} without reading the message.
class BadParameter : public BadInput {
public:
    enum Problem {
        kInvalid,   ///< not a value the parameter takes (HTTP 400)
        kTooLong,   ///< over a size limit (HTTP 413)
    };
    BadParameter(std::string parameter, const std::string& message, Problem problem = kInvalid)
        : BadInput(message), parameter_(std::move(parameter)), problem_(problem) {}
    const std::string& parameter() const { return parameter_; }
    Problem problem() const { return problem_; }

private:
    std::string parameter_;
    Problem problem_;
};

/// One source document cannot be indexed (unreadable, malformed, not text). The run goes on.
class BadDocument : public Error {
public:
    using Error::Error;
};

/// The index is missing, unreadable, locked, or of another schema version.
class BadIndex : public Error {
public:
    using Error::Error;
};

/// Process exit codes shared by both programs (documented in README.md and --help).
enum ExitCode : int {
    kExitOk = 0,            ///< success
    kExitSomeFailed = 1,    ///< lantern-index: finished, but some files failed
    kExitUsage = 2,         ///< bad command line or query
    kExitIndex = 3,         ///< index missing, unreadable, locked or of another schema version
    kExitInternal = 4,      ///< unexpected internal error (a bug: please report it)
};

}  // namespace lantern
