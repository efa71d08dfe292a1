// source_scan.cpp: an explicit-stack directory walk with (device, inode) loop detection.
#include "extract/source_scan.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <utility>

#include "text/article.h"
#include "text/errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

struct Walk {
    const std::string source;
    ScanResult& out;
    std::set<std::pair<dev_t, ino_t>> seen_dirs;

    void visit_file(const fs::path& abs, const std::string& rel, const struct stat& st) {
        if (!S_ISREG(st.st_mode)) {
            out.problems.push_back({abs.string(), "not a regular file (FIFO, socket or device)", false});
            return;
        }
        FileKind kind;
        if (!kind_of(abs.string(), kind)) {
            ++out.other_files;
            return;
        }
        out.files.push_back({abs.string(), rel, source, kind, static_cast<std::uintmax_t>(st.st_size),
                             static_cast<std::int64_t>(st.st_mtim.tv_sec), static_cast<std::int64_t>(st.st_mtim.tv_nsec)});
    }

    void walk_dir(const fs::path& root) {
        std::vector<std::pair<fs::path, std::string>> stack{{root, ""}};
        while (!stack.empty()) {
            auto [dir, rel_dir] = stack.back();
            stack.pop_back();
            struct stat st {};
            if (::stat(dir.c_str(), &st) != 0) {
                out.problems.push_back({dir.string(), std::string("cannot read folder: ") + std::strerror(errno), true});
                continue;
            }
            if (!seen_dirs.insert({st.st_dev, st.st_ino}).second) {
                out.problems.push_back({dir.string(), "folder already visited (symlink loop)", false});
                continue;
            }
            std::error_code ec;
            fs::directory_iterator it(dir, ec);
            if (ec) {
                out.problems.push_back({dir.string(), "cannot read folder: " + ec.message(), true});
                continue;
            }
            std::vector<fs::directory_entry> entries;
            for (; it != fs::directory_iterator(); it.increment(ec)) {
                if (ec) break;
                entries.push_back(*it);
            }
            std::sort(entries.begin(), entries.end(),
                      [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
            // Push folders in reverse so they pop in name order; files are handled at once.
            std::vector<std::pair<fs::path, std::string>> subdirs;
            for (const fs::directory_entry& e : entries) {
                const std::string name = e.path().filename().string();
                if (name.empty() || name[0] == '.') continue;
                const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
                struct stat est {};
                if (::stat(e.path().c_str(), &est) != 0) {
                    const int err = errno;
                    if (err == ELOOP) {
                        out.problems.push_back({e.path().string(), "symlink loop", false});
                    } else {
                        out.problems.push_back({e.path().string(), std::string("cannot read: ") + std::strerror(err), true});
                    }
                    continue;
                }
                if (S_ISDIR(est.st_mode)) {
                    subdirs.emplace_back(e.path(), rel);
                } else {
                    visit_file(e.path(), rel, est);
                }
            }
            for (auto s = subdirs.rbegin(); s != subdirs.rend(); ++s) stack.push_back(*s);
        }
    }
};

}  // namespace

namespace {

/// Every format with its extensions, in the order messages list them.
constexpr struct {
    FileKind kind;
    const char* name;
    std::initializer_list<const char*> extensions;
} kFormats[] = {
    {FileKind::Html, "html", {".html", ".htm", ".xhtml"}},
    {FileKind::Xml, "xml", {".xml"}},
    {FileKind::Pdf, "pdf", {".pdf"}},
    {FileKind::Docx, "docx", {".docx"}},
    {FileKind::Odt, "odt", {".odt"}},
};

}  // namespace

bool kind_of(const std::string& path, FileKind& kind) {
    const std::string ext = ascii_lower(fs::path(path).extension().string());
    for (const auto& f : kFormats) {
        for (const char* e : f.extensions) {
            if (ext == e) {
                kind = f.kind;
                return true;
            }
        }
    }
    return false;
}

const char* format_name(FileKind kind) {
    for (const auto& f : kFormats) {
        if (f.kind == kind) return f.name;
    }
    return "";
}

bool kind_of_format(const std::string& name, FileKind& kind) {
    for (const auto& f : kFormats) {
        if (name == f.name) {
            kind = f.kind;
            return true;
        }
    }
    return false;
}

std::string format_names() {
    std::string out;
    for (const auto& f : kFormats) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

namespace {

bool is_format_entry(const std::string& entry) {
    return entry.find_first_of("*?[/.") == std::string::npos;
}

}  // namespace

bool matches_pattern(const std::string& pattern, const SourceFile& file) {
    if (is_format_entry(pattern)) return pattern == format_name(file.kind);
    return ::fnmatch(pattern.c_str(), file.rel_path.c_str(), 0) == 0;
}

std::string pattern_problem(const std::vector<std::string>& patterns) {
    for (const std::string& entry : patterns) {
        FileKind kind;
        if (is_format_entry(entry) && !kind_of_format(entry, kind)) {
            return "'" + entry + "' is neither a format (" + format_names() + ") nor a glob (such as '*." + entry +
                   "' or 'docs/*')";
        }
    }
    return "";
}

void check_patterns(const std::vector<std::string>& patterns, const std::string& where) {
    const std::string problem = pattern_problem(patterns);
    if (!problem.empty()) throw BadInput(where + ": " + problem);
}

ScanResult scan_sources(const std::vector<std::string>& roots) {
    ScanResult result;
    for (const std::string& root : roots) {
        struct stat st {};
        if (::stat(root.c_str(), &st) != 0) {
            throw BadInput("cannot read " + root + ": " + std::strerror(errno));
        }
        fs::path p = fs::path(root).lexically_normal();
        std::string source = p.filename().string();
        if (source.empty()) source = p.parent_path().filename().string();
        if (S_ISDIR(st.st_mode)) {
            Walk walk{source, result, {}};
            const std::size_t before = result.files.size();
            walk.walk_dir(p);
            // Files were appended in walk order; keep each root's files sorted by relative path.
            std::sort(result.files.begin() + static_cast<std::ptrdiff_t>(before), result.files.end(),
                      [](const SourceFile& a, const SourceFile& b) { return a.rel_path < b.rel_path; });
        } else {
            Walk walk{fs::absolute(p).parent_path().filename().string(), result, {}};
            walk.visit_file(p, p.filename().string(), st);
        }
    }
    return result;
}

}  // namespace lantern
