// Tests for core/schema: term forms, facet values, the version check, term bounds, date values,
// hashing, the stored-document format, and docs/schema.md against the schema's own tables.
#include "text/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "text/errors.h"

namespace lantern::schema {
namespace {

TEST(BoundedTerm, Table) {
    const std::string long_value(400, 'a');
    const struct {
        std::string prefix, value;
        std::size_t max_len;
        bool exact;
    } rows[] = {
        {"Q", "site/a.html", 12, true},
        {"XP", long_value, 240, false},
        {"Q", std::string(239, 'b'), 240, true},
    };
    for (const auto& r : rows) {
        const std::string t = bounded_term(r.prefix, r.value);
        EXPECT_LE(t.size(), r.max_len);
        EXPECT_EQ(t == r.prefix + r.value, r.exact);
    }
    // Two long values differing only at the end stay distinct.
    EXPECT_NE(bounded_term("Q", long_value + "x"), bounded_term("Q", long_value + "y"));
}

TEST(DateValue, Table) {
    EXPECT_EQ(date_value("2026-05-19"), "20260519");
    EXPECT_EQ(date_value(""), "");
}

TEST(ContentHash, StableKnownValues) {
    // FNV-1a 64 reference values: a change here changes every stored hash (and forces re-extraction).
    EXPECT_EQ(content_hash(""), "cbf29ce484222325");
    EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
}

TEST(StoredDocument, RoundTrip) {
    Article a;
    a.id = "x.xml#7";
    a.path = "x.xml";
    a.source = "corpus";
    a.format = "xml";
    a.url = "https://e.example/x";
    a.title = "T \"quoted\"";
    a.description = "D";
    a.author = "Au";
    a.language = "en";
    a.audience = "public";
    a.topics = {"one", "two"};
    a.published = "2024-01-01";
    a.modified = "2025-01-01";
    a.reviewed = "2026-01-01";
    a.body = "Line one\nLine two \xC3\xA9";
    a.sections = {{"Heading", "anchor", 9}};
    const Article b = decode_stored(encode_stored(a));
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.title, a.title);
    EXPECT_EQ(b.topics, a.topics);
    EXPECT_EQ(b.body, a.body);
    EXPECT_EQ(b.reviewed, a.reviewed);
    ASSERT_EQ(b.sections.size(), 1u);
    EXPECT_EQ(b.sections[0].heading, "Heading");
    EXPECT_EQ(b.sections[0].anchor, "anchor");
    EXPECT_EQ(b.sections[0].offset, 9u);
    // Records are decompressed into a buffer kept per thread: a short one after a long one, and
    // one too big to keep, come back exact.
    for (const std::size_t size : {std::size_t{100000}, std::size_t{10}, std::size_t{5} << 20, std::size_t{3}}) {
        a.body = std::string(size, 'x') + "\xC3\xA9";
        EXPECT_EQ(decode_stored(encode_stored(a)).body, a.body) << size;
    }
}

TEST(StoredDocument, ForeignDataIsAnIndexError) {
    Article a;
    a.id = "x";
    a.body = "text";
    const std::string good = encode_stored(a);
    for (const std::string& bad : {std::string("not ours"), std::string("{\"id\":1}"), std::string(""),
                                   good.substr(0, good.size() - 1), good + "x", "L4" + good.substr(2),
                                   std::string("L5\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
                                   // a zstd frame header claiming 2^40 bytes: refused before any allocation
                                   std::string("L5\x28\xb5\x2f\xfd\xe0\x00\x00\x00\x00\x00\x01\x00\x00", 15)}) {
        EXPECT_THROW(decode_stored(bad), BadIndex) << bad;
    }
}

TEST(FacetValue, Table) {
    const struct {
        Facet facet;
        std::string raw, want;
    } rows[] = {
        {Facet::Topic, "MRSA", "mrsa"},
        {Facet::Topic, "  Wound \t Care ", "wound care"},
        {Facet::Topic, "co-prescribing", "co-prescribing"},  // only a language loses what follows a dash
        {Facet::Topic, "\xC3\x89tudes", "\xC3\x89tudes"},    // ASCII letters only: as the index has always held them
        {Facet::Audience, "Public", "public"},
        {Facet::Source, "Corpus", "corpus"},
        {Facet::Language, "en-GB", "en"},
        {Facet::Language, " EN_us ", "en"},
        {Facet::Language, "fr", "fr"},
        {Facet::Language, "", ""},
        {Facet::Audience, " \n ", ""},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(facet_value(r.facet, r.raw), r.want) << r.raw;
        EXPECT_EQ(facet_value(r.facet, r.want), r.want) << "normalising twice changes " << r.want;
    }
}

TEST(FacetTerm, Table) {
    const struct {
        Facet facet;
        std::string raw, want;
    } rows[] = {
        {Facet::Topic, "MRSA", "Kmrsa"},
        {Facet::Topic, "Wound  Care", "Kwound care"},
        {Facet::Audience, "Clinicians", "XAclinicians"},
        {Facet::Source, "Corpus", "XScorpus"},
        {Facet::Language, "en-GB", "Len"},
    };
    for (const auto& r : rows) EXPECT_EQ(facet_term(r.facet, r.raw), r.want) << r.raw;
    EXPECT_EQ(facet_term(Facet::Topic, std::string(400, 'A')), bounded_term(kPrefixTopic, std::string(400, 'a')));
}

TEST(FacetsSlot, NormalisedInOrderEmptyLeftOut) {
    const struct {
        std::vector<std::string> topics;
        std::string audience, source, language, want;
    } rows[] = {
        {{"MRSA", "Wound  Care"},
         "Public",
         "Corpus",
         "en-GB",
         "tmrsa\x1f"
         "twound care\x1f"
         "apublic\x1f"
         "scorpus\x1f"
         "len"},
        {{}, "", "corpus", "", "scorpus"},
        {{""}, "", "", "", ""},
    };
    for (const auto& r : rows) {
        Article a;
        a.topics = r.topics;
        a.audience = r.audience;
        a.source = r.source;
        a.language = r.language;
        EXPECT_EQ(facets_slot(a), r.want);
    }
}

TEST(ForEachFacetItem, Table) {
    const struct {
        std::string value;
        std::vector<std::string> want;
    } rows[] = {
        {"", {}},
        {"tmrsa", {"tmrsa"}},
        {"tmrsa\x1f\x1f"
         "scorpus\x1f",
         {"tmrsa", "scorpus"}},
    };
    for (const auto& r : rows) {
        std::vector<std::string> got;
        for_each_facet_item(r.value, [&](std::string_view item) { got.emplace_back(item); });
        EXPECT_EQ(got, r.want) << r.value;
    }
}

TEST(FacetInfo, AgreesWithThePrefixTable) {
    for (const FacetInfo& f : kFacets) {
        EXPECT_EQ(&facet_info(f.facet), &f);
        const auto p = std::find_if(std::begin(kPrefixes), std::end(kPrefixes),
                                    [&](const PrefixInfo& i) { return std::string(i.prefix) == f.prefix; });
        ASSERT_NE(p, std::end(kPrefixes)) << f.name;
        EXPECT_EQ(p->kind, TermKind::Boolean) << f.name;
        EXPECT_EQ(std::string(p->field), f.field) << f.name;  // query syntax and filters share a name
    }
}

TEST(TermForms, Table) {
    const struct {
        std::string got, want;
    } rows[] = {
        {stemmed_term("abscess"), "Zabscess"},
        {title_stem_term("abscess"), "ZSabscess"},
        {title_word_term("absc"), "Sabsc"},
        {id_term("site/a.html#7"), "Qsite/a.html#7"},
        {file_term("corpus", "site/a.html"), "XPcorpus/site/a.html"},
        {text_hash_term("cbf29ce484222325"), "XTcbf29ce484222325"},
        {format_term("html"), "XFhtml"},
        {title_key_term("botul wound"), "XNbotul wound"},
        {abbreviation_term("SSP", "syringe services program"), "XBSSP\tsyringe services program"},
        {abbreviation_term("SSP", std::string(240, 'a')), ""},  // never cut: left out
        {id_term(std::string(300, 'x')), bounded_term(kPrefixId, std::string(300, 'x'))},
        {skipped_file_key("XPcorpus/a.html"), "lantern.skipped." + content_hash("XPcorpus/a.html")},
        {boilerplate_key("corpus"), "lantern.boilerplate.corpus"},
    };
    for (const auto& r : rows) EXPECT_EQ(r.got, r.want);
}

TEST(AbbreviationOf, Table) {
    using Pair = std::pair<std::string, std::string>;
    const struct {
        std::string term;
        std::optional<Pair> want;
    } rows[] = {
        {"XBSSP\tsyringe services program", Pair{"SSP", "syringe services program"}},
        {"XB\tlong", Pair{"", "long"}},  // the caller decides what an empty short form means
        {"XBbroken", std::nullopt},
        {"XB", std::nullopt},
        {"Kmrsa\tx", std::nullopt},
    };
    for (const auto& r : rows) EXPECT_EQ(abbreviation_of(r.term), r.want) << r.term;
    EXPECT_EQ(abbreviation_of(abbreviation_term("ED", "emergency department")), (Pair{"ED", "emergency department"}));
}

TEST(TextTerm, Table) {
    const struct {
        std::string term;
        bool text;
        std::string field;
        bool stemmed;
        std::string word;
    } rows[] = {
        {"Zabscess", true, "", true, "abscess"},
        {"abscesses", true, "", false, "abscesses"},
        {"0.4", true, "", false, "0.4"},
        {"caf\xC3\xA9", true, "", false, "caf\xC3\xA9"},
        {"ZSabscess", true, "S", true,
         "abscess"},  // title:abscesses (highlighted nothing before: "Sabscess" was looked for)
        {"Sabscesses", true, "S", false, "abscesses"},
        {"ZXDnaloxon", true, "XD", true, "naloxon"},
        {"XDnaloxone", true, "XD", false, "naloxone"},
        {"Kmrsa", false, "", false, ""},
        {"XAclinicians", false, "", false, ""},
        {"XNabscess", false, "", false, ""},
        {"Qsite/a.html", false, "", false, ""},
        {"ZSSP", false, "", false, ""},
        {"S", false, "", false, ""},
        {"Z", false, "", false, ""},
        {"", false, "", false, ""},
    };
    for (const auto& r : rows) {
        const std::optional<TextTerm> t = text_term(r.term);
        ASSERT_EQ(t.has_value(), r.text) << r.term;
        if (!t) continue;
        EXPECT_EQ(t->field, r.field) << r.term;
        EXPECT_EQ(t->stemmed, r.stemmed) << r.term;
        EXPECT_EQ(t->word, r.word) << r.term;
    }
    // What the builders make, text_term takes apart.
    EXPECT_EQ(text_term(stemmed_term("wound"))->word, "wound");
    EXPECT_EQ(text_term(title_stem_term("wound"))->field, kPrefixTitle);
    EXPECT_FALSE(text_term(facet_term(Facet::Topic, "wound")));
}

TEST(HasPrefix, Table) {
    for (const char* t : {"Zabscess", "Kmrsa", "XAclinicians", "Q1"}) EXPECT_TRUE(has_prefix(t)) << t;
    for (const char* t : {"abscess", "0.4", "\xC3\xA9t\xC3\xA9", ""}) EXPECT_FALSE(has_prefix(t)) << t;
}

TEST(CheckSchemaVersion, Table) {
    const std::string current = std::to_string(kSchemaVersion);
    const struct {
        const char* stored;   ///< nullptr: no version key at all
        std::string message;  ///< "" when accepted
    } rows[] = {
        {current.c_str(), ""},
        {"3", "the index at DIR has schema version 3 but this Lantern reads and writes version " + current +
                  "; rebuild it with lantern-index build --full"},
        {nullptr, "the index at DIR has schema version (none) but this Lantern reads and writes version " + current +
                      "; rebuild it with lantern-index build --full"},
    };
    for (const auto& r : rows) {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        if (r.stored != nullptr) db.set_metadata(kMetaSchemaVersion, r.stored);
        try {
            check_schema_version(db, "DIR");
            EXPECT_EQ(r.message, "") << "accepted " << (r.stored ? r.stored : "(none)");
        } catch (const BadIndex& e) {
            EXPECT_EQ(e.what(), r.message);
        }
    }
}

// docs/schema.md against the tables schema.h exports: a prefix, slot or key added, removed or
// changed on one side only fails here.

/// The cells of each row of the Markdown table that follows `heading` (header and rule left out).
std::vector<std::vector<std::string>> doc_table(const std::string& heading) {
    std::ifstream in(std::string(LANTERN_SOURCE_DIR) + "/docs/schema.md");
    EXPECT_TRUE(in) << "docs/schema.md";
    std::vector<std::vector<std::string>> rows;
    bool under = false;
    int row = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("## ", 0) == 0) under = line == "## " + heading;
        if (!under || line.empty() || line[0] != '|') continue;
        if (row++ < 2) continue;  // the header and the |---| rule
        std::vector<std::string> cells;
        std::istringstream cols(line.substr(1));
        for (std::string cell; std::getline(cols, cell, '|');) {
            const std::size_t b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
            cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
        }
        rows.push_back(cells);
    }
    EXPECT_FALSE(rows.empty()) << "no table under ## " << heading;
    return rows;
}

