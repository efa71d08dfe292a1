// schema.cpp: term forms, facet values, the version check, and the stored-document format (a
// compact binary record in document data).
#include "text/schema.h"

#include <xapian.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "text/errors.h"

namespace lantern::schema {
namespace {

// Xapian's hard limit is 245 bytes per term; leave room for the prefix and a hash suffix.
constexpr std::size_t kMaxTermBytes = 240;

}  // namespace

std::uint64_t hash64(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char ch : bytes) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ULL;
    }
    return h;
}

std::string content_hash(std::string_view bytes) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash64(bytes)));
    return buf;
}

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) {
        term.append(value);
        return term;
    }
    const std::size_t keep = kMaxTermBytes - prefix.size() - 17;
    term.append(value.substr(0, keep));
    term.push_back('#');
    term.append(content_hash(value));
    return term;
}

std::string facet_value(Facet facet, std::string_view raw) {
    std::string v = ascii_lower(collapse_space(raw));
    if (facet == Facet::Language) v.resize(std::min(v.size(), v.find_first_of("-_")));
    return v;
}

std::string facet_term(Facet facet, std::string_view raw) {
    return bounded_term(facet_info(facet).prefix, facet_value(facet, raw));
}

std::string facets_slot(const Article& a) {
    std::string slot;
    auto add = [&slot](Facet facet, std::string_view raw) {
        const std::string v = facet_value(facet, raw);
        if (v.empty()) return;
        if (!slot.empty()) slot.push_back(kListSeparator);
        slot.push_back(facet_info(facet).letter);
        slot += v;
    };
    for (const std::string& t : a.topics) add(Facet::Topic, t);
    add(Facet::Audience, a.audience);
    add(Facet::Source, a.source);
    add(Facet::Language, a.language);
    add(Facet::Format, a.format);
    return slot;
}

std::string stemmed_term(std::string_view stem) {
    return kPrefixStem + std::string(stem);
}

std::string title_stem_term(std::string_view stem) {
    return std::string(kPrefixStem) + kPrefixTitle + std::string(stem);
}

std::string title_word_term(std::string_view word) {
    return kPrefixTitle + std::string(word);
}

std::string id_term(std::string_view id) {
    return bounded_term(kPrefixId, id);
}

std::string file_term(std::string_view source, std::string_view rel_path) {
    return bounded_term(kPrefixFile, std::string(source) + "/" + std::string(rel_path));
}

std::string text_hash_term(std::string_view text_hash) {
    return kPrefixTextHash + std::string(text_hash);
}

std::string format_term(std::string_view format) {
    return bounded_term(kPrefixFormat, format);
}

std::string title_key_term(std::string_view key) {
    return bounded_term(kPrefixTitleKey, key);
}

std::string abbreviation_term(std::string_view short_form, std::string_view long_form) {
    // Never cut like bounded_term: a cut long form would be learned as a different one.
    std::string term = kPrefixAbbreviation + std::string(short_form) + '\t' + std::string(long_form);
    return term.size() <= kMaxTermBytes ? term : std::string();
}

