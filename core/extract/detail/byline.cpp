// byline.cpp: labels and dates of bylines, as content management systems and hand-written sites
// write them.
#include "extract/detail/byline.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

#include "text/article.h"
#include "text/schema.h"

namespace lantern {
namespace {

enum class Field { audience, author, published, modified, reviewed };

struct Label {
    const char* text;  ///< lower case
    Field field;
    bool needs_colon;  ///< a short, common word is a label only with a colon ("For: clinicians")
};

// Longer labels first: the first that matches is taken.
constexpr Label kLabels[] = {
    {"written for", Field::audience, false},
    {"audience", Field::audience, false},
    {"for", Field::audience, true},
    {"last reviewed", Field::reviewed, false},
    {"medically reviewed", Field::reviewed, false},
    {"reviewed", Field::reviewed, false},
    {"last updated", Field::modified, false},
    {"last modified", Field::modified, false},
    {"updated", Field::modified, false},
    {"modified", Field::modified, false},
    {"first published", Field::published, false},
    {"published", Field::published, false},
    {"posted", Field::published, false},
    {"written by", Field::author, false},
    {"authors", Field::author, false},
    {"author", Field::author, false},
    {"by", Field::author, false},
};

/// 1..12 for a month's name or an abbreviation of it of three letters or more ("oct", "sept",
/// "october"), else 0.
int month_number(const std::string& word) {
    static constexpr const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                              "july",    "august",   "september", "october", "november", "december"};
    if (word.size() < 3) return 0;
    for (int i = 0; i < 12; ++i) {
        const std::string_view month = kMonths[i];
        if (month.compare(0, word.size(), word) == 0) return i + 1;
    }
    return 0;
}

/// Whole-number value of an all-digit word, or -1.
int number(const std::string& word) {
    if (word.empty() || word.size() > 4) return -1;
    int n = -1;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), n);
    return error == std::errc() && end == word.data() + word.size() ? n : -1;
}

/// Splits a byline into parts at "·", "|", "•" and line breaks.
std::vector<std::string> parts_of(std::string_view text) {
    std::vector<std::string> parts;
    std::string part;
    auto flush = [&] {
        std::string p = collapse_space(part);
        if (!p.empty()) parts.push_back(std::move(p));
        part.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '|' || text[i] == '\n') {
            flush();
        } else if (text.compare(i, 2, "\u00b7") == 0) {  // middle dot
            flush();
            i += 1;
        } else if (text.compare(i, 3, "\u2022") == 0) {  // bullet
            flush();
            i += 2;
        } else {
            part.push_back(text[i]);
        }
    }
    flush();
    return parts;
}

}  // namespace

std::string byline_date(std::string_view text) {
    const std::string iso = normalize_date(text);
    if (!iso.empty()) return iso;
    // Words of letters or digits: "27 October 2026", "Oct. 27, 2026".
    std::vector<std::string> words;
    std::string w;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (!w.empty()) {
            words.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) words.push_back(std::move(w));
    if (words.size() < 3) return "";
    int day = number(words[0]);
    int month = month_number(words[1]);
    if (day < 0 || month == 0) {
        month = month_number(words[0]);
        day = number(words[1]);
    }
    const int year = number(words[2]);
    if (year < 1000 || !is_calendar_date(year, month, day)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

Byline read_byline(std::string_view text) {
    Byline b;
    for (const std::string& part : parts_of(text)) {
        const std::string lower = ascii_lower(part);
        for (const Label& label : kLabels) {
            const std::string_view l = label.text;
            if (lower.compare(0, l.size(), l) != 0) continue;
            std::size_t at = l.size();
            const bool colon = at < lower.size() && lower[at] == ':';
            if (!colon && (at >= lower.size() || lower[at] != ' ' || label.needs_colon)) continue;
            std::string value = collapse_space(part.substr(at + (colon ? 1 : 0)));
            if (ascii_lower(value).compare(0, 3, "on ") == 0) value = value.substr(3);  // "Updated on 3 May 2026"
            if (value.empty()) break;
            switch (label.field) {
                case Field::audience: {
                    std::string a = schema::facet_value(schema::Facet::Audience, value);
                    if (a.compare(0, 4, "the ") == 0) a = a.substr(4);
                    if (b.audience.empty()) b.audience = a;
                    break;
                }
                case Field::author:
                    if (b.author.empty()) b.author = value;
                    break;
                case Field::published:
                    if (b.published.empty()) b.published = byline_date(value);
                    break;
                case Field::modified:
                    if (b.modified.empty()) b.modified = byline_date(value);
                    break;
                case Field::reviewed:
                    if (b.reviewed.empty()) b.reviewed = byline_date(value);
                    break;
            }
            break;
        }
    }
    return b;
}

}  // namespace lantern
