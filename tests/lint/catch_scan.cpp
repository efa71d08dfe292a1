// catch_scan.cpp: comments and literals blanked, braces followed, scopes named from their heads.
#include "tests/lint/catch_scan.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace lantern::lint {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// Whether the ' at `at` separates digits (1'000'000) rather than opening a character literal.
bool digit_separator(const std::string& s, std::size_t at) {
    std::size_t start = at;
    while (start > 0 && (ident_char(s[start - 1]) || s[start - 1] == '\'' || s[start - 1] == '.')) --start;
    return start < at && std::isdigit(static_cast<unsigned char>(s[start])) != 0;
}

/// Replaces s[from, to) with spaces, keeping newlines.
void blank(std::string& s, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < s.size(); ++i) {
        if (s[i] != '\n') s[i] = ' ';
    }
}

/// The index just past the bracket matching the one at `open` ('(' or '{'), or npos.
std::size_t past_matching(const std::string& s, std::size_t open) {
    const char o = s[open], c = o == '(' ? ')' : o == '{' ? '}' : o == '[' ? ']' : '>';
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == o) ++depth;
        if (s[i] == c && --depth == 0) return i + 1;
    }
    return std::string::npos;
}

/// The index of the bracket opening the one that closes at `close` (')' or ']' or '>'), or npos.
std::size_t opening_of(const std::string& s, std::size_t close) {
    const char c = s[close], o = c == ')' ? '(' : c == ']' ? '[' : '<';
    int depth = 0;
    for (std::size_t i = close + 1; i-- > 0;) {
        if (s[i] == c) ++depth;
        if (s[i] == o && --depth == 0) return i;
    }
    return std::string::npos;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool starts_with_word(const std::string& s, const char* word) {
    const std::size_t n = std::char_traits<char>::length(word);
    return s.compare(0, n, word) == 0 && (s.size() == n || !ident_char(s[n]));
}

enum class Kind { kNamespace, kClass, kFunction, kOther };

struct Scope {
    Kind kind = Kind::kOther;
    std::string name;           ///< kClass, kFunction: qualified by the classes around it
    bool function_try = false;  ///< a function-try-block: its handlers follow its closing brace
    std::string handler_of;     ///< a handler of that function's try block: the function
};

/// What a '{' opens, from the text since the previous ';', '{' or '}': its kind and unqualified name.
std::pair<Kind, std::string> classify(std::string head, bool& function_try) {
    static const std::regex access(R"(^(public|private|protected)\s*:\s*)");
    static const std::regex trailing(R"(\s*(\bconst|\boverride|\bfinal|\bnoexcept|\bmutable|\btry|&&|&)$)");
    static const std::regex klass(
        R"(^(struct|class|union)\s+(alignas\s*\(\s*\w+\s*\)\s*)?([A-Za-z_][\w:]*)\s*(final\s*)?(:[^;]*)?$)");
    static const std::regex keyword(
        R"(^(if|for|while|switch|catch|else|do|try|return|sizeof|decltype|alignof|static_assert)$)");
    function_try = false;
    for (std::smatch m; std::regex_search(head, m, access);) head = trim(m.suffix().str());
    if (starts_with_word(head, "template") && head.find('<') != std::string::npos) {
        const std::size_t end = past_matching(head, head.find('<'));
        head = end == std::string::npos ? head : trim(head.substr(end));
    }
    if (starts_with_word(head, "namespace") || starts_with_word(head, "inline") || starts_with_word(head, "extern")) {
        return {Kind::kNamespace, ""};
    }
    for (const char* control : {"if", "for", "while", "switch", "catch", "else", "do", "try", "return"}) {
        if (starts_with_word(head, control)) return {Kind::kOther, ""};
    }
    if (std::smatch m; std::regex_match(head, m, klass)) return {Kind::kClass, m[3].str()};
    // Trailing qualifiers, a trailing return type and a noexcept(...) go; what is left ends with
    // the parameter list.
    for (bool again = true; again;) {
        again = false;
        if (std::smatch m; std::regex_search(head, m, trailing)) {
            function_try = function_try || m[1].str() == "try";
            head = trim(head.substr(0, static_cast<std::size_t>(m.position(0))));
            again = true;
        }
        if (!head.empty() && head.back() == ')') {  // noexcept(...): its condition goes, then the word
            const std::size_t open = opening_of(head, head.size() - 1);
            const std::string before = open == std::string::npos ? "" : trim(head.substr(0, open));
            if (before.size() >= 8 && before.compare(before.size() - 8, 8, "noexcept") == 0) {
                head = before;
                again = true;
            }
        }
    }
    int depth = 0;
    for (std::size_t i = 0; i + 1 < head.size(); ++i) {  // a trailing return type
        depth += head[i] == '(' ? 1 : head[i] == ')' ? -1 : 0;
        if (depth == 0 && head[i] == '-' && head[i + 1] == '>' && i > 0 && trim(head.substr(0, i)).back() == ')') {
            head = trim(head.substr(0, i));
            break;
        }
    }
    if (head.empty() || head.back() == ']') return {Kind::kOther, ""};  // a lambda without parameters
    // A constructor's initializer list: cut at its ':' (one colon, outside brackets).
    depth = 0;
    for (std::size_t i = 0; i < head.size(); ++i) {
        depth += head[i] == '(' || head[i] == '<' ? 1 : head[i] == ')' || head[i] == '>' ? -1 : 0;
        const bool single =
            head[i] == ':' && (i == 0 || head[i - 1] != ':') && (i + 1 == head.size() || head[i + 1] != ':');
        if (depth == 0 && single) {
            head = trim(head.substr(0, i));
            break;
        }
    }
    if (head.empty() || head.back() != ')') return {Kind::kOther, ""};
    const std::size_t open = opening_of(head, head.size() - 1);
    if (open == std::string::npos) return {Kind::kOther, ""};
    std::string before = trim(head.substr(0, open));
    if (!before.empty() && before.back() == ']') return {Kind::kOther, ""};  // a lambda
    if (before.size() >= 10 && before.compare(before.size() - 10, 10, "operator()") == 0)
        return {Kind::kFunction, "operator()"};
    std::size_t start = before.size();
    while (start > 0 && (ident_char(before[start - 1]) || before[start - 1] == ':' || before[start - 1] == '~'))
        --start;
    const std::string name = before.substr(start);
    if (name.empty() || std::regex_match(name, keyword) || std::isdigit(static_cast<unsigned char>(name[0])) != 0) {
        return {Kind::kOther, ""};
    }
    return {Kind::kFunction, name};
}

}  // namespace

