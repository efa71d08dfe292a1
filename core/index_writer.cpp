// index_writer.cpp: Article -> Xapian::Document, and the build loop.
#include "core/index_writer.h"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <sys/stat.h>

#include "core/analysis.h"
#include "core/errors.h"
#include "core/extraction.h"
#include "core/safety_panel.h"
#include "core/thesaurus.h"
#include "core/schema.h"
#include "core/source_scan.h"

namespace lantern {
namespace {

/// Bumped when extraction changes what it produces, so "unchanged" files are extracted again.
constexpr const char* kExtractorVersion = "extract-3";

class Writer {
public:
    explicit Writer(const std::string& path) : db_(open(path)), tg_(analysis::make_term_generator(&db_)) {
        const std::string version = db_.get_metadata(schema::kMetaSchemaVersion);
        if (version.empty() && db_.get_doccount() == 0) {
            db_.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
        } else if (version != std::to_string(schema::kSchemaVersion)) {
            throw BadIndex("the index at " + path + " has schema version " + (version.empty() ? "(none)" : version) +
                           " but this lantern-index writes version " + std::to_string(schema::kSchemaVersion) +
                           "; remove " + path + " and build again");
        }
        db_.set_metadata(schema::kMetaBuiltBy, std::string("lantern-index ") + LANTERN_VERSION);
        db_.begin_transaction();
    }

    void commit() { db_.commit_transaction(); }

    void set_metadata(const std::string& key, const std::string& value) { db_.set_metadata(key, value); }

    /// Number of articles indexed from `file_term` whose stored hash equals `hash` (0 if changed).
    std::size_t unchanged_count(const std::string& file_term, const std::string& hash) {
        std::size_t n = 0;
        for (auto it = db_.postlist_begin(file_term); it != db_.postlist_end(file_term); ++it) {
            if (db_.get_document(*it).get_value(schema::kSlotFileHash) != hash) return 0;
            ++n;
        }
        return n;
    }

    /// Ids currently indexed from a file.
    std::set<std::string> ids_of(const std::string& file_term) {
        std::set<std::string> ids;
        for (auto it = db_.postlist_begin(file_term); it != db_.postlist_end(file_term); ++it) {
            Xapian::Document doc = db_.get_document(*it);
            auto t = doc.termlist_begin();
            t.skip_to(schema::kPrefixId);
            if (t != doc.termlist_end() && (*t).rfind(schema::kPrefixId, 0) == 0) ids.insert(*t);
        }
        return ids;
    }

    void remove_file(const std::string& file_term) { db_.delete_document(file_term); }

    void add(const Article& a, const std::string& file_term, const std::string& hash) {
        Xapian::Document doc;
        tg_.set_document(doc);
        const std::string title = analysis::index_form(a.title);
        const std::string description = analysis::index_form(a.description);
        tg_.index_text(title, schema::kWeightTitle);
        tg_.index_text(title, 1, schema::kPrefixTitle);
        tg_.increase_termpos(schema::kFieldGap);
        tg_.index_text(description, schema::kWeightDescription);
        tg_.index_text(description, 1, schema::kPrefixDescription);
        tg_.increase_termpos(schema::kFieldGap);
        tg_.index_text(analysis::index_form(a.body), schema::kWeightBody);
        // Headings are in the body already; this adds their extra weight, without positions.
        for (const Section& s : a.sections) {
            tg_.increase_termpos(schema::kFieldGap);
            tg_.index_text_without_positions(analysis::index_form(s.heading), schema::kWeightHeading - schema::kWeightBody);
        }

        doc.add_boolean_term(schema::bounded_term(schema::kPrefixId, a.id));
        doc.add_boolean_term(file_term);
        for (const std::string& topic : a.topics) doc.add_boolean_term(schema::bounded_term(schema::kPrefixTopic, ascii_lower(topic)));
        if (!a.audience.empty()) doc.add_boolean_term(schema::bounded_term(schema::kPrefixAudience, a.audience));
        if (!a.language.empty()) doc.add_boolean_term(schema::bounded_term(schema::kPrefixLanguage, a.language));
        doc.add_boolean_term(schema::bounded_term(schema::kPrefixFormat, a.format));
        doc.add_boolean_term(schema::bounded_term(schema::kPrefixSource, ascii_lower(a.source)));
        doc.add_value(schema::kSlotReviewed, schema::date_value(a.reviewed));
        doc.add_value(schema::kSlotPublished, schema::date_value(a.published));
        doc.add_value(schema::kSlotModified, schema::date_value(a.modified));
        doc.add_value(schema::kSlotFileHash, hash);
        const std::string date = !a.reviewed.empty() ? a.reviewed : !a.modified.empty() ? a.modified : a.published;
        doc.add_value(schema::kSlotDate, schema::date_value(date));
        const std::string text_hash = schema::content_hash(a.body);
        doc.add_value(schema::kSlotTextHash, text_hash);
        doc.add_boolean_term(schema::kPrefixTextHash + text_hash);
        std::string topics;
        for (const std::string& t : a.topics) topics += (topics.empty() ? "" : std::string(1, schema::kListSeparator)) + ascii_lower(t);
        doc.add_value(schema::kSlotTopics, topics);
        doc.add_value(schema::kSlotAudience, a.audience);
        doc.add_value(schema::kSlotSource, ascii_lower(a.source));
        doc.add_value(schema::kSlotLanguage, a.language);
        doc.set_data(schema::encode_stored(a));
        db_.replace_document(schema::bounded_term(schema::kPrefixId, a.id), doc);
    }

private:
    static Xapian::WritableDatabase open(const std::string& path) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
        if (ec) throw BadIndex("cannot create the folder for the index at " + path + ": " + ec.message());
        try {
            return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            throw BadIndex("another process is writing the index at " + path + "; wait for it to finish");
        } catch (const Xapian::Error& e) {
            throw BadIndex("cannot open or create the index at " + path + ": " + e.get_msg());
        }
    }

