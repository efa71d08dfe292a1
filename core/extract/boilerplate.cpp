// boilerplate.cpp: cross-page repeated-paragraph detection (a classic template-detection method:
// what recurs on most pages of a site is the template, not the article).
#include "extract/boilerplate.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "extract/deadline_runner.h"
#include "text/errors.h"
#include "extract/extraction.h"
#include "text/schema.h"

namespace lantern {
namespace {

/// Body lines with their start offsets, flagged when a section heading starts there.
struct Line {
    std::size_t offset;
    std::string text;
    bool heading;
};

std::vector<Line> lines_of(const Article& a) {
    std::set<std::size_t> heading_offsets;
    for (const Section& s : a.sections) heading_offsets.insert(s.offset);
    std::vector<Line> lines;
    std::size_t start = 0;
    while (start <= a.body.size()) {
        std::size_t end = a.body.find('\n', start);
        if (end == std::string::npos) end = a.body.size();
        lines.push_back({start, a.body.substr(start, end - start), heading_offsets.count(start) != 0});
        start = end + 1;
    }
    return lines;
}

}  // namespace

void Boilerplate::learn(const std::vector<Article>& sample) {
    paragraphs_.clear();
    if (sample.size() < kMinPages) return;
    std::map<std::string, std::size_t> pages_with;
    for (const Article& a : sample) {
        std::set<std::string> seen;
        for (const Line& l : lines_of(a)) {
            if (!l.heading && count_words(l.text) >= kMinWords) seen.insert(l.text);
        }
        for (const std::string& p : seen) ++pages_with[p];
    }
    const std::size_t threshold = std::max(kMinPages, (sample.size() + 1) / 2);
    for (const auto& [p, n] : pages_with) {
        if (n >= threshold) paragraphs_.insert(p);
    }
}

void Boilerplate::strip(Article& a) const {
    if (paragraphs_.empty()) return;
    std::string body;
    std::map<std::size_t, std::size_t> moved;  // old line offset -> new line offset
    for (const Line& l : lines_of(a)) {
        if (!l.heading && paragraphs_.count(l.text) != 0) continue;
        if (!body.empty()) body.push_back('\n');
        moved[l.offset] = body.size();
        body.append(l.text);
    }
    for (Section& s : a.sections) {
        const auto it = moved.find(s.offset);
        if (it != moved.end()) s.offset = it->second;
    }
    a.body = std::move(body);
}

std::string Boilerplate::fingerprint() const {
    std::vector<std::string> sorted(paragraphs_.begin(), paragraphs_.end());
    std::sort(sorted.begin(), sorted.end());
    std::string all;
    for (const std::string& p : sorted) all += p + '\n';
    return schema::content_hash(all);
}

std::string Boilerplate::to_stored() const {
    std::vector<std::string> sorted(paragraphs_.begin(), paragraphs_.end());
    std::sort(sorted.begin(), sorted.end());
    return nlohmann::json(sorted).dump();
}

Boilerplate Boilerplate::from_stored(const std::string& data) {
    Boilerplate b;
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_array()) throw BadIndex("learned boilerplate stored in the index is damaged; build with --full");
    for (const auto& p : j) b.paragraphs_.insert(p.get<std::string>());
    return b;
}

std::vector<const SourceFile*> boilerplate_sample(const std::vector<SourceFile>& files) {
    std::vector<const SourceFile*> html;
    for (const SourceFile& f : files) {
        if (f.kind == FileKind::Html) html.push_back(&f);
    }
    std::vector<const SourceFile*> sample;
    const std::size_t n = std::min(html.size(), Boilerplate::kSampleSize);
    for (std::size_t i = 0; i < n; ++i) sample.push_back(html[i * html.size() / n]);
    return sample;
}

Boilerplate learn_boilerplate(const std::vector<SourceFile>& files, const ExtractOptions& options,
                              std::chrono::milliseconds timeout) {
    std::vector<Article> sample;
    const auto shared = std::make_shared<const ExtractOptions>(options);   // outlives an abandoned task
    DeadlineRunner runner;
    for (const SourceFile* file : boilerplate_sample(files)) {
        const SourceFile& f = *file;
        try {
            auto x = std::make_shared<FileExtraction>();
            auto bytes = std::make_shared<const std::string>(read_source(f.abs_path));
            if (!runner.run([x, f, bytes, shared] { *x = extract_file(f, *bytes, *shared); }, timeout)) continue;
            for (Article& a : x->articles) sample.push_back(std::move(a));
        } catch (const BadDocument&) {
            continue;  // not a sample; the build reports this file when it reaches it
        }
    }
    Boilerplate b;
    b.learn(sample);
    return b;
}

}  // namespace lantern
