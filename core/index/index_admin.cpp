// index_admin.cpp: stats, check, report, compact and rollback over the release layout.
#include "index/index_admin.h"

#include <xapian.h>

#include <charconv>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "text/abbreviations.h"
#include "text/counted.h"
#include "text/errors.h"
#include "index/releases.h"
#include "text/safety_panel.h"
#include "text/schema.h"
#include "text/thesaurus.h"
#include "text/xapian_errors.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

constexpr std::size_t kShortArticleWords = 100;
constexpr std::size_t kListed = 50;   ///< most items listed per report section

Xapian::Database open_live(const std::string& dir) {
    const std::string path = IndexDir(dir).path_for_reading();
    return with_xapian(IndexTask{IndexTask::kOpen, dir}, [&] { return Xapian::Database(path); });
}

/// Removes a folder when it goes out of scope, unless keep() was called: what a failure leaves is
/// cleaned up without catching the failure.
class RemovedUnlessKept {
public:
    explicit RemovedUnlessKept(std::string path) : path_(std::move(path)) {}
    RemovedUnlessKept(const RemovedUnlessKept&) = delete;
    RemovedUnlessKept& operator=(const RemovedUnlessKept&) = delete;
    ~RemovedUnlessKept() {
        std::error_code ec;
        if (!kept_) fs::remove_all(path_, ec);
    }
    void keep() { kept_ = true; }

private:
    std::string path_;
    bool kept_ = false;
};

std::uintmax_t folder_size(const std::string& path) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path, ec)) {
        if (e.is_regular_file(ec)) total += e.file_size(ec);
    }
    return total;
}

std::map<std::string, std::size_t> term_counts(const Xapian::Database& db, const std::string& prefix) {
    std::map<std::string, std::size_t> counts;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        counts[(*t).substr(prefix.size())] = t.get_termfreq();
    }
    return counts;
}

std::string today_value(int months_back) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    tm.tm_mon -= months_back;
    ::timegm(&tm);  // normalises month underflow into earlier years
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

/// The thesaurus or safety panel an index holds: its size from the compiled data in the index,
/// where it came from from the release's manifest. None when none is compiled in.
std::optional<VocabularyInfo> vocabulary_entry(const std::optional<RecordedFile>& recorded, std::size_t count) {
    if (count == 0) return std::nullopt;
    VocabularyInfo v;
    v.count = count;
    if (recorded) {
        v.path = recorded->path;
        v.bundled = recorded->bundled.value_or(false);
    }
    return v;
}

nlohmann::json vocabulary_json(const std::optional<VocabularyInfo>& v, const char* count_key) {
    if (!v) return nullptr;
    return {{count_key, v->count}, {"path", v->path}, {"bundled", v->bundled}};
}

/// "345 phrases expand (bundled, /usr/share/lantern/thesaurus)", or "none".
std::string vocabulary_text(const std::optional<VocabularyInfo>& v, const char* one, const char* many) {
    if (!v) return "none";
    const std::string from = v->bundled ? "bundled, " + v->path : v->path;
    return counted(v->count, one, many) + (from.empty() ? "" : " (" + from + ")");
}

/// The facet counts of the stats, in the order they are printed, with their names.
std::vector<std::pair<const char*, const std::map<std::string, std::size_t>*>> counts_of(const IndexStats& s) {
    return {{"source", &s.by_source},
            {"format", &s.by_format},
            {"language", &s.by_language},
            {"audience", &s.by_audience},
            {"topic", &s.by_topic}};
}

}  // namespace

int parse_months(const std::string& text) {
    int n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    const std::size_t used = error == std::errc() ? static_cast<std::size_t>(end - text.data()) : 0;
    const std::string unit = text.substr(used);
    if (used > 0 && n > 0 && (unit == "m" || unit == "mo")) return n;
    if (used > 0 && n > 0 && unit == "y") return 12 * n;
    if (used > 0 && n > 0 && unit == "d") return (n + 29) / 30;
    throw BadInput("--stale-after must be a period such as 24m, 2y or 90d, not '" + text + "'");
}

