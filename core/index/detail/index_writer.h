// index_writer.h: writes Articles into one Xapian database (a release): the only place that
// turns an Article into a Xapian document, using the schema and the shared text analysis.
// Internal to core; index_build drives it. DocumentMaker runs on the extraction threads (one per
// thread); IndexWriter is not thread-safe: one writer per database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "text/article.h"

namespace lantern {

/// What the index remembers about a source file, to skip it next time without reading it.
struct FileSignature {
    std::string stat;   ///< options fingerprint, size and modification time: equal = unchanged, not even read
    std::string hash;   ///< hash of options fingerprint and bytes: equal = unchanged, not parsed again
};

/// What the index holds of a source file, as the plan of an incremental build asks it.
struct IndexedFile {
    std::uint64_t stat_hash = 0;   ///< schema::hash64 of FileSignature::stat (0: not indexed, or no stat)
    std::size_t articles = 0;      ///< articles indexed from it
};

/// An article made into a Xapian document, ready for IndexWriter::add.
class PreparedArticle {
public:
    PreparedArticle();
    ~PreparedArticle();
    PreparedArticle(PreparedArticle&&) noexcept;
    PreparedArticle& operator=(PreparedArticle&&) noexcept;

    /// The article's unique id term (schema::kPrefixId + id).
    const std::string& id_term() const;

private:
    friend class DocumentMaker;
    friend class IndexWriter;
    friend class SpellingTally;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Spelling words counted on an extraction thread (word -> occurrences, as Xapian's FLAG_SPELLING
/// counts them), handed to the writer in bulk so that it adds each distinct word once per hand-over
/// instead of hashing every word of every article itself.
class SpellingTally {
public:
    /// Counts the article's spelling words (count only articles that will be added; call it on
    /// the thread that made the article, before handing it on: Xapian's reference counts are not atomic).
    void count(const PreparedArticle& article);
    /// Adds another tally's counts to this one and empties it.
    void merge(SpellingTally&& other);
    /// Splits the words into `n` tallies by a hash of each word, emptying this one.
    std::vector<SpellingTally> split(std::size_t n);
    std::size_t size() const { return words_.size(); }
    bool empty() const { return words_.empty(); }

private:
    friend class IndexWriter;
    std::unordered_map<std::string, unsigned> words_;
};

/// Makes documents from Articles: term generation (the costly part of indexing after parsing) runs
/// here, on any thread, so the single writer only stores. One maker per thread.
class DocumentMaker {
public:
    DocumentMaker();
    ~DocumentMaker();
    DocumentMaker(const DocumentMaker&) = delete;
    DocumentMaker& operator=(const DocumentMaker&) = delete;

    PreparedArticle make(const Article& article, const std::string& file_term, const FileSignature& sig);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// How an IndexWriter writes.
struct WriterOptions {
    /// Every change held until commit() (incremental builds of the live release); otherwise
    /// changes are flushed every `flush_every` documents to bound memory (full builds).
    bool transaction = false;
    std::size_t flush_every = 1000;   ///< with parts, shared: each flushes every flush_every / parts
    /// Where spelling data goes ("" = the index itself; a shard's goes to a database of its own,
    /// merged into its release's meta database and removed).
    std::string spelling_path;
    /// More than 1 (a full build into a new, empty folder only): documents and spelling data are
    /// written by that many threads into part databases under the folder's `parts`, and commit()
    /// merges them with the metadata into the folder using Xapian's compactor. Until then the
    /// file queries (signature, ids_of, file_terms, ...) see no documents.
    std::size_t parts = 1;
    /// A database the build merges and removes (a part): written without syncing to disk, since
    /// nothing reads it after a crash, and in transactions, so that an abandoned build (a failure
    /// elsewhere) leaves nothing for Xapian's destructor to commit.
    bool temporary = false;
    /// set_metadata_at_commit computes from other databases too (a sharded release's meta
    /// database counts over every shard): commit() always commits, even when this one is unchanged.
    bool computed_from_elsewhere = false;
};

class IndexWriter {
public:
    /// Opens (creating if needed) the database at `path` (see WriterOptions).
    /// Throws BadIndex when it cannot be opened or has another schema version.
    IndexWriter(const std::string& path, const WriterOptions& options);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// The signature stored for a file (empty fields when the file is not indexed).
    FileSignature signature(const std::string& file_term) const;

    /// A file's stat signature (hashed) and article count, from one read of its posting list:
    /// at 1,000,000 files an unchanged re-run asks this of each. The first call reads every
    /// document's stat signature in one pass over their value stream (8 bytes a document); any
    /// change to the documents afterwards makes later calls read the value itself.
    IndexedFile indexed(const std::string& file_term) const;

    /// Stores a new stat signature on every article of a file whose content did not change.
    void touch(const std::string& file_term, const std::string& stat);

    /// How many articles are indexed from a file (the file term's frequency; nothing is read).
    std::size_t article_count(const std::string& file_term) const;

    /// Ids of the articles currently indexed from a file.
    std::set<std::string> ids_of(const std::string& file_term) const;

    /// Removes every article of a file.
    void remove_file(const std::string& file_term);

    /// Adds (or replaces, by id) one article of a file. Its spelling words are not: they come
    /// through add_spelling().
    void add(PreparedArticle article);

    /// Takes spelling words counted on an extraction thread; written at the next flush or commit().
    void add_spelling(SpellingTally&& tally);

    /// File terms of the indexed files that `keep` accepts, in term order (read through once:
    /// at 1,000,000 files a set of them all took ~110 MB).
    std::vector<std::string> file_terms_where(const std::function<bool(const std::string&)>& keep) const;

    /// Sets `key` (no change when it already holds `value`).
    void set_metadata(const std::string& key, const std::string& value);
    std::string metadata(const std::string& key) const;
    std::vector<std::string> metadata_keys(const std::string& prefix) const;
    unsigned doc_count() const;

    /// Adds the spelling data of the database at `path` (word frequencies add up).
    void merge_spelling_from(const std::string& path);

    /// Sets `key` at commit() to what `compute` makes of the database with every document of this
    /// writer in (after the parts are merged, when there are parts): metadata derived from the
    /// documents, such as the compiled vocabulary (schema::kMetaVocabulary).
    void set_metadata_at_commit(const std::string& key, std::function<std::string(const Xapian::Database&)> compute);

    /// Makes everything written visible to readers, atomically. `on_stage` hears each step that
    /// can take long at scale (the merge of a full build's parts, table by table; the computed
    /// metadata) as it starts. A transaction that changed nothing (an unchanged re-run: metadata
    /// set to what it was, no document or spelling word) is cancelled instead, so the revision
    /// stays and searchers keep their caches and the release files stay current.
    void commit(const std::function<void(const std::string&)>& on_stage = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lantern
