// Tests for core/boilerplate: what counts as repeated chrome, and that stripping keeps sections right.
#include "extract/boilerplate.h"

#include <gtest/gtest.h>

namespace lantern {
namespace {

Article page(const std::string& unique) {
    Article a;
    a.body = "Report title " + unique + "\n"
             "Persons using assistive technology might not be able to access this file.\n"
             "Unique text about " + unique + " and nothing else here.\n"
             "Sources\n"
             "Short line\n"
             "Centers for Disease Control and Prevention, 1600 Clifton Rd, Atlanta.";
    a.sections = {{"Report title " + unique, "", 0}};
    const std::size_t sources = a.body.find("Sources");
    a.sections.push_back({"Sources", "sources", sources});
    return a;
}

TEST(Boilerplate, LearnsParagraphsOnMostPagesOnly) {
    const struct {
        std::string name;
        std::size_t pages;
        std::size_t want;
    } rows[] = {
        {"too few pages to learn from", 3, 0},
        {"enough pages", 4, 2},   // the assistive-technology line and the address line
        {"many pages", 20, 2},
    };
    for (const auto& r : rows) {
        std::vector<Article> sample;
        for (std::size_t i = 0; i < r.pages; ++i) sample.push_back(page("page" + std::to_string(i)));
        Boilerplate b;
        b.learn(sample);
        EXPECT_EQ(b.size(), r.want) << r.name;
    }
}

TEST(Boilerplate, NotLearnedWhenOnFewerThanHalfThePages) {
    std::vector<Article> sample;
    for (int i = 0; i < 10; ++i) {
        Article a;
        a.body = "A paragraph that only some of the pages share today.\nPage " + std::to_string(i) + " has its own words.";
        if (i >= 4) a.body = "Page " + std::to_string(i) + " different text entirely for this one.";
        sample.push_back(a);
    }
    Boilerplate b;
    b.learn(sample);
    EXPECT_TRUE(b.empty());
}

TEST(Boilerplate, StripKeepsHeadingsAndRemapsSections) {
    std::vector<Article> sample;
    for (int i = 0; i < 6; ++i) sample.push_back(page("p" + std::to_string(i)));
    Boilerplate b;
    b.learn(sample);
    Article a = page("zz");
    b.strip(a);
    EXPECT_EQ(a.body, "Report title zz\nUnique text about zz and nothing else here.\nSources\nShort line");
    ASSERT_EQ(a.sections.size(), 2u);
    EXPECT_EQ(a.body.compare(a.sections[1].offset, 7, "Sources"), 0);
    EXPECT_EQ(a.sections[0].offset, 0u);
    const std::string before = b.fingerprint();
    b.learn({});
    EXPECT_NE(b.fingerprint(), before);
}

}  // namespace
}  // namespace lantern
