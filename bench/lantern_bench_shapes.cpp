// lantern-bench-shapes: how long, and how much memory, the extraction of a build takes on
// pathological files (issue 17), beside an ordinary page. For each shape of bench/shapes.h and
// each size it writes the file into a temporary folder, then runs this program again on it as a
// child (`--run-one`) that calls lantern::extract_file exactly as `lantern-index build` does; the
// child is killed after --cap seconds, and its peak resident memory comes from wait4. Each file is
// made in a child of its own too, so the parent stays small: a child's peak memory counts the
// parent's at the moment it was started (Linux carries it over exec). Not installed.
//
//   lantern-bench-shapes                          # every shape at 1 MiB and 32 MiB, 120 s cap
//   lantern-bench-shapes --size 64K --shape html-nested-div --markdown
//   lantern-bench-shapes --write-seeds fuzz/seeds --size 4K    # the fuzz seeds (fuzz/make-seeds)
//   lantern-bench-shapes --via-index build/indexer/lantern-index --index-arg=--file-timeout=30
//
// --via-index times a whole `lantern-index build` of a folder holding the one file in place of
// extract_file: boilerplate sampling, indexing and the build's own limits included.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "bench/shapes.h"
#include "text/errors.h"
#include "extract/extraction.h"
#include "app/main_guard.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<std::string> sizes{"1M", "32M"};
    std::vector<std::string> only;  ///< shape names; empty: all
    double cap_s = 120;
    std::size_t cap_mib = 4096;  ///< resident memory at which a child is killed (the machine is shared)
    bool keep_going = false;     ///< run the larger sizes of a shape that already hit the cap
    bool json = false;
    bool markdown = false;
    std::string source_dir = LANTERN_SOURCE_DIR;
    std::string tmp_dir;
    std::string write_seeds;              ///< non-empty: write the seeds under this folder and stop
    std::string via_index;                ///< non-empty: time this lantern-index's `build` in place of extract_file
    std::vector<std::string> index_args;  ///< more arguments for `build`
    // --run-one (the child)
    std::string run_one;
    bool run_xml = false;
    std::string run_mapping;
};

/// "1M" = 1 MiB, "64K" = 64 KiB, "1000" = 1,000 bytes. Throws BadInput.
std::size_t parse_size(const std::string& text) {
    std::size_t used = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(text, &used);
    } catch (const std::exception&) {
        throw lantern::BadInput("--size: not a size: \"" + text + "\" (e.g. 64K, 1M, 32M)");
    }
    const std::string unit = text.substr(used);
    if (unit == "K")
        n <<= 10;
    else if (unit == "M")
        n <<= 20;
    else if (!unit.empty())
        throw lantern::BadInput("--size: unknown unit in \"" + text + "\" (K or M, powers of 1024)");
    if (n == 0) throw lantern::BadInput("--size: must be positive: \"" + text + "\"");
    return static_cast<std::size_t>(n);
}

std::string size_label(std::size_t bytes) {
    if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " B";
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    if (!out.flush()) throw std::runtime_error("cannot write " + p.string());
}

// ---- the child: one extraction, one line on stdout ----

int run_one(const Options& opt) {
    const lantern::FileKind kind = opt.run_xml ? lantern::FileKind::Xml : lantern::FileKind::Html;
    const lantern::SourceFile file{opt.run_one, kind == lantern::FileKind::Html ? "shape.html" : "shape.xml", "bench",
                                   kind};
    lantern::ExtractOptions eo;
    eo.url_base = "https://health.example/";
    if (!opt.run_mapping.empty()) eo.mappings = lantern::XmlMappings::load({opt.run_mapping});
    const std::string bytes = lantern::read_source(opt.run_one);
    nlohmann::json out;
    const auto start = Clock::now();
    try {
        const lantern::FileExtraction x = lantern::extract_file(file, bytes, eo);
        std::size_t text = 0, sections = 0;
        for (const lantern::Article& a : x.articles) {
            text += a.body.size();
            sections += a.sections.size();
        }
        out["articles"] = x.articles.size();
        out["text_bytes"] = text;
        out["sections"] = sections;
        out["outcome"] = x.skip_reason.empty() ? "ok" : "skipped: " + x.skip_reason;
    } catch (const lantern::BadDocument& e) {  // a file the build reports as failed: an outcome to show
        out["outcome"] = std::string("failed: ") + e.what();
    }
    out["extract_s"] = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return lantern::kExitOk;
}

