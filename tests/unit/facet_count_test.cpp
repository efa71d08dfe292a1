// Tests for core/search/detail/facet_count: without a facet table file, a revision's first search
// counts facets from each match's values (FacetSpy), later ones from the table of item ids read
// from the values (TableFacetSpy); with the file, every search counts from the mapped table. All
// must give the same answer, exact duplicates of a text counting once for each of their values.
#include "search/detail/facet_count.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.h"
#include "text/schema.h"

namespace lantern {
namespace {

/// One document: its kSlotFacets items (joined here) and its kSlotTextHash value ("": none).
struct Doc {
    std::vector<std::string> items;
    std::string text;
};

std::string joined(const std::vector<std::string>& items) {
    std::string v;
    for (const std::string& i : items) v += (v.empty() ? "" : std::string(1, schema::kListSeparator)) + i;
    return v;
}

/// "topic: a=2 b=1 | audience: ..." for every facet with values, and the number of results.
template <typename Spy>
std::string described(const Spy& spy) {
    std::string out;
    for (const auto& [name, values] : spy.tops()) {
        if (values.empty()) continue;
        out += name + ":";
        for (const FacetValue& v : values) out += " " + v.value + "=" + std::to_string(v.count);
        out += " | ";
    }
    return out + "results=" + std::to_string(spy.results());
}

/// The spy's answer over every document of `docs`, counted from their values one by one.
std::string from_values(const std::vector<Doc>& docs) {
    FacetSpy spy;
    for (const Doc& d : docs) spy.add_document(joined(d.items), d.text);
    return described(spy);
}

/// The same, counted from the FacetTable of a database holding `docs`: read from its values, or
/// (`from_file`) mapped from the file lantern-index writes.
std::string from_table(const std::vector<Doc>& docs, bool from_file) {
    const test::ScratchDir dir("facetspy");
    std::string out;
    {
        Xapian::WritableDatabase db(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (const Doc& d : docs) {
            Xapian::Document doc;
            if (!d.items.empty()) doc.add_value(schema::kSlotFacets, joined(d.items));
            if (!d.text.empty()) doc.add_value(schema::kSlotTextHash, d.text);
            db.add_document(doc);
        }
        db.commit();
        const std::string file = facet_table_path(dir.path().string());
        if (from_file) {
            EXPECT_TRUE(FacetTable::write(file, db));
        }
        const std::optional<FacetTable> table = from_file ? FacetTable::map(file, db) : FacetTable::read(db);
        EXPECT_TRUE(table.has_value());
        if (table) {
            TableFacetSpy spy(*table);
            for (Xapian::docid id = 1; id <= docs.size(); ++id) spy.add(id);
            out = described(spy);
        }
    }
    return out;
}

TEST(FacetSpy, CountsAsTheTableDoes) {
    std::vector<Doc> many;  // more distinct items than the first table of slots holds
    for (int i = 0; i < 300; ++i) many.push_back({{"ttopic " + std::to_string(i % 150), "sweb", "len"}, "h" + std::to_string(i % 200)});
    const struct {
        const char* name;
        std::vector<Doc> docs;
        std::string want;
    } rows[] = {
        {"distinct texts", {{{"tnaloxone", "apublic", "sweb"}, "h1"}, {{"tnaloxone", "tdetox", "sweb"}, "h2"}},
         "audience: public=1 | source: web=2 | topic: naloxone=2 detox=1 | results=2"},
        {"a copy counts once", {{{"tnaloxone", "sweb"}, "h1"}, {{"tnaloxone", "sprint"}, "h1"}},
         "source: print=1 web=1 | topic: naloxone=1 | results=1"},
        {"a third copy adds only what is new", {{{"ta"}, "h"}, {{"ta", "tb"}, "h"}, {{"tb", "tc"}, "h"}, {{"ta"}, "other"}},
         "topic: a=2 b=1 c=1 | results=2"},
        {"no text hash: never a copy", {{{"ta"}, ""}, {{"ta"}, ""}}, "topic: a=2 | results=2"},
        {"no facets", {{{}, "h1"}, {{}, "h2"}, {{}, "h1"}}, "results=2"},
        {"ties by name", {{{"tzeta", "tcommon"}, "1"}, {{"talpha", "tcommon"}, "2"}, {{"tmid"}, "3"}, {{"tbeta"}, "4"}},
         "topic: common=2 alpha=1 beta=1 mid=1 zeta=1 | results=4"},
        {"a name that is a prefix of another", {{{"tab", "tabc", "ta"}, "1"}, {{"tabc"}, "2"}}, "topic: abc=2 a=1 ab=1 | results=2"},
        {"many items, many copies", many,
         "language: en=200 | source: web=200 | topic: topic 0=2 topic 1=2 topic 10=2 topic 100=2 topic 101=2 topic 102=2 "
         "topic 103=2 topic 104=2 topic 105=2 topic 106=2 | results=200"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        EXPECT_EQ(from_values(r.docs), r.want);
        EXPECT_EQ(from_table(r.docs, false), r.want);
        EXPECT_EQ(from_table(r.docs, true), r.want);
    }
}

// A remote shard reports whole values with their counts; the extra copies of a text are taken off.
TEST(FacetSpy, RemoteCountsLoseTheirExtraCopies) {
    FacetSpy spy;
    spy.add(joined({"tnaloxone", "sweb"}), 2);
    spy.add(joined({"tnaloxone", "sprint"}), 1);
    spy.uncount_copies({joined({"tnaloxone", "sweb"}), joined({"tnaloxone", "sprint"})});
    spy.uncount_copies({joined({"tunseen"})});  // an item never counted changes nothing
    EXPECT_EQ(described(spy), "source: web=2 print=1 | topic: naloxone=2 | results=0");
}

}  // namespace
}  // namespace lantern