    Xapian::WritableDatabase db_;
    Xapian::TermGenerator tg_;
};

}  // namespace

BuildSummary build_index(const BuildOptions& opts, const FailureSink& on_failure) {
    const auto started = std::chrono::steady_clock::now();
    if (opts.db_path.empty()) throw BadInput("--db: give the folder to write the index to");
    if (opts.roots.empty()) throw BadInput("give at least one folder or file to index");
    if (!opts.url_base.empty() && !has_scheme(opts.url_base)) {
        throw BadInput("--url-base: '" + opts.url_base + "' is not an absolute URL (expected e.g. https://example.org/docs/)");
    }
    ExtractOptions extract;
    extract.url_base = opts.url_base;
    extract.ignore_robots = opts.ignore_robots;
    extract.max_file_size = opts.max_file_size;
    extract.mappings = XmlMappings::load(opts.mapping_files);
    // Loaded before anything is opened or written, so a bad file stops the build with FILE:LINE.
    const Thesaurus thesaurus = opts.thesaurus_path.empty() ? Thesaurus() : Thesaurus::load_file(opts.thesaurus_path);
    const SafetyPanel panel = opts.safety_panel_path.empty() ? SafetyPanel() : SafetyPanel::load_file(opts.safety_panel_path);
    const ScanResult scan = scan_sources(opts.roots);
    BuildSummary summary;
    if (opts.learn_boilerplate) {
        std::map<std::string, std::vector<SourceFile>> by_source;
        for (const SourceFile& f : scan.files) by_source[f.source].push_back(f);
        for (const auto& [source, files] : by_source) {
            Boilerplate b = learn_boilerplate(files, extract);
            if (!b.empty()) {
                summary.boilerplate.emplace_back(source, b.size());
                extract.boilerplate.emplace(source, std::move(b));
            }
        }
    }
    summary.other_files = scan.other_files;
    auto fail = [&](const std::string& path, const std::string& reason) {
        ++summary.failed;
        summary.failures.push_back({path, reason});
        if (on_failure) on_failure(summary.failures.back());
    };
    for (const ScanProblem& p : scan.problems) {
        if (p.failure) {
            fail(p.path, p.reason);
        } else {
            ++summary.skipped;
            summary.skips.push_back({p.path, p.reason});
        }
    }

    Writer writer(opts.db_path);
    writer.set_metadata(schema::kMetaThesaurus, thesaurus.to_stored());
    writer.set_metadata(schema::kMetaSafetyPanel, panel.to_stored());
    summary.thesaurus_entries = thesaurus.size();
    summary.safety_cards = panel.size();
    // Options that change what a file produces are part of its hash, mapping files' contents included.
    std::string fingerprint = std::string(kExtractorVersion) + '\n' + opts.url_base + '\n' + (opts.ignore_robots ? "r" : "-") +
                              std::to_string(opts.max_file_size);
    for (const std::string& m : opts.mapping_files) fingerprint += '\n' + schema::content_hash(read_source(m));
    for (const SourceFile& f : scan.files) {
        const std::string file_term = schema::bounded_term(schema::kPrefixFile, f.source + "/" + f.rel_path);
        const auto learned = extract.boilerplate.find(f.source);
        const std::string file_fingerprint = learned == extract.boilerplate.end() ? fingerprint : fingerprint + learned->second.fingerprint();
        try {
            struct stat st {};
            if (::stat(f.abs_path.c_str(), &st) == 0 && static_cast<std::uintmax_t>(st.st_size) > opts.max_file_size) {
                // Checked before reading, so a huge file costs nothing; extract_file() says the same for inspect.
                ++summary.skipped;
                summary.skips.push_back({f.abs_path, "larger than the size limit (" + std::to_string(st.st_size) + " bytes; limit " +
                                                         std::to_string(opts.max_file_size) + ", see --max-size)"});
                continue;
            }
            const std::string bytes = read_source(f.abs_path);
            const std::string hash = schema::content_hash(file_fingerprint + bytes);
            if (const std::size_t same = writer.unchanged_count(file_term, hash)) {
                summary.unchanged += same;
                continue;
            }
            FileExtraction x = extract_file(f, bytes, extract);
            for (const std::string& r : x.skipped_records) {
                ++summary.skipped;
                summary.skips.push_back({f.abs_path, r});
            }
            const std::set<std::string> before = writer.ids_of(file_term);
            writer.remove_file(file_term);
            if (!x.skip_reason.empty()) {
                ++summary.skipped;
                summary.skips.push_back({f.abs_path, x.skip_reason});
                continue;
            }
            for (const Article& a : x.articles) {
                writer.add(a, file_term, hash);
                if (before.count(schema::bounded_term(schema::kPrefixId, a.id)) != 0) {
                    ++summary.updated;
                } else {
                    ++summary.added;
                }
            }
        } catch (const BadDocument& e) {
            fail(f.abs_path, e.what());
        } catch (const std::exception& e) {
            // Anything else thrown while reading one file (e.g. bad_alloc on a giant page) costs that file only.
            fail(f.abs_path, std::string("unexpected error: ") + e.what());
        }
    }
    try {
        writer.commit();
    } catch (const Xapian::Error& e) {
        throw BadIndex("could not save the index at " + opts.db_path + ": " + e.get_msg());
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace lantern
