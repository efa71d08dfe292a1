// catch_sites_test.cpp: every catch clause of core/, searcher/ and indexer/ is at a site that
// docs/errors.md lists, and none is empty (STYLE.md rule 5). The list is read from the doc, so the
// doc and the code cannot drift apart: a new catch needs a row (and a reason), a removed site
// leaves a row that fails here until it goes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <tuple>

#include "tests/lint/catch_scan.h"

namespace lantern::lint {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct ScanRow {
    const char* name;
    const char* source;
    std::vector<std::tuple<int, std::string, bool>> expected;  ///< line, function, empty
};

const std::vector<ScanRow>& scan_rows() {
    static const std::vector<ScanRow> rows = {
        {"a free function", "void f() {\n  try { g(); } catch (const E& e) { h(e); }\n}\n", {{2, "f", false}}},
        {"an empty handler", "void f() {\n  try { g(); } catch (...) {}\n}\n", {{2, "f", true}}},
        {"a handler holding only a comment is empty",
         "void f() {\n  try { g(); } catch (...) {\n    // ignored\n  }\n}\n",
         {{2, "f", true}}},
        {"catch in comments, literals and macros is not code",
         "// catch (x) {}\n/* catch (y) {} */\nconst char* s = \"catch (z) {}\";\nconst char* r = R\"(catch (w) "
         "{})\";\n"
         "#define X catch (v) {}\nchar q = '{';\nint n = 1'000;\nvoid f() {}\n",
         {}},
        {"a member function defined in its class",
         "struct A::B {\n  int g() const {\n    try { x(); } catch (E& e) { y(); }\n    return 0;\n  }\n};\n",
         {{3, "A::B::g", false}}},
        {"after an access label, with a base class",
         "class C : public D {\npublic:\n  void run() override {\n    try { x(); } catch (...) { y(); }\n  }\n};\n",
         {{4, "C::run", false}}},
        {"a member function defined outside its class",
         "void Searcher::Impl::open() {\n  try { x(); } catch (...) { y(); }\n}\n",
         {{2, "Searcher::Impl::open", false}}},
        {"in a lambda: the function around it",
         "void f() {\n  auto l = [&](int a) mutable {\n    try { x(a); } catch (...) { y(); }\n  };\n}\n",
         {{3, "f", false}}},
        {"in a lambda passed to a call",
         "void f() {\n  t = std::thread([p] {\n    try { x(); } catch (...) { y(); }\n  });\n}\n",
         {{3, "f", false}}},
        {"a constructor with an initializer list",
         "S::S(int a) : b_(a), c_(g(a)) {\n  try { x(); } catch (...) { y(); }\n}\n",
         {{2, "S::S", false}}},
        {"a template with a trailing return type",
         "template <typename F>\nauto w(F&& f) -> decltype(f()) {\n  try { return f(); } catch (...) { z(); }\n}\n",
         {{3, "w", false}}},
        {"decltype(auto) is not the name",
         "template <typename F>\ndecltype(auto) w(F&& f) {\n  try { return f(); } catch (...) { z(); }\n}\n",
         {{3, "w", false}}},
        {"a function-try-block",
         "int f(int a) try {\n  return g(a);\n} catch (const E&) {\n  return 1;\n} catch (...) {\n  return 2;\n}\n",
         {{3, "f", false}, {5, "f", false}}},
        {"control statements and initializers are not functions",
         "void f() {\n  for (int i = 0; i < 3; ++i) {\n    if (i) {\n      std::vector<int> v{1, 2};\n"
         "      try { x(); } catch (...) { y(); }\n    }\n  }\n}\n",
         {{5, "f", false}}},
        {"at namespace scope after a local struct",
         "namespace n {\nstruct stat st {};\nvoid g() {\n  try { x(); } catch (...) { y(); }\n}\n}\n",
         {{4, "g", false}}},
        {"nested try blocks",
         "void f() {\n  try {\n    try { x(); } catch (const A&) { throw; }\n  } catch (const B&) { y(); }\n}\n",
         {{3, "f", false}, {4, "f", false}}},
    };
    return rows;
}

TEST(CatchScan, FindsEachClauseAndTheFunctionItIsIn) {
    for (const ScanRow& row : scan_rows()) {
        SCOPED_TRACE(row.name);
        std::vector<std::tuple<int, std::string, bool>> got;
        for (const CatchClause& c : find_catch_clauses(row.source)) got.emplace_back(c.line, c.function, c.empty);
        EXPECT_EQ(got, row.expected);
    }
}

TEST(CatchScan, ReadsTheTableOfSitesAndNothingElse) {
    const std::string doc =
        "# Errors\n\n| `not/this.cpp` | `f` | another table |\n\n## Where errors are caught\n\n"
        "| file | function | why |\n|---|---|---|\n| `core/a.cpp` | `A::run` | the edge |\n"
        "| `searcher/main.cpp` | `main` | each main |\n\n## Next\n\n| `core/b.cpp` | `g` | after |\n";
    const std::vector<CatchSite> sites = documented_sites(doc);
    ASSERT_EQ(sites.size(), 2u);
    EXPECT_EQ(sites[0].file, "core/a.cpp");
    EXPECT_EQ(sites[0].function, "A::run");
    EXPECT_EQ(sites[1].file, "searcher/main.cpp");
    EXPECT_EQ(sites[1].function, "main");
}

TEST(CatchSites, EveryCatchIsAtADocumentedSiteAndNoneIsEmpty) {
    const fs::path root = LANTERN_SOURCE_DIR;
    const std::vector<CatchSite> listed = documented_sites(read_text(root / "docs/errors.md"));
    ASSERT_FALSE(listed.empty()) << "docs/errors.md has no table under '## Where errors are caught'";
    std::set<std::pair<std::string, std::string>> documented, used;
    for (const CatchSite& s : listed) documented.insert({s.file, s.function});

    std::vector<std::string> problems;
    std::size_t clauses = 0;
    for (const char* top : {"core", "searcher", "indexer"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const std::string ext = entry.path().extension().string();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
            const std::string file = fs::relative(entry.path(), root).generic_string();
            for (const CatchClause& c : find_catch_clauses(read_text(entry.path()))) {
                ++clauses;
                const std::string where =
                    file + ":" + std::to_string(c.line) + " in " + (c.function.empty() ? "(no function)" : c.function);
                if (c.empty)
                    problems.push_back(where + ": an empty catch; say what the failure means, or let it propagate");
                if (documented.count({file, c.function}) == 0) {
                    problems.push_back(
                        where +
                        ": not a documented catch site; let the error propagate to an edge, or add the site "
                        "and why it is an edge to docs/errors.md");
                }
                used.insert({file, c.function});
            }
        }
    }
    for (const auto& [file, function] : documented) {
        if (used.count({file, function}) == 0)
            problems.push_back(file + " " + function + ": listed in docs/errors.md but catches nothing");
    }
    std::string report;
    for (const std::string& p : problems) report += "  " + p + "\n";
    EXPECT_TRUE(problems.empty()) << report;
    RecordProperty("catch_clauses", static_cast<int>(clauses));
    RecordProperty("catch_sites", static_cast<int>(used.size()));
    std::cout << clauses << " catch clauses in " << used.size() << " functions\n";
}

}  // namespace
}  // namespace lantern::lint