// ---- the parent ----

struct Child {
    int status = 0;
    bool killed = false;      ///< by us, at the time cap
    bool killed_rss = false;  ///< by us, at the memory cap
    double wall_s = 0;
    long peak_kib = 0;
    std::string out;
};

/// A running process's resident memory in MiB (/proc/PID/statm), 0 if unknown.
std::size_t resident_mib(pid_t pid) {
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) >> 20;
}

/// Runs `program` with argv, its stdout captured (or its stderr into `stderr_file`, stdout dropped),
/// killing it after cap_s seconds or past cap_mib resident.
Child run_child(const std::string& program, const std::vector<std::string>& args, double cap_s, std::size_t cap_mib,
                const std::string& stderr_file = "") {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stderr_file.empty()) {
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
    }
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    Child c;
    const auto start = Clock::now();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0) {
        close(pipe_fds[0]);
        throw std::runtime_error("cannot start the child: " + std::string(std::strerror(rc)));
    }
    // The child writes one short line at the end, far less than a pipe holds: reading after it exits is safe.
    struct rusage ru {};
    for (;;) {
        const pid_t done = wait4(pid, &c.status, WNOHANG, &ru);
        if (done == pid) break;
        c.killed = std::chrono::duration<double>(Clock::now() - start).count() > cap_s;
        c.killed_rss = !c.killed && resident_mib(pid) > cap_mib;
        if (c.killed || c.killed_rss) {
            kill(pid, SIGKILL);
            wait4(pid, &c.status, 0, &ru);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    c.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    c.peak_kib = ru.ru_maxrss;
    char buf[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) c.out.append(buf, static_cast<std::size_t>(n));
    close(pipe_fds[0]);
    return c;
}

/// Makes a shape's file in a child process that exits afterwards: the parent never holds it.
void make_in_child(const lantern::bench::Shape& shape, std::size_t bytes, const lantern::bench::ShapeSource& src,
                   const fs::path& path) {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int code = 0;
        try {
            write_file(path, shape.make(bytes, src));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "lantern-bench-shapes: %s\n", e.what());
            code = 1;
        }
        std::_Exit(code);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("cannot make " + path.string());
}

struct Row {
    std::string shape, what, size;
    std::size_t bytes = 0;
    std::string seconds;    ///< "1.23", ">120"
    double extract_s = -1;  ///< -1: not measured
    double mb_per_s = -1;
    double peak_mib = -1;
    long long articles = -1, sections = -1, text_bytes = -1;
    std::string outcome;
};

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// The last line of a file, or "".
std::string last_line(const fs::path& p) {
    std::ifstream in(p);
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) last = line;
    }
    return last;
}

/// `lantern-index build` of a folder holding only `file`, into a fresh index; the row's seconds are
/// the whole process's (start, boilerplate sampling, extraction, indexing, compaction).
Row measure_build(const lantern::bench::Shape& shape, const fs::path& file, const fs::path& dir, const Options& opt,
                  Row r) {
    const fs::path site = dir / "site", db = dir / "db", log = dir / "build.log";
    fs::remove_all(site);
    fs::remove_all(db);
    fs::create_directories(site);
    fs::rename(file, site / file.filename());
    std::vector<std::string> args{"lantern-index", "build", "--db", db.string(), "--no-thesaurus", "--no-safety-panel"};
    if (!shape.mapping.empty()) args.insert(args.end(), {"--mapping", (dir / (shape.name + ".toml")).string()});
    args.insert(args.end(), opt.index_args.begin(), opt.index_args.end());
    args.push_back(site.string());
    const Child c = run_child(opt.via_index, args, opt.cap_s, opt.cap_mib, log.string());
    fs::remove_all(site);
    fs::remove_all(db);
    r.peak_mib = static_cast<double>(c.peak_kib) / 1024.0;
    if (c.killed || c.killed_rss) {
        r.seconds = ">" + fixed(c.killed ? opt.cap_s : c.wall_s, c.killed ? 0 : 1);
        r.outcome = c.killed ? "killed at the time cap"
                             : "killed at the memory cap (" + std::to_string(opt.cap_mib) + " MiB) after " +
                                   fixed(c.wall_s, 1) + " s";
        return r;
    }
    r.extract_s = c.wall_s;
    r.seconds = fixed(c.wall_s, c.wall_s < 10 ? 2 : 1);
    r.mb_per_s = static_cast<double>(r.bytes) / 1e6 / std::max(c.wall_s, 1e-6);
    if (WIFSIGNALED(c.status)) {
        r.outcome =
            "crashed: signal " + std::to_string(WTERMSIG(c.status)) + " (" + strsignal(WTERMSIG(c.status)) + ")";
    } else if (WEXITSTATUS(c.status) == 0) {
        r.outcome = "ok";
    } else {
        r.outcome = "exit " + std::to_string(WEXITSTATUS(c.status)) + ": " + last_line(log);
    }
    return r;
}

