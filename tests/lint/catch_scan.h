// catch_scan.h: finds the catch clauses of C++ source and the function each is in, for the lint
// that keeps them at the sites docs/errors.md lists (catch_sites_test.cpp).
//
// Not a C++ parser: it blanks comments, literals and preprocessor lines, then follows braces,
// naming each scope from the text before its '{'. That is enough for this project's style
// (functions and classes written out in full, lambdas as `[...](...) {`); the table of
// catch_sites_test.cpp pins what it must recognise.
#pragma once

#include <string>
#include <vector>

namespace lantern::lint {

struct CatchClause {
    int line = 0;          ///< 1-based line of the `catch` keyword
    std::string function;  ///< the named function it is in, with its classes: "SearchService::Impl::page"; "" at
                           ///< namespace scope
    bool empty = false;    ///< the handler holds no statement (comments do not count)
};

/// `source` with comments, string and character literals and preprocessor lines replaced by
/// spaces; newlines are kept, so line numbers stay.
std::string blank_non_code(const std::string& source);

/// Every catch clause of one source file, in order.
std::vector<CatchClause> find_catch_clauses(const std::string& source);

/// A documented catch site: a file (relative to the project root) and a function in it.
struct CatchSite {
    std::string file;
    std::string function;
};

/// The rows of the catch-site table of docs/errors.md: the table after the heading
/// "## Where errors are caught", whose rows start "| `FILE` | `FUNCTION` |".
std::vector<CatchSite> documented_sites(const std::string& markdown);

}  // namespace lantern::lint
