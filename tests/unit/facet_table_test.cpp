// Tests for core/text/facet_table: the facet table file is used only for the revision it was
// written for, and a cut, foreign or damaged file is never read out of bounds.
#include "text/facet_table.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "fixtures.h"
#include "search/detail/facet_count.h"
#include "text/schema.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;

/// A database of three documents (two copies of one text) in a folder of its own.
class FacetTableFile : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = Xapian::WritableDatabase(dir_.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        add("tnaloxone\x1fsweb", "h1");
        add("tnaloxone\x1fsprint", "h1");
        add("tdetox\x1fsweb", "h2");
        db_.commit();
        file_ = facet_table_path(dir_.path().string());
    }
    void TearDown() override { db_.close(); }
    void add(const std::string& facets, const std::string& text) {
        Xapian::Document doc;
        doc.add_value(schema::kSlotFacets, facets);
        doc.add_value(schema::kSlotTextHash, text);
        db_.add_document(doc);
    }
    /// Topic counts from the mapped file, or "none" when it is not used.
    std::string topics_from_file() {
        const std::optional<FacetTable> t = FacetTable::map(file_, db_);
        if (!t) return "none";
        TableFacetSpy spy(*t);
        for (Xapian::docid id = 1; id <= db_.get_lastdocid(); ++id) spy.add(id);
        std::string out;
        const auto tops = spy.tops();
        for (const FacetValue& v : tops.at("topic")) out += v.value + "=" + std::to_string(v.count) + " ";
        return out + "results=" + std::to_string(spy.results());
    }
    /// Rewrites the file after `change` has edited its bytes.
    void edit_file(const std::function<void(std::string&)>& change) {
        std::string bytes;
        {
            std::ifstream in(file_, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        change(bytes);
        std::ofstream(file_, std::ios::binary | std::ios::trunc) << bytes;
    }

    test::ScratchDir dir_{"facettable"};
    Xapian::WritableDatabase db_;
    std::string file_;
};

TEST_F(FacetTableFile, UsedForItsRevisionOnly) {
    EXPECT_EQ(topics_from_file(), "none") << "no file yet";
    EXPECT_TRUE(FacetTable::write(file_, db_));
    EXPECT_EQ(topics_from_file(), "detox=1 naloxone=1 results=2");
    EXPECT_FALSE(FacetTable::write(file_, db_)) << "already this revision's";

    add("tdetox\x1fsweb", "h3");
    db_.commit();
    EXPECT_EQ(topics_from_file(), "none") << "a new revision";
    EXPECT_TRUE(FacetTable::write(file_, db_));
    EXPECT_EQ(topics_from_file(), "detox=2 naloxone=1 results=3");
}

TEST_F(FacetTableFile, CutForeignAndDamagedFilesAreSafe) {
    ASSERT_TRUE(FacetTable::write(file_, db_));
    const auto size = fs::file_size(file_);
    // After the header: first (by docid 0 to 4: 5 words), items (6), copies (4), name_order and
    // name_ends (4 names each), then the names' 25 bytes.
    const std::size_t items = size - ((5 + 6 + 4 + 4 + 4) * 4 + 25) + 5 * 4;
    const struct {
        const char* name;
        std::function<void(std::string&)> change;
        const char* want;
    } rows[] = {
        {"cut short", [](std::string& b) { b.resize(b.size() - 3); }, "none"},
        {"a byte more", [](std::string& b) { b += 'x'; }, "none"},
        {"not a facet table", [](std::string& b) { b[0] = 'X'; }, "none"},
        {"only the header", [](std::string& b) { b.resize(16); }, "none"},
        {"empty", [](std::string& b) { b.clear(); }, "none"},
        // An item id past the names (document 3's "tdetox") is skipped; document 3's start moved
        // past the items (which is also document 2's end) reads to the end of the items, no further.
        {"an item id out of range", [&](std::string& b) { std::memset(&b[items + 4 * 4], 0xff, 4); }, "naloxone=1 results=2"},
        {"a start past the items", [&](std::string& b) { std::memset(&b[items - 2 * 4], 0x7f, 4); }, "detox=1 naloxone=1 results=2"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        ASSERT_TRUE(FacetTable::write(file_ + ".fresh", db_));
        fs::rename(file_ + ".fresh", file_);
        ASSERT_EQ(fs::file_size(file_), size);
        edit_file(r.change);
        EXPECT_EQ(topics_from_file(), r.want);
    }
}

}  // namespace
}  // namespace lantern
