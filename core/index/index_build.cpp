// index_build.cpp: the build pipeline: lock -> plan (stat signatures) -> extract on all cores ->
// one writer -> removals -> commit -> manifest -> atomic switch (full builds) -> prune. A sharded
// build runs the write part in one process per shard and merges their summaries and spelling data.
#include "index/index_build.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index/detail/bounded_queue.h"
#include "extract/deadline_runner.h"
#include "text/errors.h"
#include "extract/extraction.h"
#include "index/detail/index_writer.h"
#include "index/releases.h"
#include "text/safety_panel.h"
#include "text/schema.h"
#include "extract/source_scan.h"
#include "text/thesaurus.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

/// Bumped when extraction changes what it produces, so "unchanged" files are extracted again.
/// extract-6: PDF, DOCX and ODT; every document carries its format as a facet (schema::kFacetFormat).
constexpr const char* kExtractorVersion = "extract-6";

struct Source {
    SourceSpec spec;
    std::string name;
    std::shared_ptr<ExtractOptions> extract = std::make_shared<ExtractOptions>();   ///< shared with extraction tasks
    std::string fingerprint;   ///< hash of everything besides the bytes that shapes what a file yields
    std::vector<SourceFile> files;
};

struct Job {
    const SourceFile* file;
    const Source* source;
    std::string term;
    std::string old_hash;
    std::string stat;
};

std::chrono::milliseconds timeout_of(const Source& s) {
    return std::chrono::milliseconds(static_cast<long long>(s.spec.file_timeout * 1000));
}

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

std::string stat_signature(const std::string& path, const std::string& fingerprint) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    return fingerprint + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
}

bool matches_any(const std::vector<std::string>& patterns, const SourceFile& f) {
    for (const std::string& p : patterns) {
        if (matches_pattern(p, f)) return true;
    }
    return false;
}

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
        for (const Article& a : r.extraction.articles) r.text_bytes += a.text_bytes();
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

nlohmann::json file_list(const std::vector<FileProblem>& problems) {
    nlohmann::json list = nlohmann::json::array();
    for (const FileProblem& p : problems) list.push_back({{"path", p.path}, {"reason", p.reason}});
    return list;
}

std::string file_hash(const std::string& path) { return path.empty() ? "" : schema::content_hash(read_source(path)); }

/// Learns each source's boilerplate, or reuses what the index stored when the sampled files have
/// not changed (learning re-reads 64 pages per source: too slow for a no-change rebuild).
void learn_boilerplate_of(std::vector<Source>& sources, IndexWriter& writer, BuildSummary& summary) {
    for (Source& s : sources) {
        std::string sample_sig = s.fingerprint;
        for (const SourceFile* f : boilerplate_sample(s.files)) sample_sig += '\n' + f->rel_path + stat_signature(f->abs_path, "");
        sample_sig = schema::content_hash(sample_sig);
        const std::string key = schema::kMetaBoilerplate + s.name;
        Boilerplate b;
        const nlohmann::json cached = nlohmann::json::parse(writer.metadata(key), nullptr, false);
        if (cached.is_object() && cached.value("sample", "") == sample_sig) {
            b = Boilerplate::from_stored(cached.value("paragraphs", "[]"));
        } else {
            b = learn_boilerplate(s.files, *s.extract, timeout_of(s));
            writer.set_metadata(key, nlohmann::json{{"sample", sample_sig}, {"paragraphs", b.to_stored()}}.dump());
        }
        if (b.empty()) continue;
        summary.boilerplate.emplace_back(s.name, b.size());
        s.fingerprint = schema::content_hash(s.fingerprint + '\n' + b.fingerprint());
        s.extract->boilerplate.emplace(s.name, std::move(b));
    }
}

std::string skip_key(const std::string& term) { return schema::kMetaSkippedFile + schema::content_hash(term); }

