// index_build.cpp: the build pipeline: lock -> plan (stat signatures) -> extract on all cores ->
// one writer -> removals -> commit -> manifest -> atomic switch (full builds) -> prune. A sharded
// build runs the write part in one process per shard and merges their summaries and spelling data.
#include "index/index_build.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <set>
#include <thread>

#include <xapian.h>

#include "index/detail/bounded_queue.h"
#include "extract/deadline_runner.h"
#include "text/counted.h"
#include "text/errors.h"
#include "extract/extraction.h"
#include "index/detail/build_record.h"
#include "index/detail/build_sources.h"
#include "index/detail/build_stage.h"
#include "index/detail/index_writer.h"
#include "index/detail/shard_processes.h"
#include "index/releases.h"
#include "text/safety_panel.h"
#include "text/schema.h"
#include "extract/source_scan.h"
#include "text/thesaurus.h"
#include "text/xapian_errors.h"

namespace lantern {
namespace {

/// Steps outside the reading of files are said every kStageEvery once they have run for
/// kStageQuiet; steps of an ordinary build end sooner and are not said at all.
constexpr std::chrono::milliseconds kStageEvery{5000};
constexpr std::chrono::milliseconds kStageQuiet{2000};

struct Job {
    const SourceFile* file;
    const Source* source;
    std::string term;
    std::string old_hash;
    std::string stat;
};

/// What each worker is extracting, and since when, for the progress line.
struct Busy {
    std::mutex mu;
    std::string path;   ///< "" when idle
    std::chrono::steady_clock::time_point since;
};

/// Extraction that has run this long shows on the progress line.
constexpr std::chrono::seconds kSlowFile{3};

/// Why a file whose extraction ran past its source's deadline was skipped.
std::string deadline_reason(double seconds) {
    std::ostringstream s;
    s << "extraction took longer than " << seconds << " s (--file-timeout); the file is tried again next build";
    return s.str();
}

struct Result {
    const Job* job = nullptr;
    bool failed = false;
    bool same_content = false;
    bool timed_out = false;      ///< skipped at the deadline: not remembered, so tried again next build
    std::size_t text_bytes = 0;  ///< the text its articles hold: what its prepared documents weigh in the queue
    std::size_t unlinked = 0;    ///< its articles without a link
    std::string reason;
    std::string hash;
    FileExtraction extraction;   ///< its articles are moved into `prepared`
    std::vector<PreparedArticle> prepared;
    SpellingTally spelling;      ///< a worker's spelling words, handed over when its tally grows large
};

/// Distinct words a worker tallies before handing them to the writer: bounds a worker's memory on
/// collections with huge vocabularies while most builds hand over only once, at the end.
constexpr std::size_t kSpellingHandOver = 250000;

/// A queued result weighs one unit, and one more per this much text: a few 32 MiB pages of terms
/// and positions held the queue at 3.4 GB when it counted items only.
constexpr std::size_t kQueueUnitBytes = 1u << 20;

/// Hands extraction results from the workers to the writer; bounded so memory stays flat.
using ResultQueue = BoundedQueue<Result>;

/// Stops and joins the workers however the writer leaves (a write error must not strand them).
struct Workers {
    std::vector<std::thread> threads;
    ResultQueue* queue;
    ~Workers() {
        queue->stop();
        for (std::thread& t : threads) t.join();
    }
};

/// Extraction of one file and term generation for its articles: the per-document catch site.
/// The spelling words of a file that is indexed go into `tally`.
Result process(const Job& job, DocumentMaker& maker, SpellingTally& tally, DeadlineRunner& runner) {
    Result r;
    r.job = &job;
    try {
        struct stat st {};
        if (::stat(job.file->abs_path.c_str(), &st) == 0 &&
            static_cast<std::uintmax_t>(st.st_size) > job.source->extract->max_file_size) {
            // Checked before reading, so a huge file costs nothing; extract_file() says the same for inspect.
            r.extraction.skip_reason = size_limit_reason(static_cast<std::uintmax_t>(st.st_size), job.source->extract->max_file_size);
            return r;
        }
        auto bytes = std::make_shared<const std::string>(read_source(job.file->abs_path));
        r.hash = schema::content_hash(job.source->fingerprint + *bytes);
        if (r.hash == job.old_hash) {
            r.same_content = true;
            return r;
        }
        // Under the source's deadline, on the runner's thread: the task owns what it reads, as
        // an abandoned one runs on after this build has moved on.
        auto out = std::make_shared<FileExtraction>();
        const std::shared_ptr<const ExtractOptions> options = job.source->extract;
        const bool in_time = runner.run([out, file = *job.file, bytes, options] { *out = extract_file(file, *bytes, *options); },
                                        timeout_of(*job.source));
        if (!in_time) {
            r.extraction.skip_reason = deadline_reason(job.source->spec.file_timeout);
            r.timed_out = true;
            return r;
        }
        r.extraction = std::move(*out);
        for (const Article& a : r.extraction.articles) {
            r.text_bytes += a.text_bytes();
            if (a.url.empty()) ++r.unlinked;
        }
        for (const Article& a : r.extraction.articles) r.prepared.push_back(maker.make(a, job.term, FileSignature{job.stat, r.hash}));
        r.extraction.articles.clear();
        for (const PreparedArticle& p : r.prepared) tally.count(p);
    } catch (const BadDocument& e) {
        r.failed = true;
        r.reason = e.what();
    } catch (const std::exception& e) {
        // Anything else thrown while reading one file (e.g. bad_alloc on a giant page) costs that file only.
        r.failed = true;
        r.reason = std::string("unexpected error: ") + e.what();
    } catch (const Xapian::Error& e) {
        r.failed = true;
        r.reason = "indexing its text failed: " + e.get_description();
    }
    return r;
}

std::string iso_now() {
    const std::time_t now = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buf;
}

}  // namespace

std::string summary_json(const BuildSummary& s) { return build_record_json(record_of(s)); }

namespace {

/// Which files one database takes: shard `index` of `count`, by the hash of the file's term, so
/// all records of a file stay together and a file keeps its shard across builds.
struct ShardFilter {
    std::size_t index = 0;
    std::size_t count = 1;
    bool owns(const std::string& file_term) const { return count == 1 || schema::hash64(file_term) % count == index; }
};

/// What one database of a build is given.
struct DatabaseJob {
    std::string path;
    std::string spelling_path;   ///< "" = spelling data in the database itself
    ShardFilter filter;
};

/// Writes one database of a build: learned boilerplate, the plan (unchanged files are not even
/// read), extraction on all cores into one writer, removals, metadata, commit. Counts go into
/// `summary`; the source scan's own counts (files, other files) are the caller's. An incremental
/// build whose `gate` turns its plan down writes nothing and returns the plan's size instead (the
/// caller builds in full); otherwise returns nothing.
std::optional<PlanSize> write_database(const BuildOptions& opts, std::vector<Source>& sources, const DatabaseJob& where,
                                       bool full, const PlanGate& gate, const Thesaurus& thesaurus,
                                       const SafetyPanel& panel, BuildSummary& summary, const FailureSink& on_failure,
                                       const ProgressSink& on_progress, std::chrono::steady_clock::time_point started) {
    const unsigned threads = opts.threads > 0 ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    // A full build of a single-database release writes through several part databases at once
    // (one Xapian writer is one thread, and was the limit: docs/BENCHMARKS.md). Incremental builds
    // change the live release in one transaction; a shard's spelling data goes to its own database.
    const unsigned writers = opts.writers > 0 ? opts.writers : std::min(threads, kMaxWriters);
    WriterOptions wo;
    wo.transaction = !full;
    wo.flush_every = opts.flush_every;
    wo.spelling_path = where.spelling_path;
    wo.parts = full && where.spelling_path.empty() ? writers : 1;
    IndexWriter writer(where.path, wo);
    if (opts.learn_boilerplate) learn_boilerplate_of(sources, writer, summary);

    // Plan: files whose stat signature is unchanged are not even read.
    std::vector<Job> jobs;
    std::vector<std::string> seen;   // file terms found (incremental builds); sorted after the plan
    std::size_t checked = 0, to_check = 0;
    for (const Source& s : sources) to_check += s.files.size();
    auto planning = std::make_optional<StageReporter>(full ? ProgressSink() : on_progress, 0, started, kStageEvery, kStageQuiet);
    const std::string checking = "checking which files changed since the last build: ";
    const std::string of_all = " of " + std::to_string(to_check);
    planning->set(checking + "0" + of_all);
    for (const Source& s : sources) {
        for (const SourceFile& f : s.files) {
            if (++checked % 10000 == 0) planning->update(checking + std::to_string(checked) + of_all);
            Job job{&f, &s, schema::file_term(s.name, f.rel_path), "", stat_signature(f, s.fingerprint)};
            if (!full) seen.push_back(job.term);   // only incremental builds look for files that are gone
            if (!where.filter.owns(job.term)) continue;
            if (!full) {
                const IndexedFile held = writer.indexed(job.term);
                if (held.stat_hash != 0 && held.stat_hash == schema::hash64(job.stat)) {
                    summary.unchanged += held.articles;
                    continue;
                }
                // A file skipped last time (robots, size) is not read again while unchanged.
                const std::string skipped = writer.metadata(schema::skipped_file_key(job.term));
                if (!skipped.empty() && skipped.rfind(job.stat + "\n", 0) == 0) {
                    ++summary.skipped;
                    summary.skips.push_back({f.abs_path, skipped.substr(job.stat.size() + 1)});
                    continue;
                }
                if (held.articles > 0) job.old_hash = writer.signature(job.term).hash;
            }
            jobs.push_back(std::move(job));
        }
    }
    planning.reset();
    std::sort(seen.begin(), seen.end());
    if (!full && gate) {
        PlanSize size{jobs.size(), 0};
        for (const Job& job : jobs) size.bytes += job.file->size;
        // Nothing was written: the transaction is cancelled when the writer closes.
        if (!gate(size)) return size;
    }

    ResultQueue queue(2 * threads + 8);
    std::atomic<std::size_t> next{0};
    std::vector<SpellingTally> tallies(threads);   // one per worker; what is left goes to the writer at the end
    std::vector<Busy> busy(threads);
    const auto seconds_since = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    };
    {
        Workers workers{{}, &queue};
        for (unsigned t = 0; t < threads; ++t) {
            workers.threads.emplace_back([&, t] {
                DocumentMaker maker;
                DeadlineRunner runner;
                SpellingTally& tally = tallies[t];
                for (std::size_t i; (i = next++) < jobs.size();) {
                    {
                        std::lock_guard<std::mutex> lock(busy[t].mu);
                        busy[t].path = jobs[i].file->abs_path;
                        busy[t].since = std::chrono::steady_clock::now();
                    }
                    Result r = process(jobs[i], maker, tally, runner);
                    {
                        std::lock_guard<std::mutex> lock(busy[t].mu);
                        busy[t].path.clear();
                    }
                    if (tally.size() >= kSpellingHandOver) r.spelling.merge(std::move(tally));   // leaves it empty
                    const std::size_t weight = 1 + r.text_bytes / kQueueUnitBytes;
                    if (!queue.push(std::move(r), weight)) return;
                }
            });
        }
        for (std::size_t done = 0; done < jobs.size(); ++done) {
            std::optional<Result> next_result;
            for (bool timed_out = true; timed_out;) {
                next_result = queue.pop_for(std::chrono::seconds(1), timed_out);
                if (!timed_out || !on_progress) continue;
                BuildProgress p{done, jobs.size(), seconds_since(started), "", 0, ""};
                for (Busy& b : busy) {   // the file working longest, once past kSlowFile
                    std::lock_guard<std::mutex> lock(b.mu);
                    const double s = seconds_since(b.since);
                    if (!b.path.empty() && s >= kSlowFile.count() && s > p.slow_seconds) p = {done, jobs.size(), p.seconds, b.path, s, ""};
                }
                if (!p.slow_file.empty()) on_progress(p);
            }
            Result r = std::move(next_result).value();   // only stopped by ~Workers, after this loop
            const Job& job = *r.job;
            if (!r.spelling.empty()) writer.add_spelling(std::move(r.spelling));
            if (r.failed) {
                summary.failures.push_back({job.file->abs_path, r.reason});
                ++summary.failed;
                if (on_failure) on_failure(summary.failures.back());
            } else if (r.timed_out) {
                // Skipped for now; what the index held for the file stays, as for a failure.
                ++summary.skipped;
                ++summary.timed_out;
                if (on_failure) on_failure({job.file->abs_path, "skipped: " + r.extraction.skip_reason});
                summary.skips.push_back({job.file->abs_path, r.extraction.skip_reason});
            } else if (r.same_content) {
                writer.touch(job.term, job.stat);
                summary.unchanged += writer.article_count(job.term);
            } else {
                for (const std::string& rec : r.extraction.skipped_records) {
                    ++summary.skipped;
                    summary.skips.push_back({job.file->abs_path, rec});
                }
                const std::set<std::string> before = full ? std::set<std::string>() : writer.ids_of(job.term);
                if (!before.empty()) writer.remove_file(job.term);
                if (!r.extraction.skip_reason.empty()) {
                    ++summary.skipped;
                    summary.skips.push_back({job.file->abs_path, r.extraction.skip_reason});
                    writer.set_metadata(schema::skipped_file_key(job.term), job.stat + "\n" + r.extraction.skip_reason);
                } else {
                    if (!full) writer.set_metadata(schema::skipped_file_key(job.term), "");  // indexed now: forget an old skip
                    if (!r.extraction.cut.empty()) summary.cuts.push_back({job.file->abs_path, r.extraction.cut});
                    if (r.unlinked > 0) summary.unlinked[job.source->name] += r.unlinked;
                    for (PreparedArticle& a : r.prepared) {
                        ++(before.count(a.id_term()) != 0 ? summary.updated : summary.added);
                        writer.add(std::move(a));
                    }
                }
            }
            if (on_progress) {
                on_progress({done + 1, jobs.size(), seconds_since(started), "", 0, ""});
            }
        }
    }

