// lantern-index: command-line front end. Parses options into core's typed structs, calls core,
// prints the report. One of the three catch sites (STYLE.md rule 5): errors end here as one line.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "core/errors.h"
#include "core/main_guard.h"
#include "core/extraction.h"
#include "core/index_writer.h"
#include "core/inspect_report.h"
#include "core/source_scan.h"

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 all files indexed (or deliberately skipped), 1 finished but some files failed\n"
    "(inspect: the file would fail), "
    "2 bad command line, 3 index cannot be opened, locked or written, 4 internal error.";

int run_build(const lantern::BuildOptions& opts) {
    const lantern::BuildSummary s = lantern::build_index(opts, [](const lantern::FileProblem& p) {
        std::cerr << p.path << ": " << p.reason << "\n";
    });
    for (const auto& [source, n] : s.boilerplate) {
        std::cout << "learned " << n << " paragraph" << (n == 1 ? "" : "s") << " repeated on most pages of " << source
                  << ": left out of every page (--keep-boilerplate to index them)\n";
    }
    for (const lantern::FileProblem& p : s.skips) std::cout << "skipped " << p.path << ": " << p.reason << "\n";
    if (s.thesaurus_entries > 0) std::cout << "thesaurus: " << s.thesaurus_entries << " phrases expand\n";
    if (s.safety_cards > 0) std::cout << "safety panel: " << s.safety_cards << " cards\n";
    std::cout << "Indexed into " << opts.db_path << ": " << s.added << " added, " << s.updated << " updated, "
              << s.unchanged << " unchanged, " << s.skipped << " skipped, " << s.failed << " failed";
    if (s.other_files > 0) std::cout << " (" << s.other_files << " other files ignored: not HTML or XML)";
    std::cout.setf(std::ios::fixed);
    std::cout.precision(2);
    std::cout << " in " << s.seconds << " s\n";
    return s.failed > 0 ? lantern::kExitSomeFailed : lantern::kExitOk;
}

struct InspectCommand {
    std::string file;
    std::vector<std::string> mapping_files;
    std::string url_base;
    bool ignore_robots = false;
    std::uintmax_t max_file_size = lantern::BuildOptions().max_file_size;
    bool json = false;
    std::string site;   ///< folder sampled to learn repeated boilerplate ("" = the file's folder)
    bool keep_boilerplate = false;
};

int run_inspect(const InspectCommand& cmd) {
    const lantern::ScanResult scan = lantern::scan_sources({cmd.file});
    if (!scan.problems.empty()) throw lantern::BadInput(scan.problems[0].path + ": " + scan.problems[0].reason);
    if (scan.files.empty()) throw lantern::BadInput(cmd.file + " is neither HTML (.html, .htm, .xhtml) nor XML (.xml)");
    lantern::ExtractOptions opts;
    opts.url_base = cmd.url_base;
    opts.ignore_robots = cmd.ignore_robots;
    opts.max_file_size = cmd.max_file_size;
    opts.mappings = lantern::XmlMappings::load(cmd.mapping_files);
    lantern::ExtractOptions with_boilerplate = opts;
    if (!cmd.keep_boilerplate) {
        const std::string site = cmd.site.empty() ? std::filesystem::path(cmd.file).parent_path().string() : cmd.site;
        const lantern::ScanResult siblings = lantern::scan_sources({site.empty() ? "." : site});
        with_boilerplate.boilerplate.emplace(scan.files[0].source, lantern::learn_boilerplate(siblings.files, opts));
    }
    lantern::FileExtraction x;
    try {
        x = lantern::extract_file(scan.files[0], lantern::read_source(cmd.file), with_boilerplate);
    } catch (const lantern::BadDocument& e) {
        std::cerr << cmd.file << ": " << e.what() << "\n";  // what build would report for this file
        return lantern::kExitSomeFailed;
    }
    std::cout << (cmd.json ? lantern::inspection_to_json(cmd.file, x) + "\n" : lantern::inspection_to_text(cmd.file, x));
    return lantern::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lantern-index: build a Lantern search index from folders of HTML and XML articles."};
    app.footer(kExitCodes);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("lantern-index ") + LANTERN_VERSION);

    lantern::BuildOptions build;
    CLI::App* cmd_build = app.add_subcommand(
        "build", "Index every .html/.htm and .xml file under PATH... into the database (re-running replaces, never duplicates).");
    cmd_build->add_option("--db", build.db_path, "Database folder to create or update")->required();
    cmd_build->add_option("paths", build.roots, "Folders (walked recursively) and files to index")->required();
    cmd_build->add_option("--url-base", build.url_base,
                          "Absolute URL that relative paths are joined to for links (e.g. https://intranet.example/health/)");
    cmd_build->add_flag("--ignore-robots", build.ignore_robots, "Index pages even if they say <meta name=robots content=noindex>");
    cmd_build->add_option("--mapping", build.mapping_files,
                          "XML mapping file (TOML, docs/xml-mapping.md); repeatable, tried in order. Without one, "
                          "XML fields are found by element name")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);  // one file per --mapping, so paths after it stay positional
    cmd_build->add_option("--thesaurus", build.thesaurus_path,
                          "Thesaurus to compile into the index (format: corpus/README.md), e.g. corpus/thesaurus")
        ->check(CLI::ExistingFile);
    cmd_build->add_option("--safety-panel", build.safety_panel_path,
                          "Safety-panel cards (TOML) to compile into the index, e.g. corpus/safety-panel.toml")
        ->check(CLI::ExistingFile);
    bool keep_boilerplate = false;
    cmd_build->add_flag("--keep-boilerplate", keep_boilerplate,
                        "Index paragraphs that repeat on most pages of a folder (by default they are learned and left out)");
    cmd_build->add_option("--max-size", build.max_file_size, "Skip files larger than this many bytes")
        ->default_val(build.max_file_size)
        ->check(CLI::PositiveNumber);

    InspectCommand inspect;
    CLI::App* cmd_inspect = app.add_subcommand(
        "inspect", "Show exactly what build would index from one file (fields, sections, dates, text), or why it would be skipped.");
    cmd_inspect->add_option("file", inspect.file, "An .html/.htm/.xhtml or .xml file")->required();
    cmd_inspect->add_option("--mapping", inspect.mapping_files, "XML mapping file (TOML); repeatable")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    cmd_inspect->add_option("--url-base", inspect.url_base, "As for build");
    cmd_inspect->add_flag("--ignore-robots", inspect.ignore_robots, "As for build");
    cmd_inspect->add_option("--max-size", inspect.max_file_size, "As for build")->default_val(inspect.max_file_size)->check(CLI::PositiveNumber);
    cmd_inspect->add_flag("--json", inspect.json, "Print one JSON object");
    cmd_inspect->add_option("--site", inspect.site,
                            "Folder whose pages are sampled to learn repeated boilerplate (default: the file's folder)");
    cmd_inspect->add_flag("--keep-boilerplate", inspect.keep_boilerplate, "As for build");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    build.learn_boilerplate = !keep_boilerplate;
    return lantern::run_main("lantern-index", [&] { return cmd_inspect->parsed() ? run_inspect(inspect) : run_build(build); });
}
