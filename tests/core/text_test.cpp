// core/text: name folding (case, accents, separators), edit distance and
// "did you mean" ranking. Expected values are worked out by hand in comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace threatmap::core {
namespace {

TEST(FoldName, CaseAndAccentsFoldToTheSameName) {
    EXPECT_EQ(fold_name("Ségou"), "segou");
    EXPECT_EQ(fold_name("SEGOU"), "segou");
    EXPECT_EQ(fold_name("segou"), "segou");
    EXPECT_EQ(fold_name("SÉGOU"), "segou");  // upper-case accented letter (U+00C9)
    EXPECT_EQ(fold_name("Taoudénit"), fold_name("Taoudenit"));
    EXPECT_EQ(fold_name("Ménaka"), "menaka");
    EXPECT_EQ(fold_name("Tombuctú"), "tombuctu");
}

TEST(FoldName, DifferentSpellingsStayDifferent) {
    // Folding is not fuzzy matching: the Dutch exonym needs an alias.
    EXPECT_NE(fold_name("Timboektoe"), fold_name("Tombouctou"));
    EXPECT_NE(fold_name("Taoudenni"), fold_name("Taoudénit"));
}

TEST(FoldName, SeparatorsCollapseToOneSpaceAndAreTrimmed) {
    EXPECT_EQ(fold_name("Gao-stad"), "gao stad");
    EXPECT_EQ(fold_name("gao stad"), "gao stad");
    EXPECT_EQ(fold_name("Gao-stad"), fold_name("gao stad"));
    EXPECT_EQ(fold_name("Gao_ - stad"), "gao stad");
    EXPECT_EQ(fold_name("N'Djamena"), "n djamena");
    EXPECT_EQ(fold_name("regio\xE2\x80\x99s"), "regio s");  // typographic apostrophe U+2019
    EXPECT_EQ(fold_name("  Gao  "), "gao");
    EXPECT_EQ(fold_name("- ' _"), "");
}

TEST(FoldName, OtherScriptsPassThrough) {
    EXPECT_EQ(fold_name("غاو"), "غاو");  // Arabic "Gao": not folded, not lost
}

TEST(FontFamilyHonoured, DrawnFamilyIsOneOfTheListed) {
    EXPECT_TRUE(font_family_honoured("DejaVu Sans", "DejaVu Sans"));
    EXPECT_TRUE(font_family_honoured("dejavusans", "DejaVu Sans"));  // case and spaces aside, as fontconfig
    EXPECT_TRUE(font_family_honoured("Noto Sans, DejaVu Sans", "DejaVu Sans"));
    EXPECT_FALSE(font_family_honoured("Comic Nonexistent", "DejaVu Sans"));
    EXPECT_FALSE(font_family_honoured("Noto Sans, Liberation Sans", "DejaVu Sans"));
    EXPECT_FALSE(font_family_honoured("DejaVu Sans", ""));  // nothing drawn
    EXPECT_FALSE(font_family_honoured("", ""));
}

TEST(FontFamilyHonoured, AGenericFamilyFirstTakesWhatTheFontSystemPicks) {
    EXPECT_TRUE(font_family_honoured("sans-serif", "DejaVu Sans"));
    EXPECT_TRUE(font_family_honoured("Monospace", "DejaVu Sans Mono"));
    EXPECT_TRUE(font_family_honoured("serif, Comic Nonexistent", "DejaVu Serif"));
    // Generic only as the first choice: a missing first family is still missing.
    EXPECT_FALSE(font_family_honoured("Comic Nonexistent, sans-serif", "DejaVu Sans"));
}

TEST(QuotedList, NamesTheFirstAndCountsTheRest) {
    EXPECT_EQ(quoted_list({"Gao"}, 5), "\"Gao\"");
    EXPECT_EQ(quoted_list({"Gao", "Kidal", "Mopti"}, 3), "\"Gao\", \"Kidal\" and \"Mopti\"");
    EXPECT_EQ(quoted_list({"Gao", "Kidal", "Mopti", "Ségou"}, 2), "\"Gao\", \"Kidal\" and 2 more");
    EXPECT_EQ(quoted_list({}, 5), "");
    EXPECT_EQ(counted_list({"the title", "level \"low\"", "x"}, 2), "the title, level \"low\" and 1 more");
}

TEST(LikelyMeant, OnlyNamesCloseEnoughToBeAMisspelling) {
    const std::vector<std::string> names{"Tombouctou", "Gao", "Kidal", "Mopti"};
    EXPECT_EQ(likely_meant("Tomboucto", names), (std::vector<std::string>{"Tombouctou"}));
    EXPECT_EQ(likely_meant("GAO", names).front(), "Gao");  // folded: case and accents aside
    EXPECT_TRUE(likely_meant("Bamako", names).empty());
    EXPECT_TRUE(likely_meant("x", {}).empty());
}

TEST(EditDistance, KnownValues) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("matig", "matig"), 0u);
    EXPECT_EQ(edit_distance("matige", "matig"), 1u);   // one deletion
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u); // k->s, e->i, +g
    EXPECT_EQ(edit_distance("sitting", "kitten"), 3u); // symmetric
    EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
}