static IndexStats read_stats(const std::string& dir) {
    const Xapian::Database db = open_live(dir);
    const IndexDir idx(dir);
    IndexStats s;
    ReleaseManifest live_manifest;
    for (const ReleaseInfo& r : idx.releases()) {
        if (r.live) live_manifest = r.manifest;
        s.releases.push_back({r.name, r.live, r.complete, r.manifest.documents, r.manifest.created, r.manifest.updated,
                              folder_size(r.path)});
    }
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++s.terms;
    const std::string live = idx.live_release();
    s.index = dir;
    s.release = live.empty() ? "" : fs::path(live).filename().string();
    s.documents = db.get_doccount();
    s.term_occurrences = db.get_total_length();
    s.size_bytes = folder_size(live.empty() ? dir : live);
    s.schema_version = db.get_metadata(schema::kMetaSchemaVersion);
    s.by_source = term_counts(db, schema::kPrefixSource);
    s.by_format = term_counts(db, schema::kPrefixFormat);
    s.by_language = term_counts(db, schema::kPrefixLanguage);
    s.by_audience = term_counts(db, schema::kPrefixAudience);
    s.by_topic = term_counts(db, schema::kPrefixTopic);
    s.thesaurus = vocabulary_entry(live_manifest.thesaurus,
                                   Thesaurus::from_stored(db.get_metadata(schema::kMetaThesaurus)).size());
    s.safety_panel = vocabulary_entry(live_manifest.safety_panel,
                                      SafetyPanel::from_stored(db.get_metadata(schema::kMetaSafetyPanel)).size());
    return s;
}

IndexStats index_stats(const std::string& dir) {
    return with_xapian(IndexTask{IndexTask::kRead, dir, "reading"}, [&] { return read_stats(dir); });
}

std::string stats_to_json(const IndexStats& s) {
    nlohmann::json releases = nlohmann::json::array();
    for (const ReleaseStats& r : s.releases) {
        releases.push_back({{"name", r.name},
                            {"live", r.live},
                            {"complete", r.complete},
                            {"documents", r.documents},
                            {"created", r.created},
                            {"updated", r.updated},
                            {"size_bytes", r.size_bytes}});
    }
    nlohmann::json j = {{"index", s.index},
                        {"release", s.release},
                        {"documents", s.documents},
                        {"terms", s.terms},
                        {"term_occurrences", s.term_occurrences},
                        {"size_bytes", s.size_bytes},
                        {"schema_version", s.schema_version},
                        {"thesaurus", vocabulary_json(s.thesaurus, "entries")},
                        {"safety_panel", vocabulary_json(s.safety_panel, "cards")},
                        {"releases", releases}};
    for (const auto& [name, counts] : counts_of(s)) j[std::string("by_") + name] = *counts;
    return j.dump(2) + "\n";
}

std::string stats_to_text(const IndexStats& s) {
    std::ostringstream out;
    out << "Index " << s.index << ", release " << s.release << " (schema " << s.schema_version << ")\n";
    out << "  " << counted(s.documents, "document", "documents") << ", " << s.terms << " distinct terms, " << s.term_occurrences
        << " term occurrences, " << s.size_bytes / 1024 << " KiB on disk\n";
    for (const auto& [name, counts] : counts_of(s)) {
        out << "  " << name << ":";
        std::size_t shown = 0;
        for (const auto& [value, n] : *counts) {
            if (shown++ == 20) {
                out << " ...";
                break;
            }
            out << " " << value << " (" << n << ")";
        }
        out << "\n";
    }
    out << "  thesaurus: " << vocabulary_text(s.thesaurus, "phrase expands", "phrases expand") << "\n";
    out << "  safety panel: " << vocabulary_text(s.safety_panel, "card", "cards") << "\n";
    out << "Releases (oldest first):\n";
    for (const ReleaseStats& r : s.releases) {
        out << "  " << r.name << (r.live ? "  live" : "") << (r.complete ? "" : "  incomplete") << "  " << counted(r.documents, "document", "documents")
            << "  " << r.size_bytes / 1024 << " KiB  created " << r.created << "\n";
    }
    return out.str();
}

