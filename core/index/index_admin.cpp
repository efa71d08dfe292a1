// index_admin.cpp: stats, check, report, compact and rollback over the release layout.
#include "index/index_admin.h"

#include <xapian.h>

#include <charconv>
#include <ctime>
#include <filesystem>
#include <map>
#include <sstream>

#include "text/abbreviations.h"
#include "text/errors.h"
#include "index/releases.h"
#include "text/safety_panel.h"
#include "text/schema.h"
#include "text/thesaurus.h"

namespace fs = std::filesystem;

namespace lantern {
namespace {

constexpr std::size_t kShortArticleWords = 100;
constexpr std::size_t kListed = 50;   ///< most items listed per report section

Xapian::Database open_live(const std::string& dir) {
    const std::string path = IndexDir(dir).path_for_reading();
    try {
        return Xapian::Database(path);
    } catch (const Xapian::Error& e) {
        throw BadIndex("cannot open the index at " + dir + ": " + e.get_msg());
    }
}

/// A Xapian failure while reading an open index (a damaged table), naming the index.
BadIndex read_failure(const std::string& dir, const Xapian::Error& e) {
    std::string why = e.get_msg();
    if (e.get_error_string() != nullptr) why += std::string(" (") + e.get_error_string() + ")";
    return BadIndex("reading the index at " + dir + " failed: " + why + "; run lantern-index check --db " + dir);
}

std::uintmax_t folder_size(const std::string& path) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path, ec)) {
        if (e.is_regular_file(ec)) total += e.file_size(ec);
    }
    return total;
}