std::string blank_non_code(const std::string& source) {
    std::string out = source;
    const std::size_t n = source.size();
    bool line_start = true;
    for (std::size_t i = 0; i < n;) {
        const char c = source[i];
        if (c == '\n') {
            line_start = true;
            ++i;
            continue;
        }
        if (line_start && c == '#') {  // a preprocessor line, with its continuations
            std::size_t end = i;
            while (end < n && (source[end] != '\n' || (end > 0 && source[end - 1] == '\\'))) ++end;
            blank(out, i, end);
            i = end;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) line_start = false;
        if (c == '/' && i + 1 < n && source[i + 1] == '/') {
            const std::size_t end = std::min(n, source.find('\n', i));
            blank(out, i, end);
            i = end;
        } else if (c == '/' && i + 1 < n && source[i + 1] == '*') {
            const std::size_t close = source.find("*/", i + 2);
            const std::size_t end = close == std::string::npos ? n : close + 2;
            blank(out, i, end);
            i = end;
        } else if (c == '"' && i > 0 && source[i - 1] == 'R' &&
                   (i < 2 || !ident_char(source[i - 2]) || source[i - 2] == '8' || source[i - 2] == 'L' ||
                    source[i - 2] == 'u' || source[i - 2] == 'U')) {
            const std::size_t paren = source.find('(', i);
            const std::string close = ")" + source.substr(i + 1, paren == std::string::npos ? 0 : paren - i - 1) + "\"";
            const std::size_t at = paren == std::string::npos ? std::string::npos : source.find(close, paren);
            const std::size_t end = at == std::string::npos ? n : at + close.size();
            blank(out, i + 1, end - 1);
            i = end;
        } else if (c == '"' || (c == '\'' && !digit_separator(source, i))) {
            std::size_t j = i + 1;
            while (j < n && source[j] != c && source[j] != '\n') j += source[j] == '\\' ? 2u : 1u;
            blank(out, i + 1, std::min(j, n));
            i = std::min(j + 1, n);
        } else {
            ++i;
        }
    }
    return out;
}