/// Xapian's check of every database of the live release, and the schema version. Throws BadIndex
/// (and Xapian's errors) when the index cannot be read at all.
static CheckResult run_check(const std::string& dir) {
    CheckResult r;
    const IndexDir idx(dir);
    const std::string path = idx.path_for_reading();
    const Xapian::Database db(path);
    schema::check_schema_version(db, dir);
    const std::string version = std::to_string(schema::kSchemaVersion);
    const std::string live = idx.live_release();
    std::ostringstream detail;
    std::size_t errors = 0;   // each database of the release (a sharded one has several)
    std::vector<std::string> databases(1, dir);
    if (!live.empty()) databases = release_databases(live);
    for (const std::string& one : databases) {
        errors += Xapian::Database::check(one, Xapian::DBCHECK_SHOW_STATS, &detail);
    }
    if (errors > 0) {
        r.text = "Xapian found " + std::to_string(errors) + " error(s) in " + (live.empty() ? dir : live) + ":\n" + detail.str();
        return r;
    }
    r.ok = true;
    r.text = "ok: " + (live.empty() ? dir : live) + ", schema " + version + ", " + counted(db.get_doccount(), "document", "documents") +
             ", Xapian's check found no errors\n";
    return r;
}

CheckResult check_index(const std::string& dir) {
    // The one command whose answer is the failure: reported as its result (exit 1), not thrown.
    try {
        return with_xapian(IndexTask{IndexTask::kCheck, dir}, [&] { return run_check(dir); });
    } catch (const BadIndex& e) {
        CheckResult r;
        r.text = std::string(e.what()) + "\n";
        return r;
    }
}

static IndexReport read_report(const std::string& dir, int stale_after_months) {
    const Xapian::Database db = open_live(dir);
    schema::check_schema_version(db, dir);  // the report reads every document's stored data
    IndexReport r;
    r.stale_before = today_value(stale_after_months);
    r.documents = db.get_doccount();
    auto add = [](auto& list, auto item) {
        ++list.count;
        if (list.items.size() < kListed) list.items.push_back(std::move(item));
    };
    std::map<std::string, std::vector<std::string>> by_text;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const Article a = schema::decode_stored(doc.get_data());
        if (a.title.empty() || a.title == a.path) add(r.missing_title, a.id);
        if (a.description.empty()) add(r.missing_description, a.id);
        if (a.reviewed.empty()) {
            add(r.missing_reviewed_date, a.id);
        } else if (a.reviewed < r.stale_before) {
            add(r.stale_reviewed_date, StalePage{a.id, a.reviewed});
        }
        if (count_words(a.body) < kShortArticleWords) add(r.short_or_empty, ShortPage{a.id, count_words(a.body)});
        by_text[doc.get_value(schema::kSlotTextHash)].push_back(a.id);
    }
    for (auto& [hash, ids] : by_text) {
        if (ids.size() > 1) r.duplicates.push_back(std::move(ids));
    }
    for (const ReleaseInfo& release : IndexDir(dir).releases()) {
        if (release.live && release.manifest.last_build) r.failed_files = release.manifest.last_build->failed;
    }
    r.abbreviations = abbreviations_report(db);
    return r;
}

IndexReport index_report(const std::string& dir, int stale_after_months) {
    return with_xapian(IndexTask{IndexTask::kRead, dir, "reading"},
                       [&] { return read_report(dir, stale_after_months); });
}

namespace {

template <typename Item, typename ToJson>
nlohmann::json list_json(const ReportList<Item>& list, ToJson item_json) {
    nlohmann::json items = nlohmann::json::array();
    for (const Item& item : list.items) items.push_back(item_json(item));
    return {{"count", list.count}, {"items", items}};
}

nlohmann::json abbreviations_json(const AbbreviationsReport& a) {
    nlohmann::json learned = nlohmann::json::array();
    for (const LearnedAbbreviation& l : a.learned) {
        learned.push_back(
            {{"short", l.short_form}, {"long", l.long_form}, {"documents", l.documents}, {"vetoed", l.vetoed}});
    }
    return {{"learning", a.learning}, {"min_documents", a.min_documents}, {"veto", a.veto}, {"learned", learned}};
}

/// One list of page ids, under its heading.
void print_list(std::ostream& out, const char* label, const ReportList<std::string>& list) {
    out << "\n" << label << ": " << list.count << "\n";
    for (const std::string& id : list.items) out << "  " << id << "\n";
}

}  // namespace

