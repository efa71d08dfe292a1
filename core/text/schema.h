// schema.h: THE index schema. Every term prefix, value slot, metadata key and the schema version
// are defined here and nowhere else; docs/schema.md documents them. Change one, bump kSchemaVersion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "text/article.h"

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

// Term prefixes (Omega's conventions where one exists).
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
    kSlotFileHash = 3,     ///< 16 hex digits: hash of the source file's bytes
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

}  // namespace lantern::schema
