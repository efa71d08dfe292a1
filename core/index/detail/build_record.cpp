// build_record.cpp: a build's summary as a record, shards' records added up, and the manifest a
// build leaves (build_record.h).
#include "index/detail/build_record.h"

#include "extract/extraction.h"
#include "text/schema.h"

namespace lantern {

BuildRecord record_of(const BuildSummary& s) {
    BuildRecord r;
    r.full = s.full;
    r.release = s.release;
    r.shards = s.shards;
    r.counts = {s.files, s.added, s.updated, s.unchanged, s.removed, s.skipped, s.timed_out, s.failed, s.other_files};
    r.documents = s.documents;
    r.seconds = s.seconds;
    r.boilerplate_learned = s.boilerplate;
    r.unlinked.assign(s.unlinked.begin(), s.unlinked.end());
    r.boilerplate_changed = s.boilerplate_changed;
    r.thesaurus_entries = s.thesaurus_entries;
    r.safety_cards = s.safety_cards;
    r.pruned = s.pruned;
    r.failed = s.failures;
    r.skipped = s.skips;
    r.cut = s.cuts;
    return r;
}

void add_shard_record(BuildSummary& total, const BuildRecord& shard, bool first) {
    const BuildCounts& c = shard.counts;
    total.added += c.added;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
    total.removed += c.removed;
    total.skipped += c.skipped;
    total.failed += c.failed;
    total.timed_out += c.timed_out;
    total.documents += shard.documents;
    total.failures.insert(total.failures.end(), shard.failed.begin(), shard.failed.end());
    total.skips.insert(total.skips.end(), shard.skipped.begin(), shard.skipped.end());
    total.cuts.insert(total.cuts.end(), shard.cut.begin(), shard.cut.end());
    for (const auto& [source, n] : shard.unlinked) total.unlinked[source] += n;
    if (first) {  // every shard learns the same boilerplate from the same sample
        total.boilerplate.insert(total.boilerplate.end(), shard.boilerplate_learned.begin(),
                                 shard.boilerplate_learned.end());
        total.boilerplate_changed.insert(total.boilerplate_changed.end(), shard.boilerplate_changed.begin(),
                                         shard.boilerplate_changed.end());
    }
}

std::string file_hash(const std::string& path) {
    return path.empty() ? "" : schema::content_hash(read_source(path));
}

namespace {

std::optional<RecordedFile> recorded(const std::string& path, std::optional<bool> bundled) {
    if (path.empty()) return std::nullopt;
    return RecordedFile{path, file_hash(path), bundled};
}

}  // namespace

ReleaseManifest manifest_after(const BuildSummary& summary, const BuildOptions& options, const ReleaseManifest& live,
                               std::vector<ManifestSource> sources, const std::string& now) {
    ReleaseManifest m = summary.full ? ReleaseManifest() : live;
    m.release = summary.release;
    if (summary.full) m.created = now;
    m.updated = now;
    m.built_by = std::string("lantern-index ") + LANTERN_VERSION;
    m.schema_version = schema::kSchemaVersion;
    m.config = recorded(options.config_path, std::nullopt);
    m.sources = std::move(sources);
    // `lantern-index stats` reads these (with the counts stored in the index) to say which vocabulary it holds.
    m.thesaurus = recorded(summary.thesaurus.path, summary.thesaurus.bundled);
    m.safety_panel = recorded(summary.safety_panel.path, summary.safety_panel.bundled);
    m.documents = summary.documents;
    m.shards = summary.shards;
    m.last_build = record_of(summary);
    m.last_build->finished = now;
    m.builds.push_back({summary.full, now, m.last_build->counts, summary.seconds});
    return m;
}

}  // namespace lantern