/// "`XP`" -> "XP"; "`lantern.skipped.`*HASH*" -> "lantern.skipped."; "(none)" -> "".
std::string code_of(const std::string& cell) {
    if (cell.size() < 2 || cell[0] != '`') return "";
    return cell.substr(1, cell.find('`', 1) - 1);
}

TEST(SchemaDoc, VersionMatches) {
    std::ifstream in(std::string(LANTERN_SOURCE_DIR) + "/docs/schema.md");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("**Schema version: " + std::to_string(kSchemaVersion) + "**"), std::string::npos);
}

TEST(SchemaDoc, PrefixTableMatches) {
    const std::map<TermKind, std::string> kinds = {
        {TermKind::FreeText, "free text"}, {TermKind::Boolean, "boolean"}, {TermKind::TitleKey, "free text, wdf 1"}};
    std::map<std::string, std::vector<std::string>> doc;
    for (const auto& cells : doc_table("Term prefixes")) {
        ASSERT_EQ(cells.size(), 4u) << cells[0];
        EXPECT_TRUE(doc.emplace(code_of(cells[0]), cells).second) << "listed twice: " << cells[0];
    }
    for (const PrefixInfo& p : kPrefixes) {
        const auto row = doc.find(p.prefix);
        if (row == doc.end()) {
            ADD_FAILURE() << "docs/schema.md does not list prefix '" << p.prefix << "'";
            continue;
        }
        EXPECT_EQ(row->second[2], kinds.at(p.kind)) << p.prefix;
        if (*p.field != '\0') {
            EXPECT_EQ(row->second[3], "`" + std::string(p.field) + ":`") << p.prefix;
        } else {
            EXPECT_TRUE(row->second[3] == "\u2014" || row->second[3] == "plain words")
                << p.prefix << ": " << row->second[3];
        }
        doc.erase(row);
    }
    for (const auto& [prefix, cells] : doc)
        ADD_FAILURE() << "docs/schema.md lists prefix '" << prefix << "', which schema.h lacks";
}

