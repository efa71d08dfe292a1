// config.cpp: lantern.toml -> BuildOptions (toml++ keeps every node's line for error messages).
#include "app/config.h"

#include <cctype>
#include <charconv>
#include <filesystem>
#include <limits>
#include <optional>
#include <toml++/toml.h>

#include "extract/source_scan.h"
#include "text/article.h"
#include "text/errors.h"
#include "text/thesaurus.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

/// "32MiB", "500KB", "1GB" or a plain number of bytes, in bytes; nullopt for anything else
/// (no sign, no space before the number, nothing over the largest file size).
std::optional<std::uintmax_t> size_in_bytes(const std::string& text) {
    unsigned long long n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc()) return std::nullopt;
    std::string unit = text.substr(static_cast<std::size_t>(end - text.data()));
    while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    const std::pair<const char*, unsigned long long> units[] = {
        {"", 1}, {"B", 1}, {"KB", 1000}, {"KiB", 1024}, {"MB", 1000000}, {"MiB", 1048576}, {"GB", 1000000000}, {"GiB", 1073741824}};
    for (const auto& [name, factor] : units) {
        if (unit == name && n > 0 && n <= std::numeric_limits<std::uintmax_t>::max() / factor) return n * factor;
    }
    return std::nullopt;
}

std::string not_a_size(const std::string& what, const std::string& text) {
    return what + " must be a size such as 32MiB, not '" + text + "'";
}

class Reader {
public:
    explicit Reader(std::string path) : path_(std::move(path)), base_(fs::path(path_).parent_path()) {}

    [[noreturn]] void fail(const toml::node& n, const std::string& key, const std::string& why) const {
        throw BadInput(path_ + ":" + std::to_string(n.source().begin.line) + ": " + key + ": " + why);
    }

    void only(const toml::table& t, std::initializer_list<const char*> keys, const std::string& where) const {
        for (auto&& [k, v] : t) {
            bool ok = false;
            for (const char* key : keys) ok = ok || k.str() == key;
            if (!ok) {
                throw BadInput(path_ + ":" + std::to_string(k.source().begin.line) + ": " + std::string(k.str()) +
                               ": unknown key in " + where);
            }
        }
    }