Row measure(const lantern::bench::Shape& shape, std::size_t bytes, const lantern::bench::ShapeSource& src,
            const fs::path& dir, const Options& opt) {
    Row r{shape.name, shape.what, size_label(bytes), 0, "", -1, -1, -1, -1, -1, -1, ""};
    const fs::path file = dir / (shape.name + (shape.xml ? ".xml" : ".html"));
    make_in_child(shape, bytes, src, file);
    r.bytes = fs::file_size(file);
    std::vector<std::string> args{"lantern-bench-shapes", "--run-one", file.string()};
    if (shape.xml) args.push_back("--xml");
    if (!shape.mapping.empty()) {
        const fs::path mapping = dir / (shape.name + ".toml");
        write_file(mapping, shape.mapping);
        args.insert(args.end(), {"--mapping", mapping.string()});
    }
    if (!opt.via_index.empty()) return measure_build(shape, file, dir, opt, r);
    const Child c = run_child("/proc/self/exe", args, opt.cap_s, opt.cap_mib);
    fs::remove(file);
    r.peak_mib = static_cast<double>(c.peak_kib) / 1024.0;
    if (c.killed) {
        r.seconds = ">" + fixed(opt.cap_s, 0);
        r.outcome = "killed at the time cap";
        return r;
    }
    if (c.killed_rss) {
        r.seconds = ">" + fixed(c.wall_s, 1);
        r.outcome =
            "killed at the memory cap (" + std::to_string(opt.cap_mib) + " MiB) after " + fixed(c.wall_s, 1) + " s";
        return r;
    }
    if (WIFSIGNALED(c.status)) {
        r.seconds = fixed(c.wall_s, 2);
        r.outcome =
            "crashed: signal " + std::to_string(WTERMSIG(c.status)) + " (" + strsignal(WTERMSIG(c.status)) + ")";
        return r;
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(c.out);
    } catch (const nlohmann::json::exception&) {
        r.seconds = fixed(c.wall_s, 2);
        r.outcome = "error: exit " + std::to_string(WEXITSTATUS(c.status)) + " (see stderr)";
        return r;
    }
    r.extract_s = j.at("extract_s").get<double>();
    r.seconds = fixed(r.extract_s, r.extract_s < 10 ? 2 : 1);
    r.mb_per_s = static_cast<double>(r.bytes) / 1e6 / std::max(r.extract_s, 1e-6);
    r.outcome = j.at("outcome").get<std::string>();
    if (j.contains("articles")) {
        r.articles = j["articles"].get<long long>();
        r.sections = j["sections"].get<long long>();
        r.text_bytes = j["text_bytes"].get<long long>();
    }
    return r;
}