std::optional<std::pair<std::string, std::string>> abbreviation_of(std::string_view term) {
    const std::string_view prefix = kPrefixAbbreviation;
    if (term.size() <= prefix.size() || term.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    const std::size_t tab = term.find('\t', prefix.size());
    if (tab == std::string_view::npos) return std::nullopt;
    return std::make_pair(std::string(term.substr(prefix.size(), tab - prefix.size())),
                          std::string(term.substr(tab + 1)));
}

std::string skipped_file_key(std::string_view file_term) {
    return kMetaSkippedFile + content_hash(file_term);
}

std::string boilerplate_key(std::string_view source) {
    return kMetaBoilerplate + std::string(source);
}

namespace {

bool is_capital(char c) {
    return c >= 'A' && c <= 'Z';
}

}  // namespace

bool has_prefix(std::string_view term) {
    return !term.empty() && is_capital(term[0]);
}

std::optional<TextTerm> text_term(std::string_view term) {
    TextTerm t;
    if (term.compare(0, std::strlen(kPrefixStem), kPrefixStem) == 0) {
        t.stemmed = true;
        term.remove_prefix(std::strlen(kPrefixStem));
    }
    if (term.empty()) return std::nullopt;
    if (!is_capital(term[0])) {
        t.word = term;
        return t;
    }
    for (const std::string_view field : {kPrefixTitle, kPrefixDescription}) {
        if (term.size() > field.size() && term.compare(0, field.size(), field) == 0 &&
            !is_capital(term[field.size()])) {
            t.field = field;
            t.word = term.substr(field.size());
            return t;
        }
    }
    return std::nullopt;
}

void check_schema_version(const Xapian::Database& db, const std::string& where) {
    const std::string version = db.get_metadata(kMetaSchemaVersion);
    if (version == std::to_string(kSchemaVersion)) return;
    throw BadIndex("the index at " + where + " has schema version " + (version.empty() ? "(none)" : version) +
                   " but this Lantern reads and writes version " + std::to_string(kSchemaVersion) +
                   "; rebuild it with lantern-index build --full");
}

std::string date_value(std::string_view iso_date) {
    std::string out;
    for (char c : iso_date) {
        if (c != '-') out.push_back(c);
    }
    return out;
}

// Document data is the magic "L5" and a zstd frame of a compact binary record: each field as a
// varint byte length and its bytes, in a fixed order. The record replaced JSON, whose parsing of
// long article texts was a sixth of a search's cost (callgrind); zstd replaced Xapian's own zlib
// compression of document data, whose inflate was a fifth of it (zstd decompresses several times
// faster, and Xapian stores data it cannot shrink as it is). docs/schema.md documents the layout.
namespace {

constexpr std::string_view kStoredMagic = "L5";
constexpr int kStoredLevel = 3;                             ///< zstd's default level
constexpr unsigned long long kMaxStoredBytes = 1ULL << 30;  ///< a record claiming more is not ours
constexpr unsigned long long kKeptBufferBytes = 4ULL << 20;  ///< decode_stored's buffer, kept per thread

/// One compression and one decompression context per thread, kept between documents (making
/// one costs more than compressing a short article).
ZSTD_CCtx* compressor() {
    static thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> c(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    return c.get();
}
ZSTD_DCtx* decompressor() {
    static thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> d(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    return d.get();
}

void put_varint(std::string& out, std::size_t n) {
    while (n >= 0x80) {
        out.push_back(static_cast<char>((n & 0x7F) | 0x80));
        n >>= 7;
    }
    out.push_back(static_cast<char>(n));
}

void put_string(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out.append(s);
}

/// Reads fields in order; any overrun means the data is not Lantern's.
class StoredReader {
public:
    explicit StoredReader(std::string_view data) : data_(data) {}
    std::size_t varint() {
        std::size_t n = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (at_ >= data_.size()) fail();
            const auto byte = static_cast<unsigned char>(data_[at_++]);
            n |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) return n;
        }
        fail();
    }
    std::string string() {
        const std::size_t n = varint();
        if (n > data_.size() - at_) fail();
        std::string s(data_.substr(at_, n));
        at_ += n;
        return s;
    }
    bool done() const { return at_ == data_.size(); }
    [[noreturn]] static void fail() {
        throw BadIndex("a document in the index has data Lantern did not write; rebuild the index");
    }

private:
    std::string_view data_;
    std::size_t at_ = 0;
};

}  // namespace

std::string encode_stored(const Article& a) {
    std::string out;
    out.reserve(a.body.size() + 512);
    for (const std::string* field : {&a.id, &a.path, &a.source, &a.format, &a.url, &a.title, &a.description, &a.author,
                                     &a.language, &a.audience, &a.published, &a.modified, &a.reviewed, &a.body}) {
        put_string(out, *field);
    }
    put_varint(out, a.topics.size());
    for (const std::string& t : a.topics) put_string(out, t);
    put_varint(out, a.sections.size());
    for (const Section& sec : a.sections) {
        put_varint(out, sec.offset);
        put_string(out, sec.anchor);
        put_string(out, sec.heading);
    }
    std::string packed(kStoredMagic);
    packed.resize(kStoredMagic.size() + ZSTD_compressBound(out.size()));
    const std::size_t n = ZSTD_compressCCtx(compressor(), packed.data() + kStoredMagic.size(), packed.size() - kStoredMagic.size(),
                                            out.data(), out.size(), kStoredLevel);
    if (ZSTD_isError(n)) throw BadDocument(std::string("zstd could not compress the extracted text: ") + ZSTD_getErrorName(n));
    packed.resize(kStoredMagic.size() + n);
    return packed;
}

Article decode_stored(const std::string& data) {
    if (data.compare(0, kStoredMagic.size(), kStoredMagic) != 0) StoredReader::fail();
    const char* frame = data.data() + kStoredMagic.size();
    const std::size_t frame_size = data.size() - kStoredMagic.size();
    const unsigned long long size = ZSTD_getFrameContentSize(frame, frame_size);
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > kMaxStoredBytes) StoredReader::fail();
    // The record is decompressed into a buffer kept per thread: a fresh string would be zeroed
    // first (2% of a search), and its fields are copied out anyway. A rare huge record gets a
    // buffer of its own, so no thread keeps its size for good.
    static thread_local std::string kept;
    std::string own;
    std::string& record = size <= kKeptBufferBytes ? kept : own;
    if (record.size() < size) record.resize(static_cast<std::size_t>(size));
    const std::size_t got = ZSTD_decompressDCtx(decompressor(), record.data(), record.size(), frame, frame_size);
    if (ZSTD_isError(got) || got != size) StoredReader::fail();
    StoredReader in(std::string_view(record).substr(0, got));
    Article a;
    for (std::string* field : {&a.id, &a.path, &a.source, &a.format, &a.url, &a.title, &a.description, &a.author,
                               &a.language, &a.audience, &a.published, &a.modified, &a.reviewed, &a.body}) {
        *field = in.string();
    }
    const std::size_t topics = in.varint();
    for (std::size_t i = 0; i < topics; ++i) a.topics.push_back(in.string());
    const std::size_t sections = in.varint();
    for (std::size_t i = 0; i < sections; ++i) {
        Section sec;
        sec.offset = in.varint();
        sec.anchor = in.string();
        sec.heading = in.string();
        a.sections.push_back(std::move(sec));
    }
    if (!in.done()) StoredReader::fail();
    return a;
}

}  // namespace lantern::schema