TEST(ClosestNames, ClosestFirstAndLimitedToCount) {
    const std::vector<std::string> levels = {"verwaarloosbaar", "matig", "significant"};
    auto near = closest_names("matige", levels, 3);
    ASSERT_EQ(near.size(), 3u);
    EXPECT_EQ(near[0], "matig");
    EXPECT_EQ(closest_names("signifcant", levels, 1), std::vector<std::string>{"significant"});
    EXPECT_EQ(closest_names("verwaarloosbar", levels, 1), std::vector<std::string>{"verwaarloosbaar"});
    EXPECT_EQ(closest_names("x", levels, 0).size(), 0u);
}

TEST(ClosestNames, ComparesFoldedAndReturnsCandidatesAsWritten) {
    const std::vector<std::string> names = {"Kayes", "Ségou", "Mopti", "Sikasso"};
    auto near = closest_names("SEGU", names, 2);
    ASSERT_EQ(near.size(), 2u);
    EXPECT_EQ(near[0], "Ségou");  // "segu" vs "segou": 1
}

TEST(ClosestNames, TiesKeepCandidateOrderAndDuplicatesAreDropped) {
    // "ab" is 1 from both "aa" and "bb"; "zz" is 2 away.
    auto near = closest_names("ab", {"zz", "bb", "aa", "bb"}, 3);
    EXPECT_EQ(near, (std::vector<std::string>{"bb", "aa", "zz"}));
}

TEST(JoinAlternatives, ListsWithLastWord) {
    EXPECT_EQ(join_alternatives({}), "");
    EXPECT_EQ(join_alternatives({"a"}), "a");
    EXPECT_EQ(join_alternatives({"a", "b"}), "a or b");
    EXPECT_EQ(join_alternatives({"a", "b", "c"}, "and"), "a, b and c");
}

TEST(ReplaceAll, EveryOccurrenceLeftToRightNeverTheReplacement) {
    EXPECT_EQ(replace_all("a — b — c", " —", "\u00A0—"), "a\u00A0— b\u00A0— c");
    EXPECT_EQ(replace_all("aaa", "a", "aa"), "aaaaaa");  // the inserted text is not searched again
    EXPECT_EQ(replace_all("abc", "x", "y"), "abc");
    EXPECT_EQ(replace_all("", "x", "y"), "");
}

TEST(NaturalLess, NumbersByValueAccentsFoldedThenPlainOrder) {
    const std::vector<std::string> expected = {"Gao", "Ségou", "Sikasso", "zone 02", "zone 2", "Zone 9", "zone 10", "zone 10b", "zone 100"};
    for (std::size_t i = 0; i < expected.size(); ++i)
        for (std::size_t j = 0; j < expected.size(); ++j)
            EXPECT_EQ(natural_less(expected[i], expected[j]), i < j) << expected[i] << " / " << expected[j];
    std::vector<std::string> shuffled = {"zone 100", "Sikasso", "zone 10", "Zone 9", "zone 02", "Ségou", "zone 10b", "Gao", "zone 2"};
    std::vector<std::string> sorted = shuffled;
    std::sort(sorted.begin(), sorted.end(), natural_less);
    EXPECT_EQ(sorted, expected);
    sort_naturally(shuffled);
    EXPECT_EQ(shuffled, expected);
    EXPECT_FALSE(natural_less("a", "a"));
    EXPECT_TRUE(natural_less("a", "a1"));
    EXPECT_FALSE(natural_less("a1", "a"));
}

}  // namespace
}  // namespace threatmap::core