std::vector<Source> prepare_sources(const BuildOptions& opts, BuildSummary& summary) {
    std::vector<Source> sources;
    std::set<std::string> names;
    for (const SourceSpec& spec : opts.sources) {
        check_url_base(spec.url_base);
        check_patterns(spec.include, "source.include");
        check_patterns(spec.exclude, "source.exclude");
        Source s;
        s.spec = spec;
        s.extract->url_base = spec.url_base;
        s.extract->ignore_robots = spec.ignore_robots;
        s.extract->max_file_size = spec.max_file_size;
        s.extract->mappings = XmlMappings::load(spec.mapping_files);
        ScanResult scan = scan_sources({spec.path});
        for (const ScanProblem& p : scan.problems) {
            (p.failure ? summary.failures : summary.skips).push_back({p.path, p.reason});
            ++(p.failure ? summary.failed : summary.skipped);
        }
        summary.other_files += scan.other_files;
        for (SourceFile& f : scan.files) {
            const bool included = spec.include.empty() || matches_any(spec.include, f);
            if (!included || matches_any(spec.exclude, f)) {
                ++summary.other_files;
                continue;
            }
            s.files.push_back(std::move(f));
        }
        s.name = s.files.empty() ? std::filesystem::path(spec.path).filename().string() : s.files.front().source;
        if (!names.insert(s.name).second) {
            throw BadInput("two sources are named '" + s.name + "' (sources are named by their folder): rename one folder");
        }
        std::string fp = std::string(kExtractorVersion) + '\n' + spec.url_base + '\n' + (spec.ignore_robots ? "r" : "-") +
                         std::to_string(spec.max_file_size);
        for (const std::string& m : spec.mapping_files) fp += '\n' + file_hash(m);
        s.fingerprint = schema::content_hash(fp);  // learned boilerplate is added once the index is open
        summary.files += s.files.size();
        sources.push_back(std::move(s));
    }
    return sources;
}

}  // namespace

std::string summary_json(const BuildSummary& s) {
    nlohmann::json boiler = nlohmann::json::object();
    for (const auto& [source, n] : s.boilerplate) boiler[source] = n;
    const nlohmann::json j = {
        {"kind", s.full ? "full" : "incremental"},
        {"release", s.release},
        {"shards", s.shards},
        {"counts", {{"files", s.files}, {"added", s.added}, {"updated", s.updated}, {"unchanged", s.unchanged},
                    {"removed", s.removed}, {"skipped", s.skipped}, {"timed_out", s.timed_out}, {"failed", s.failed}, {"other_files", s.other_files}}},
        {"documents", s.documents},
        {"seconds", s.seconds},
        {"boilerplate_learned", boiler},
        {"thesaurus_entries", s.thesaurus_entries},
        {"safety_cards", s.safety_cards},
        {"pruned", s.pruned},
        {"failed", file_list(s.failures)},
        {"skipped", file_list(s.skips)},
        {"cut", file_list(s.cuts)},
    };
    // File names, and the record keys and root element names in reasons, come from the files as they are.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

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
/// `summary`; the source scan's own counts (files, other files) are the caller's.
void write_database(const BuildOptions& opts, std::vector<Source> sources, const DatabaseJob& where, bool full,
                    const Thesaurus& thesaurus, const SafetyPanel& panel, BuildSummary& summary,
                    const FailureSink& on_failure, const ProgressSink& on_progress,
                    std::chrono::steady_clock::time_point started) {
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
    std::set<std::string> seen;
    for (const Source& s : sources) {
        for (const SourceFile& f : s.files) {
            Job job{&f, &s, file_term_for(s.name, f.rel_path), "", stat_signature(f.abs_path, s.fingerprint)};
            if (!full) seen.insert(job.term);   // only incremental builds look for files that are gone
            if (!where.filter.owns(job.term)) continue;
            if (!full) {
                const FileSignature sig = writer.signature(job.term);
                if (!sig.stat.empty() && sig.stat == job.stat) {
                    summary.unchanged += writer.article_count(job.term);
                    continue;
                }
                // A file skipped last time (robots, size) is not read again while unchanged.
                const std::string skipped = writer.metadata(skip_key(job.term));
                if (!skipped.empty() && skipped.rfind(job.stat + "\n", 0) == 0) {
                    ++summary.skipped;
                    summary.skips.push_back({f.abs_path, skipped.substr(job.stat.size() + 1)});
                    continue;
                }
                job.old_hash = sig.hash;
            }
            jobs.push_back(std::move(job));
        }
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
                BuildProgress p{done, jobs.size(), seconds_since(started), "", 0};
                for (Busy& b : busy) {   // the file working longest, once past kSlowFile
                    std::lock_guard<std::mutex> lock(b.mu);
                    const double s = seconds_since(b.since);
                    if (!b.path.empty() && s >= kSlowFile.count() && s > p.slow_seconds) p = {done, jobs.size(), p.seconds, b.path, s};
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
                    writer.set_metadata(skip_key(job.term), job.stat + "\n" + r.extraction.skip_reason);
                } else {
                    if (!full) writer.set_metadata(skip_key(job.term), "");  // indexed now: forget an old skip
                    if (!r.extraction.cut.empty()) summary.cuts.push_back({job.file->abs_path, r.extraction.cut});
                    for (PreparedArticle& a : r.prepared) {
                        ++(before.count(a.id_term()) != 0 ? summary.updated : summary.added);
                        writer.add(std::move(a));
                    }
                }
            }
            if (on_progress) {
                on_progress({done + 1, jobs.size(), seconds_since(started), "", 0});
            }
        }
    }

    for (SpellingTally& t : tallies) writer.add_spelling(std::move(t));

    if (!full && !opts.keep_removed) {
        for (const std::string& term : writer.file_terms()) {
            if (seen.count(term) != 0) continue;
            summary.removed += writer.article_count(term);
            writer.remove_file(term);
        }
        std::set<std::string> live_keys;
        for (const std::string& term : seen) live_keys.insert(skip_key(term));
        for (const std::string& key : writer.metadata_keys(schema::kMetaSkippedFile)) {
            if (live_keys.count(key) == 0) writer.set_metadata(key, "");  // the skipped file is gone
        }
    }
    writer.set_metadata(schema::kMetaThesaurus, thesaurus.to_stored());
    writer.set_metadata(schema::kMetaSafetyPanel, panel.to_stored());
    writer.set_metadata(schema::kMetaAbbreviations, opts.abbreviations.to_stored());
    writer.commit();
    summary.documents = writer.doc_count();
}

