// main_guard.h: the catch site of each program's main() (STYLE.md rule 5). Runs the command and
// turns every error into one line on stderr and the documented exit code.
#pragma once

#include <functional>

namespace lantern {

/// Runs `command`; returns its exit code, or for an error prints "PROGRAM: message" and returns
/// kExitUsage (BadInput), kExitIndex (BadIndex, Xapian errors) or kExitInternal (anything else).
int run_main(const char* program, const std::function<int()>& command);

}  // namespace lantern