    std::string str(const toml::table& t, const char* key, const std::string& where) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return "";
        if (n->type() != toml::node_type::string) fail(*n, where + key, "must be a string");
        return *n->value<std::string>();
    }

    std::string file(const toml::table& t, const char* key, const std::string& where) const {
        const std::string v = str(t, key, where);
        return v.empty() ? v : (fs::path(v).is_absolute() ? v : (base_ / v).lexically_normal().string());
    }

    std::vector<std::string> list(const toml::table& t, const char* key, const std::string& where, bool files) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (n == nullptr) return out;
        const toml::array* a = n->as_array();
        if (a == nullptr) fail(*n, where + key, "must be an array of strings");
        for (const toml::node& e : *a) {
            if (e.type() != toml::node_type::string) fail(e, where + key, "must be an array of strings");
            const std::string v = *e.value<std::string>();
            out.push_back(files && !fs::path(v).is_absolute() ? (base_ / v).lexically_normal().string() : v);
        }
        return out;
    }

    /// `key = "FILE"`, `true` (the bundled file, an error if not installed) or `false` (none);
    /// absent: the bundled file if one is found.
    VocabularySetting vocabulary(const toml::table& t, const char* key) const {
        VocabularySetting v;
        const toml::node* n = t.get(key);
        if (n == nullptr) return v;
        if (n->type() == toml::node_type::boolean) {
            v.from = *n->value<bool>() ? VocabularySetting::From::bundled : VocabularySetting::From::none;
        } else if (n->type() == toml::node_type::string && !n->value<std::string>()->empty()) {
            v.from = VocabularySetting::From::file;
            v.path = file(t, key, "index.");
        } else {
            fail(*n, std::string("index.") + key, "must be a file name, true (the bundled one) or false (none)");
        }
        return v;
    }

    /// The [index] keys of learned abbreviations (abbreviations.h). Veto entries are folded as the
    /// searcher compares them; one that folds to nothing is an error, not a silent no-op.
    AbbreviationSettings abbreviations(const toml::table& t) const {
        AbbreviationSettings a;
        if (const toml::node* n = t.get("learn_abbreviations")) {
            if (n->type() != toml::node_type::boolean) fail(*n, "index.learn_abbreviations", "must be true or false");
            a.learn = *n->value<bool>();
        }
        const std::int64_t min = integer(t, "abbreviation_min_documents", "index.", static_cast<std::int64_t>(a.min_documents));
        if (min < 1 || min > 1000) fail(*t.get("abbreviation_min_documents"), "index.abbreviation_min_documents", "must be from 1 to 1000");
        a.min_documents = static_cast<std::size_t>(min);
        for (const std::string& v : list(t, "abbreviation_veto", "index.", false)) {
            const std::string key = phrase_key(v);
            if (key.empty()) fail(*t.get("abbreviation_veto"), "index.abbreviation_veto", "\"" + v + "\" has no words");
            a.veto.push_back(key);
        }
        return a;
    }

    std::int64_t integer(const toml::table& t, const char* key, const std::string& where, std::int64_t fallback) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return fallback;
        if (n->type() != toml::node_type::integer) fail(*n, where + key, "must be a whole number");
        return *n->value<std::int64_t>();
    }

    /// The file, parsed. toml++ reports a syntax error only by throwing: it becomes BadInput FILE:LINE.
    toml::table parsed() const {
        try {
            return toml::parse_file(path_);
        } catch (const toml::parse_error& e) {
            throw BadInput(path_ + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
        }
    }

    BuildOptions read() {
        const toml::table doc = parsed();
        only(doc, {"index", "source", "server", "page"}, "the file (expected [index], [[source]], [server] and [page])");
        BuildOptions o;
        if (const toml::node* n = doc.get("index")) {
            const toml::table* t = n->as_table();
            if (t == nullptr) fail(*n, "index", "must be a table ([index])");
            only(*t, {"db", "language", "keep_releases", "thesaurus", "safety_panel", "learn_abbreviations", "abbreviation_veto",
                      "abbreviation_min_documents"},
                 "[index]");
            o.db_path = file(*t, "db", "index.");
            const std::string lang = str(*t, "language", "index.");
            if (!lang.empty() && lang != "en") fail(*t->get("language"), "index.language", "only \"en\" is supported");
            const std::int64_t keep = integer(*t, "keep_releases", "index.", 3);
            if (keep < 0 || keep > 100) fail(*t->get("keep_releases"), "index.keep_releases", "must be from 0 to 100");
            o.keep_releases = static_cast<std::size_t>(keep);
            o.thesaurus = vocabulary(*t, "thesaurus");
            o.safety_panel = vocabulary(*t, "safety_panel");
            o.abbreviations = abbreviations(*t);
        }
        if (const toml::node* n = doc.get("server")) {
            const toml::table* t = n->as_table();
            if (t == nullptr) fail(*n, "server", "must be a table ([server])");
            only(*t, {"listen", "allow_origins", "log_queries", "max_concurrent", "threads", "time_budget_ms", "operator_endpoints"},
                 "[server]");
        }
        if (const toml::node* n = doc.get("page")) {
            const toml::table* t = n->as_table();
            if (t == nullptr) fail(*n, "page", "must be a table ([page])");
            only(*t, {"lang", "site_name", "heading", "footer", "emergency"}, "[page]");
            (void)page(*t);   // checked here too: the indexer reads the same file
        }
        if (const toml::node* n = doc.get("source")) {
            const toml::array* a = n->as_array();
            if (a == nullptr) fail(*n, "source", "must be an array of tables ([[source]])");
            for (const toml::node& e : *a) {
                const toml::table* t = e.as_table();
                if (t == nullptr) fail(e, "source", "must be an array of tables ([[source]])");
                o.sources.push_back(source(*t));
            }
        }
        o.config_path = path_;
        return o;
    }

    ServerSettings server() {
        const toml::table doc = parsed();
        const BuildOptions build = read();  // the whole file is checked, and [index] db comes from it
        ServerSettings s;
        s.db_path = build.db_path;
        if (const toml::node* p = doc.get("page")) s.page = page(*p->as_table());
        const toml::node* n = doc.get("server");
        if (n == nullptr) return s;
        const toml::table* t = n->as_table();
        if (t == nullptr) fail(*n, "server", "must be a table ([server])");
        s.listen = str(*t, "listen", "server.");
        s.operator_endpoints = str(*t, "operator_endpoints", "server.");
        if (!s.operator_endpoints.empty() && s.operator_endpoints != "loopback" && s.operator_endpoints != "open") {
            fail(*t->get("operator_endpoints"), "server.operator_endpoints", "must be \"loopback\" or \"open\", not \"" + s.operator_endpoints + "\"");
        }
        s.allow_origins = list(*t, "allow_origins", "server.", false);
        if (const toml::node* l = t->get("log_queries")) {
            if (l->type() != toml::node_type::boolean) fail(*l, "server.log_queries", "must be true or false");
            s.log_queries = *l->value<bool>();
            s.has_log_queries = true;
        }
        const std::pair<const char*, std::int64_t*> numbers[] = {
            {"max_concurrent", &s.max_concurrent}, {"threads", &s.threads}, {"time_budget_ms", &s.time_budget_ms}};
        for (const auto& [key, field] : numbers) {
            *field = integer(*t, key, "server.", 0);
            if (t->get(key) != nullptr && (*field < 1 || *field > 60000)) fail(*t->get(key), std::string("server.") + key, "must be from 1 to 60000");
        }
        return s;
    }

    /// The [page] table: each key replaces one of today's words; lang must be a language tag.
    PageText page(const toml::table& t) const {
        PageText p;
        const std::pair<const char*, std::string*> keys[] = {
            {"lang", &p.lang}, {"site_name", &p.site_name}, {"heading", &p.heading}, {"footer", &p.footer}, {"emergency", &p.emergency}};
        for (const auto& [key, field] : keys) {
            if (t.get(key) != nullptr) *field = str(t, key, "page.");
        }
        if (!is_language_tag(p.lang)) fail(*t.get("lang"), "page.lang", "must be a language tag such as \"en\", \"en-GB\" or \"fr-CA\", not \"" + p.lang + "\"");
        for (const char* key : {"site_name", "heading"}) {
            if (t.get(key) != nullptr && collapse_space(*t.get(key)->value<std::string>()).empty()) fail(*t.get(key), std::string("page.") + key, "must not be empty");
        }
        return p;
    }

    SourceSpec source(const toml::table& t) const {
        only(t, {"path", "url_base", "include", "exclude", "mappings", "robots", "max_size", "file_timeout"}, "[[source]]");
        SourceSpec s;
        s.path = file(t, "path", "source.");
        if (s.path.empty()) throw BadInput(path_ + ":" + std::to_string(t.source().begin.line) + ": source.path: required");
        s.url_base = str(t, "url_base", "source.");
        s.include = list(t, "include", "source.", false);
        s.exclude = list(t, "exclude", "source.", false);
        for (const char* key : {"include", "exclude"}) {
            const std::string problem = pattern_problem(std::string(key) == "include" ? s.include : s.exclude);
            if (!problem.empty()) fail(*t.get(key), std::string("source.") + key, problem);
        }
        s.mapping_files = list(t, "mappings", "source.", true);
        const std::string robots = str(t, "robots", "source.");
        if (!robots.empty() && robots != "honour" && robots != "honor" && robots != "ignore") {
            fail(*t.get("robots"), "source.robots", "must be \"honour\" or \"ignore\", not \"" + robots + "\"");
        }
        s.ignore_robots = robots == "ignore";
        if (const toml::node* n = t.get("max_size")) {
            if (n->type() == toml::node_type::integer) {
                if (*n->value<std::int64_t>() <= 0) fail(*n, "source.max_size", "must be positive");
                s.max_file_size = static_cast<std::uintmax_t>(*n->value<std::int64_t>());
            } else if (n->type() == toml::node_type::string) {
                const std::string text = *n->value<std::string>();
                const std::optional<std::uintmax_t> bytes = size_in_bytes(text);
                if (!bytes) fail(*n, "source.max_size", not_a_size("source.max_size", text));
                s.max_file_size = *bytes;
            } else {
                fail(*n, "source.max_size", "must be a number of bytes or a size such as \"32MiB\"");
            }
        }
        if (const toml::node* n = t.get("file_timeout")) {
            const std::optional<double> seconds = n->value<double>();   // integers convert too
            if (!seconds || *seconds < 0 || *seconds > 86400) fail(*n, "source.file_timeout", "must be seconds from 0 (no limit) to 86400");
            s.file_timeout = *seconds;
        }
        return s;
    }

private:
    std::string path_;
    fs::path base_;
};

}  // namespace

std::uintmax_t parse_size(const std::string& text, const std::string& what) {
    const std::optional<std::uintmax_t> bytes = size_in_bytes(text);
    if (!bytes) throw BadInput(not_a_size(what, text));
    return *bytes;
}

ServerSettings load_server_config(const std::string& path) {
    if (!fs::exists(path)) throw BadInput("cannot read configuration " + path);
    return Reader(path).server();
}

BuildOptions load_config(const std::string& path) {
    if (!fs::exists(path)) throw BadInput("cannot read configuration " + path);
    return Reader(path).read();
}

}  // namespace lantern
