// index_writer.cpp: Article -> Xapian::Document, file signatures, and commits.
#include "index/detail/index_writer.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "text/abbreviations.h"
#include "text/analysis.h"
#include "text/errors.h"
#include "index/detail/part_writers.h"
#include "text/schema.h"
#include "text/xapian_errors.h"

namespace lantern {
namespace {

/// Beside the database files of a release being built with parts: the metadata and part databases.
constexpr const char* kPartsFolder = "parts";

Xapian::WritableDatabase open_writable(const std::string& path, bool temporary = false) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) throw BadIndex("cannot create the folder for the index at " + path + ": " + ec.message());
    return with_xapian(IndexTask{IndexTask::kCreate, path}, [&] {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | (temporary ? Xapian::DB_NO_SYNC : 0));
    });
}

/// The database an IndexWriter opens for `path`: with parts, a metadata database beside them.
std::string written_path(const std::string& path, const WriterOptions& o) {
    return o.parts > 1 ? path + "/" + kPartsFolder + "/meta" : path;
}

/// A write to the index at `path`: a failure names it and the system's reason ("No space left on device").
IndexTask writing(const std::string& path) { return IndexTask{IndexTask::kWrite, path, "writing"}; }

}  // namespace

struct PreparedArticle::Impl {
    Xapian::Document doc;
    std::string id_term;
    std::size_t text_bytes = 0;   ///< the article's text: what its postings and positions cost in memory
};

/// Full builds also flush once this much text is pending: counting documents alone, a folder of
/// 32 MiB pages held 3.4 GB of postings before the first flush.
constexpr std::size_t kFlushTextBytes = 64u << 20;

PreparedArticle::PreparedArticle() = default;
PreparedArticle::~PreparedArticle() = default;
PreparedArticle::PreparedArticle(PreparedArticle&&) noexcept = default;
PreparedArticle& PreparedArticle::operator=(PreparedArticle&&) noexcept = default;
const std::string& PreparedArticle::id_term() const { return impl_->id_term; }

void SpellingTally::count(const PreparedArticle& article) {
    // Spelling data as Xapian's FLAG_SPELLING records it: every unprefixed word, once per occurrence
    // (its positions; at least once, for words only in headings).
    const Xapian::Document& doc = article.impl_->doc;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || schema::has_prefix(term)) continue;
        words_[term] += std::max<Xapian::termcount>(1, t.positionlist_count());
    }
}

void SpellingTally::merge(SpellingTally&& other) {
    if (words_.size() < other.words_.size()) words_.swap(other.words_);
    words_.merge(other.words_);   // moves the words this tally lacks; the shared ones stay behind
    for (const auto& [word, n] : other.words_) words_[word] += n;
    other.words_.clear();
}

std::vector<SpellingTally> SpellingTally::split(std::size_t n) {
    std::vector<SpellingTally> shares(n);
    for (auto& [word, count] : words_) shares[schema::hash64(word) % n].words_.emplace(word, count);
    words_.clear();
    return shares;
}

struct DocumentMaker::Impl {
    Xapian::TermGenerator tg = analysis::make_term_generator();
};

DocumentMaker::DocumentMaker() : impl_(std::make_unique<Impl>()) {}
DocumentMaker::~DocumentMaker() = default;