    for (SpellingTally& t : tallies) writer.add_spelling(std::move(t));

    if (!full && !opts.keep_removed) {
        // Read, then removed: at 1,000,000 files, sets of every file term (and of every possible
        // skip key) were a third of an unchanged re-run's memory.
        const auto found = [&seen](const std::string& term) { return std::binary_search(seen.begin(), seen.end(), term); };
        for (const std::string& term : writer.file_terms_where([&found](const std::string& t) { return !found(t); })) {
            summary.removed += writer.article_count(term);
            writer.remove_file(term);
        }
        const std::vector<std::string> remembered = writer.metadata_keys(schema::kMetaSkippedFile);   // skipped files: few
        std::set<std::string> gone_keys(remembered.begin(), remembered.end());
        for (auto t = seen.begin(); t != seen.end() && !gone_keys.empty(); ++t) gone_keys.erase(schema::skipped_file_key(*t));
        for (const std::string& key : gone_keys) writer.set_metadata(key, "");  // the skipped file is gone
    }
    writer.set_metadata(schema::kMetaThesaurus, thesaurus.to_stored());
    writer.set_metadata(schema::kMetaSafetyPanel, panel.to_stored());
    writer.set_metadata(schema::kMetaAbbreviations, opts.abbreviations.to_stored());
    writer.set_metadata_at_commit(schema::kMetaVocabulary, [](const Xapian::Database& db) { return compile_vocabulary(db).to_compiled(); });
    StageReporter stage(on_progress, jobs.size(), started);
    writer.commit([&stage](const std::string& what) { stage.set(what); });
    summary.documents = writer.doc_count();
    return std::nullopt;
}

/// A sharded build: one process per shard writes its shard (shard_processes.h), then the spelling
/// data of every shard is merged into the release's meta database.
std::optional<PlanSize> write_shards(const BuildOptions& opts, const std::vector<Source>& sources, const std::string& target,
                                     std::size_t shards, bool full, const IncrementalLimit* limit, const Thesaurus& thesaurus,
                                     const SafetyPanel& panel, BuildSummary& summary, const FailureSink& on_failure,
                                     const ProgressSink& on_progress, std::chrono::steady_clock::time_point started) {
    const unsigned cores = opts.threads > 0 ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    BuildOptions per_shard = opts;
    per_shard.threads = std::max(1u, cores / static_cast<unsigned>(shards));
    const ShardWrite write = [&](std::size_t i, BuildSummary& part, const ProgressSink& progress, const PlanGate& gate) {
        const ShardPaths paths = shard_paths(target, i);
        const DatabaseJob where{paths.database, paths.spelling, ShardFilter{i, shards}};
        std::vector<Source> mine = sources;   // in the shard's own process
        write_database(per_shard, mine, where, full, gate, thesaurus, panel, part, on_failure, progress, started);
    };
    if (std::optional<PlanSize> past = run_shard_processes(target, shards, write, full ? nullptr : limit, summary, on_progress, started)) {
        remove_shard_leftovers(target, shards);
        return past;
    }

    // Spelling data from every shard goes into the meta database, which readers keep local.
    WriterOptions meta_options;
    meta_options.transaction = !full;
    meta_options.computed_from_elsewhere = true;   // the shards may have changed under an unchanged meta database
    meta_options.flush_every = opts.flush_every;
    IndexWriter meta(target + "/" + kMetaDatabase, meta_options);
    for (std::size_t i = 0; i < shards; ++i) meta.merge_spelling_from(shard_paths(target, i).spelling);
    meta.set_metadata(schema::kMetaThesaurus, thesaurus.to_stored());
    meta.set_metadata(schema::kMetaSafetyPanel, panel.to_stored());
    meta.set_metadata(schema::kMetaAbbreviations, opts.abbreviations.to_stored());
    // The learned abbreviations are counted over every shard, as a reader's stub combines them.
    meta.set_metadata_at_commit(schema::kMetaVocabulary, [&target, shards](const Xapian::Database& meta_db) {
        Xapian::Database all = meta_db;
        for (std::size_t i = 0; i < shards; ++i) all.add_database(Xapian::Database(target + "/" + shard_folder(i)));
        return compile_vocabulary(all).to_compiled();
    });
    meta.commit();
    remove_shard_leftovers(target, shards);
    return std::nullopt;
}

}  // namespace

