// invariants.cpp: the checks behind invariants.h.
#include "fuzz/invariants.h"

#include <nlohmann/json.hpp>

#include "extract/encoding.h"
#include "text/schema.h"
#include "fuzz/targets.h"

namespace lantern::fuzz {
namespace {

/// Shows a failing value in a message: the first 80 bytes, escaped, so reports stay one line.
std::string shown(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, 80)) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7F && c != '\\') {
            out.push_back(c);
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 0xF]);
        }
    }
    return s.size() > 80 ? out + "..." : out;
}

void utf8(const std::string& what, const std::string& text) {
    require(is_valid_utf8(text), what, "invalid UTF-8 in \"" + shown(text) + "\"");
}

void date(const std::string& what, const std::string& text) {
    require(text.empty() || normalize_date(text) == text, what, "not YYYY-MM-DD: \"" + shown(text) + "\"");
}

bool same(const Article& a, const Article& b) {
    if (a.sections.size() != b.sections.size()) return false;
    for (std::size_t i = 0; i < a.sections.size(); ++i) {
        const Section &x = a.sections[i], &y = b.sections[i];
        if (x.heading != y.heading || x.anchor != y.anchor || x.offset != y.offset) return false;
    }
    return a.id == b.id && a.path == b.path && a.source == b.source && a.format == b.format && a.url == b.url &&
           a.title == b.title && a.description == b.description && a.author == b.author && a.language == b.language &&
           a.audience == b.audience && a.topics == b.topics && a.published == b.published && a.modified == b.modified &&
           a.reviewed == b.reviewed && a.body == b.body;
}

}  // namespace

void require(bool ok, const std::string& what, const std::string& message) {
    if (!ok) throw InvariantBroken(what + ": " + message);
}

void check_articles(const std::vector<Article>& articles) {
    for (const Article& a : articles) {
        const std::string at = "article '" + shown(a.id) + "'";
        require(!a.id.empty(), at, "empty id");
        require(!a.title.empty(), at, "empty title");
        const std::pair<const char*, const std::string*> fields[] = {
            {"id", &a.id},         {"path", &a.path},         {"source", &a.source},     {"format", &a.format},
            {"url", &a.url},       {"title", &a.title},       {"description", &a.description},
            {"author", &a.author}, {"language", &a.language}, {"audience", &a.audience}, {"body", &a.body}};
        for (const auto& [name, value] : fields) utf8(at + " " + name, *value);
        for (const std::string& t : a.topics) utf8(at + " topic", t);
        date(at + " published", a.published);
        date(at + " modified", a.modified);
        date(at + " reviewed", a.reviewed);
        std::size_t previous = 0;
        for (const Section& s : a.sections) {
            utf8(at + " section heading", s.heading);
            utf8(at + " section anchor", s.anchor);
            require(s.offset <= a.body.size(), at + " section '" + shown(s.heading) + "'",
                    "offset " + std::to_string(s.offset) + " is past the body's end (" + std::to_string(a.body.size()) + ")");
            require(s.offset >= previous, at + " section '" + shown(s.heading) + "'",
                    "offset " + std::to_string(s.offset) + " comes before the previous section's " + std::to_string(previous));
            previous = s.offset;
        }
        require(same(schema::decode_stored(schema::encode_stored(a)), a), at, "stored form does not decode to the same article");
    }
}

void check_results(const SearchRequest& request, const SearchResults& results) {
    require(results.hits.size() <= request.limit, "results",
            std::to_string(results.hits.size()) + " hits for limit " + std::to_string(request.limit));
    for (std::size_t i = 0; i < results.hits.size(); ++i) {
        const SearchHit& h = results.hits[i];
        const std::string at = "hit " + std::to_string(h.rank) + " '" + shown(h.id) + "'";
        require(h.rank == request.offset + 1 + i, at, "rank should be " + std::to_string(request.offset + 1 + i));
        utf8(at + " snippet", h.snippet);
        utf8(at + " title_html", h.title_html);
        utf8(at + " section", h.section);
    }
}

void check_json_object(const std::string& what, const std::string& body) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    require(!j.is_discarded() && j.is_object(), what, "not a JSON object: " + shown(body));
}

}  // namespace lantern::fuzz
