// Tests for core/text/xapian_errors: each Xapian error, for each thing Lantern was doing, becomes
// the BadIndex message docs/errors.md documents; other exceptions pass through; recovering()
// recovers from the expected failure only.
#include "text/xapian_errors.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include "text/errors.h"

namespace lantern {
namespace {

struct TranslationRow {
    const char* name;
    IndexTask::Kind kind;
    std::string index;
    const char* doing;
    std::function<void()> fail;
    std::string message;
};

TEST(XapianErrors, EachErrorBecomesTheDocumentedMessage) {
    const std::string stub =
        (std::filesystem::temp_directory_path() / ("lantern-xe-" + std::to_string(::getpid()) + ".stub")).string();
    std::ofstream(stub) << "remote example\n";  // no port: reported without connecting anywhere
    const std::vector<TranslationRow> rows = {
        {"lock, writing", IndexTask::kCreate, "/ix", "",
         [] { throw Xapian::DatabaseLockError("Unable to get write lock"); },
         "another process is writing the index at /ix; wait for it to finish"},
        {"not found, opening", IndexTask::kOpen, "/ix", "",
         [] { throw Xapian::DatabaseNotFoundError("Couldn't stat '/ix'"); },
         "no Lantern index at /ix (build one with: lantern-index build --db /ix FOLDER)"},
        {"damaged, opening", IndexTask::kOpen, "/ix", "",
         [] { throw Xapian::DatabaseCorruptError("EOF reading block 0"); },
         "cannot open the index at /ix: EOF reading block 0; run lantern-index check --db /ix"},
        {"another Xapian's, opening", IndexTask::kOpen, "/ix", "",
         [] { throw Xapian::DatabaseVersionError("Version 9 unsupported"); },
         "cannot open the index at /ix: Version 9 unsupported; it was written by another version of Xapian: build it "
         "again "
         "with lantern-index build --full"},
        {"no space, creating", IndexTask::kCreate, "/ix", "",
         [] { throw Xapian::DatabaseCreateError("Cannot create directory", std::string(), ENOSPC); },
         "cannot open or create the index at /ix: Cannot create directory (No space left on device)"},
        {"damaged, searching", IndexTask::kRead, "/ix", "searching",
         [] { throw Xapian::DatabaseCorruptError("Unexpected end of posting list"); },
         "searching the index at /ix failed: Unexpected end of posting list; run lantern-index check --db /ix"},
        {"changed, reading", IndexTask::kRead, "/ix", "reading",
         [] { throw Xapian::DatabaseModifiedError("discarded"); },
         "reading the index at /ix failed: it kept changing meanwhile (a build committing); try again"},
        {"a shard gone, no stub", IndexTask::kRead, "/no/such/ix", "searching",
         [] { throw Xapian::NetworkError("Connection closed unexpectedly"); },
         "searching the index at /no/such/ix failed: a remote shard stopped answering (Connection closed "
         "unexpectedly)"},
        {"a shard gone, named by the stub", IndexTask::kOpen, stub, "",
         [] { throw Xapian::NetworkTimeoutError("Timeout expired"); },
         "opening the index at " + stub +
             " failed: unreachable shard(s): remote example (no port number after the last ':'); start xapian-tcpsrv "
             "there, "
             "or remove the line from the stub"},
        {"disk full, writing", IndexTask::kWrite, "/ix/releases/r1", "writing",
         [] { throw Xapian::DatabaseError("Error writing block 2", std::string(), ENOSPC); },
         "writing the index at /ix/releases/r1 failed: Error writing block 2 (No space left on device); the live "
         "release is unchanged"},
        {"disk full, building", IndexTask::kWrite, "/ix", "building",
         [] { throw Xapian::DatabaseError("Error writing block 7"); },
         "building the index at /ix failed: Error writing block 7; the live release is unchanged"},
        {"damaged, checking", IndexTask::kCheck, "/ix", "", [] { throw Xapian::DatabaseCorruptError("Bad block"); },
         "the index at /ix is damaged: DatabaseCorruptError: Bad block"},
    };
    for (const TranslationRow& row : rows) {
        SCOPED_TRACE(row.name);
        try {
            with_xapian(IndexTask{row.kind, row.index, row.doing}, row.fail);
            ADD_FAILURE() << "no error";
        } catch (const BadIndex& e) {
            EXPECT_EQ(std::string(e.what()), row.message);
        }
    }
    std::filesystem::remove(stub);
}

TEST(XapianErrors, OtherExceptionsAndValuesPassThrough) {
    const IndexTask task{IndexTask::kRead, "/ix", "reading"};
    EXPECT_EQ(with_xapian(task, [] { return 42; }), 42);
    try {
        with_xapian(task, [] { throw BadParameter("since", "since must be a date"); });
        ADD_FAILURE() << "no error";
    } catch (const BadParameter& e) {
        EXPECT_EQ(e.parameter(), "since");
        EXPECT_EQ(std::string(e.what()), "since must be a date");
    }
    EXPECT_THROW(with_xapian(task, [] { throw std::logic_error("a bug"); }), std::logic_error);
    // Nested: the inner translation stands, the outer one lets BadIndex through.
    try {
        with_xapian(IndexTask{IndexTask::kWrite, "/ix", "building"}, [] {
            with_xapian(IndexTask{IndexTask::kCreate, "/ix/r"}, [] { throw Xapian::DatabaseLockError("locked"); });
        });
        ADD_FAILURE() << "no error";
    } catch (const BadIndex& e) {
        EXPECT_EQ(std::string(e.what()), "another process is writing the index at /ix/r; wait for it to finish");
    }
}

TEST(XapianErrors, RecoveringRecoversFromTheExpectedFailureOnly) {
    int tries = 0;
    const auto changed_once = [&tries] {
        if (tries++ == 0) throw Xapian::DatabaseModifiedError("discarded");
        return tries;
    };
    EXPECT_EQ(recovering(XapianFailure::kChanged, changed_once, changed_once), 2);
    EXPECT_EQ(tries, 2);

    // A timeout is a network failure too.
    EXPECT_EQ(
        recovering(
            XapianFailure::kNetwork, []() -> int { throw Xapian::NetworkTimeoutError("slow"); }, [] { return 7; }),
        7);
    // Any other failure propagates untranslated, for the caller's with_xapian().
    EXPECT_THROW(recovering(
                     XapianFailure::kChanged, [] { throw Xapian::DatabaseCorruptError("bad"); }, [] {}),
                 Xapian::DatabaseCorruptError);
    EXPECT_THROW(recovering(
                     XapianFailure::kChanged, [] { throw BadInput("no"); }, [] {}),
                 BadInput);
    // The recovery's own failure is not recovered from again.
    const auto always_changed = [] { throw Xapian::DatabaseModifiedError("discarded"); };
    EXPECT_THROW(recovering(XapianFailure::kChanged, always_changed, always_changed), Xapian::DatabaseModifiedError);
}

}  // namespace
}  // namespace lantern