/// Adds one shard's counts and lists (summary_json of its part) to the whole build's summary.
void add_part(BuildSummary& total, const nlohmann::json& part, bool first) {
    const nlohmann::json& c = part.at("counts");
    total.added += c.at("added").get<std::size_t>();
    total.updated += c.at("updated").get<std::size_t>();
    total.unchanged += c.at("unchanged").get<std::size_t>();
    total.removed += c.at("removed").get<std::size_t>();
    total.skipped += c.at("skipped").get<std::size_t>();
    total.failed += c.at("failed").get<std::size_t>();
    total.timed_out += c.at("timed_out").get<std::size_t>();
    total.documents += part.at("documents").get<std::size_t>();
    for (const auto& f : part.at("failed")) total.failures.push_back({f.at("path"), f.at("reason")});
    for (const auto& f : part.at("skipped")) total.skips.push_back({f.at("path"), f.at("reason")});
    for (const auto& f : part.at("cut")) total.cuts.push_back({f.at("path"), f.at("reason")});
    if (first) {  // every shard learns the same boilerplate from the same sample
        for (const auto& [source, n] : part.at("boilerplate_learned").items()) total.boilerplate.emplace_back(source, n.get<std::size_t>());
    }
}

/// Progress of each shard's process, in memory shared with the parent (MAP_SHARED).
struct ShardCounters {
    std::atomic<std::size_t> done{0};
    std::atomic<std::size_t> total{0};
};

