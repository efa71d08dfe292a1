// lantern-index: command-line front end. Parses options into core's typed structs, calls core,
// prints the report. One of the three catch sites (STYLE.md rule 5): errors end here as one line.
#include <CLI/CLI.hpp>
#include <xapian.h>

#include <iostream>

#include "core/errors.h"
#include "core/index_writer.h"

namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 all files indexed (or deliberately skipped), 1 finished but some files failed,\n"
    "2 bad command line, 3 index cannot be opened, locked or written, 4 internal error.";

int run_build(const lantern::BuildOptions& opts) {
    const lantern::BuildSummary s = lantern::build_index(opts, [](const lantern::FileProblem& p) {
        std::cerr << p.path << ": " << p.reason << "\n";
    });
    for (const lantern::FileProblem& p : s.skips) std::cout << "skipped " << p.path << ": " << p.reason << "\n";
    std::cout << "Indexed into " << opts.db_path << ": " << s.added << " added, " << s.updated << " updated, "
              << s.unchanged << " unchanged, " << s.skipped << " skipped, " << s.failed << " failed";
    if (s.other_files > 0) std::cout << " (" << s.other_files << " other files ignored: not HTML or XML)";
    std::cout.setf(std::ios::fixed);
    std::cout.precision(2);
    std::cout << " in " << s.seconds << " s\n";
    return s.failed > 0 ? lantern::kExitSomeFailed : lantern::kExitOk;
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
        ->check(CLI::ExistingFile);
    cmd_build->add_option("--max-size", build.max_file_size, "Skip files larger than this many bytes")
        ->default_val(build.max_file_size)
        ->check(CLI::PositiveNumber);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    try {
        return run_build(build);
    } catch (const lantern::BadInput& e) {
        std::cerr << "lantern-index: " << e.what() << "\n";
        return lantern::kExitUsage;
    } catch (const lantern::BadIndex& e) {
        std::cerr << "lantern-index: " << e.what() << "\n";
        return lantern::kExitIndex;
    } catch (const Xapian::Error& e) {
        std::cerr << "lantern-index: index error: " << e.get_description() << "\n";
        return lantern::kExitIndex;
    } catch (const std::exception& e) {
        std::cerr << "lantern-index: internal error: " << e.what() << "\n";
        return lantern::kExitInternal;
    }
}