std::string report_to_json(const IndexReport& r) {
    const auto id = [](const std::string& s) { return nlohmann::json(s); };
    nlohmann::json failed = nlohmann::json::array();
    for (const FileProblem& f : r.failed_files) failed.push_back({{"path", f.path}, {"reason", f.reason}});
    const nlohmann::json j = {
        {"stale_before", r.stale_before},
        {"documents", r.documents},
        {"missing_title", list_json(r.missing_title, id)},
        {"missing_description", list_json(r.missing_description, id)},
        {"missing_reviewed_date", list_json(r.missing_reviewed_date, id)},
        {"stale_reviewed_date", list_json(r.stale_reviewed_date,
                                          [](const StalePage& p) {
                                              return nlohmann::json{{"id", p.id}, {"reviewed", p.reviewed}};
                                          })},
        {"short_or_empty", list_json(r.short_or_empty,
                                     [](const ShortPage& p) {
                                         return nlohmann::json{{"id", p.id}, {"words", p.words}};
                                     })},
        {"duplicates", r.duplicates},
        {"failed_files", failed},
        {"abbreviations", abbreviations_json(r.abbreviations)}};
    return j.dump(2) + "\n";
}

std::string report_to_text(const IndexReport& r) {
    std::ostringstream out;
    out << "Report on " << counted(r.documents, "document", "documents") << " (stale = last reviewed before " << r.stale_before << ")\n";
    print_list(out, "No title", r.missing_title);
    print_list(out, "No description", r.missing_description);
    print_list(out, "No last-reviewed date", r.missing_reviewed_date);
    out << "\nLast reviewed too long ago: " << r.stale_reviewed_date.count << "\n";
    for (const StalePage& p : r.stale_reviewed_date.items) out << "  " << p.id << "  " << p.reviewed << "\n";
    out << "\nEmpty or very short: " << r.short_or_empty.count << "\n";
    for (const ShortPage& p : r.short_or_empty.items) out << "  " << p.id << "  " << p.words << " words\n";
    out << "\nExact duplicates (same text at more than one address): " << r.duplicates.size() << "\n";
    for (const auto& group : r.duplicates) {
        out << " ";
        for (const std::string& id : group) out << " " << id;
        out << "\n";
    }
    out << "\nFiles that failed in the last build: " << r.failed_files.size() << "\n";
    for (const FileProblem& f : r.failed_files) out << "  " << f.path << ": " << f.reason << "\n";
    out << "\n" << abbreviations_report_text(r.abbreviations);
    return out.str();
}

std::string compact_index(const std::string& dir, std::size_t keep_releases, bool wait) {
    const IndexLock lock(dir, "compact", wait);
    const IndexDir idx(dir);
    const std::string live = idx.live_release();
    if (live.empty()) throw BadIndex("the index at " + dir + " has no live release to compact");
    ReleaseManifest manifest;
    for (const ReleaseInfo& r : idx.releases()) {
        if (r.live) manifest = r.manifest;
    }
    const std::string target = idx.new_release();
    RemovedUnlessKept unfinished(target);   // a failed compaction leaves no half-written release
    with_xapian(IndexTask{IndexTask::kWrite, live, "compacting"}, [&] {
        // A sharded release is compacted shard by shard (its meta database too), keeping its layout.
        for (const std::string& one : release_databases(live)) {
            Xapian::Database(one).compact(target + one.substr(live.size()), Xapian::DBCOMPACT_NO_RENUMBER);
        }
    });
    if (release_shards(target) == 1) {
        with_xapian(IndexTask{IndexTask::kWrite, target, "compacting"}, [&] { write_search_files(target); });
    }
    unfinished.keep();
    const std::string name = fs::path(target).filename().string();
    manifest.release = name;
    manifest.compacted_from = fs::path(live).filename().string();
    idx.write_manifest(target, manifest);
    idx.switch_to(target);
    idx.prune(keep_releases);
    return name;
}

std::string rollback_index(const std::string& dir, bool wait) {
    const IndexLock lock(dir, "rollback", wait);
    return IndexDir(dir).rollback();
}

}  // namespace lantern