nlohmann::json term_counts(const Xapian::Database& db, const std::string& prefix) {
    nlohmann::json counts = nlohmann::json::object();
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
/// where it came from from the release's manifest (older manifests do not say "bundled").
/// Null when none is compiled in.
nlohmann::json vocabulary_entry(const nlohmann::json& manifest, const char* key, const char* count_key, std::size_t count) {
    if (count == 0) return nullptr;
    nlohmann::json v = {{count_key, count}, {"path", ""}, {"bundled", false}};
    const auto m = manifest.find(key);
    if (m != manifest.end() && m->is_object()) {
        v["path"] = m->value("path", "");
        v["bundled"] = m->value("bundled", false);
    }
    return v;
}

/// "345 phrases expand (bundled, /usr/share/lantern/thesaurus)", or "none".
std::string vocabulary_text(const nlohmann::json& v, const char* count_key, const char* count_words) {
    if (v.is_null()) return "none";
    std::string from = v["path"].get<std::string>();
    if (v["bundled"].get<bool>()) from = "bundled, " + from;
    return std::to_string(v[count_key].get<std::size_t>()) + " " + count_words + (from.empty() ? "" : " (" + from + ")");
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

static nlohmann::json read_stats(const std::string& dir) {
    const Xapian::Database db = open_live(dir);
    const IndexDir idx(dir);
    nlohmann::json releases = nlohmann::json::array();
    nlohmann::json live_manifest = nlohmann::json::object();
    for (const ReleaseInfo& r : idx.releases()) {
        if (r.live && r.manifest.is_object()) live_manifest = r.manifest;
        releases.push_back({{"name", r.name}, {"live", r.live}, {"complete", r.complete},
                            {"documents", r.manifest.value("documents", 0)}, {"created", r.manifest.value("created", "")},
                            {"updated", r.manifest.value("updated", "")}, {"size_bytes", folder_size(r.path)}});
    }
    std::size_t terms = 0;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++terms;
    const std::string live = idx.live_release();
    return {{"index", dir},
            {"release", live.empty() ? "" : fs::path(live).filename().string()},
            {"documents", db.get_doccount()},
            {"terms", terms},
            {"term_occurrences", db.get_total_length()},
            {"size_bytes", folder_size(live.empty() ? dir : live)},
            {"schema_version", db.get_metadata(schema::kMetaSchemaVersion)},
            {"by_source", term_counts(db, schema::kPrefixSource)},
            {"by_format", term_counts(db, schema::kPrefixFormat)},
            {"by_language", term_counts(db, schema::kPrefixLanguage)},
            {"by_audience", term_counts(db, schema::kPrefixAudience)},
            {"by_topic", term_counts(db, schema::kPrefixTopic)},
            {"thesaurus", vocabulary_entry(live_manifest, "thesaurus", "entries",
                                           Thesaurus::from_stored(db.get_metadata(schema::kMetaThesaurus)).size())},
            {"safety_panel", vocabulary_entry(live_manifest, "safety_panel", "cards",
                                              SafetyPanel::from_stored(db.get_metadata(schema::kMetaSafetyPanel)).size())},
            {"releases", releases}};
}

nlohmann::json index_stats(const std::string& dir) {
    try {
        return read_stats(dir);
    } catch (const Xapian::Error& e) {
        throw read_failure(dir, e);
    }
}

std::string stats_to_text(const nlohmann::json& s) {
    std::ostringstream out;
    out << "Index " << s["index"].get<std::string>() << ", release " << s["release"].get<std::string>() << " (schema "
        << s["schema_version"].get<std::string>() << ")\n";
    out << "  " << s["documents"] << " documents, " << s["terms"] << " distinct terms, " << s["term_occurrences"]
        << " term occurrences, " << s["size_bytes"].get<std::uintmax_t>() / 1024 << " KiB on disk\n";
    for (const char* key : {"by_source", "by_format", "by_language", "by_audience", "by_topic"}) {
        out << "  " << std::string(key).substr(3) << ":";
        std::size_t shown = 0;
        for (const auto& [k, v] : s[key].items()) {
            if (shown++ == 20) {
                out << " ...";
                break;
            }
            out << " " << k << " (" << v << ")";
        }
        out << "\n";
    }
    out << "  thesaurus: " << vocabulary_text(s["thesaurus"], "entries", "phrases expand") << "\n";
    out << "  safety panel: " << vocabulary_text(s["safety_panel"], "cards", "cards") << "\n";
    out << "Releases (oldest first):\n";
    for (const auto& r : s["releases"]) {
        out << "  " << r["name"].get<std::string>() << (r["live"].get<bool>() ? "  live" : "")
            << (r["complete"].get<bool>() ? "" : "  incomplete") << "  " << r["documents"] << " documents  "
            << r["size_bytes"].get<std::uintmax_t>() / 1024 << " KiB  created " << r["created"].get<std::string>() << "\n";
    }
    return out.str();
}

CheckResult check_index(const std::string& dir) {
    CheckResult r;
    const IndexDir idx(dir);
    std::string path;
    try {
        path = idx.path_for_reading();
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
        r.text = "ok: " + (live.empty() ? dir : live) + ", schema " + version + ", " + std::to_string(db.get_doccount()) +
                 " documents, Xapian's check found no errors\n";
    } catch (const Xapian::Error& e) {
        r.text = "the index at " + dir + " is damaged: " + e.get_description() + "\n";
    } catch (const BadIndex& e) {
        r.text = std::string(e.what()) + "\n";
    }
    return r;
}

static nlohmann::json read_report(const std::string& dir, int stale_after_months) {
    const Xapian::Database db = open_live(dir);
    const std::string cutoff = today_value(stale_after_months);
    nlohmann::json no_title = nlohmann::json::array(), no_description = nlohmann::json::array(),
                   no_reviewed = nlohmann::json::array(), stale = nlohmann::json::array(), short_pages = nlohmann::json::array();
    std::map<std::string, std::vector<std::string>> by_text;
    auto add = [](nlohmann::json& list, nlohmann::json item) {
        if (list.size() < kListed) list.push_back(std::move(item));
    };
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const Article a = schema::decode_stored(doc.get_data());
        if (a.title.empty() || a.title == a.path) add(no_title, a.id), ++counts[0];
        if (a.description.empty()) add(no_description, a.id), ++counts[1];
        if (a.reviewed.empty()) {
            add(no_reviewed, a.id), ++counts[2];
        } else if (a.reviewed < cutoff) {
            add(stale, {{"id", a.id}, {"reviewed", a.reviewed}}), ++counts[3];
        }
        if (count_words(a.body) < kShortArticleWords) add(short_pages, {{"id", a.id}, {"words", count_words(a.body)}}), ++counts[4];
        by_text[doc.get_value(schema::kSlotTextHash)].push_back(a.id);
    }
    nlohmann::json duplicates = nlohmann::json::array();
    for (const auto& [hash, ids] : by_text) {
        if (ids.size() > 1) duplicates.push_back(ids);
    }
    nlohmann::json failed = nlohmann::json::array();
    for (const ReleaseInfo& r : IndexDir(dir).releases()) {
        if (r.live && r.manifest.contains("last_build")) failed = r.manifest["last_build"].value("failed", nlohmann::json::array());
    }
    return {{"stale_before", cutoff},
            {"documents", db.get_doccount()},
            {"missing_title", {{"count", counts[0]}, {"items", no_title}}},
            {"missing_description", {{"count", counts[1]}, {"items", no_description}}},
            {"missing_reviewed_date", {{"count", counts[2]}, {"items", no_reviewed}}},
            {"stale_reviewed_date", {{"count", counts[3]}, {"items", stale}}},
            {"short_or_empty", {{"count", counts[4]}, {"items", short_pages}}},
            {"duplicates", duplicates},
            {"failed_files", failed},
            {"abbreviations", abbreviations_report(db)}};
}

nlohmann::json index_report(const std::string& dir, int stale_after_months) {
    try {
        return read_report(dir, stale_after_months);
    } catch (const Xapian::Error& e) {
        throw read_failure(dir, e);
    }
}

std::string report_to_text(const nlohmann::json& r) {
    std::ostringstream out;
    out << "Report on " << r["documents"] << " documents (stale = last reviewed before " << r["stale_before"].get<std::string>()
        << ")\n";
    const std::pair<const char*, const char*> sections[] = {
        {"missing_title", "No title"}, {"missing_description", "No description"}, {"missing_reviewed_date", "No last-reviewed date"},
        {"stale_reviewed_date", "Last reviewed too long ago"}, {"short_or_empty", "Empty or very short"}};
    for (const auto& [key, label] : sections) {
        out << "\n" << label << ": " << r[key]["count"] << "\n";
        for (const auto& item : r[key]["items"]) {
            if (item.is_string()) {
                out << "  " << item.get<std::string>() << "\n";
            } else {
                out << "  " << item["id"].get<std::string>() << "  "
                    << (item.contains("reviewed") ? item["reviewed"].get<std::string>() : std::to_string(item["words"].get<std::size_t>()) + " words")
                    << "\n";
            }
        }
    }
    out << "\nExact duplicates (same text at more than one address): " << r["duplicates"].size() << "\n";
    for (const auto& group : r["duplicates"]) {
        out << " ";
        for (const auto& id : group) out << " " << id.get<std::string>();
        out << "\n";
    }
    out << "\nFiles that failed in the last build: " << r["failed_files"].size() << "\n";
    for (const auto& f : r["failed_files"]) out << "  " << f["path"].get<std::string>() << ": " << f["reason"].get<std::string>() << "\n";
    out << "\n" << abbreviations_report_text(r["abbreviations"]);
    return out.str();
}

std::string compact_index(const std::string& dir, std::size_t keep_releases, bool wait) {
    const IndexLock lock(dir, "compact", wait);
    const IndexDir idx(dir);
    const std::string live = idx.live_release();
    if (live.empty()) throw BadIndex("the index at " + dir + " has no live release to compact");
    nlohmann::json manifest;
    for (const ReleaseInfo& r : idx.releases()) {
        if (r.live) manifest = r.manifest;
    }
    const std::string target = idx.new_release();
    try {
        // A sharded release is compacted shard by shard (its meta database too), keeping its layout.
        for (const std::string& one : release_databases(live)) {
            Xapian::Database(one).compact(target + one.substr(live.size()), Xapian::DBCOMPACT_NO_RENUMBER);
        }
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        fs::remove_all(target, ec);
        throw BadIndex("compaction of " + live + " failed: " + e.get_msg());
    }
    const std::string name = fs::path(target).filename().string();
    manifest["release"] = name;
    manifest["compacted_from"] = fs::path(live).filename().string();
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
