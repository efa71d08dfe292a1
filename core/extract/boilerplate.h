// boilerplate.h: paragraphs that recur on most pages of one source: site chrome that no markup
// identifies (legacy table layouts, copied footers, "this page last reviewed" lines). Learned from
// a sample of the source's HTML pages before a build, then stripped from every page of it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

#include "text/article.h"
#include "extract/source_scan.h"

namespace lantern {

struct ExtractOptions;

class Boilerplate {
public:
    /// Learns from extracted sample pages: a paragraph of at least kMinWords words found on at
    /// least half of them (and on at least kMinPages) is boilerplate. Fewer than kMinPages pages
    /// teach nothing. Headings are never boilerplate.
    void learn(const std::vector<Article>& sample);

    /// Removes boilerplate paragraphs from the body, keeping section offsets right.
    void strip(Article& a) const;

    bool empty() const { return paragraphs_.empty(); }
    std::size_t size() const { return paragraphs_.size(); }

    /// Changes whenever the learned set changes (part of each file's hash, so pages are extracted
    /// again when the boilerplate learned from their source changes).
    std::string fingerprint() const;

    /// The learned paragraphs as JSON text, and back (throws BadIndex on damage).
    std::string to_stored() const;
    static Boilerplate from_stored(const std::string& data);

    static constexpr std::size_t kSampleSize = 64;
    static constexpr std::size_t kMinPages = 4;
    static constexpr std::size_t kMinWords = 3;

private:
    std::unordered_set<std::string> paragraphs_;
};

/// The HTML files a source's boilerplate is learned from: up to Boilerplate::kSampleSize, evenly spread.
std::vector<const SourceFile*> boilerplate_sample(const std::vector<SourceFile>& files);

/// Learns from the sample of `files`. Files that cannot be read or extracted are passed over
/// here; the build reports them.
/// A sampled file whose extraction runs past `timeout` (0: no limit) is left out of the sample.
Boilerplate learn_boilerplate(const std::vector<SourceFile>& files, const ExtractOptions& options,
                              std::chrono::milliseconds timeout);

}  // namespace lantern
