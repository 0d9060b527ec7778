// core/style: Colour::parse and hex(), hatch names, for_level fallback, the ramp.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "core/colour_science.hpp"
#include "core/style.hpp"

namespace threatmap {
namespace {

TEST(ColourParse, RgbAndRgba) {
    auto red = Colour::parse("#ff0000");
    ASSERT_TRUE(red);
    EXPECT_DOUBLE_EQ(red->r, 1.0);
    EXPECT_DOUBLE_EQ(red->g, 0.0);
    EXPECT_DOUBLE_EQ(red->b, 0.0);
    EXPECT_DOUBLE_EQ(red->a, 1.0);
    auto c = Colour::parse("#B30000");  // upper case accepted
    ASSERT_TRUE(c);
    EXPECT_DOUBLE_EQ(c->r, 0xb3 / 255.0);
    auto half = Colour::parse("#00000080");
    ASSERT_TRUE(half);
    EXPECT_DOUBLE_EQ(half->a, 0x80 / 255.0);
    EXPECT_DOUBLE_EQ(half->r, 0.0);
}

TEST(ColourParse, MalformedIsNullopt) {
    for (const char* bad : {"#ggg", "#gggggg", "#fff", "ff0000", "#ff00", "#ff00000", "#ff0000ff0", "", "#",
                            "#12345g", " #123456"})
        EXPECT_FALSE(Colour::parse(bad)) << "accepted \"" << bad << "\"";
}

TEST(ColourHex, RoundTripsAndDropsAlpha) {
    for (const char* hex : {"#000000", "#ffffff", "#fc8d59", "#b30000", "#0a0b0c"})
        EXPECT_EQ(Colour::parse(hex)->hex(), hex);
    EXPECT_EQ(Colour::parse("#fc8d5980")->hex(), "#fc8d59");
}

TEST(Hatch, NamesRoundTripAndUnknownIsNullopt) {
    for (const auto& name : hatch_names()) {
        auto h = parse_hatch(name);
        ASSERT_TRUE(h) << name;
        EXPECT_EQ(hatch_name(*h), name);
    }
    EXPECT_EQ(parse_hatch("back-diagonal"), Hatch::back_diagonal);
    EXPECT_FALSE(parse_hatch("diagonals"));
    EXPECT_FALSE(parse_hatch("Diagonal"));
}

TEST(StyleForLevel, NamedLevelThenCategoricalCycle) {
    Style s;
    s.levels["matig"].fill = *Colour::parse("#fc8d59");
    s.categorical = {FillStyle{*Colour::parse("#111111")}, FillStyle{*Colour::parse("#222222")}};
    EXPECT_EQ(s.for_level("matig", 0).fill.hex(), "#fc8d59");
    EXPECT_EQ(s.for_level("other", 0).fill.hex(), "#111111");
    EXPECT_EQ(s.for_level("other", 3).fill.hex(), "#222222");
}

// The ramp: a scale of its own length takes its colours exactly; a longer one
// keeps the ends and puts the others between, darkening level by level (L*
// falls); one level takes the highest; no ramp, no fills.
TEST(StyleRamp, EndsAreTheRampsAndLevelsBetweenDarkenInTurn) {
    Style s;
    EXPECT_TRUE(s.ramp_fills(3).empty());
    s.ramp = {*Colour::parse("#fef0d9"), *Colour::parse("#fc8d59"), *Colour::parse("#b30000")};
    std::vector<std::string> three;
    for (const auto& f : s.ramp_fills(3)) three.push_back(f.fill.hex());
    EXPECT_EQ(three, (std::vector<std::string>{"#fef0d9", "#fc8d59", "#b30000"}));
    const auto five = s.ramp_fills(5);
    ASSERT_EQ(five.size(), 5u);
    EXPECT_EQ(five[0].fill.hex(), "#fef0d9");
    EXPECT_EQ(five[2].fill.hex(), "#fc8d59");
    EXPECT_EQ(five[4].fill.hex(), "#b30000");
    for (std::size_t k = 1; k < five.size(); ++k) {
        EXPECT_LT(core::lab_from_colour(five[k].fill).L, core::lab_from_colour(five[k - 1].fill).L - 5) << k;
        EXPECT_EQ(five[k].hatch, Hatch::none);
    }
    // Halfway from #fef0d9 to #fc8d59 in L*a*b*, not in sRGB (up to where sRGB
    // ends: the red of the exact midpoint is past 1 and clamped).
    const core::Lab a = core::lab_from_colour(s.ramp[0]), b = core::lab_from_colour(s.ramp[1]);
    const core::Lab mid = core::lab_from_colour(five[1].fill);
    EXPECT_NEAR(mid.L, (a.L + b.L) / 2, 0.5);
    EXPECT_NEAR(mid.a, (a.a + b.a) / 2, 1.5);
    EXPECT_NEAR(mid.b, (a.b + b.b) / 2, 1.5);
    ASSERT_EQ(s.ramp_fills(1).size(), 1u);
    EXPECT_EQ(s.ramp_fills(1)[0].fill.hex(), "#b30000");
}

// Past the palette's end the colours come round again with a hatch, a
// different one each round: no two classes look alike (up to 6 rounds).
TEST(StyleForLevel, ClassesPastThePaletteGetAHatch) {
    Style s;
    s.categorical = {FillStyle{*Colour::parse("#111111")}, FillStyle{*Colour::parse("#222222")}};
    EXPECT_EQ(s.for_level("a", 0).hatch, Hatch::none);
    EXPECT_EQ(s.for_level("a", 1).hatch, Hatch::none);
    EXPECT_EQ(s.for_level("a", 2).fill.hex(), "#111111");
    EXPECT_EQ(s.for_level("a", 2).hatch, Hatch::diagonal);
    EXPECT_EQ(s.for_level("a", 5).hatch, Hatch::back_diagonal);
    std::set<std::pair<std::string, Hatch>> seen;
    for (std::size_t i = 0; i < 12; ++i) {
        const FillStyle f = s.for_level("class", i);
        EXPECT_NE(f.hatch, Hatch::dots) << i;  // dots mean "no value"
        EXPECT_TRUE(seen.insert({f.fill.hex(), f.hatch}).second) << "class " << i << " looks like an earlier one";
    }
}

}  // namespace
}  // namespace threatmap