struct IndexWriter::Impl {
    Xapian::WritableDatabase db;
    bool transaction;
    std::size_t flush_every;
    std::string path;   ///< for messages
    std::unique_ptr<Xapian::WritableDatabase> spelling{};   ///< set when spelling data goes elsewhere
    bool fresh = false;   ///< a new, empty database written without a transaction (a full build)
    std::unordered_set<std::string> ids{};   ///< id terms added so far, when fresh
    SpellingTally pending_spelling{};   ///< handed over since the last flush
    bool changed = false;   ///< a document, file or metadata value added, replaced or removed (or WriterOptions::computed_from_elsewhere)
    /// indexed(): schema::hash64 of each document's kSlotFileStat, by docid, read in one pass;
    /// dropped (for good) by the first change to the documents.
    std::vector<std::uint64_t> stat_hashes{};
    bool stat_hashes_read = false;
    bool documents_changed = false;
    std::size_t since_flush = 0;
    std::size_t text_since_flush = 0;
    /// A part: written in flushed transactions, so that a build abandoned (a failure elsewhere)
    /// leaves nothing pending for Xapian's destructor to commit into a database about to be removed.
    bool temporary = false;
    std::string final_path{};                ///< with parts: where commit() merges everything
    std::unique_ptr<PartWriters> parts{};    ///< with parts: they take the documents; `db` holds the metadata
    /// set_metadata_at_commit: keys computed from the database once every document is in.
    std::vector<std::pair<std::string, std::function<std::string(const Xapian::Database&)>>> computed{};

    void set_metadata(const std::string& key, const std::string& value) {
        if (db.get_metadata(key) == value) return;
        db.set_metadata(key, value);
        changed = true;
    }

    void set_computed_metadata(const std::function<void(const std::string&)>& on_stage) {
        if (on_stage && !computed.empty()) on_stage("computing what searches read at opening (the vocabulary)");
        for (const auto& [key, compute] : computed) db.set_metadata(key, compute(db));
        computed.clear();
    }

    /// Writes the spelling words handed over since the last flush: one add_spelling per distinct
    /// word, not one per occurrence as a TermGenerator with FLAG_SPELLING does.
    void write_spelling() {
        Xapian::WritableDatabase& to = spelling ? *spelling : db;
        for (const auto& [word, count] : pending_spelling.words_) to.add_spelling(word, count);
        pending_spelling = SpellingTally();
    }

    /// Commits the spelling database (it holds no documents, so no transaction), then the index
    /// (a part: its transaction, and opens the next unless this is the `last` flush).
    void flush(bool last = false) {
        write_spelling();
        if (spelling) spelling->commit();
        if (!temporary) return db.commit();
        db.commit_transaction();
        if (!last) db.begin_transaction();
    }

    /// Merges the parts into final_path with Xapian's compactor, which numbers their documents one
    /// after another and merges their spelling data (each word is in one part); copies in the
    /// metadata; removes the parts. `db` is then the merged database, for the build's last questions.
    void merge_parts(const std::function<void(const std::string&)>& on_stage) {
        const std::vector<std::string> paths = parts->finish();
        parts.reset();
        Xapian::Database all(paths.front());
        for (std::size_t i = 1; i < paths.size(); ++i) all.add_database(Xapian::Database(paths[i]));
        // Xapian's compactor names each table as it starts it (an empty status), then says how
        // it went: at 1,000,000 documents the postlist table alone takes minutes.
        struct Status : Xapian::Compactor {
            const std::function<void(const std::string&)>* on_stage = nullptr;
            std::string parts;
            void set_status(const std::string& table, const std::string& status) override {
                if (status.empty() && *on_stage) (*on_stage)("merging " + parts + " into one index: " + table + " table");
            }
        } status;
        status.on_stage = &on_stage;
        status.parts = std::to_string(paths.size()) + " parts";
        all.compact(final_path, 0, 0, status);
        all.close();
        Xapian::WritableDatabase merged = open_writable(final_path);
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) merged.set_metadata(*k, db.get_metadata(*k));
        merged.commit();
        db.close();
        db = merged;
        path = final_path;
        std::error_code ec;
        std::filesystem::remove_all(final_path + "/" + kPartsFolder, ec);   // else pruned with the release
    }
};

