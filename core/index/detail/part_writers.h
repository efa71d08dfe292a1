// part_writers.h: a full build's documents written into several part databases at once, each by
// its own thread, for IndexWriter to merge with Xapian's compactor. One Xapian writer is a single
// thread (its inverter's maps) and was the limit of a full build; parts spread that work over the
// cores. Internal to core: only IndexWriter uses it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/detail/index_writer.h"

namespace lantern {

class PartWriters {
public:
    /// Creates `count` new part databases in `folder` (part-00, part-01, ...), each with a thread
    /// that writes what it is given, flushing every `flush_every` documents.
    /// Throws BadIndex when a part cannot be created.
    PartWriters(const std::string& folder, std::size_t count, std::size_t flush_every);
    /// Stops the threads; parts not finished stay on disk for the caller's folder to go with.
    ~PartWriters();
    PartWriters(const PartWriters&) = delete;
    PartWriters& operator=(const PartWriters&) = delete;

    /// Queues an article for the part its id falls to, so every copy of an id meets in one part
    /// (the later replaces the earlier there, as in a single database).
    /// Throws BadIndex when a part's writing failed.
    void add(PreparedArticle article);

    /// Queues spelling words, split by word across the parts (each word is counted in one part).
    void add_spelling(SpellingTally&& tally);

    /// Waits for every part to write and commit what it was given; returns their paths.
    /// Throws BadIndex when a part's writing failed.
    std::vector<std::string> finish();

private:
    struct Part;
    std::vector<std::unique_ptr<Part>> parts_;
    void rethrow_failure() const;
};

}  // namespace lantern