std::vector<CatchClause> find_catch_clauses(const std::string& source) {
    const std::string code = blank_non_code(source);
    std::vector<CatchClause> found;
    std::vector<Scope> scopes;
    std::vector<int> parens(1, 0);  // parenthesis depth, per brace scope (a lambda's body sits inside a call)
    std::size_t boundary = 0;       // just past the last ';', '{' or '}' outside parentheses
    std::string try_owner;          // a function-try-block just closed: its handlers belong to it
    int line = 1;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '\n') ++line;
        if (c == '(') ++parens.back();
        if (c == ')') --parens.back();
        if (c == ';' && parens.back() <= 0) {
            boundary = i + 1;
            try_owner.clear();
        }
        if (c == 'c' && code.compare(i, 5, "catch") == 0 && (i == 0 || !ident_char(code[i - 1])) &&
            (i + 5 >= code.size() || !ident_char(code[i + 5]))) {
            const std::size_t open = code.find_first_not_of(" \t\r\n", i + 5);
            if (open == std::string::npos || code[open] != '(') continue;
            CatchClause clause;
            clause.line = line;
            for (auto s = scopes.rbegin(); s != scopes.rend() && clause.function.empty(); ++s) {
                if (s->kind == Kind::kFunction) clause.function = s->name;
            }
            if (clause.function.empty()) clause.function = try_owner;
            const std::size_t after = past_matching(code, open);
            const std::size_t brace = after == std::string::npos ? after : code.find_first_not_of(" \t\r\n", after);
            if (brace != std::string::npos && code[brace] == '{') {
                const std::size_t end = past_matching(code, brace);
                clause.empty = end != std::string::npos && trim(code.substr(brace + 1, end - brace - 2)).empty();
            }
            found.push_back(clause);
        }
        if (c == '{') {
            Scope s;
            const std::string head = trim(code.substr(boundary, i - boundary));
            const auto [kind, name] = classify(head, s.function_try);
            s.kind = kind;
            if (kind == Kind::kClass || kind == Kind::kFunction) {
                std::string outer;
                for (const Scope& o : scopes) {
                    if (o.kind == Kind::kClass) outer += o.name + "::";
                    if (o.kind == Kind::kFunction) outer.clear();  // a local class: named from its function on
                }
                s.name = outer + name;
            }
            if (starts_with_word(head, "catch")) s.handler_of = try_owner;
            scopes.push_back(s);
            parens.push_back(0);
            boundary = i + 1;
            try_owner.clear();
        }
        if (c == '}') {
            const Scope s = scopes.empty() ? Scope() : scopes.back();
            if (!scopes.empty()) scopes.pop_back();
            if (parens.size() > 1) parens.pop_back();
            boundary = i + 1;
            try_owner = s.kind == Kind::kFunction && s.function_try ? s.name : s.handler_of;
        }
    }
    return found;
}

std::vector<CatchSite> documented_sites(const std::string& markdown) {
    std::vector<CatchSite> sites;
    const std::size_t heading = markdown.find("\n## Where errors are caught");
    if (heading == std::string::npos) return sites;
    std::size_t at = markdown.find('\n', heading + 1);
    static const std::regex row(R"(^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|.*)");
    while (at != std::string::npos && at + 1 < markdown.size()) {
        const std::size_t end = markdown.find('\n', at + 1);
        const std::string text = markdown.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
        if (text.rfind('#', 0) == 0) break;
        if (std::smatch m; std::regex_match(text, m, row)) sites.push_back({m[1].str(), m[2].str()});
        at = end;
    }
    return sites;
}

}  // namespace lantern::lint
