// Tests for core/text/revision_file: a file written beside a database is read only for the
// revision, kind and database it was written for; the vocabulary file (text/abbreviations.h)
// answers as the stored vocabulary does, and a stale one gives way to it.
#include "text/revision_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "fixtures.h"
#include "text/abbreviations.h"
#include "text/schema.h"
#include "text/text_fold.h"
#include "text/thesaurus.h"

namespace lantern {
namespace {

namespace fs = std::filesystem;

class RevisionFile : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = Xapian::WritableDatabase((dir_ / "a").string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db_.add_document(Xapian::Document());
        db_.commit();
    }
    void TearDown() override { db_.close(); }
    /// What map_revision_file finds at `path` for `kind` and `db`, or "none".
    static std::string found(const std::string& path, std::string_view kind, const Xapian::Database& db) {
        const std::optional<RevisionPayload> p = map_revision_file(path, kind, db);
        return p ? std::string(p->bytes) : "none";
    }
    test::ScratchDir scratch_{"revfile"};
    const fs::path& dir_ = scratch_.path();
    Xapian::WritableDatabase db_;
};

TEST_F(RevisionFile, ReadOnlyForItsKindRevisionAndDatabase) {
    const std::string path = (dir_ / "file").string();
    EXPECT_EQ(found(path, "k", db_), "none") << "missing";
    write_revision_file(path, "k", db_, {"one ", "two"});
    EXPECT_EQ(found(path, "k", db_), "one two");
    EXPECT_EQ(found(path, "other", db_), "none") << "another kind";
    Xapian::WritableDatabase other((dir_ / "b").string(), Xapian::DB_CREATE_OR_OVERWRITE);
    other.add_document(Xapian::Document());
    other.commit();
    EXPECT_EQ(found(path, "k", other), "none") << "another database at the same revision";
    db_.add_document(Xapian::Document());
    db_.commit();
    EXPECT_EQ(found(path, "k", db_), "none") << "a later revision";
    write_revision_file(path, "k", db_, {});
    EXPECT_EQ(found(path, "k", db_), "") << "an empty payload";
    fs::resize_file(path, kRevisionHeaderBytes - 1);
    EXPECT_EQ(found(path, "k", db_), "none") << "cut inside the header";
}

TEST_F(RevisionFile, VocabularyFileAnswersAsTheStoredVocabulary) {
    const Thesaurus t = Thesaurus::parse("naloxone = narcan\nopioid use disorder <- OUD\n", "t");
    db_.set_metadata(schema::kMetaVocabulary, t.to_compiled());
    db_.commit();
    const std::string file = vocabulary_path((dir_ / "a").string());
    const auto expansions = [&](const Thesaurus& v) {
        std::string out;
        for (const ThesaurusMatch& m : v.find(split_words("narcan for OUD"))) {
            for (const std::string& e : m.expansions) out += m.phrase + " -> " + e + "; ";
        }
        return out;
    };
    const std::string want = expansions(open_vocabulary(db_));
    ASSERT_NE(want, "");
    write_vocabulary_file(file, db_);
    ASSERT_TRUE(map_revision_file(file, kVocabularyFileKind, db_));
    EXPECT_EQ(expansions(open_vocabulary(db_, file)), want);

    // A later revision with another vocabulary: the stale file gives way to the stored one.
    db_.set_metadata(schema::kMetaVocabulary, Thesaurus::parse("naloxone = narcan\n", "t").to_compiled());
    db_.commit();
    EXPECT_EQ(expansions(open_vocabulary(db_, file)), "narcan -> naloxone; ");
}

}  // namespace
}  // namespace lantern
