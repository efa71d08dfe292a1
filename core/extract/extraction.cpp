// extraction.cpp: dispatch by file kind, then ids, links and titles for every article.
#include "extract/extraction.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "text/errors.h"
#include "extract/html_extract.h"
#include "extract/office_extract.h"
#include "extract/pdf_extract.h"
#include "extract/xml_extract.h"
#include "text/url.h"

namespace lantern {

void check_url_base(const std::string& url_base) {
    if (!url_base.empty() && !is_http_url(url_base)) {
        throw BadInput("--url-base: '" + url_base +
                       "' is not an absolute http(s) URL (expected e.g. https://example.org/docs/)");
    }
}

std::string result_link(const std::string& url_base, const std::string& rel_path, const std::string& record,
                        const std::string& link) {
    std::string own;
    if (!url_base.empty()) {
        own = resolve_url(folder_url(url_base), path_reference(rel_path)).value_or("");
        if (!own.empty() && !record.empty()) own += "#" + percent_encode(record);
    }
    std::string url = own;
    if (!link.empty() && safe_link(link)) {
        if (const std::optional<std::string> resolved = resolve_url(own, link)) {
            url = *resolved;
        } else if (own.empty()) {
            url = link;  // relative, and nothing to resolve it against
        }
    }
    return safe_link(url) ? url : "";
}

std::string size_limit_reason(std::uintmax_t size, std::uintmax_t limit) {
    return "larger than the size limit (" + std::to_string(size) + " bytes; limit " + std::to_string(limit) + ", see --max-size)";
}

std::string read_source(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw BadDocument("cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw BadDocument("read error");
    std::string bytes = ss.str();
    if (bytes.empty()) throw BadDocument("empty file");
    return bytes;
}

FileExtraction extract_file(const SourceFile& f, const std::string& bytes, const ExtractOptions& opts) {
    FileExtraction out;
    if (bytes.size() > opts.max_file_size) {
        out.skip_reason = size_limit_reason(bytes.size(), opts.max_file_size);
        return out;
    }
    if (f.kind == FileKind::Html) {
        HtmlExtraction h = extract_html(bytes, HtmlOptions{opts.ignore_robots});
        out.how = "HTML, " + h.charset;
        out.cut = std::move(h.cut);
        if (!h.skip_reason.empty()) {
            out.skip_reason = h.skip_reason;
            return out;
        }
        h.article.id = f.rel_path;
        if (const auto b = opts.boilerplate.find(f.source); b != opts.boilerplate.end()) b->second.strip(h.article);
        out.articles.push_back(std::move(h.article));
    } else if (f.kind == FileKind::Pdf || f.kind == FileKind::Docx || f.kind == FileKind::Odt) {
        DocumentExtraction d = f.kind == FileKind::Pdf    ? extract_pdf(bytes)
                               : f.kind == FileKind::Docx ? extract_docx(bytes)
                                                          : extract_odt(bytes);
        out.how = std::move(d.how);
        out.cut = std::move(d.cut);
        if (!d.skip_reason.empty()) {
            out.skip_reason = d.skip_reason;
            return out;
        }
        d.article.id = f.rel_path;
        out.articles.push_back(std::move(d.article));
    } else {
        XmlExtraction x = extract_xml(bytes, opts.mappings, f.rel_path);
        out.how = "XML, mapping " + x.mapping;
        for (Article& a : x.articles) {
            a.id = a.id.empty() ? f.rel_path : f.rel_path + "#" + a.id;
            out.articles.push_back(std::move(a));
        }
        out.skipped_records = std::move(x.skipped);
    }
    for (Article& a : out.articles) {
        a.path = f.rel_path;
        a.source = f.source;
        if (a.title.empty()) a.title = f.rel_path;
        const std::string record = a.id.size() > f.rel_path.size() ? a.id.substr(f.rel_path.size() + 1) : "";
        a.url = result_link(opts.url_base, f.rel_path, record, a.url);
    }
    return out;
}

}  // namespace lantern
