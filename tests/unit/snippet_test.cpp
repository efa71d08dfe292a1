// Tests for core/snippet: passage choice, highlighting by stem, escaping and sections.
#include "search/snippet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace lantern {
namespace {

Article article() {
    Article a;
    a.title = "Caring for veins";
    a.body = "Caring for veins\n"
             "Intro text that talks about nothing in particular for a good while, padding padding padding padding padding "
             "padding padding padding padding padding padding padding padding padding padding padding padding padding.\n"
             "Collapsed veins\n"
             "A vein collapses after repeated injury; rotating sites & <rest> help collapsed veins heal. "
             "More words follow here to make the paragraph long enough for a cut at the end of the passage window.";
    a.sections = {{"Caring for veins", "", 0}};
    const std::size_t at = a.body.find("Collapsed veins");
    a.sections.push_back({"Collapsed veins", "collapsed-veins", at});
    return a;
}

TEST(Snippet, BestPassageHasTheMatchesAndItsSection) {
    const Highlighter hl({"collaps", "vein"});  // stems, as query planning produces them
    const Snippet s = hl.best_passage(article(), 160);
    EXPECT_EQ(s.anchor, "collapsed-veins");
    EXPECT_EQ(s.heading, "Collapsed veins");
    EXPECT_NE(s.html.find("<mark>Collapsed</mark> <mark>veins</mark>"), std::string::npos) << s.html;
    EXPECT_NE(s.html.find("A <mark>vein</mark> <mark>collapses</mark>"), std::string::npos) << s.html;  // stemmed forms
    EXPECT_NE(s.html.find("&amp; &lt;rest&gt;"), std::string::npos) << s.html;                         // escaped
    EXPECT_EQ(s.html.find("padding padding padding padding padding padding"), std::string::npos) << s.html;
    EXPECT_LE(s.html.size(), 160u + 13u * 8 + 6);  // text limit plus mark tags and ellipses
    EXPECT_EQ(s.html.substr(s.html.size() - 3), "\xE2\x80\xA6");
}

TEST(Snippet, TableOfHighlights) {
    const struct {
        std::vector<std::string> stems;
        std::string text, want;
    } rows[] = {
        {{"cafe"}, "Le Caf\xC3\xA9 ouvert", "Le <mark>Caf\xC3\xA9</mark> ouvert"},        // accents fold
        {{"naloxon"}, "Naloxone (Narcan) <b>", "<mark>Naloxone</mark> (Narcan) &lt;b&gt;"},
        {{"988"}, "Call 988 now", "Call <mark>988</mark> now"},
        {{}, "No query & nothing", "No query &amp; nothing"},
        // The first-two-letters filter: same first letter, other second letter, is not a match;
        // irregular stems keep their first two letters; one-letter words and stems still match.
        {{"naloxon", "vein"}, "Nasal naloxone, NALOXONE, veins vs. vain", "Nasal <mark>naloxone</mark>, <mark>NALOXONE</mark>, <mark>veins</mark> vs. vain"},
        {{"die", "sky"}, "Dying under skies", "<mark>Dying</mark> under <mark>skies</mark>"},
        {{"x", "a"}, "x-ray a b", "<mark>x</mark>-ray <mark>a</mark> b"},
        {{"don't"}, "Don't, do not", "<mark>Don&#39;t</mark>, do not"},
        {{"cafe"}, "CAF\xC3\x89 cafes", "<mark>CAF\xC3\x89</mark> <mark>cafes</mark>"},
        // Issue 18: the text's normal form does not matter (NFD accents, ligatures, fullwidth).
        {{"cafe"}, "Le cafe\xCC\x81 ouvert", "Le <mark>cafe\xCC\x81</mark> ouvert"},
        {{"first"}, "\xEF\xAC\x81rst aid", "<mark>\xEF\xAC\x81rst</mark> aid"},
        {{"hiv"}, "\xEF\xBC\xA8\xEF\xBC\xA9\xEF\xBC\xB6 test", "<mark>\xEF\xBC\xA8\xEF\xBC\xA9\xEF\xBC\xB6</mark> test"},
    };
    for (const auto& r : rows) EXPECT_EQ(Highlighter(r.stems).mark_all(r.text), r.want) << r.text;
}

// Where a passage starts: at the line break just before it when one is within 40 bytes, at the
// text's start when that is within 40 bytes and no line break comes between, and never before
// the first match's paragraph. Only those 40 bytes are searched (snippet.cpp).
TEST(Snippet, PassageStartsAtANearbyParagraphStart) {
    const std::string filler(600, 'x');   // one long word: no matches, no line breaks
    const std::string words = "one two three four five six seven eight nine ten eleven twelve ";
    const struct {
        std::string body, want_start;
    } rows[] = {
        // no line break anywhere: the text's start is close, or it is not (the lead-in is six words)
        {"Short lead then target word and more.", "Short lead then"},
        {words + words + "target " + filler, "seven eight nine"},
        // a line break 4 bytes before the lead-in: the passage starts after it; 44 bytes: it does not
        {filler + "\nsix seven eight nine ten eleven twelve target " + filler, "six seven"},
        {filler + "\nabcdefghij abcdefghij abcdefghij abcdefghij seven eight nine ten eleven twelve target " + filler,
         "seven eight"},
        // a line break between the lead-in and the match: the match's paragraph wins
        {filler + " " + words + "lead\ntarget here " + filler, "<mark>target</mark> here"},
        // a line break at the very start
        {"\nTarget first.", "<mark>Target</mark> first."},
    };
    for (const auto& r : rows) {
        Article a;
        a.title = "Unrelated";
        a.body = r.body;
        const Snippet s = Highlighter({"target"}).best_passage(a, 120);
        const std::string plain = s.html.rfind("\xE2\x80\xA6", 0) == 0 ? s.html.substr(3) : s.html;
        EXPECT_EQ(plain.rfind(r.want_start, 0), 0u) << s.html;
    }
}

TEST(Snippet, NoMatchGivesTheStartAfterTheTitle) {
    const Snippet s = Highlighter({"zzz"}).best_passage(article(), 40);
    EXPECT_EQ(s.html.rfind("Intro text that", 0), 0u) << s.html;
    EXPECT_EQ(s.anchor, "");
}

// Issue 16: a snippet never starts by repeating the title the result already shows (the page's
// <h1>, or a report's title repeated after a notice); it used to start with it whenever a query
// word was in the title or nothing matched.
TEST(Snippet, NeverStartsWithTheTitle) {
    const struct {
        std::string name, title, body;
        std::vector<std::string> stems;
        std::string starts;   // the snippet's first characters
    } rows[] = {
        {"match in the title and the lead", "Naloxone (Narcan): how to use it",
         "Naloxone (Narcan): how to use it\nNaloxone reverses an opioid overdose.\nHow it works\nIt blocks receptors.",
         {"naloxon"}, "<mark>Naloxone</mark> reverses"},
        {"match only in the title", "Naloxone (Narcan): how to use it",
         "Naloxone (Narcan): how to use it\nCarry two doses.\nMore text.", {"naloxon"}, "Carry two doses."},
        {"no match", "Naloxone", "Naloxone\nCarry two doses.", {"zzz"}, "Carry two doses."},
        {"same words, other case and punctuation", "Naloxone - how to use it",
         "NALOXONE: How to use it\nCarry two doses of naloxone.", {"naloxon"}, "Carry two doses of <mark>naloxone</mark>."},
        {"title repeated after a notice", "Soft Tissue Infections --- San Francisco",
         "Accessibility notice for this file.\nSoft Tissue Infections --- San Francisco\nSoft tissue infections are common.",
         {"infect"}, "\u2026Soft tissue <mark>infections</mark> are common."},
        {"a heading other than the title is kept", "Caring for veins | Riverbend",
         "Caring for veins\nRotate sites.", {"zzz"}, "Caring for veins Rotate sites."},
        {"a longer line that starts like the title is kept", "Naloxone",
         "Naloxone works in minutes.\nMore.", {"naloxon"}, "<mark>Naloxone</mark> works in minutes."},
    };
    for (const auto& r : rows) {
        Article a;
        a.title = r.title;
        a.body = r.body;
        a.sections = {{r.body.substr(0, r.body.find('\n')), "", 0}};
        const Snippet s = Highlighter(r.stems).best_passage(a, 160);
        EXPECT_EQ(s.html.substr(0, r.starts.size()), r.starts) << r.name << ": " << s.html;
    }
}

// Highlighting reads blocks of 64 plain ASCII bytes from bit masks and the rest word by word.
// Long random texts must mark exactly the words that, highlighted alone (a short text, read
// word by word), are marked: wherever the words, blocks, apostrophes and accents fall.
TEST(Snippet, BlocksAndWordByWordMarkTheSameWords) {
    const Highlighter hl({"vein", "collaps", "naloxon", "988", "don't", "cafe", "x"});
    const char* words[] = {"vein", "Veins", "collapsed", "naloxone", "NALOXONE", "988", "don't", "Don't", "caf\xC3\xA9",
                           "cafes", "x", "vain", "ventilation", "narrow", "a", "the", "injection", "sites", "rotate",
                           "supercalifragilisticexpialidociouspneumonoultramicroscopicsilicovolcanoconiosisveins",
                           "naloxone\xE2\x80\x99s", "12345"};
    const char* gaps[] = {" ", " ", " ", ", ", ". ", "\n", " \xE2\x80\x94 ", " '", "' ", "--", " (", ") ", " & "};
    std::uint32_t seed = 7;
    auto next_random = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const std::size_t n = 20 + next_random() % 120;
        for (std::size_t k = 0; k < n; ++k) {
            text += words[next_random() % std::size(words)];
            text += gaps[next_random() % std::size(gaps)];
        }
        std::string want;
        std::size_t at = 0;
        for (const WordSpan& w : word_spans(text)) {
            const std::string word = text.substr(w.begin, w.end - w.begin);
            if (hl.mark_all(word).find("<mark>") == std::string::npos) continue;
            want += escape_html(text.substr(at, w.begin - at)) + "<mark>" + escape_html(word) + "</mark>";
            at = w.end;
        }
        want += escape_html(text.substr(at));
        std::replace(want.begin(), want.end(), '\n', ' ');
        ASSERT_EQ(hl.mark_all(text), want) << "round " << round << ": " << text;
    }
}

