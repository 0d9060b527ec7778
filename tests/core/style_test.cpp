// core/style: Colour::parse and hex(), hatch names, for_level fallback.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

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