void print_rows(const std::vector<Row>& rows, const Options& opt) {
    if (opt.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const Row& r : rows) {
            nlohmann::json j{{"shape", r.shape},
                             {"size", r.size},
                             {"bytes", r.bytes},
                             {"seconds", r.seconds},
                             {"outcome", r.outcome}};
            if (r.extract_s >= 0) j["extract_s"] = r.extract_s;
            if (r.mb_per_s >= 0) j["mb_per_s"] = r.mb_per_s;
            if (r.peak_mib >= 0) j["peak_rss_mib"] = r.peak_mib;
            if (r.articles >= 0)
                j.update({{"articles", r.articles}, {"sections", r.sections}, {"text_bytes", r.text_bytes}});
            out.push_back(j);
        }
        std::cout << out.dump(2) << "\n";
        return;
    }
    auto cell = [](double v, int decimals) { return v < 0 ? std::string("–") : fixed(v, decimals); };
    if (opt.markdown) {
        std::cout << "| shape | what | size | seconds | MB/s | peak RSS MiB | articles | sections | outcome |\n"
                     "|---|---|---|---:|---:|---:|---:|---:|---|\n";
        for (const Row& r : rows) {
            std::string what = r.what;
            for (std::size_t at = 0; (at = what.find_first_of("|<", at)) != std::string::npos;) {
                const std::string escaped =
                    what[at] == '|' ? "\\|" : "&lt;";  // rendered Markdown takes <div> for markup
                what.replace(at, 1, escaped);
                at += escaped.size();
            }
            std::cout << "| `" << r.shape << "` | " << what << " | " << r.size << " | "
                      << (r.seconds.empty() ? "–" : r.seconds) << " | " << cell(r.mb_per_s, r.mb_per_s < 1 ? 2 : 1)
                      << " | " << cell(r.peak_mib, 0) << " | " << (r.articles < 0 ? "–" : std::to_string(r.articles))
                      << " | " << (r.sections < 0 ? "–" : std::to_string(r.sections)) << " | " << r.outcome << " |\n";
        }
        return;
    }
    for (const Row& r : rows) {
        std::printf("%-24s %8s %9s %8s %9s %8s %8s  %s\n", r.shape.c_str(), r.size.c_str(),
                    r.seconds.empty() ? "–" : r.seconds.c_str(), cell(r.mb_per_s, r.mb_per_s < 1 ? 2 : 1).c_str(),
                    cell(r.peak_mib, 0).c_str(), r.articles < 0 ? "–" : std::to_string(r.articles).c_str(),
                    r.sections < 0 ? "–" : std::to_string(r.sections).c_str(), r.outcome.c_str());
        std::fflush(stdout);
    }
}

std::vector<const lantern::bench::Shape*> chosen(const Options& opt) {
    std::vector<const lantern::bench::Shape*> out;
    std::set<std::string> wanted(opt.only.begin(), opt.only.end());
    for (const lantern::bench::Shape& s : lantern::bench::shapes()) {
        if (opt.only.empty() || wanted.erase(s.name)) out.push_back(&s);
    }
    if (!wanted.empty()) {
        std::string names;
        for (const lantern::bench::Shape& s : lantern::bench::shapes()) names += " " + s.name;
        throw lantern::BadInput("--shape: no shape named " + *wanted.begin() + " (shapes:" + names + ")");
    }
    return out;
}

/// The fuzz seeds: DIR/html_extract/NAME, DIR/xml_fixed/NAME, and DIR/xml_mapping/NAME (mapping, NUL, XML).
int write_seeds(const Options& opt) {
    if (opt.sizes.size() != 1) throw lantern::BadInput("--write-seeds takes one --size");
    const std::size_t bytes = parse_size(opt.sizes[0]);
    const lantern::bench::ShapeSource src = lantern::bench::load_shape_source(opt.source_dir);
    for (const lantern::bench::Shape* s : chosen(opt)) {
        if (s->name == "html-ordinary") continue;  // the corpus pages are seeds already (scripts/fuzz)
        const std::string harness = !s->xml ? "html_extract" : s->mapping.empty() ? "xml_fixed" : "xml_mapping";
        const fs::path dir = fs::path(opt.write_seeds) / harness;
        fs::create_directories(dir);
        std::string content = s->make(bytes, src);
        if (!s->mapping.empty()) content = s->mapping + std::string(1, '\0') + content;
        write_file(dir / s->name, content);
        std::cout << (dir / s->name).string() << " " << content.size() << "\n";
    }
    return lantern::kExitOk;
}

