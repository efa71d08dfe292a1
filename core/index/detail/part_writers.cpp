// part_writers.cpp: one thread and one IndexWriter per part database, fed through bounded queues.
#include "index/detail/part_writers.h"

#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include "index/detail/bounded_queue.h"
#include "index/releases.h"
#include "text/schema.h"

namespace lantern {
namespace {

/// What a part's thread is handed: an article, or spelling words.
struct PartItem {
    PreparedArticle article;
    std::optional<SpellingTally> spelling;
};

/// Articles queued per part: enough to keep its thread busy while the build's thread hands out
/// the next file's articles, few enough that memory stays flat.
constexpr std::size_t kQueuedPerPart = 64;

WriterOptions part_options(std::size_t flush_every) {
    WriterOptions o;
    o.flush_every = flush_every;
    o.temporary = true;
    return o;
}

}  // namespace

struct PartWriters::Part {
    std::string path;
    IndexWriter writer;
    BoundedQueue<PartItem> queue{kQueuedPerPart};
    std::atomic<bool> finishing{false};   ///< set before the queue closes: commit what was queued
    std::atomic<bool> failed{false};      ///< set (after `error`) when writing failed
    std::exception_ptr error{};
    std::thread thread{};

    Part(std::string p, std::size_t flush_every) : path(std::move(p)), writer(path, part_options(flush_every)) {}

    void run() {
        try {
            while (std::optional<PartItem> item = queue.pop()) {
                if (item->spelling) {
                    writer.add_spelling(std::move(*item->spelling));
                } else {
                    writer.add(std::move(item->article));
                }
            }
            if (finishing) writer.commit();
        } catch (...) {
            // A thread cannot throw past its end: the failure (BadIndex naming the part, e.g. a full
            // disk) is carried to the build's thread, which rethrows it from add() or finish().
            error = std::current_exception();
            failed = true;
            queue.stop();
        }
    }
};

PartWriters::PartWriters(const std::string& folder, std::size_t count, std::size_t flush_every) {
    for (std::size_t i = 0; i < count; ++i) parts_.push_back(std::make_unique<Part>(folder + "/" + numbered_folder("part", i), flush_every));
    for (auto& p : parts_) p->thread = std::thread([part = p.get()] { part->run(); });
}

PartWriters::~PartWriters() {
    for (auto& p : parts_) p->queue.stop();
    for (auto& p : parts_) {
        if (p->thread.joinable()) p->thread.join();
    }
}

void PartWriters::rethrow_failure() const {
    for (const auto& p : parts_) {
        if (p->failed) std::rethrow_exception(p->error);
    }
}

void PartWriters::add(PreparedArticle article) {
    Part& p = *parts_[schema::hash64(article.id_term()) % parts_.size()];
    if (!p.queue.push(PartItem{std::move(article), std::nullopt})) rethrow_failure();
}

void PartWriters::add_spelling(SpellingTally&& tally) {
    std::vector<SpellingTally> shares = tally.split(parts_.size());
    for (std::size_t i = 0; i < parts_.size(); ++i) {
        if (shares[i].empty()) continue;
        if (!parts_[i]->queue.push(PartItem{PreparedArticle(), std::move(shares[i])})) rethrow_failure();
    }
}

std::vector<std::string> PartWriters::finish() {
    for (auto& p : parts_) {
        p->finishing = true;
        p->queue.close();
    }
    std::vector<std::string> paths;
    for (auto& p : parts_) {
        p->thread.join();
        paths.push_back(p->path);
    }
    rethrow_failure();
    return paths;
}

}  // namespace lantern
