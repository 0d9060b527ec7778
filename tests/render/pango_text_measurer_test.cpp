// PangoTextMeasurer: sizes grow as they should, wrapping keeps within the
// width, and measurement is linear in size (hint metrics off). Expected
// numbers are relations between measurements, not font-specific constants,
// except the line-height range, which holds for any sane Latin font
// (DejaVu Sans: 1.164 em).
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "render/pango_text_measurer.hpp"

namespace threatmap::render {
namespace {

layout::TextStyle style(double size_pt, bool bold = false) {
    layout::TextStyle s;
    s.family = "DejaVu Sans";
    s.size_pt = size_pt;
    s.bold = bold;
    return s;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

TEST(PangoTextMeasurer, EmptyTextHasNoLinesAndNoExtent) {
    PangoTextMeasurer m;
    auto e = m.measure("", style(10));
    EXPECT_TRUE(e.lines.empty());
    EXPECT_EQ(e.width_pt, 0);
    EXPECT_EQ(e.height_pt, 0);
}

TEST(PangoTextMeasurer, FamilyDrawnIsTheFamilyWhenInstalledAndTheSubstituteOtherwise) {
    PangoTextMeasurer m;
    EXPECT_EQ(m.family_drawn("DejaVu Sans"), "DejaVu Sans");
    EXPECT_EQ(m.family_drawn("dejavu sans"), "DejaVu Sans");  // fontconfig ignores case
    const std::string substitute = m.family_drawn("No Such Family 7f3a");
    EXPECT_FALSE(substitute.empty());
    EXPECT_NE(substitute, "No Such Family 7f3a");
    // A list: the first installed family.
    EXPECT_EQ(m.family_drawn("No Such Family 7f3a, DejaVu Sans"), "DejaVu Sans");
}

// Characters no font has (the tests' fonts are DejaVu's only: no Chinese)
// are counted, so that a map can say they are drawn as boxes.
TEST(PangoTextMeasurer, CountsCharactersNoFontHas) {
    PangoTextMeasurer m;
    EXPECT_EQ(m.measure("Ségou", style(10)).unknown_glyphs, 0);
    EXPECT_EQ(m.measure("Москва", style(10)).unknown_glyphs, 0);
    EXPECT_EQ(m.measure("北京市", style(10)).unknown_glyphs, 3);
    EXPECT_EQ(m.measure("Beijing 北京", style(10)).unknown_glyphs, 2);
}

TEST(PangoTextMeasurer, WidthGrowsWithLengthAndSize) {
    PangoTextMeasurer m;
    auto short_text = m.measure("Gao", style(10));
    auto long_text = m.measure("Gao Kidal Timbuktu", style(10));
    auto bigger = m.measure("Gao", style(20));
    EXPECT_GT(short_text.width_pt, 0);
    EXPECT_GT(long_text.width_pt, short_text.width_pt * 2);
    EXPECT_GT(bigger.width_pt, short_text.width_pt);
    ASSERT_EQ(short_text.lines.size(), 1u);
    EXPECT_EQ(short_text.lines[0], "Gao");
}

TEST(PangoTextMeasurer, MetricsAreInPointsAndLinearInSize) {
    PangoTextMeasurer m;
    auto a = m.measure("Ménaka and Douentza", style(10));
    auto b = m.measure("Ménaka and Douentza", style(20));
    // Hint metrics off: doubling the size doubles the width to well under 1 %.
    EXPECT_NEAR(b.width_pt / a.width_pt, 2.0, 0.01);
    EXPECT_NEAR(b.line_height_pt / a.line_height_pt, 2.0, 0.01);
    // A line is a little taller than the em (points, not pixels at 96 dpi).
    EXPECT_GT(a.line_height_pt, 10.0);
    EXPECT_LT(a.line_height_pt, 15.0);
    EXPECT_DOUBLE_EQ(a.height_pt, a.line_height_pt);
}

TEST(PangoTextMeasurer, BoldIsWider) {
    PangoTextMeasurer m;
    EXPECT_GT(m.measure("Kidal", style(10, true)).width_pt, m.measure("Kidal", style(10)).width_pt);
}

TEST(PangoTextMeasurer, WrapsAtMaxWidthAndReturnsTheLines) {
    PangoTextMeasurer m;
    const std::string text = "The threat of improvised explosive devices is significant in the whole region";
    const double max_width = 80;
    auto e = m.measure(text, style(8), max_width);
    ASSERT_GT(e.lines.size(), 2u);
    EXPECT_LE(e.width_pt, max_width);
    EXPECT_DOUBLE_EQ(e.height_pt, e.line_height_pt * static_cast<double>(e.lines.size()));
    std::vector<std::string> rejoined;
    for (const auto& line : e.lines) {
        EXPECT_FALSE(line.empty());
        EXPECT_NE(line.back(), ' ') << "trailing space kept in '" << line << "'";
        // Each line, drawn alone as the renderers do, fits.
        EXPECT_LE(m.measure(line, style(8)).width_pt, max_width) << line;
        for (auto& w : words(line)) rejoined.push_back(w);
    }
    EXPECT_EQ(rejoined, words(text));
    EXPECT_EQ(m.measure(text, style(8)).lines.size(), 1u);
}

TEST(PangoTextMeasurer, ExplicitNewlineBreaksWithoutWrapping) {
    PangoTextMeasurer m;
    auto e = m.measure("Ségou\nMopti", style(9));
    ASSERT_EQ(e.lines.size(), 2u);
    EXPECT_EQ(e.lines[0], "Ségou");
    EXPECT_EQ(e.lines[1], "Mopti");
    EXPECT_DOUBLE_EQ(e.height_pt, 2 * e.line_height_pt);
}

TEST(PangoTextMeasurer, InstancesOnSeveralThreadsAgree) {
    const std::string text = "Tombouctou, Gao, Kidal et Ménaka";
    PangoTextMeasurer reference;
    const auto expected = reference.measure(text, style(7.5), 60);
    std::vector<layout::TextExtent> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results)
        threads.emplace_back([&r, &text] {
            PangoTextMeasurer m;
            for (int i = 0; i < 50; ++i) r = m.measure(text, style(7.5), 60);
        });
    for (auto& t : threads) t.join();
    for (const auto& r : results) {
        EXPECT_EQ(r.lines, expected.lines);
        EXPECT_DOUBLE_EQ(r.width_pt, expected.width_pt);
    }
}

}  // namespace
}  // namespace threatmap::render
