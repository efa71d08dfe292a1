// extract_targets.cpp: fuzz targets for the file -> articles path that `lantern-index build`
// and `inspect` share (extraction.h): HTML with encoding detection, XML with the built-in
// mapping, the mappings shipped in examples/mappings, and mappings made from fuzz input, and
// PDF, DOCX and ODT documents.
#include <memory>
#include <utility>

#include "text/errors.h"
#include "extract/extraction.h"
#include "index/index_build.h"
#include "fuzz/invariants.h"
#include "fuzz/scratch_dir.h"
#include "fuzz/targets.h"

namespace lantern::fuzz {
namespace {

/// How the harnesses' files are named: a source folder "site" holding them, as a build would see it.
SourceFile source_file(FileKind kind) {
    const char* names[] = {"guides/page.html", "export/records.xml", "leaflets/leaflet.pdf", "reports/report.docx",
                           "leaflets/leaflet.odt"};
    return {"", names[static_cast<int>(kind)], "site", kind};
}

ExtractOptions options(XmlMappings mappings) {
    ExtractOptions o;
    o.url_base = "https://health.example/site/";
    o.mappings = std::move(mappings);
    return o;
}

/// Extracts and checks; a document the extractor rejects (BadDocument) is an expected outcome,
/// reported in the build summary (the JSON of `--report` and the release manifest), as here.
void extract(const SourceFile& file, std::string_view input, const ExtractOptions& opts) {
    BuildSummary summary;
    try {
        const FileExtraction x = extract_file(file, std::string(input), opts);
        require(x.skip_reason.empty() || x.articles.empty(), "extraction", "a skipped file still produced articles");
        check_articles(x.articles);
        for (const std::string& r : x.skipped_records) summary.skips.push_back({file.rel_path, r});
        if (!x.skip_reason.empty()) summary.skips.push_back({file.rel_path, x.skip_reason});
    } catch (const BadDocument& e) {
        summary.failures.push_back({file.rel_path, e.what()});
    }
    check_json_object("build summary", summary_json(summary));
}

}  // namespace

Target make_html_extract_target() {
    auto opts = std::make_shared<const ExtractOptions>(options(XmlMappings()));
    return [opts](std::string_view input) { extract(source_file(FileKind::Html), input, *opts); };
}

Target make_xml_fixed_target() {
    const std::string dir = std::string(LANTERN_SOURCE_DIR) + "/examples/mappings/";
    auto shipped = std::make_shared<const ExtractOptions>(options(
        XmlMappings::load({dir + "lantern-article.toml", dir + "cms-export.toml", dir + "medquad.toml"})));
    auto builtin = std::make_shared<const ExtractOptions>(options(XmlMappings()));
    return [shipped, builtin](std::string_view input) {
        extract(source_file(FileKind::Xml), input, *builtin);
        extract(source_file(FileKind::Xml), input, *shipped);
    };
}

Target make_document_extract_target() {
    auto opts = std::make_shared<const ExtractOptions>(options(XmlMappings()));
    return [opts](std::string_view input) {
        if (input.empty()) return;
        const FileKind kinds[] = {FileKind::Pdf, FileKind::Docx, FileKind::Odt};
        extract(source_file(kinds[static_cast<unsigned char>(input[0]) % 3]), input.substr(1), *opts);
    };
}

Target make_xml_mapping_target() {
    auto scratch = std::make_shared<const ScratchDir>("mapping");
    return [scratch](std::string_view input) {
        const std::size_t split = input.find('\0');
        if (split == std::string_view::npos) return;
        XmlMappings mappings;
        try {
            mappings = XmlMappings::load({scratch->write("mapping.toml", input.substr(0, split))});
        } catch (const BadInput&) {
            return;
        }
        extract(source_file(FileKind::Xml), input.substr(split + 1), options(std::move(mappings)));
    };
}

}  // namespace lantern::fuzz
