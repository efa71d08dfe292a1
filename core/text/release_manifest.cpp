// release_manifest.cpp: the JSON of a release's manifest and of a build record, both ways. The one
// place that knows the file's keys (docs/operations.md lists them).
#include "text/release_manifest.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "text/errors.h"

namespace lantern {
namespace {

using nlohmann::json;

/// Indented, keys sorted (nlohmann's objects are ordered maps); bytes that are not UTF-8 (file
/// names, record keys) replaced rather than thrown on.
std::string dump(const json& j) {
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

// Reading is lenient: a field that is missing, or of another type, keeps the default it has.
void take(const json& j, const char* key, std::string& out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_string()) out = it->get<std::string>();
}
void take(const json& j, const char* key, std::size_t& out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_number_unsigned()) out = it->get<std::size_t>();
}
void take(const json& j, const char* key, int& out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_number_integer()) out = it->get<int>();
}
void take(const json& j, const char* key, double& out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_number()) out = it->get<double>();
}

/// The object or array at `key`, or an empty one of that kind.
const json& member(const json& j, const char* key, json::value_t type) {
    static const json empty_object = json::object(), empty_array = json::array();
    const auto it = j.find(key);
    if (it != j.end() && it->type() == type) return *it;
    return type == json::value_t::array ? empty_array : empty_object;
}
const json& object_at(const json& j, const char* key) {
    return member(j, key, json::value_t::object);
}
const json& array_at(const json& j, const char* key) {
    return member(j, key, json::value_t::array);
}

const char* kind_of(bool full) {
    return full ? "full" : "incremental";
}

json counts_json(const BuildCounts& c) {
    return {{"files", c.files},         {"added", c.added},     {"updated", c.updated},
            {"unchanged", c.unchanged}, {"removed", c.removed}, {"skipped", c.skipped},
            {"timed_out", c.timed_out}, {"failed", c.failed},   {"other_files", c.other_files}};
}

BuildCounts read_counts(const json& j) {
    BuildCounts c;
    take(j, "files", c.files);
    take(j, "added", c.added);
    take(j, "updated", c.updated);
    take(j, "unchanged", c.unchanged);
    take(j, "removed", c.removed);
    take(j, "skipped", c.skipped);
    take(j, "timed_out", c.timed_out);
    take(j, "failed", c.failed);
    take(j, "other_files", c.other_files);
    return c;
}

json problems_json(const std::vector<FileProblem>& problems) {
    json list = json::array();
    for (const FileProblem& p : problems) list.push_back({{"path", p.path}, {"reason", p.reason}});
    return list;
}

std::vector<FileProblem> read_problems(const json& list) {
    std::vector<FileProblem> out;
    for (const json& item : list) {
        if (!item.is_object()) continue;
        FileProblem p;
        take(item, "path", p.path);
        take(item, "reason", p.reason);
        out.push_back(std::move(p));
    }
    return out;
}

json record_json(const BuildRecord& r) {
    json boilerplate = json::object();
    for (const auto& [source, n] : r.boilerplate_learned) boilerplate[source] = n;
    json unlinked = json::object();
    for (const auto& [source, n] : r.unlinked) unlinked[source] = n;
    json j = {
        {"kind", kind_of(r.full)},
        {"release", r.release},
        {"shards", r.shards},
        {"counts", counts_json(r.counts)},
        {"documents", r.documents},
        {"seconds", r.seconds},
        {"boilerplate_learned", boilerplate},
        {"unlinked", unlinked},
        {"boilerplate_changed", r.boilerplate_changed},
        {"thesaurus_entries", r.thesaurus_entries},
        {"safety_cards", r.safety_cards},
        {"pruned", r.pruned},
        {"failed", problems_json(r.failed)},
        {"skipped", problems_json(r.skipped)},
        {"cut", problems_json(r.cut)},
    };
    if (!r.finished.empty()) j["finished"] = r.finished;
    return j;
}

BuildRecord read_record(const json& j) {
    BuildRecord r;
    std::string kind;
    take(j, "kind", kind);
    r.full = kind == "full";
    take(j, "release", r.release);
    take(j, "shards", r.shards);
    r.counts = read_counts(object_at(j, "counts"));
    take(j, "documents", r.documents);
    take(j, "seconds", r.seconds);
    for (const auto& [source, n] : object_at(j, "boilerplate_learned").items()) {
        if (n.is_number_unsigned()) r.boilerplate_learned.emplace_back(source, n.get<std::size_t>());
    }
    for (const auto& [source, n] : object_at(j, "unlinked").items()) {
        if (n.is_number_unsigned()) r.unlinked.emplace_back(source, n.get<std::size_t>());
    }
    for (const json& change : array_at(j, "boilerplate_changed")) {
        if (change.is_array() && change.size() == 3 && change[0].is_string() && change[1].is_number_unsigned() &&
            change[2].is_number_unsigned()) {
            r.boilerplate_changed.emplace_back(change[0].get<std::string>(), change[1].get<std::size_t>(),
                                               change[2].get<std::size_t>());
        }
    }
    take(j, "thesaurus_entries", r.thesaurus_entries);
    take(j, "safety_cards", r.safety_cards);
    for (const json& name : array_at(j, "pruned")) {
        if (name.is_string()) r.pruned.push_back(name.get<std::string>());
    }
    r.failed = read_problems(array_at(j, "failed"));
    r.skipped = read_problems(array_at(j, "skipped"));
    r.cut = read_problems(array_at(j, "cut"));
    take(j, "finished", r.finished);
    return r;
}