IndexWriter::IndexWriter(const std::string& path, const WriterOptions& o)
    : impl_(std::make_unique<Impl>(Impl{open_writable(written_path(path, o), o.temporary || o.parts > 1), o.transaction,
                                        o.flush_every, written_path(path, o)})) {
    const bool transaction = o.transaction;
    impl_->changed = o.computed_from_elsewhere;
    // A shard's spelling database is merged into the meta database and removed: never synced.
    if (!o.spelling_path.empty()) impl_->spelling = std::make_unique<Xapian::WritableDatabase>(open_writable(o.spelling_path, true));
    impl_->fresh = !transaction && impl_->db.get_doccount() == 0;
    if (impl_->db.get_metadata(schema::kMetaSchemaVersion).empty() && impl_->db.get_doccount() == 0) {
        impl_->db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
    } else {
        schema::check_schema_version(impl_->db, path);
    }
    with_xapian(writing(impl_->path), [&] {
        // The transaction first: begin_transaction() commits what is pending, which made this note
        // a commit of its own to the live release, outside the build's transaction.
        impl_->temporary = o.temporary && !transaction;
        if (transaction || impl_->temporary) impl_->db.begin_transaction();
        impl_->set_metadata(schema::kMetaBuiltBy, std::string("lantern-index ") + LANTERN_VERSION);
    });
    if (o.parts > 1) {
        if (!impl_->fresh) throw std::logic_error("part databases are for full builds of a new release only");
        impl_->final_path = path;
        // The parts share the flush interval, so a build holds as many documents in memory as
        // with one writer (two parts flushing every 1,000 took 574 MiB at 100,000 articles).
        impl_->parts = std::make_unique<PartWriters>(path + "/" + kPartsFolder, o.parts, std::max<std::size_t>(1, o.flush_every / o.parts));
    }
}

IndexWriter::~IndexWriter() = default;

FileSignature IndexWriter::signature(const std::string& file_term) const {
    FileSignature sig;
    auto it = impl_->db.postlist_begin(file_term);
    if (it == impl_->db.postlist_end(file_term)) return sig;
    const Xapian::Document doc = impl_->db.get_document(*it);
    sig.stat = doc.get_value(schema::kSlotFileStat);
    sig.hash = doc.get_value(schema::kSlotFileHash);
    return sig;
}

IndexedFile IndexWriter::indexed(const std::string& file_term) const {
    Impl& w = *impl_;
    if (!w.stat_hashes_read && !w.documents_changed) {
        w.stat_hashes_read = true;
        w.stat_hashes.assign(static_cast<std::size_t>(w.db.get_lastdocid()) + 1, 0);
        for (auto v = w.db.valuestream_begin(schema::kSlotFileStat); v != w.db.valuestream_end(schema::kSlotFileStat); ++v) {
            if (v.get_docid() < w.stat_hashes.size()) w.stat_hashes[v.get_docid()] = schema::hash64(*v);
        }
    }
    IndexedFile f;
    auto it = w.db.postlist_begin(file_term);
    const auto end = w.db.postlist_end(file_term);
    if (it == end) return f;
    const Xapian::docid first = *it;
    for (; it != end; ++it) ++f.articles;   // a file's few articles: no second look-up for the count
    if (!w.documents_changed && first < w.stat_hashes.size()) {
        f.stat_hash = w.stat_hashes[first];
    } else {
        // The posting list says the document exists: Xapian need not look it up again to check.
        const std::string stat = w.db.get_document(first, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotFileStat);
        f.stat_hash = stat.empty() ? 0 : schema::hash64(stat);
    }
    return f;
}

void IndexWriter::touch(const std::string& file_term, const std::string& stat) {
    std::vector<Xapian::docid> ids;
    for (auto it = impl_->db.postlist_begin(file_term); it != impl_->db.postlist_end(file_term); ++it) ids.push_back(*it);
    for (Xapian::docid id : ids) {
        Xapian::Document doc = impl_->db.get_document(id);
        doc.add_value(schema::kSlotFileStat, stat);
        impl_->changed = impl_->documents_changed = true;
        with_xapian(writing(impl_->path), [&] { impl_->db.replace_document(id, doc); });
    }
}

std::size_t IndexWriter::article_count(const std::string& file_term) const { return impl_->db.get_termfreq(file_term); }

