// progress.h: build progress on stderr: a bar redrawn in place on a terminal, a plain line every
// few seconds otherwise, nothing with --quiet.
#pragma once

#include "index/index_build.h"

namespace lantern {

/// A ProgressSink writing to stderr (interactive when stderr is a terminal).
ProgressSink progress_printer();

}  // namespace lantern