int run(const Options& opt) {
    if (!opt.run_one.empty()) return run_one(opt);
    if (!opt.write_seeds.empty()) return write_seeds(opt);
    std::vector<std::size_t> sizes;
    for (const std::string& s : opt.sizes) sizes.push_back(parse_size(s));
    std::sort(sizes.begin(), sizes.end());
    const std::vector<const lantern::bench::Shape*> todo = chosen(opt);
    const lantern::bench::ShapeSource src = lantern::bench::load_shape_source(opt.source_dir);

    const fs::path base = opt.tmp_dir.empty() ? fs::temp_directory_path() : fs::path(opt.tmp_dir);
    std::string pattern = (base / "lantern-bench-shapes.XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw lantern::BadInput("cannot make a folder under " + base.string());
    const fs::path dir = pattern;

    if (!opt.json) {
        std::printf("%s per file, killed after %.0f s or past %zu MiB resident; MB = 10^6 bytes, peak RSS from wait4\n",
                    opt.via_index.empty() ? "extract_file in a child" : "lantern-index build of a one-file folder",
                    opt.cap_s, opt.cap_mib);
        if (opt.markdown)
            std::printf("\n");
        else
            std::printf("%-24s %8s %9s %8s %9s %8s %8s  %s\n", "shape", "size", "seconds", "MB/s", "peak MiB",
                        "articles", "sections", "outcome");
    }
    std::vector<Row> rows;
    try {
        for (const lantern::bench::Shape* s : todo) {
            bool over_cap = false;
            for (std::size_t bytes : sizes) {
                Row r;
                if (over_cap && !opt.keep_going) {
                    r = Row{s->name, s->what, size_label(bytes),
                            bytes,   "",      -1,
                            -1,      -1,      -1,
                            -1,      -1,      "not run: a smaller size was already killed at a cap"};
                } else {
                    r = measure(*s, bytes, src, dir, opt);
                    over_cap = r.outcome.rfind("killed", 0) == 0;
                }
                if (!opt.json && !opt.markdown) print_rows({r}, opt);
                rows.push_back(std::move(r));
            }
        }
    } catch (...) {
        fs::remove_all(dir);
        throw;
    }
    fs::remove_all(dir);
    if (opt.json || opt.markdown) print_rows(rows, opt);
    return lantern::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"lantern-bench-shapes: extraction time and peak memory on pathological files (bench/shapes.h)."};
    app.footer("Exit codes: 0 success, 2 bad command line, 4 internal error.");
    Options opt;
    app.add_option("--size", opt.sizes, "File sizes, e.g. 64K, 1M, 32M (powers of 1024); repeatable")
        ->default_val(opt.sizes);
    app.add_option("--shape", opt.only, "Only these shapes; repeatable (default: all)");
    app.add_option("--cap", opt.cap_s, "Seconds before a child is killed")
        ->default_val(opt.cap_s)
        ->check(CLI::Range(1.0, 3600.0));
    app.add_option("--cap-mib", opt.cap_mib, "Resident MiB at which a child is killed")->default_val(opt.cap_mib);
    app.add_flag("--keep-going", opt.keep_going, "Run the larger sizes of a shape even when a smaller one hit a cap");
    app.add_flag("--json", opt.json, "Print one JSON array");
    app.add_flag("--markdown", opt.markdown, "Print a Markdown table");
    app.add_option("--source", opt.source_dir, "The checkout (for corpus/site)")->default_val(opt.source_dir);
    app.add_option("--tmp", opt.tmp_dir, "Where the files are written (default: $TMPDIR or /tmp)");
    app.add_option("--via-index", opt.via_index,
                   "Time this lantern-index's build of a one-file folder in place of extract_file")
        ->check(CLI::ExistingFile);
    app.add_option("--index-arg", opt.index_args,
                   "With --via-index: one more argument for build (--index-arg=--file-timeout=30); repeatable")
        ->allow_extra_args(false);
    app.add_option("--write-seeds", opt.write_seeds,
                   "Write each shape at --size as a fuzz seed under this folder, and stop");
    app.add_option("--run-one", opt.run_one)->group("");  // the child
    app.add_flag("--xml", opt.run_xml)->group("");
    app.add_option("--mapping", opt.run_mapping)->group("");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? lantern::kExitOk : lantern::kExitUsage;
    }
    return lantern::run_main("lantern-bench-shapes", [&] { return run(opt); });
}
