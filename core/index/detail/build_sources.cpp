// build_sources.cpp: scanning and fingerprinting a build's sources, and their boilerplate
// (build_sources.h).
#include "index/detail/build_sources.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "extract/boilerplate.h"
#include "index/detail/build_record.h"
#include "text/errors.h"
#include "text/schema.h"

namespace lantern {
namespace {

/// Bumped when extraction changes what it produces, so "unchanged" files are extracted again.
/// extract-6: PDF, DOCX and ODT; every document carries its format as a facet (schema::kFacetFormat).
constexpr const char* kExtractorVersion = "extract-6";

bool matches_any(const std::vector<std::string>& patterns, const SourceFile& f) {
    for (const std::string& p : patterns) {
        if (matches_pattern(p, f)) return true;
    }
    return false;
}

}  // namespace

std::chrono::milliseconds timeout_of(const Source& s) {
    return std::chrono::milliseconds(static_cast<long long>(s.spec.file_timeout * 1000));
}

std::string stat_signature(const SourceFile& file, const std::string& fingerprint) {
    return fingerprint + ":" + std::to_string(file.size) + ":" + std::to_string(file.mtime_sec) + "." +
           std::to_string(file.mtime_nsec);
}

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
            throw BadInput("two sources are named '" + s.name +
                           "' (sources are named by their folder): rename one folder");
        }
        std::string fp = std::string(kExtractorVersion) + '\n' + spec.url_base + '\n' +
                         (spec.ignore_robots ? "r" : "-") + std::to_string(spec.max_file_size);
        for (const std::string& m : spec.mapping_files) fp += '\n' + file_hash(m);
        s.settings = s.fingerprint = schema::content_hash(fp);  // learned boilerplate is added once the index is open
        summary.files += s.files.size();
        sources.push_back(std::move(s));
    }
    return sources;
}

void learn_boilerplate_of(std::vector<Source>& sources, IndexWriter& writer, BuildSummary& summary) {
    for (Source& s : sources) {
        // From the settings each time: a build that turns from incremental to full learns again.
        s.fingerprint = s.settings;
        s.extract->boilerplate.erase(s.name);
        std::string sample_sig = s.fingerprint;
        for (const SourceFile* f : boilerplate_sample(s.files))
            sample_sig += '\n' + f->rel_path + stat_signature(*f, "");
        sample_sig = schema::content_hash(sample_sig);
        const std::string key = schema::boilerplate_key(s.name);
        Boilerplate b;
        const nlohmann::json cached = nlohmann::json::parse(writer.metadata(key), nullptr, false);
        if (cached.is_object() && cached.value("sample", "") == sample_sig) {
            b = Boilerplate::from_stored(cached.value("paragraphs", "[]"));
        } else {
            b = learn_boilerplate(s.files, *s.extract, timeout_of(s));
            if (cached.is_object()) {
                const Boilerplate before = Boilerplate::from_stored(cached.value("paragraphs", "[]"));
                if (before.fingerprint() != b.fingerprint()) summary.boilerplate_changed.emplace_back(s.name, before.size(), b.size());
            }
            writer.set_metadata(key, nlohmann::json{{"sample", sample_sig}, {"paragraphs", b.to_stored()}}.dump());
        }
        if (b.empty()) continue;
        summary.boilerplate.emplace_back(s.name, b.size());
        s.fingerprint = schema::content_hash(s.fingerprint + '\n' + b.fingerprint());
        s.extract->boilerplate.emplace(s.name, std::move(b));
    }
}

}  // namespace lantern
