// article.cpp: small normalisers for Article fields, shared by the extractors; the page anchor convention.
#include "text/article.h"

#include <cctype>
#include <charconv>

namespace lantern {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return !s.empty();
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string page_anchor(unsigned n) {
    return "page=" + std::to_string(n);
}

unsigned page_of_anchor(std::string_view anchor) {
    constexpr std::string_view kPrefix = "page=";
    if (anchor.substr(0, kPrefix.size()) != kPrefix || anchor.size() == kPrefix.size()) return 0;
    const std::string_view digits = anchor.substr(kPrefix.size());
    unsigned n = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return error == std::errc() && end == digits.data() + digits.size() ? n : 0;
}

std::string normalize_date(std::string_view text) {
    std::string_view t = text;
    while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
    std::string_view y, m, d;
    if (t.size() >= 8 && all_digits(t.substr(0, 8)) && (t.size() == 8 || !std::isdigit(static_cast<unsigned char>(t[8])))) {
        y = t.substr(0, 4);
        m = t.substr(4, 2);
        d = t.substr(6, 2);
    } else if (t.size() >= 10 && (t[4] == '-' || t[4] == '/' || t[4] == '.') && t[7] == t[4]) {
        y = t.substr(0, 4);
        m = t.substr(5, 2);
        d = t.substr(8, 2);
        if (t.size() > 10 && std::isdigit(static_cast<unsigned char>(t[10]))) return "";
    } else {
        return "";
    }
    if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return "";
    int year = 0, month = 0, day = 0;
    std::from_chars(y.data(), y.data() + y.size(), year);  // four and two digits: always in range
    std::from_chars(m.data(), m.data() + m.size(), month);
    std::from_chars(d.data(), d.data() + d.size(), day);
    if (year < 1000 || !is_calendar_date(year, month, day)) return "";
    return std::string(y) + "-" + std::string(m) + "-" + std::string(d);
}

bool is_calendar_date(int year, int month, int day) {
    // By hand rather than std::chrono::year_month_day::ok(): that is C++20, and the project is C++17.
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string collapse_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;", start);
        if (end == std::string_view::npos) end = text.size();
        std::string item = collapse_space(text.substr(start, end - start));
        if (!item.empty()) items.push_back(std::move(item));
        start = end + 1;
    }
    return items;
}

std::size_t count_words(std::string_view text) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = is_space(c);
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace lantern