std::size_t abandoned_extractions() { return DeadlineRunner::abandoned_running(); }

/// build_index(), but Xapian's errors are not yet translated.
static BuildSummary build_release(const BuildOptions& opts, const FailureSink& on_failure,
                                  const ProgressSink& on_progress) {
    const auto started = std::chrono::steady_clock::now();
    if (opts.db_path.empty()) throw BadInput("--db: give the folder to write the index to");
    if (opts.sources.empty()) throw BadInput("give at least one folder or file to index");
    if (opts.shards > kMaxShards) throw BadInput("--shards must be between 1 and " + std::to_string(kMaxShards) + ", not " + std::to_string(opts.shards));
    // Everything a librarian wrote is checked before the index is touched.
    BuildSummary summary;
    const std::vector<std::string> bundled_dirs = bundled_vocabulary_dirs();
    summary.thesaurus = resolve_vocabulary(opts.thesaurus, kBundledThesaurus, bundled_dirs, "thesaurus");
    summary.safety_panel = resolve_vocabulary(opts.safety_panel, kBundledSafetyPanel, bundled_dirs, "safety panel");
    const std::string& thesaurus_path = summary.thesaurus.path;
    const std::string& panel_path = summary.safety_panel.path;
    const Thesaurus thesaurus = thesaurus_path.empty() ? Thesaurus() : Thesaurus::load_file(thesaurus_path);
    const SafetyPanel panel = panel_path.empty() ? SafetyPanel() : SafetyPanel::load_file(panel_path);
    std::vector<Source> sources;
    {
        // At 1,000,000 files the scan takes seconds: said while it lasts.
        StageReporter stage(on_progress, 0, started, kStageEvery, kStageQuiet);
        stage.set("looking for files in " + counted(opts.sources.size(), "folder", "folders"));
        sources = prepare_sources(opts, summary);
    }
    for (const FileProblem& p : summary.failures) {
        if (on_failure) on_failure(p);
    }

    const IndexLock lock(opts.db_path, "build", opts.wait_for_lock);
    const IndexDir dir(opts.db_path);
    if (is_database_folder(opts.db_path) && !std::filesystem::exists(dir.current_stub())) {
        throw BadIndex(opts.db_path + " holds an index in the old single-database layout; build into an empty folder");
    }
    summary.pruned = dir.prune(opts.keep_releases);  // leftovers of killed builds go first
    const std::string live = dir.live_release();
    // The shard count is the live release's unless --shards asks for another: that needs a full build.
    const std::size_t live_shards = live.empty() ? 1 : release_shards(live);
    const std::size_t shards = opts.shards > 0 ? opts.shards : live_shards;
    // A live release of another schema version (an upgraded lantern-index) cannot be updated in
    // place: it is rebuilt in full into a new release, and stays live until that one is complete.
    ReleaseManifest live_manifest;   // also what an incremental build adds to
    for (const ReleaseInfo& r : dir.releases()) {
        if (r.live) live_manifest = r.manifest;
    }
    const bool other_schema = !live.empty() && live_manifest.schema_version != schema::kSchemaVersion;
    summary.full = opts.full || live.empty() || shards != live_shards || other_schema;
    summary.shards = shards;
    std::string target = summary.full ? dir.new_release() : live;
    std::vector<ManifestSource> source_list;
    for (const Source& s : sources) source_list.push_back({s.name, s.spec.path, s.spec.url_base});
    summary.release = std::filesystem::path(target).filename().string();
    // Too much to change in one transaction: the same build, written in full into a new release.
    const IncrementalLimit* limit = opts.keep_removed ? nullptr : &opts.incremental_limit;
    const auto write = [&](bool full, BuildSummary& into) {
        if (shards > 1) return write_shards(opts, sources, target, shards, full, limit, thesaurus, panel, into, on_failure, on_progress, started);
        PlanGate gate;
        if (limit != nullptr) gate = [limit](const PlanSize& plan) { return limit->allows(plan); };
        return write_database(opts, sources, DatabaseJob{target, "", ShardFilter{}}, full, gate, thesaurus, panel, into,
                              on_failure, on_progress, started);
    };
    BuildSummary attempt = summary;
    if (const std::optional<PlanSize> past = write(summary.full, attempt)) {
        summary.full = true;
        summary.past_limit_files = past->files;
        summary.past_limit_bytes = past->bytes;
        target = dir.new_release();
        summary.release = std::filesystem::path(target).filename().string();
        write(true, summary);
    } else {
        summary = std::move(attempt);
    }
    if (shards == 1) write_search_files(target);
    summary.thesaurus_entries = thesaurus.size();
    summary.safety_cards = panel.size();
    // Workers finish in any order: the report, the manifest and --report list files by path.
    const auto by_path = [](const FileProblem& a, const FileProblem& b) { return a.path < b.path || (a.path == b.path && a.reason < b.reason); };
    std::sort(summary.failures.begin(), summary.failures.end(), by_path);
    std::sort(summary.skips.begin(), summary.skips.end(), by_path);
    std::sort(summary.cuts.begin(), summary.cuts.end(), by_path);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The manifest: what this release is and how it was made; incremental builds add to it.
    dir.write_manifest(target, manifest_after(summary, opts, live_manifest, std::move(source_list), iso_now()));
    if (summary.full) {
        dir.switch_to(target);
        for (const std::string& p : dir.prune(opts.keep_releases)) summary.pruned.push_back(p);
    }
    return summary;
}

BuildSummary build_index(const BuildOptions& opts, const FailureSink& on_failure, const ProgressSink& on_progress) {
    // Once the disk is full any IndexWriter call can fail (a read may write out a modified block):
    // one place names the index and the system's reason. Nothing was committed or switched.
    return with_xapian(IndexTask{IndexTask::kWrite, opts.db_path, "building"},
                       [&] { return build_release(opts, on_failure, on_progress); });
}

}  // namespace lantern
