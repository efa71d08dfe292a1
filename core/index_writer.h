// index_writer.h: writes Articles into one Xapian database (a release): the only place that
// turns an Article into a Xapian document, using the schema and the shared text analysis.
// Internal to core; index_build drives it. DocumentMaker runs on the extraction threads (one per
// thread); IndexWriter is not thread-safe: one writer per database.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/article.h"

namespace lantern {

/// What the index remembers about a source file, to skip it next time without reading it.
struct FileSignature {
    std::string stat;   ///< options fingerprint, size and modification time: equal = unchanged, not even read
    std::string hash;   ///< hash of options fingerprint and bytes: equal = unchanged, not parsed again
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
/// counts them), handed to the writer in bulk: the writer then adds each distinct word once per
/// hand-over instead of hashing every word of every article itself (docs/BENCHMARKS.md).
class SpellingTally {
public:
    /// Counts the article's spelling words. Count only articles that will be added, on the thread
    /// that made them, before handing them on (Xapian's reference counts are not atomic).
    void count(const PreparedArticle& article);
    /// Adds another tally's counts to this one and empties it.
    void merge(SpellingTally&& other);
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

class IndexWriter {
public:
    /// Opens (creating if needed) the database at `path`. With `transaction`, every change is
    /// held until commit() (incremental builds of the live release); without, changes are
    /// flushed every `flush_every` documents to bound memory (full builds of a new release).
    /// Spelling data goes into the database at `spelling_path` when one is given (a shard's, to be
    /// merged into its release's meta database), else into the index itself.
    /// Throws BadIndex when it cannot be opened or has another schema version.
    IndexWriter(const std::string& path, bool transaction, std::size_t flush_every, const std::string& spelling_path = "");
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// The signature stored for a file (empty fields when the file is not indexed).
    FileSignature signature(const std::string& file_term) const;

    /// Stores a new stat signature on every article of a file whose content did not change.
    void touch(const std::string& file_term, const std::string& stat);

    /// How many articles are indexed from a file (the file term's frequency; nothing is read).
    std::size_t article_count(const std::string& file_term) const;

    /// Ids of the articles currently indexed from a file.
    std::set<std::string> ids_of(const std::string& file_term) const;

    /// Removes every article of a file.
    void remove_file(const std::string& file_term);

    /// Adds (or replaces, by id) one article of a file. Its spelling words come through add_spelling().
    void add(PreparedArticle article);

    /// Takes spelling words counted on an extraction thread; written at the next flush or commit().
    void add_spelling(SpellingTally&& tally);

    /// File terms of every indexed file.
    std::set<std::string> file_terms() const;

    void set_metadata(const std::string& key, const std::string& value);
    std::string metadata(const std::string& key) const;
    std::vector<std::string> metadata_keys(const std::string& prefix) const;
    unsigned doc_count() const;

    /// Adds the spelling data of the database at `path` (word frequencies add up).
    void merge_spelling_from(const std::string& path);

    /// Makes everything written visible to readers, atomically.
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The boolean term naming a source file ("XP" + source/path).
std::string file_term_for(const std::string& source, const std::string& rel_path);

}  // namespace lantern