// A PreparedBody (kept for articles that recur in answers) finds the same passage as scanning the
// text: random texts of the awkward words above, with and without a title line to skip, for
// several queries, including stems no word has.
TEST(Snippet, APreparedBodyGivesTheSamePassage) {
    const std::vector<std::vector<std::string>> queries = {
        {"vein", "collaps"}, {"naloxon", "988", "don't"}, {"cafe", "x"}, {"die", "sky"}, {"ete", "first"}, {"zzz"}, {}};
    const char* words[] = {"vein", "Veins", "collapsed", "naloxone", "NALOXONE", "988", "don't", "Don't", "caf\xC3\xA9",
                           "CAF\xC3\x89", "x", "vain", "Dying", "skies", "the", "injection", "\xC3\xA9t\xC3\xA9", "fi\xEF\xAC\x81rst",
                           "supercalifragilisticexpialidociouspneumonoultramicroscopicsilicovolcanoconiosisveins", "12345"};
    const char* gaps[] = {" ", " ", ", ", ". ", "\n", " \xE2\x80\x94 ", " '", "' ", "--", " & "};
    std::uint32_t seed = 11;
    auto next_random = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 200; ++round) {
        Article a;
        a.title = "Caring for veins";
        if (round % 2 == 0) a.body = "Caring for veins\n";
        const std::size_t n = 5 + next_random() % 300;
        for (std::size_t k = 0; k < n; ++k) {
            a.body += words[next_random() % std::size(words)];
            a.body += gaps[next_random() % std::size(gaps)];
        }
        a.sections = {{"Caring for veins", "", 0}};
        const PreparedBody prepared(a);
        for (const std::vector<std::string>& stems : queries) {
            const Highlighter hl(stems);
            const Snippet scanned = hl.best_passage(a, 160);
            const Snippet quick = hl.best_passage(a, 160, &prepared);
            ASSERT_EQ(quick.html, scanned.html) << "round " << round << ": " << a.body;
            ASSERT_EQ(quick.anchor, scanned.anchor);
        }
    }
}

// A PDF page that starts no outline entry has a section with no heading: the snippet keeps the
// heading before it and takes the page's anchor.
TEST(Snippet, APageWithoutAHeadingKeepsTheOneBeforeIt) {
    Article a;
    a.title = "Guide";
    a.body =
        "Intro on page one.\nWhere to get it\nFree from us at the drop-in.\nMore of that section on page two: "
        "pharmacies.";
    a.sections = {{"", "page=1", 0},
                  {"Where to get it", "page=1", a.body.find("Where to get it")},
                  {"", "page=2", a.body.find("More of that")}};
    const Snippet s = Highlighter({"pharmaci"}).best_passage(a, 80);
    EXPECT_EQ(s.heading, "Where to get it");
    EXPECT_EQ(s.anchor, "page=2");
    const Snippet first = Highlighter({"intro"}).best_passage(a, 80);
    EXPECT_EQ(first.heading, "");
    EXPECT_EQ(first.anchor, "page=1");
}

}  // namespace
}  // namespace lantern