std::set<std::string> IndexWriter::ids_of(const std::string& file_term) const {
    std::set<std::string> ids;
    for (auto it = impl_->db.postlist_begin(file_term); it != impl_->db.postlist_end(file_term); ++it) {
        Xapian::Document doc = impl_->db.get_document(*it);
        auto t = doc.termlist_begin();
        t.skip_to(schema::kPrefixId);
        if (t != doc.termlist_end() && (*t).rfind(schema::kPrefixId, 0) == 0) ids.insert(*t);
    }
    return ids;
}

void IndexWriter::remove_file(const std::string& file_term) {
    impl_->changed = impl_->documents_changed = true;
    with_xapian(writing(impl_->path), [&] { impl_->db.delete_document(file_term); });
}

std::vector<std::string> IndexWriter::file_terms_where(const std::function<bool(const std::string&)>& keep) const {
    std::vector<std::string> terms;
    for (auto t = impl_->db.allterms_begin(schema::kPrefixFile); t != impl_->db.allterms_end(schema::kPrefixFile); ++t) {
        if (keep(*t)) terms.push_back(*t);
    }
    return terms;
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    with_xapian(writing(impl_->path), [&] { impl_->set_metadata(key, value); });
}

std::string IndexWriter::metadata(const std::string& key) const { return impl_->db.get_metadata(key); }

std::vector<std::string> IndexWriter::metadata_keys(const std::string& prefix) const {
    std::vector<std::string> keys;
    for (auto k = impl_->db.metadata_keys_begin(prefix); k != impl_->db.metadata_keys_end(prefix); ++k) keys.push_back(*k);
    return keys;
}

unsigned IndexWriter::doc_count() const { return impl_->db.get_doccount(); }

PreparedArticle DocumentMaker::make(const Article& a, const std::string& file_term, const FileSignature& sig) {
    PreparedArticle out;
    out.impl_ = std::make_unique<PreparedArticle::Impl>();
    Xapian::Document& doc = out.impl_->doc;
    Xapian::TermGenerator& tg = impl_->tg;
    tg.set_document(doc);
    const std::string title = analysis::index_form(a.title);
    const std::string description = analysis::index_form(a.description);
    tg.index_text(title, schema::kWeightTitle);
    tg.index_text(title, 1, schema::kPrefixTitle);
    tg.increase_termpos(schema::kFieldGap);
    tg.index_text(description, schema::kWeightDescription);
    tg.index_text(description, 1, schema::kPrefixDescription);
    tg.increase_termpos(schema::kFieldGap);
    tg.index_text(analysis::index_form(a.body), schema::kWeightBody);
    // Headings are in the body already; this adds their extra weight, without positions.
    for (const Section& s : a.sections) {
        tg.increase_termpos(schema::kFieldGap);
        tg.index_text_without_positions(analysis::index_form(s.heading), schema::kWeightHeading - schema::kWeightBody);
    }

    // Abbreviations the page defines: a boolean term each, so that the number of pages defining a
    // pair is the term's frequency, which Xapian keeps right through incremental builds, deletions,
    // part merges and shards. The searcher learns from them (abbreviations.h).
    for (const std::string* text : {&a.title, &a.description, &a.body}) {
        for (const AbbreviationPair& pair : find_abbreviations(*text)) {
            const std::string term = abbreviation_term(pair);
            if (!term.empty()) doc.add_boolean_term(term);
        }
    }

    if (const std::string key = analysis::title_key(a.title); !key.empty()) doc.add_term(key);
    doc.add_boolean_term(file_term);
    using schema::Facet;
    for (const std::string& topic : a.topics) doc.add_boolean_term(schema::facet_term(Facet::Topic, topic));
    if (!a.audience.empty()) doc.add_boolean_term(schema::facet_term(Facet::Audience, a.audience));
    if (!a.language.empty()) doc.add_boolean_term(schema::facet_term(Facet::Language, a.language));
    doc.add_boolean_term(schema::format_term(a.format));
    doc.add_boolean_term(schema::facet_term(Facet::Source, a.source));
    doc.add_value(schema::kSlotReviewed, schema::date_value(a.reviewed));
    doc.add_value(schema::kSlotPublished, schema::date_value(a.published));
    doc.add_value(schema::kSlotModified, schema::date_value(a.modified));
    doc.add_value(schema::kSlotFileHash, sig.hash);
    doc.add_value(schema::kSlotFileStat, sig.stat);
    const std::string date = !a.reviewed.empty() ? a.reviewed : !a.modified.empty() ? a.modified : a.published;
    doc.add_value(schema::kSlotDate, schema::date_value(date));
    const std::string text_hash = schema::content_hash(a.body);
    doc.add_value(schema::kSlotTextHash, text_hash);
    doc.add_boolean_term(schema::text_hash_term(text_hash));
    doc.add_value(schema::kSlotFacets, schema::facets_slot(a));
    doc.set_data(schema::encode_stored(a));
    out.impl_->id_term = schema::id_term(a.id);
    out.impl_->text_bytes = a.text_bytes();
    doc.add_boolean_term(out.impl_->id_term);
    // The term generator holds a reference to the document it fills, and Xapian's reference counts
    // are not atomic: released here, on this thread, before the writer thread takes the document.
    // Kept, the next set_document() dropped it while the writer copied it, a race that
    // corrupted position data (Resilience.BuildsKilledAtManyMoments: "Junk after position data").
    tg.set_document(Xapian::Document());
    return out;
}

