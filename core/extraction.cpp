// extraction.cpp: dispatch by file kind, then ids, links and titles for every article.
#include "core/extraction.h"

#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "core/html_extract.h"
#include "core/url.h"
#include "core/xml_extract.h"

namespace lantern {
namespace {

/// A link fit to put in a result: http(s), or relative. A document's javascript:, data: or
/// vbscript: link would run script where results are shown, and the widget shows them inside
/// other intranet pages, under those pages' CSP rather than ours. Browsers drop tabs and newlines
/// anywhere in a link and spaces around it ("java\tscript:", " javascript:"): those are refused too.
bool safe_link(const std::string& url) {
    for (const char c : url) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    }
    if (!url.empty() && (url.front() == ' ' || url.back() == ' ')) return false;
    const std::size_t colon = url.find(':');
    if (!has_scheme(url)) return colon == std::string::npos || url.find_first_of("/?#") < colon;
    const std::string scheme = ascii_lower(url.substr(0, colon));
    return scheme == "http" || scheme == "https";
}

}  // namespace

bool has_scheme(const std::string& url) {
    const std::size_t colon = url.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(url[i]);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

std::string resolve_url(const std::string& base, const std::string& path) {
    if (base.empty()) return path;
    if (!path.empty() && path[0] == '/') {
        const std::size_t scheme_end = base.find("://");
        const std::size_t host_end = scheme_end == std::string::npos ? std::string::npos : base.find('/', scheme_end + 3);
        return (host_end == std::string::npos ? base : base.substr(0, host_end)) + percent_encode(path, "/#");
    }
    std::string b = base;
    if (b.back() != '/') b.push_back('/');
    return b + percent_encode(path, "/#");
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
        if (!safe_link(a.url)) a.url.clear();  // then --url-base gives the page its own link
        if (!has_scheme(a.url) && !opts.url_base.empty()) a.url = resolve_url(opts.url_base, a.url.empty() ? a.id : a.url);
        if (!safe_link(a.url)) a.url.clear();
    }
    return out;
}

}  // namespace lantern
