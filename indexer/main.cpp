// lantern-index: command-line front end. Parses options (and lantern.toml) into core's typed
// structs, calls core, prints the report. main_guard's run_main() is its catch site.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/config.h"
#include "app/config_discovery.h"
#include "text/counted.h"
#include "text/errors.h"
#include "extract/extraction.h"
#include "index/index_admin.h"
#include "index/index_build.h"
#include "extract/inspect_report.h"
#include "app/main_guard.h"
#include "extract/source_scan.h"
#include "progress.h"

namespace {

constexpr const char* kFormats =
    "Formats, by extension (other files are counted and ignored; `include` in lantern.toml chooses):\n"
    "  .html .htm .xhtml  the main content without site chrome; title, description, keywords, author,\n"
    "                     audience, language, canonical URL, dates; headings as sections\n"
    "  .xml               records and fields by --mapping, else by element name\n"
    "  .pdf               text in reading order, page by page (results link to url#page=N and name the\n"
    "                     page); title, author, subject, keywords, dates, language; outline entries as\n"
    "                     section titles\n"
    "  .docx .odt         paragraphs, headings as sections, tables as text; title, creator, subject,\n"
    "                     keywords, dates, language (headers, footers, comments and footnotes left out)\n"
    "Skipped, with the reason: pages marked robots noindex; files over --max-size or past --file-timeout;\n"
    "encrypted documents; PDFs without a text layer (\"needs OCR\"); documents past the bounds of\n"
    "docs/extraction.md (zip bombs, compression bombs). Failed: unreadable, empty, binary, malformed or\n"
    "damaged files.";

constexpr const char* kExitCodes =
    "Exit codes: 0 success, 1 build finished but some files failed or ran past --file-timeout\n"
    "(inspect: the file would fail;\n"
    "check: the index is damaged), 2 bad command line or configuration, or nothing to work on,\n"
    "3 index busy, missing, or cannot be opened or written (rollback: no earlier release), 4 internal error.\n"
    "Without folders (build) or --db (the others), ./lantern.toml is read when there is one.";

/// Command-line settings for build; each overrides lantern.toml only when given.
struct BuildCommand {
    std::string config;
    std::string db;
    std::vector<std::string> paths;
    std::string url_base;
    std::vector<std::string> mappings;
    std::string thesaurus;
    std::string safety_panel;
    bool no_thesaurus = false;
    bool no_safety_panel = false;
    std::uintmax_t max_size = lantern::SourceSpec().max_file_size;
    double file_timeout = lantern::kDefaultFileTimeout;
    bool ignore_robots = false;
    bool keep_boilerplate = false;
    bool full = false;
    bool keep_removed = false;
    std::size_t incremental_limit = lantern::IncrementalLimit().files;
    bool wait = false;
    bool quiet = false;
    unsigned threads = 0;
    unsigned writers = 0;
    std::size_t shards = 0;
    std::string report;
    CLI::App* app = nullptr;
    bool given(const char* option) const { return app->count(option) > 0; }
};

/// --max-size: 1 byte to 1 TiB (CLI::PositiveNumber's message named a range up to 1.8e308).
const CLI::Range kFileSizes(std::uintmax_t{1}, std::uintmax_t{1} << 40);

lantern::BuildOptions build_options(const BuildCommand& c) {
    // ./lantern.toml when no folders are given: the rule lantern-search follows too (config_discovery.h).
    const std::string config = c.paths.empty() ? lantern::find_config(c.config) : c.config;
    if (config.empty() && c.paths.empty()) {
        throw lantern::BadInput("nothing to index: no folders given and " + lantern::no_config_here() +
                                " (give --config FILE, or --db DIR and the folders to index)");
    }
    lantern::BuildOptions o = config.empty() ? lantern::BuildOptions() : lantern::load_config(config);
    if (!c.paths.empty()) {
        o.sources.clear();
        for (const std::string& p : c.paths) o.sources.push_back(lantern::SourceSpec{p, "", {}, {}, {}, false, lantern::SourceSpec().max_file_size, lantern::kDefaultFileTimeout});
    }
    for (lantern::SourceSpec& s : o.sources) {
        if (c.given("--url-base")) s.url_base = c.url_base;
        if (c.given("--ignore-robots")) s.ignore_robots = true;
        if (c.given("--max-size")) s.max_file_size = c.max_size;
        if (c.given("--file-timeout")) s.file_timeout = c.file_timeout;
        s.mapping_files.insert(s.mapping_files.end(), c.mappings.begin(), c.mappings.end());
    }
    if (c.given("--db")) o.db_path = c.db;
    using From = lantern::VocabularySetting::From;
    if (c.given("--thesaurus")) o.thesaurus = {From::file, c.thesaurus};
    if (c.no_thesaurus) o.thesaurus = {From::none, ""};
    if (c.given("--safety-panel")) o.safety_panel = {From::file, c.safety_panel};
    if (c.no_safety_panel) o.safety_panel = {From::none, ""};
    if (o.db_path.empty()) {
        throw lantern::BadInput(config.empty() ? "--db: give the index folder to build (folders on the command line need --db, or --config FILE)"
                                               : "--db: give the index folder (" + config + " has no [index] db)");
    }
    if (o.sources.empty()) throw lantern::BadInput("give folders to index (or [[source]] tables in lantern.toml)");
    o.full = c.full;
    o.keep_removed = c.keep_removed;
    o.incremental_limit.files = c.incremental_limit;
    o.wait_for_lock = c.wait;
    o.learn_boilerplate = !c.keep_boilerplate;
    o.threads = c.threads;
    o.writers = c.writers;
    if (c.given("--shards")) o.shards = c.shards;
    return o;
}

/// One line for every article indexed without a link (issue 19: results rendered <a href="">
/// and the build said nothing).
std::string unlinked_warning(const std::map<std::string, std::size_t>& unlinked) {
    std::size_t total = 0;
    std::string sources;
    for (const auto& [source, n] : unlinked) {
        total += n;
        sources += (sources.empty() ? "" : ", ") + source;
    }
    return std::to_string(total) + (total == 1 ? " article has" : " articles have") +
           " no link: no canonical URL (or XML url) of their own, and no --url-base (url_base in lantern.toml) to make one "
           "for source " + sources + "; search results show them without a link";
}

int run_build(const BuildCommand& cmd) {
    const lantern::BuildOptions opts = build_options(cmd);
    const lantern::BuildSummary s = lantern::build_index(
        opts, [](const lantern::FileProblem& p) { std::cerr << p.path << ": " << p.reason << "\n"; },
        cmd.quiet ? lantern::ProgressSink() : lantern::progress_printer());
    for (const std::string* w : {&s.thesaurus.warning, &s.safety_panel.warning}) {
        if (!w->empty()) std::cerr << "lantern-index: warning: " << *w << "\n";
    }
    if (!s.unlinked.empty()) std::cerr << "lantern-index: warning: " << unlinked_warning(s.unlinked) << "\n";
    for (const auto& [source, before, after] : s.boilerplate_changed) {
        // Printed even with --quiet: every page of the source is indexed again because of it.
        std::cout << "boilerplate of " << source << " changed since the last build (" << lantern::counted(before, "paragraph", "paragraphs")
                  << " before, " << after << " now" << (after == 0 ? ": too few pages, or none repeats on most of them" : "")
                  << "): its pages are indexed again\n";
    }
    if (!cmd.quiet) {
        for (const auto& [source, n] : s.boilerplate) {
            std::cout << "learned " << n << " paragraph" << (n == 1 ? "" : "s") << " repeated on most pages of " << source
                      << ": left out of every page (--keep-boilerplate to index them)\n";
        }
        for (const lantern::FileProblem& p : s.skips) std::cout << "skipped " << p.path << ": " << p.reason << "\n";
        for (const lantern::FileProblem& p : s.cuts) std::cout << "cut " << p.path << ": " << p.reason << " (indexed)\n";
        const auto from = [](const lantern::ResolvedVocabulary& v) { return (v.bundled ? "the bundled " : "") + v.path; };
        if (s.thesaurus_entries > 0) {
            std::cout << "thesaurus: " << lantern::counted(s.thesaurus_entries, "phrase expands", "phrases expand") << ", from "
                      << from(s.thesaurus) << "\n";
        }
        if (s.safety_cards > 0) std::cout << "safety panel: " << lantern::counted(s.safety_cards, "card", "cards") << ", from " << from(s.safety_panel) << "\n";
        for (const std::string& p : s.pruned) std::cout << "removed old release " << p << "\n";
    }
    if (s.past_limit_files > 0) {
        const auto size = [](std::uintmax_t b) {
            return b < (1u << 20) ? std::to_string((b + 1023) >> 10) + " KiB" : std::to_string(b >> 20) + " MiB";
        };
        std::cout << "the changes are too many for one incremental transaction (" << lantern::counted(s.past_limit_files, "file", "files")
                  << ", " << size(s.past_limit_bytes) << " to read; --incremental-limit " << opts.incremental_limit.files
                  << " files or " << (opts.incremental_limit.bytes >> 20) << " MiB): written in full into a new release\n";
    }
    std::cout << (s.full ? "Full build" : "Incremental build") << " of release " << s.release << " in " << opts.db_path << ": "
              << s.added << " added, " << s.updated << " updated, " << s.unchanged << " unchanged, " << s.removed << " removed, "
              << s.skipped << " skipped, " << s.failed << " failed";
    if (s.other_files > 0)
        std::cout << " (" << lantern::counted(s.other_files, "other file", "other files")
                  << " ignored: of no format Lantern reads, or excluded)";
    std::cout.setf(std::ios::fixed);
    std::cout.precision(2);
    std::cout << "; " << lantern::counted(s.documents, "document", "documents") << "; " << s.seconds << " s\n";
    if (!cmd.report.empty()) {
        std::ofstream out(cmd.report);
        out << lantern::summary_json(s) << "\n";
        if (!out) throw lantern::BadInput("--report: cannot write " + cmd.report);
    }
    return s.failed > 0 || s.timed_out > 0 ? lantern::kExitSomeFailed : lantern::kExitOk;
}

struct InspectCommand {
    std::string file;
    std::vector<std::string> mapping_files;
    std::string url_base;
    bool ignore_robots = false;
    std::uintmax_t max_file_size = lantern::SourceSpec().max_file_size;
    bool json = false;
    std::string site;   ///< folder sampled to learn repeated boilerplate ("" = the file's folder)
    bool keep_boilerplate = false;
};

int run_inspect(const InspectCommand& cmd) {
    const lantern::ScanResult scan = lantern::scan_sources({cmd.file});
    if (!scan.problems.empty()) throw lantern::BadInput(scan.problems[0].path + ": " + scan.problems[0].reason);
    if (scan.files.empty()) {
        throw lantern::BadInput(cmd.file +
                                " is of no format Lantern reads (.html, .htm, .xhtml, .xml, .pdf, .docx, .odt)");
    }
    lantern::check_url_base(cmd.url_base);
    lantern::ExtractOptions opts;
    opts.url_base = cmd.url_base;
    opts.ignore_robots = cmd.ignore_robots;
    opts.max_file_size = cmd.max_file_size;
    opts.mappings = lantern::XmlMappings::load(cmd.mapping_files);
    if (!cmd.keep_boilerplate) {
        const std::string site = cmd.site.empty() ? std::filesystem::path(cmd.file).parent_path().string() : cmd.site;
        const lantern::ScanResult siblings = lantern::scan_sources({site.empty() ? "." : site});
        opts.boilerplate.emplace(scan.files[0].source, lantern::learn_boilerplate(siblings.files, opts, std::chrono::milliseconds(0)));
    }
    lantern::FileExtraction x;
    try {
        x = lantern::extract_file(scan.files[0], lantern::read_source(cmd.file), opts);
    } catch (const lantern::BadDocument& e) {
        std::cerr << cmd.file << ": " << e.what() << "\n";  // what build would report for this file
        return lantern::kExitSomeFailed;
    }
    std::cout << (cmd.json ? lantern::inspection_to_json(cmd.file, x) + "\n" : lantern::inspection_to_text(cmd.file, x));
    return lantern::kExitOk;
}

struct AdminCommand {
    std::string db;
    std::string config;
    bool json = false;
    bool wait = false;
    std::string stale_after = "24m";
    std::size_t keep_releases = lantern::BuildOptions().keep_releases;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "lantern-index: build and look after a Lantern search index of HTML and XML articles, PDF, DOCX and ODT "
        "documents."};
    app.footer(kExitCodes);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("lantern-index ") + LANTERN_VERSION);

    BuildCommand build;
    CLI::App* b = app.add_subcommand(
        "build", "Index the folders given (or the [[source]]s of lantern.toml). The first build, and --full, write a new release "
                 "and switch to it atomically; later builds update the live release in one transaction, skipping unchanged "
                 "files unread and removing articles whose file disappeared.");
    build.app = b;
    b->footer(kFormats);
    b->add_option("paths", build.paths, "Folders (walked recursively) and files to index; replaces the config's sources");
    b->add_option("--config", build.config, "Configuration file (default: ./lantern.toml when no paths are given)")->check(CLI::ExistingFile);
    b->add_option("--db", build.db, "Index folder (releases, current, lock)");
    b->add_option("--url-base", build.url_base, "Absolute http(s) URL of the indexed folder: links are resolved against it");
    b->add_option("--mapping", build.mappings, "XML mapping file (TOML, docs/xml-mapping.md); repeatable")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    CLI::Option* thesaurus =
        b->add_option("--thesaurus", build.thesaurus,
                      "Thesaurus to compile into the index in place of the bundled health thesaurus, which every build "
                      "compiles in by default (share/lantern/thesaurus; corpus/thesaurus in a build tree)")
            ->check(CLI::ExistingFile);
    b->add_flag("--no-thesaurus", build.no_thesaurus, "Compile no thesaurus into the index (not even the bundled one)")->excludes(thesaurus);
    CLI::Option* panel = b->add_option("--safety-panel", build.safety_panel,
                                       "Safety-panel cards (TOML) to compile into the index in place of the bundled ones "
                                       "(share/lantern/safety-panel.toml), compiled in by default")
                             ->check(CLI::ExistingFile);
    b->add_flag("--no-safety-panel", build.no_safety_panel, "Compile no safety-panel cards into the index (not even the bundled ones)")
        ->excludes(panel);
    b->add_flag("--ignore-robots", build.ignore_robots, "Index pages even if they say <meta name=robots content=noindex>");
    b->add_flag("--keep-boilerplate", build.keep_boilerplate, "Index paragraphs that repeat on most pages of a folder");
    b->add_option("--max-size", build.max_size, "Skip files larger than this many bytes")->default_val(build.max_size)->check(kFileSizes);
    b->add_option("--file-timeout", build.file_timeout,
                  "Seconds one file's extraction may take; a file past it is skipped and reported (exit code 1), "
                  "and tried again next build (0: no limit)")
        ->default_val(build.file_timeout)
        ->check(CLI::Range(0.0, 86400.0));
    b->add_flag("--full", build.full, "Rebuild from nothing into a new release");
    b->add_flag("--keep-removed", build.keep_removed, "Keep articles whose source file disappeared");
    b->add_option("--incremental-limit", build.incremental_limit,
                  "An incremental build that would read more than N changed files (or 256 MiB of them) is written in "
                  "full into a new release instead: one transaction holds every change in memory (not with "
                  "--keep-removed)")
        ->default_val(build.incremental_limit)
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000000}));
    b->add_flag("--wait", build.wait, "If another build holds the index, wait for it instead of stopping");
    b->add_flag("--quiet", build.quiet, "No progress and no list of skipped files (failures and the summary are still printed)");
    b->add_option("--threads", build.threads, "Extraction threads (default: one per core)");
    b->add_option("--writers", build.writers,
                  "Writer threads of a full build, each writing a part database that is merged at the end "
                  "(default: one per extraction thread, at most 4; 1 writes the release directly; a sharded "
                  "build writes one per shard)")
        ->check(CLI::Range(1u, lantern::kMaxWriters));
    b->add_option("--shards", build.shards,
                  "Build N shard databases in parallel processes, listed by DIR/current with a meta database "
                  "(default: as the live release, else 1; a different N means a full build; docs/scaling.md)")
        ->check(CLI::Range(std::size_t{1}, lantern::kMaxShards));
    b->add_option("--report", build.report, "Also write the summary as JSON to this file");

    InspectCommand inspect;
    CLI::App* i = app.add_subcommand(
        "inspect", "Show exactly what build would index from one file (fields, sections, dates, text), or why it would be skipped.");
    i->add_option("file", inspect.file, "An .html/.htm/.xhtml, .xml, .pdf, .docx or .odt file")->required();
    i->add_option("--mapping", inspect.mapping_files, "XML mapping file (TOML); repeatable")->check(CLI::ExistingFile)->allow_extra_args(false);
    i->add_option("--url-base", inspect.url_base, "As for build");
    i->add_flag("--ignore-robots", inspect.ignore_robots, "As for build");
    i->add_option("--max-size", inspect.max_file_size, "As for build")->default_val(inspect.max_file_size)->check(kFileSizes);
    i->add_flag("--json", inspect.json, "Print one JSON object");
    i->add_option("--site", inspect.site, "Folder whose pages are sampled to learn repeated boilerplate (default: the file's folder)");
    i->add_flag("--keep-boilerplate", inspect.keep_boilerplate, "As for build");

    AdminCommand admin;
    CLI::App* stats = app.add_subcommand("stats", "Documents, terms, size on disk, counts per source, topic, format and language; the thesaurus and "
                                                   "safety panel compiled in (bundled, a file, or none); releases.");
    CLI::App* check = app.add_subcommand("check", "Check the live release with Xapian's own integrity check, and its schema version.");
    CLI::App* report = app.add_subcommand(
        "report", "What a librarian should fix: missing titles, descriptions and review dates, stale pages, duplicates, "
                  "near-empty pages, failed files.");
    CLI::App* compact = app.add_subcommand("compact", "Compact the live release into a new one and switch to it atomically.");
    CLI::App* rollback = app.add_subcommand("rollback", "Switch back to the previous release.");
    for (CLI::App* c : {stats, check, report, compact, rollback}) {
        c->add_option("--db", admin.db, "Index folder (default: [index] db of --config, or of ./lantern.toml)");
        c->add_option("--config", admin.config, "lantern.toml whose [index] db to use (default: ./lantern.toml when --db is not given)")
            ->check(CLI::ExistingFile);
    }
    for (CLI::App* c : {stats, report}) c->add_flag("--json", admin.json, "Print one JSON object");
    for (CLI::App* c : {compact, rollback}) c->add_flag("--wait", admin.wait, "Wait for a running build instead of stopping");
    report->add_option("--stale-after", admin.stale_after, "Last-reviewed dates older than this are stale (24m, 2y, 90d)")->default_val("24m");
    compact->add_option("--keep-releases", admin.keep_releases, "Complete releases kept besides the live one")->default_val(admin.keep_releases);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    const int code = lantern::run_main("lantern-index", [&]() -> int {
        if (i->parsed()) return run_inspect(inspect);
        if (!b->parsed()) admin.db = lantern::index_folder(admin.db, admin.db.empty() ? lantern::find_config(admin.config) : "");
        if (stats->parsed()) {
            const lantern::IndexStats s = lantern::index_stats(admin.db);
            std::cout << (admin.json ? lantern::stats_to_json(s) : lantern::stats_to_text(s));
            return lantern::kExitOk;
        }
        if (check->parsed()) {
            const lantern::CheckResult r = lantern::check_index(admin.db);
            (r.ok ? std::cout : std::cerr) << r.text;
            return r.ok ? lantern::kExitOk : lantern::kExitSomeFailed;
        }
        if (report->parsed()) {
            const lantern::IndexReport r = lantern::index_report(admin.db, lantern::parse_months(admin.stale_after));
            std::cout << (admin.json ? lantern::report_to_json(r) : lantern::report_to_text(r));
            return lantern::kExitOk;
        }
        if (compact->parsed()) {
            // Named first: streamed directly, the words before it would be printed even when it throws.
            const std::string name = lantern::compact_index(admin.db, admin.keep_releases, admin.wait);
            std::cout << "Compacted into release " << name << ", now live\n";
            return lantern::kExitOk;
        }
        if (rollback->parsed()) {
            const std::string name = lantern::rollback_index(admin.db, admin.wait);
            std::cout << "Rolled back: release " << name << " is live again\n";
            return lantern::kExitOk;
        }
        return run_build(build);
    });
    if (lantern::abandoned_extractions() > 0) {
        // A file abandoned at --file-timeout is still being read on a detached thread: end now
        // rather than run static destructors under it (the index is committed and closed).
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(code);
    }
    return code;
}
