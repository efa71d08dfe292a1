// schema.h: THE index schema. Every term prefix, term form, value slot, facet, metadata key and
// the schema version are defined here and nowhere else: other modules build and read terms and
// facet values through the functions below, never by hand. docs/schema.md documents them, and
// tests/unit/schema_test.cpp checks it against the tables at the end of this header. Change a
// term or a slot, bump kSchemaVersion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "text/article.h"

namespace Xapian {
class Database;
}

namespace lantern::schema {

/// Written to the database's metadata; the searcher refuses any other version.
/// 8: folding through utf8proc (core/text/text_fold.h), which changes the terms of non-ASCII text.
inline constexpr int kSchemaVersion = 8;

// Metadata keys.
inline constexpr const char* kMetaSchemaVersion = "lantern.schema_version";
inline constexpr const char* kMetaBuiltBy = "lantern.built_by";
inline constexpr const char* kMetaThesaurus = "lantern.thesaurus";        ///< Thesaurus::to_stored()
inline constexpr const char* kMetaSafetyPanel = "lantern.safety_panel";   ///< SafetyPanel::to_stored()
/// + hash of a file term: "STAT\nREASON" of a file deliberately skipped, so it is not read again while unchanged.
inline constexpr const char* kMetaSkippedFile = "lantern.skipped.";
/// + source name: {"sample": signature of the sampled files, "paragraphs": [...]}: learned boilerplate.
inline constexpr const char* kMetaBoilerplate = "lantern.boilerplate.";
/// AbbreviationSettings::to_stored(): whether and how the searcher uses the abbreviations pages define.
inline constexpr const char* kMetaAbbreviations = "lantern.abbreviations";
/// Thesaurus::to_compiled() of the stored thesaurus with the learned abbreviations added, written by
/// each build once its documents are in; readers fall back to compiling when it is absent.
inline constexpr const char* kMetaVocabulary = "lantern.vocabulary";

// Term prefixes (Omega's conventions where one exists).
/// Starts a stem (Xapian's TermGenerator and QueryParser, STEM_SOME): "Z" + stem in the unprefixed
/// text, "Z" + field prefix + stem in a prefixed free-text field ("ZSabscess" for the title).
inline constexpr const char* kPrefixStem = "Z";
inline constexpr const char* kPrefixId = "Q";           ///< unique id of an article (boolean)
inline constexpr const char* kPrefixFile = "XP";        ///< source file path (boolean; shared by a file's records)
inline constexpr const char* kPrefixTitle = "S";        ///< title words (free text, field "title:")
inline constexpr const char* kPrefixDescription = "XD"; ///< description / summary words (free text)
inline constexpr const char* kPrefixTopic = "K";        ///< topic, lower case (boolean)
inline constexpr const char* kPrefixAudience = "XA";    ///< audience, lower case (boolean)
inline constexpr const char* kPrefixLanguage = "L";     ///< language subtag (boolean)
inline constexpr const char* kPrefixFormat = "XF";      ///< "html", "xml", "pdf", "docx" or "odt" (boolean)
inline constexpr const char* kPrefixSource = "XS";      ///< source collection name, lower case (boolean)
inline constexpr const char* kPrefixTextHash = "XT";    ///< hash of the extracted text: exact duplicates share it (boolean)
/// An abbreviation the document defines, "SF\tlong form" (boolean; its termfreq counts the pages
/// defining it). core/text/abbreviations.h.
inline constexpr const char* kPrefixAbbreviation = "XB";
/// The title as a set of words: its stems, stopwords dropped, sorted and space-separated, for titles
/// of up to kTitleKeyWords such words (`XNabscess`, `XNbotul wound`); wdf 1, so that it weighs.
/// A query whose words are exactly a page's title ranks that page first (analysis::title_key).
inline constexpr const char* kPrefixTitleKey = "XN";
inline constexpr std::size_t kTitleKeyWords = 6;

// Value slots.
enum Slot : unsigned {
    kSlotReviewed = 0,     ///< last-reviewed date, YYYYMMDD
    kSlotPublished = 1,    ///< published date, YYYYMMDD
    kSlotModified = 2,     ///< modified date, YYYYMMDD
    kSlotFileHash = 3,     ///< 16 hex digits: hash of the source file's bytes and the extraction settings
    kSlotDate = 4,         ///< date filters and ranges use: last-reviewed, else modified, else published, YYYYMMDD
    kSlotTextHash = 5,     ///< hash of the extracted text: results collapse on it (exact duplicates)
    kSlotFacets = 6,       ///< every facet value, each as kFacet* letter + value, joined by kListSeparator
    // 7 to 9: unused since version 4 (they held one facet each; one slot is read 4x faster).
    kSlotFileStat = 10,    ///< options fingerprint, size and mtime of the source file: equal = skipped unread
};

/// Separates the values of a multi-valued slot.
inline constexpr char kListSeparator = '\x1f';

// The facets, as the letter that starts each of their values in kSlotFacets.
inline constexpr char kFacetTopic = 't';      ///< topic, lower case
inline constexpr char kFacetAudience = 'a';   ///< audience, lower case
inline constexpr char kFacetSource = 's';     ///< source collection, lower case
inline constexpr char kFacetLanguage = 'l';   ///< language subtag
/// The source file's format (Article::format). Added without a version bump: an index built before
/// it shows no format counts until the files are read again (lantern-index's extractor version
/// was bumped with it, so the next build reads them all).
inline constexpr char kFacetFormat = 'f';

/// The facets: filters a search can take and counts its answer gives.
enum class Facet { Topic, Audience, Source, Language, Format };

struct FacetInfo {
    Facet facet;
    const char* name;    ///< its counts in an answer ("topic", "language")
    const char* field;   ///< its query syntax field and search filter ("topic", "lang")
    const char* prefix;  ///< its boolean terms
    char letter;         ///< its items in kSlotFacets
};

/// Every facet, in the order filters are applied and described.
inline constexpr FacetInfo kFacets[] = {
    {Facet::Topic, "topic", "topic", kPrefixTopic, kFacetTopic},
    {Facet::Audience, "audience", "audience", kPrefixAudience, kFacetAudience},
    {Facet::Source, "source", "source", kPrefixSource, kFacetSource},
    {Facet::Language, "language", "lang", kPrefixLanguage, kFacetLanguage},
    {Facet::Format, "format", "format", kPrefixFormat, kFacetFormat},
};

constexpr const FacetInfo& facet_info(Facet facet) {
    return kFacets[static_cast<int>(facet)];
}

/// A facet value as the index holds it and a filter must name it: white space collapsed, ASCII
/// letters in lower case ("Wound  Care" -> "wound care"); a language keeps its primary subtag
/// ("en-GB" -> "en"). The extractors, the index writer, the searcher's filters and query syntax
/// (`topic:MRSA`) all call this.
std::string facet_value(Facet facet, std::string_view raw);

/// The boolean term of a facet value (normalised by facet_value), bounded as bounded_term.
std::string facet_term(Facet facet, std::string_view raw);

/// The kSlotFacets value of an article: topics, audience, source, language and format, normalised, each
/// as its facet's letter + value, empty ones left out, joined by kListSeparator.
std::string facets_slot(const Article& article);

/// Calls `item` with each item (facet letter + value) of a kSlotFacets value.
template <typename Fn>
void for_each_facet_item(std::string_view slot_value, Fn item) {
    std::size_t start = 0;
    while (start < slot_value.size()) {
        std::size_t end = slot_value.find(kListSeparator, start);
        if (end == std::string_view::npos) end = slot_value.size();
        if (end > start) item(slot_value.substr(start, end - start));
        start = end + 1;
    }
}

// Term forms: every term Lantern writes or searches is built by one of these (the TermGenerator
// and QueryParser build the free-text terms themselves, in the forms stemmed_term and
// title_stem_term describe).

/// "Z" + stem: a word of the unprefixed text, stemmed (what a plain word searches).
std::string stemmed_term(std::string_view stem);

/// "ZS" + stem: a title word, stemmed (the form the title: field and completions search).
std::string title_stem_term(std::string_view stem);

/// "S" + word: a title word as written (folded), with positions; the start of a title-word wildcard.
std::string title_word_term(std::string_view word);

/// The unique-id term of an article.
std::string id_term(std::string_view id);

/// The term every record of one source file shares: SOURCE/path relative to the source's folder.
std::string file_term(std::string_view source, std::string_view rel_path);

/// The term of an extracted text's hash (content_hash): exact duplicates share it.
std::string text_hash_term(std::string_view text_hash);

/// The term of a document's format ("html", "xml").
std::string format_term(std::string_view format);

/// The title-key term of a key built by analysis::title_key (stems, sorted, space-separated).
std::string title_key_term(std::string_view key);

/// The term recording that a document defines an abbreviation: prefix + SF + TAB + long form;
/// "" when it would not fit a term (Xapian's limit), as it must not be cut.
std::string abbreviation_term(std::string_view short_form, std::string_view long_form);

/// The short and long form of an abbreviation_term; nullopt for any other term.
std::optional<std::pair<std::string, std::string>> abbreviation_of(std::string_view term);

/// The metadata key recording that the file of `file_term` was deliberately skipped (kMetaSkippedFile).
std::string skipped_file_key(std::string_view file_term);

/// The metadata key holding the boilerplate learned for a source (kMetaBoilerplate).
std::string boilerplate_key(std::string_view source);

/// A free-text term taken apart: `field` is its field's prefix ("" for the unprefixed text,
/// kPrefixTitle, kPrefixDescription), `stemmed` whether it is a stem, `word` the word or stem.
struct TextTerm {
    std::string_view field;
    bool stemmed = false;
    std::string_view word;
};

/// Takes apart a term of free text as the TermGenerator and QueryParser write them ("Zstem",
/// "word", "ZSstem", "Sword", "ZXDstem", "XDword"); nullopt for every other term (boolean terms,
/// the title key) and for "".
std::optional<TextTerm> text_term(std::string_view term);

/// True for a term that starts with a prefix (an ASCII capital, Xapian's convention): not a word
/// of the unprefixed text.
bool has_prefix(std::string_view term);

/// Throws BadIndex unless `db` (the index at `where`) holds this build's kSchemaVersion; the
/// message says how to rebuild it. The one check of the version: the searcher, the index writer
/// and `lantern-index check` and `report` all call it.
void check_schema_version(const Xapian::Database& db, const std::string& where);

// Within-document frequency increments: how much a word in each field counts in plain queries.
// Tuned on the judged queries (docs/relevance.md).
inline constexpr unsigned kWeightTitle = 5;
inline constexpr unsigned kWeightDescription = 2;
inline constexpr unsigned kWeightHeading = 2;   ///< section headings (counted on top of their place in the body)
inline constexpr unsigned kWeightBody = 1;
/// Gap in term positions between fields, so a phrase cannot match across a field boundary.
inline constexpr unsigned kFieldGap = 100;

/// A boolean term for PREFIX+VALUE, kept under Xapian's 245-byte term limit (long values are
/// shortened and suffixed with a hash so they stay unique).
std::string bounded_term(std::string_view prefix, std::string_view value);

/// "YYYY-MM-DD" -> "YYYYMMDD" for a value slot ("" stays "").
std::string date_value(std::string_view iso_date);

/// 64-bit FNV-1a of the bytes.
std::uint64_t hash64(std::string_view bytes);

/// hash64 of the bytes, as 16 lower-case hex digits (stable across builds and machines).
std::string content_hash(std::string_view bytes);

/// Serialises what the searcher needs to show an article without reading its source again.
std::string encode_stored(const Article& article);

/// Inverse of encode_stored. Throws BadIndex if the data is not Lantern's.
Article decode_stored(const std::string& data);

// The schema as tables, for docs/schema.md's check (tests/unit/schema_test.cpp). A new prefix,
// slot or metadata key gets a row here and in the page.

/// What a prefix's terms are, as docs/schema.md's "kind" column says it.
enum class TermKind { FreeText, Boolean, TitleKey };

struct PrefixInfo {
    const char* prefix;  ///< "" for the unprefixed text
    TermKind kind;
    const char* field;  ///< query syntax field ("title"), or "" when it has none
};

inline constexpr PrefixInfo kPrefixes[] = {
    {"", TermKind::FreeText, ""},
    {kPrefixStem, TermKind::FreeText, ""},
    {kPrefixTitle, TermKind::FreeText, "title"},
    {kPrefixDescription, TermKind::FreeText, "description"},
    {kPrefixId, TermKind::Boolean, ""},
    {kPrefixFile, TermKind::Boolean, ""},
    {kPrefixTopic, TermKind::Boolean, "topic"},
    {kPrefixAudience, TermKind::Boolean, "audience"},
    {kPrefixLanguage, TermKind::Boolean, "lang"},
    {kPrefixFormat, TermKind::Boolean, "format"},
    {kPrefixSource, TermKind::Boolean, "source"},
    {kPrefixTextHash, TermKind::Boolean, ""},
    {kPrefixTitleKey, TermKind::TitleKey, ""},
    {kPrefixAbbreviation, TermKind::Boolean, ""},
};

struct SlotInfo {
    Slot slot;
    const char* name;  ///< the constant's name, as docs/schema.md's "name" column has it
};

inline constexpr SlotInfo kSlots[] = {
    {kSlotReviewed, "kSlotReviewed"}, {kSlotPublished, "kSlotPublished"}, {kSlotModified, "kSlotModified"},
    {kSlotFileHash, "kSlotFileHash"}, {kSlotDate, "kSlotDate"},           {kSlotTextHash, "kSlotTextHash"},
    {kSlotFacets, "kSlotFacets"},     {kSlotFileStat, "kSlotFileStat"},
};

/// Every metadata key; those ending in '.' start a family of keys (+ hash, + source name).
inline constexpr const char* kMetadataKeys[] = {
    kMetaSchemaVersion, kMetaBuiltBy,     kMetaThesaurus,   kMetaSafetyPanel,
    kMetaAbbreviations, kMetaVocabulary,  kMetaSkippedFile, kMetaBoilerplate,
};

}  // namespace lantern::schema