/// A sharded build: one process per shard writes its shard (and its spelling data into a
/// temporary database beside it); the parent shows their combined progress, then merges the
/// spelling data into the release's meta database. Processes rather than threads: each shard
/// has its own Xapian writer, memory and failure, and a crash costs one shard, not the build.
void write_shards(const BuildOptions& opts, const std::vector<Source>& sources, const std::string& target, std::size_t shards,
                  bool full, const Thesaurus& thesaurus, const SafetyPanel& panel, BuildSummary& summary,
                  const FailureSink& on_failure, const ProgressSink& on_progress, std::chrono::steady_clock::time_point started) {
    void* shared = ::mmap(nullptr, sizeof(ShardCounters) * shards, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) throw BadIndex(std::string("cannot share memory with the shard processes: ") + std::strerror(errno));
    auto* counters = new (shared) ShardCounters[shards];
    const unsigned cores = opts.threads > 0 ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    BuildOptions per_shard = opts;
    per_shard.threads = std::max(1u, cores / static_cast<unsigned>(shards));
    for (std::size_t i = 0; i < shards; ++i) {  // leftovers of a killed build must not be merged twice
        std::error_code ec;
        const std::string base = target + "/" + shard_folder(i);
        for (const char* extra : {".spelling", ".summary", ".error"}) fs::remove_all(base + extra, ec);
    }
    std::vector<pid_t> children;
    std::fflush(nullptr);
    for (std::size_t i = 0; i < shards; ++i) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            for (const pid_t c : children) ::kill(c, SIGKILL);
            for (const pid_t c : children) ::waitpid(c, nullptr, 0);
            throw BadIndex(std::string("cannot start a shard process: ") + std::strerror(errno));
        }
        if (pid == 0) {
            // The child: write shard i, leave its summary (or error) in a file, and exit without
            // running destructors (the parent owns the lock and the release).
            int code = 0;
            const std::string base = target + "/" + shard_folder(i);
            try {
                BuildSummary part;
                const DatabaseJob where{base, base + ".spelling", ShardFilter{i, shards}};
                write_database(per_shard, sources, where, full, thesaurus, panel, part, on_failure,
                               [&](const BuildProgress& p) { counters[i].done = p.done; counters[i].total = p.total; }, started);
                std::ofstream(base + ".summary") << summary_json(part);
            } catch (const std::exception& e) {
                std::ofstream(base + ".error") << e.what();
                code = 1;
            }
            std::fflush(nullptr);
            std::_Exit(code);
        }
        children.push_back(pid);
    }
    std::size_t running = shards;
    std::vector<int> status(shards, -1);
    while (running > 0) {
        for (std::size_t i = 0; i < shards; ++i) {
            if (status[i] != -1) continue;
            int st = 0;
            if (::waitpid(children[i], &st, WNOHANG) == children[i]) {
                status[i] = st;
                --running;
            }
        }
        if (on_progress) {
            BuildProgress p;
            for (std::size_t i = 0; i < shards; ++i) {
                p.done += counters[i].done;
                p.total += counters[i].total;
            }
            p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            if (p.total > 0) on_progress(p);
        }
        if (running > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::munmap(shared, sizeof(ShardCounters) * shards);

    std::string errors;
    for (std::size_t i = 0; i < shards; ++i) {
        const std::string base = target + "/" + shard_folder(i);
        if (status[i] != 0) {
            std::ifstream in(base + ".error");
            std::string why((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (why.empty()) why = "its process ended abnormally (status " + std::to_string(status[i]) + ")";
            errors += (errors.empty() ? "" : "; ") + shard_folder(i) + ": " + why;
        } else {
            std::ifstream in(base + ".summary");
            add_part(summary, nlohmann::json::parse(in), i == 0);
        }
    }
    if (!errors.empty()) throw BadIndex("a shard failed, so the build did not switch releases: " + errors);

    // Spelling data from every shard goes into the meta database, which readers keep local.
    WriterOptions meta_options;
    meta_options.transaction = !full;
    meta_options.flush_every = opts.flush_every;
    IndexWriter meta(target + "/" + kMetaDatabase, meta_options);
    for (std::size_t i = 0; i < shards; ++i) meta.merge_spelling_from(target + "/" + shard_folder(i) + ".spelling");
    meta.set_metadata(schema::kMetaThesaurus, thesaurus.to_stored());
    meta.set_metadata(schema::kMetaSafetyPanel, panel.to_stored());
    meta.set_metadata(schema::kMetaAbbreviations, opts.abbreviations.to_stored());
    meta.commit();
    for (std::size_t i = 0; i < shards; ++i) {
        std::error_code ec;
        const std::string base = target + "/" + shard_folder(i);
        fs::remove_all(base + ".spelling", ec);
        fs::remove(base + ".summary", ec);
    }
}

}  // namespace

std::size_t abandoned_extractions() { return DeadlineRunner::abandoned_running(); }

BuildSummary build_index(const BuildOptions& opts, const FailureSink& on_failure, const ProgressSink& on_progress) try {
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
    std::vector<Source> sources = prepare_sources(opts, summary);
    for (const FileProblem& p : summary.failures) {
        if (on_failure) on_failure(p);
    }

    const IndexLock lock(opts.db_path, "build", opts.wait_for_lock);
    const IndexDir dir(opts.db_path);
    if (std::filesystem::exists(opts.db_path + "/iamglass") && !std::filesystem::exists(dir.current_stub())) {
        throw BadIndex(opts.db_path + " holds an index in the old single-database layout; build into an empty folder");
    }
    summary.pruned = dir.prune(opts.keep_releases);  // leftovers of killed builds go first
    const std::string live = dir.live_release();
    // The shard count is the live release's unless --shards asks for another: that needs a full build.
    const std::size_t live_shards = live.empty() ? 1 : release_shards(live);
    const std::size_t shards = opts.shards > 0 ? opts.shards : live_shards;
    // A live release of another schema version (an upgraded lantern-index) cannot be updated in
    // place: it is rebuilt in full into a new release, and stays live until that one is complete.
    nlohmann::json live_manifest = nlohmann::json::object();   // also what an incremental build adds to
    for (const ReleaseInfo& r : dir.releases()) {
        if (r.live && r.manifest.is_object()) live_manifest = r.manifest;
    }
    const bool other_schema = !live.empty() && live_manifest.value("schema_version", 0) != schema::kSchemaVersion;
    summary.full = opts.full || live.empty() || shards != live_shards || other_schema;
    summary.shards = shards;
    const std::string target = summary.full ? dir.new_release() : live;
    nlohmann::json source_list = nlohmann::json::array();   // for the manifest (sources may be moved below)
    for (const Source& s : sources) source_list.push_back({{"name", s.name}, {"path", s.spec.path}, {"url_base", s.spec.url_base}});
    summary.release = std::filesystem::path(target).filename().string();
    if (shards == 1) {
        // Moved, not copied: at 1,000,000 files a copy of the scan was ~300 MB of peak memory.
        write_database(opts, std::move(sources), DatabaseJob{target, "", ShardFilter{}}, summary.full, thesaurus, panel, summary,
                       on_failure, on_progress, started);
    } else {
        write_shards(opts, sources, target, shards, summary.full, thesaurus, panel, summary, on_failure, on_progress, started);
    }
    summary.thesaurus_entries = thesaurus.size();
    summary.safety_cards = panel.size();
    // Workers finish in any order: the report, the manifest and --report list files by path.
    const auto by_path = [](const FileProblem& a, const FileProblem& b) { return a.path < b.path || (a.path == b.path && a.reason < b.reason); };
    std::sort(summary.failures.begin(), summary.failures.end(), by_path);
    std::sort(summary.skips.begin(), summary.skips.end(), by_path);
    std::sort(summary.cuts.begin(), summary.cuts.end(), by_path);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The manifest: what this release is and how it was made; incremental builds add to it.
    nlohmann::json manifest = summary.full ? nlohmann::json::object() : live_manifest;
    nlohmann::json build = nlohmann::json::parse(summary_json(summary));
    build["finished"] = iso_now();
    manifest["release"] = summary.release;
    if (summary.full) manifest["created"] = iso_now();
    manifest["updated"] = iso_now();
    manifest["built_by"] = std::string("lantern-index ") + LANTERN_VERSION;
    manifest["schema_version"] = schema::kSchemaVersion;
    manifest["config"] = opts.config_path.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json{{"path", opts.config_path}, {"hash", file_hash(opts.config_path)}};
    manifest["sources"] = source_list;
    // `lantern-index stats` reads these (with the counts stored in the index) to say which vocabulary it holds.
    manifest["thesaurus"] = thesaurus_path.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json{{"path", thesaurus_path}, {"hash", file_hash(thesaurus_path)},
                                                                    {"bundled", summary.thesaurus.bundled}};
    manifest["safety_panel"] = panel_path.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json{{"path", panel_path}, {"hash", file_hash(panel_path)},
                                                                   {"bundled", summary.safety_panel.bundled}};
    manifest["documents"] = summary.documents;
    manifest["shards"] = summary.shards;
    manifest["last_build"] = build;
    if (!manifest.contains("builds")) manifest["builds"] = nlohmann::json::array();
    manifest["builds"].push_back({{"kind", build["kind"]}, {"finished", build["finished"]}, {"counts", build["counts"]},
                                  {"seconds", summary.seconds}});
    dir.write_manifest(target, manifest);
    if (summary.full) {
        dir.switch_to(target);
        for (const std::string& p : dir.prune(opts.keep_releases)) summary.pruned.push_back(p);
    }
    return summary;
} catch (const Xapian::Error& e) {
    // Once the disk is full any IndexWriter call can fail (a read may write out a modified block):
    // one place names the index and the system's reason. Nothing was committed or switched.
    const char* why = e.get_error_string();
    throw BadIndex("building the index at " + opts.db_path + " failed: " + e.get_msg() + (why ? std::string(" (") + why + ")" : "") +
                   "; the live release is unchanged");
}

}  // namespace lantern