TEST(SchemaDoc, SlotTableMatches) {
    std::map<unsigned, std::string> doc;
    for (const auto& cells : doc_table("Value slots")) {
        ASSERT_EQ(cells.size(), 3u) << cells[0];
        if (cells[0].find_first_not_of("0123456789") != std::string::npos) continue;  // "7–9": unused
        doc[static_cast<unsigned>(std::stoul(cells[0]))] = code_of(cells[1]);
    }
    std::map<unsigned, std::string> module;
    for (const SlotInfo& s : kSlots) module[s.slot] = s.name;
    EXPECT_EQ(doc, module);
    // The facet slot's letters, as the page names them.
    const auto rows = doc_table("Value slots");
    const auto facets = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r[1] == "`kSlotFacets`"; });
    ASSERT_NE(facets, rows.end());
    for (const FacetInfo& f : kFacets) {
        EXPECT_NE((*facets)[2].find("`" + std::string(1, f.letter) + "` " + f.name), std::string::npos) << f.name;
    }
}

TEST(SchemaDoc, MetadataKeysMatch) {
    std::set<std::string> doc;
    for (const auto& cells : doc_table("Metadata keys")) doc.insert(code_of(cells[0]));
    const std::set<std::string> module(std::begin(kMetadataKeys), std::end(kMetadataKeys));
    EXPECT_EQ(doc, module);
}

TEST(SchemaDoc, FieldWeightsMatch) {
    const auto rows = doc_table("Term prefixes");
    ASSERT_EQ(rows[0][0], "(none)");
    for (const auto& [field, weight] :
         std::vector<std::pair<std::string, unsigned>>{{"title", kWeightTitle},
                                                       {"description", kWeightDescription},
                                                       {"section headings", kWeightHeading},
                                                       {"body", kWeightBody}}) {
        EXPECT_NE(rows[0][1].find(field + " \u00d7" + std::to_string(weight)), std::string::npos) << field;
    }
}

}  // namespace
}  // namespace lantern::schema
