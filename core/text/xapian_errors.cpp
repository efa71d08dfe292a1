// xapian_errors.cpp: Xapian::Error -> BadIndex, by the error's type and what Lantern was doing.
#include "text/xapian_errors.h"

#include <xapian.h>

#include <charconv>
#include <string>

#include "text/index_layout.h"

namespace lantern {
namespace {

/// Xapian's message and, when there is one, the system's reason: "Error writing block 2 (No space left on device)".
std::string reason(const Xapian::Error& e) {
    std::string why = e.get_msg();
    if (e.get_error_string() != nullptr) why += std::string(" (") + e.get_error_string() + ")";
    return why;
}

/// Which of the index's remote shards do not answer now, e.g. "remote 10.0.0.7:7001 (Couldn't
/// connect: Connection refused)". Each is probed once: an unreachable shard is the answer sought.
std::string unreachable_shards(const std::string& dir) {
    std::string down;
    for (const StubDatabase& shard : stub_databases(reader_stub(dir))) {
        if (!shard.remote) continue;
        const std::string& line = shard.line;
        const std::string& address = shard.target;
        const std::size_t colon = address.rfind(':');
        unsigned port = 0;
        const char* port_end = address.data() + address.size();
        const auto [end, error] = colon == std::string::npos
                                      ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                                      : std::from_chars(address.data() + colon + 1, port_end, port);
        if (error != std::errc() || end != port_end || port > 65535) {
            down += (down.empty() ? "" : ", ") + line + " (no port number after the last ':')";
            continue;
        }
        try {
            (void)Xapian::Remote::open(address.substr(0, colon), port, 2000, 2000);
        } catch (const Xapian::Error& e) {
            down += (down.empty() ? "" : ", ") + line + " (" + e.get_msg() +
                    (e.get_error_string() ? std::string(": ") + e.get_error_string() : "") + ")";
        }
    }
    return down;
}

/// Whether `e` is of Xapian's error class `type` ("DatabaseLockError"): Xapian::Error has no
/// virtual functions, so its type is told by name. "NetworkError" also takes NetworkTimeoutError,
/// its one subclass; the other classes asked about have none.
bool is(const Xapian::Error& e, const char* type) {
    const std::string actual = e.get_type();
    return actual == type || (std::string(type) == "NetworkError" && actual == "NetworkTimeoutError");
}

std::string message(const Xapian::Error& e, const IndexTask& task) {
    const std::string& index = task.index;
    if (is(e, "DatabaseLockError"))
        return "another process is writing the index at " + index + "; wait for it to finish";
    if (task.kind == IndexTask::kCheck) return "the index at " + index + " is damaged: " + e.get_description();
    const std::string doing = task.kind == IndexTask::kOpen ? "opening" : task.doing;
    const std::string failed = doing + " the index at " + index + " failed: ";
    const std::string advice =
        is(e, "DatabaseVersionError")
            ? "; it was written by another version of Xapian: build it again with lantern-index build --full"
            : "; run lantern-index check --db " + index;
    if (task.kind == IndexTask::kOpen || task.kind == IndexTask::kRead) {
        if (is(e, "NetworkError")) {
            const std::string down = unreachable_shards(index);
            return failed + (down.empty() ? "a remote shard stopped answering (" + reason(e) + ")"
                                          : "unreachable shard(s): " + down +
                                                "; start xapian-tcpsrv there, or remove the line from the stub");
        }
    }
    switch (task.kind) {
        case IndexTask::kOpen:
            if (is(e, "DatabaseNotFoundError")) {
                return "no Lantern index at " + index + " (build one with: lantern-index build --db " + index +
                       " FOLDER)";
            }
            return "cannot open the index at " + index + ": " + e.get_msg() + advice;
        case IndexTask::kCreate:
            return "cannot open or create the index at " + index + ": " + reason(e) +
                   (is(e, "DatabaseVersionError") ? advice : std::string());
        case IndexTask::kRead:
            if (is(e, "DatabaseModifiedError"))
                return failed + "it kept changing meanwhile (a build committing); try again";
            return failed + reason(e) + advice;
        case IndexTask::kWrite:
        case IndexTask::kCheck: break;
    }
    return failed + reason(e) + "; the live release is unchanged";
}

}  // namespace

namespace xapian_detail {

void rethrow_translated(const IndexTask& task) {
    try {
        throw;
    } catch (const Xapian::Error& e) {
        throw BadIndex(message(e, task));
    }
}

XapianFailure handled_failure() {
    try {
        throw;
    } catch (const Xapian::Error& e) {
        if (is(e, "DatabaseModifiedError")) return XapianFailure::kChanged;
        if (is(e, "NetworkError")) return XapianFailure::kNetwork;
        return XapianFailure::kOther;
    } catch (...) {
        return XapianFailure::kNone;  // not Xapian's: the caller lets it propagate
    }
}

}  // namespace xapian_detail
}  // namespace lantern