void IndexWriter::add(PreparedArticle article) {
    if (impl_->parts) return impl_->parts->add(std::move(article));
    impl_->changed = impl_->documents_changed = true;
    PreparedArticle::Impl& p = *article.impl_;
    with_xapian(writing(impl_->path), [&] {
        // A new release's first copy of an id is a plain add: replace_document would look the id
        // up in the postings for nothing.
        if (impl_->fresh && impl_->ids.insert(p.id_term).second) {
            impl_->db.add_document(p.doc);
        } else {
            impl_->db.replace_document(p.id_term, p.doc);
        }
    });
    // Full builds flush as they go so memory stays bounded; incremental builds hold one transaction.
    impl_->text_since_flush += p.text_bytes;
    if (!impl_->transaction && (++impl_->since_flush >= impl_->flush_every || impl_->text_since_flush >= kFlushTextBytes)) {
        impl_->flush();
        impl_->since_flush = 0;
        impl_->text_since_flush = 0;
    }
}

void IndexWriter::add_spelling(SpellingTally&& tally) {
    if (impl_->parts) return impl_->parts->add_spelling(std::move(tally));
    impl_->pending_spelling.merge(std::move(tally));
}

void IndexWriter::merge_spelling_from(const std::string& path) {
    with_xapian(writing(impl_->path), [&] {
        const Xapian::Database from(path);
        for (auto w = from.spellings_begin(); w != from.spellings_end(); ++w) {
            impl_->db.add_spelling(*w, w.get_termfreq());
            impl_->changed = true;
        }
    });
}

void IndexWriter::set_metadata_at_commit(const std::string& key,
                                         std::function<std::string(const Xapian::Database&)> compute) {
    impl_->computed.emplace_back(key, std::move(compute));
}

void IndexWriter::commit(const std::function<void(const std::string&)>& on_stage) {
    with_xapian(writing(impl_->path), [&] {   // e.g. "No space left on device"
        // A writable database answers with its uncommitted changes, so the computed keys join the
        // same commit as the documents; merged parts commit once more, after the merge.
        if (impl_->transaction && !impl_->changed && impl_->pending_spelling.empty()) {
            // Nothing to commit: the values computed from the documents are as they were.
            impl_->computed.clear();
            impl_->db.cancel_transaction();
            return;
        }
        if (!impl_->parts) impl_->set_computed_metadata(on_stage);
        if (impl_->transaction) {
            impl_->write_spelling();
            if (impl_->spelling) impl_->spelling->commit();
            impl_->db.commit_transaction();
        } else {
            impl_->flush(true);
        }
        if (impl_->parts) {
            impl_->merge_parts(on_stage);
            impl_->set_computed_metadata(on_stage);
            impl_->db.commit();
        }
    });
}

}  // namespace lantern
