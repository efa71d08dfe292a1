// schema.cpp: term and value helpers, and the stored-document format (JSON in document data).
#include "core/schema.h"

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/errors.h"

namespace lantern::schema {
namespace {

// Xapian's hard limit is 245 bytes per term; leave room for the prefix and a hash suffix.
constexpr std::size_t kMaxTermBytes = 240;

}  // namespace

std::string content_hash(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) {
        term.append(value);
        return term;
    }
    const std::size_t keep = kMaxTermBytes - prefix.size() - 17;
    term.append(value.substr(0, keep));
    term.push_back('#');
    term.append(content_hash(value));
    return term;
}

std::string date_value(std::string_view iso_date) {
    std::string out;
    for (char c : iso_date) {
        if (c != '-') out.push_back(c);
    }
    return out;
}

std::string encode_stored(const Article& a) {
    nlohmann::json sections = nlohmann::json::array();
    for (const Section& s : a.sections) sections.push_back({s.offset, s.anchor, s.heading});
    nlohmann::json j = {
        {"id", a.id},           {"path", a.path},         {"source", a.source},
        {"format", a.format},   {"url", a.url},           {"title", a.title},
        {"description", a.description},                   {"author", a.author},
        {"lang", a.language},   {"audience", a.audience}, {"topics", a.topics},
        {"published", a.published}, {"modified", a.modified}, {"reviewed", a.reviewed},
        {"text", a.body},       {"sections", sections},
    };
    // Invalid UTF-8 cannot reach here (extractors sanitise), but never let one document abort a build.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_stored(const std::string& data) {
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw BadIndex("a document in the index has data Lantern did not write; rebuild the index");
    }
    auto str = [&j](const char* key) { return j.value(key, std::string()); };
    Article a;
    a.id = str("id");
    a.path = str("path");
    a.source = str("source");
    a.format = str("format");
    a.url = str("url");
    a.title = str("title");
    a.description = str("description");
    a.author = str("author");
    a.language = str("lang");
    a.audience = str("audience");
    a.topics = j.value("topics", std::vector<std::string>());
    a.published = str("published");
    a.modified = str("modified");
    a.reviewed = str("reviewed");
    a.body = str("text");
    for (const auto& s : j.value("sections", nlohmann::json::array())) {
        if (s.is_array() && s.size() == 3) {
            a.sections.push_back({s[2].get<std::string>(), s[1].get<std::string>(), s[0].get<std::size_t>()});
        }
    }
    return a;
}

}  // namespace lantern::schema