/// A recorded file as JSON, or null when there is none.
json file_json(const std::optional<RecordedFile>& f) {
    if (!f) return nullptr;
    json j = {{"path", f->path}, {"hash", f->hash}};
    if (f->bundled) j["bundled"] = *f->bundled;
    return j;
}

std::optional<RecordedFile> read_file(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_object()) return std::nullopt;
    RecordedFile f;
    take(*it, "path", f.path);
    take(*it, "hash", f.hash);
    if (const auto b = it->find("bundled"); b != it->end() && b->is_boolean()) f.bundled = b->get<bool>();
    return f;
}

/// The keys manifest_json writes itself; any other key of a manifest read is kept in `other`.
constexpr const char* kKnownKeys[] = {"release", "created",    "updated",   "built_by",      "schema_version",
                                      "config",  "sources",    "thesaurus", "safety_panel",  "documents",
                                      "shards",  "last_build", "builds",    "compacted_from"};

}  // namespace

std::string manifest_json(const ReleaseManifest& m) {
    json j = json::object();
    for (const auto& [key, text] : m.other) {
        json value = json::parse(text, nullptr, false);
        if (!value.is_discarded()) j[key] = std::move(value);
    }
    j["release"] = m.release;
    if (!m.created.empty()) j["created"] = m.created;
    j["updated"] = m.updated;
    j["built_by"] = m.built_by;
    j["schema_version"] = m.schema_version;
    j["config"] = file_json(m.config);
    json sources = json::array();
    for (const ManifestSource& s : m.sources)
        sources.push_back({{"name", s.name}, {"path", s.path}, {"url_base", s.url_base}});
    j["sources"] = sources;
    j["thesaurus"] = file_json(m.thesaurus);
    j["safety_panel"] = file_json(m.safety_panel);
    j["documents"] = m.documents;
    j["shards"] = m.shards;
    if (m.last_build) j["last_build"] = record_json(*m.last_build);
    json builds = json::array();
    for (const BuildHistoryEntry& b : m.builds) {
        builds.push_back({{"kind", kind_of(b.full)},
                          {"finished", b.finished},
                          {"counts", counts_json(b.counts)},
                          {"seconds", b.seconds}});
    }
    j["builds"] = builds;
    if (!m.compacted_from.empty()) j["compacted_from"] = m.compacted_from;
    return dump(j) + "\n";
}

std::optional<ReleaseManifest> parse_manifest(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    ReleaseManifest m;
    if (!j.is_object()) return m;
    take(j, "release", m.release);
    take(j, "created", m.created);
    take(j, "updated", m.updated);
    take(j, "built_by", m.built_by);
    take(j, "schema_version", m.schema_version);
    m.config = read_file(j, "config");
    for (const json& s : array_at(j, "sources")) {
        if (!s.is_object()) continue;
        ManifestSource source;
        take(s, "name", source.name);
        take(s, "path", source.path);
        take(s, "url_base", source.url_base);
        m.sources.push_back(std::move(source));
    }
    m.thesaurus = read_file(j, "thesaurus");
    m.safety_panel = read_file(j, "safety_panel");
    take(j, "documents", m.documents);
    take(j, "shards", m.shards);
    if (const auto it = j.find("last_build"); it != j.end() && it->is_object()) m.last_build = read_record(*it);
    for (const json& b : array_at(j, "builds")) {
        if (!b.is_object()) continue;
        BuildHistoryEntry e;
        std::string kind;
        take(b, "kind", kind);
        e.full = kind == "full";
        take(b, "finished", e.finished);
        e.counts = read_counts(object_at(b, "counts"));
        take(b, "seconds", e.seconds);
        m.builds.push_back(std::move(e));
    }
    take(j, "compacted_from", m.compacted_from);
    for (const auto& [key, value] : j.items()) {
        if (std::find(std::begin(kKnownKeys), std::end(kKnownKeys), key) == std::end(kKnownKeys)) {
            m.other.emplace_back(key, value.dump(-1, ' ', false, json::error_handler_t::replace));
        }
    }
    return m;
}

std::string build_record_json(const BuildRecord& record) {
    return dump(record_json(record));
}

BuildRecord parse_build_record(std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw BadIndex("a build summary is not a JSON object: " + std::string(text.substr(0, 80)));
    return read_record(j);
}

}  // namespace lantern
