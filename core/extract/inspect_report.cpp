// inspect_report.cpp: renders a FileExtraction for librarians tuning a site template or a mapping.
#include "extract/inspect_report.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace lantern {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

}  // namespace

std::string inspection_to_text(const std::string& path, const FileExtraction& x) {
    std::ostringstream out;
    out << "File:      " << path << "\n";
    if (!x.how.empty()) out << "Read as:   " << x.how << "\n";
    if (!x.skip_reason.empty()) {
        out << "Skipped:   " << x.skip_reason << "\n";
        return out.str();
    }
    for (const std::string& r : x.skipped_records) out << "Left out:  " << r << "\n";
    out << "Articles:  " << x.articles.size() << "\n";
    for (const Article& a : x.articles) {
        out << "\n== " << a.id << "\n";
        out << "Title:       " << a.title << "\n";
        out << "URL:         " << or_none(a.url) << "\n";
        out << "Description: " << or_none(a.description) << "\n";
        out << "Language:    " << or_none(a.language) << "\n";
        out << "Audience:    " << or_none(a.audience) << "\n";
        out << "Author:      " << or_none(a.author) << "\n";
        out << "Topics:      " << or_none(join(a.topics)) << "\n";
        out << "Published:   " << or_none(a.published) << "\n";
        out << "Modified:    " << or_none(a.modified) << "\n";
        out << "Reviewed:    " << or_none(a.reviewed) << "\n";
        out << "Text:        " << a.body.size() << " bytes, " << count_words(a.body) << " words\n";
        out << "Sections:    " << a.sections.size() << "\n";
        for (const Section& s : a.sections) out << "  " << (s.anchor.empty() ? "(no id)" : "#" + s.anchor) << "  " << s.heading << "\n";
        out << "--- text ---\n" << a.body << "\n--- end ---\n";
    }
    return out.str();
}

std::string inspection_to_json(const std::string& path, const FileExtraction& x) {
    nlohmann::json articles = nlohmann::json::array();
    for (const Article& a : x.articles) {
        nlohmann::json sections = nlohmann::json::array();
        for (const Section& s : a.sections) sections.push_back({{"heading", s.heading}, {"anchor", s.anchor}, {"offset", s.offset}});
        articles.push_back({{"id", a.id},           {"path", a.path},           {"source", a.source},
                            {"format", a.format},   {"url", a.url},             {"title", a.title},
                            {"description", a.description}, {"language", a.language}, {"audience", a.audience},
                            {"author", a.author},   {"topics", a.topics},       {"published", a.published},
                            {"modified", a.modified}, {"reviewed", a.reviewed}, {"text_bytes", a.body.size()},
                            {"words", count_words(a.body)}, {"sections", sections}, {"text", a.body}});
    }
    const nlohmann::json j = {{"file", path},
                              {"how", x.how},
                              {"skip_reason", x.skip_reason},
                              {"skipped_records", x.skipped_records},
                              {"articles", articles}};
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lantern
