// Colour-blind safety of every style in styles/, checked: the class fills of
// the threat map (the levels in scale order, then "not assessed") and of the
// change map (raised, unchanged, lowered, not assessed) must stay apart under
// normal vision and simulated protanopia, deuteranopia and tritanopia
// (core/colour_science: Machado, Oliveira & Fernandes 2009 at severity 1.0 in
// linear RGB; CIEDE2000 after Sharma, Wu & Dalal 2005).
//
// Thresholds and why:
// - kMinClassDeltaE00 = 10. ΔE00 ≈ 1 is a just-noticeable difference for two
//   large patches side by side under controlled light. A map class has to be
//   *identified*, by matching a region to a legend swatch across the page, on
//   a projector or a print, often in small regions where colour differences
//   shrink (small-field tritanopia; projectors lose contrast). Ten times the
//   JND leaves room for that; the default OrRd steps are at least 21 apart.
// - Two classes whose hatches differ are told apart by the pattern (the
//   black-and-white print style relies on this), so their fills need not
//   differ; "hatch" here is the pattern kind, a transparent hatch counts as none.
// - kMinHatchContrastDeltaE00 = 15. A hatch only separates classes if it can
//   be seen on its own ground. Its marks are thin lines or small dots (the
//   small-field case above), so they need more contrast than two areas: 15,
//   which the default style's grey dots on grey (17.8) meet.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "core/colour_science.hpp"
#include "core/style.hpp"
#include "io/assessment_reader.hpp"
#include "io/style_reader.hpp"

namespace threatmap {
namespace {

namespace fs = std::filesystem;
using core::Lab;
using core::Vision;

constexpr double kMinClassDeltaE00 = 10;
constexpr double kMinHatchContrastDeltaE00 = 15;
const Vision kVisions[] = {Vision::normal, Vision::protanopia, Vision::deuteranopia, Vision::tritanopia};

// --- CIEDE2000 against Sharma, Wu & Dalal (2005), Table 1 (pair number, L*a*b* 1, L*a*b* 2, ΔE00).
struct SharmaPair {
    int number;
    Lab first, second;
    double delta_e00;
};
const SharmaPair kSharma[] = {
    {1, {50.0000, 2.6772, -79.7751}, {50.0000, 0.0000, -82.7485}, 2.0425},
    {4, {50.0000, -1.3802, -84.2814}, {50.0000, 0.0000, -82.7485}, 1.0000},
    {7, {50.0000, 0.0000, 0.0000}, {50.0000, -1.0000, 2.0000}, 2.3669},   // one colour achromatic
    {13, {50.0000, 2.4900, -0.0010}, {50.0000, -2.4900, 0.0009}, 7.1792},  // hue difference just under 180°
    {14, {50.0000, 2.4900, -0.0010}, {50.0000, -2.4900, 0.0010}, 7.1792},
    {15, {50.0000, 2.4900, -0.0010}, {50.0000, -2.4900, 0.0011}, 7.2195},  // ... and just over
    {17, {50.0000, 2.5000, 0.0000}, {73.0000, 25.0000, -18.0000}, 27.1492},
    {25, {60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644},
    {34, {2.0776, 0.0795, -1.1350}, {0.9033, -0.0636, -0.5514}, 0.9082},
};

TEST(Ciede2000, MatchesSharmaWuDalalTestData) {
    for (const auto& p : kSharma) {
        // The paper gives four decimals.
        EXPECT_NEAR(core::ciede2000(p.first, p.second), p.delta_e00, 5e-5) << "pair " << p.number;
        EXPECT_NEAR(core::ciede2000(p.second, p.first), p.delta_e00, 5e-5) << "pair " << p.number << " reversed";
    }
    EXPECT_DOUBLE_EQ(core::ciede2000({37, 12, -5}, {37, 12, -5}), 0.0);
}

TEST(ColourScience, SrgbToLabKnownValues) {
    // sRGB white is the D65 white: L* 100, a* = b* = 0; sRGB #ff0000 is
    // L*a*b* (53.24, 80.09, 67.20) (IEC 61966-2-1 primaries, D65).
    Lab white = core::lab_from_colour({1, 1, 1, 1});
    EXPECT_NEAR(white.L, 100, 1e-3);
    EXPECT_NEAR(white.a, 0, 1e-2);
    EXPECT_NEAR(white.b, 0, 1e-2);
    Lab red = core::lab_from_colour({1, 0, 0, 1});
    EXPECT_NEAR(red.L, 53.24, 0.01);
    EXPECT_NEAR(red.a, 80.09, 0.02);
    EXPECT_NEAR(red.b, 67.20, 0.02);
    for (double c : {0.0, 0.02, 0.04045, 0.2, 0.5, 1.0}) EXPECT_NEAR(core::linear_to_srgb(core::srgb_to_linear(c)), c, 1e-7);  // the two pieces meet only to ~3e-8
}

// L*a*b* back to sRGB (a style's ramp is interpolated there): round trips
// within 1e-6 per component, a colour beyond sRGB is clamped, grey stays grey.
TEST(ColourScience, LabToSrgbRoundTripsAndClamps) {
    for (const char* hex : {"#ffffff", "#000000", "#fef0d9", "#fc8d59", "#b30000", "#08306b", "#777777", "#01ff02"}) {
        const Colour c = *Colour::parse(hex);
        const Colour back = core::colour_from_lab(core::lab_from_colour(c));
        EXPECT_NEAR(back.r, c.r, 1e-6) << hex;
        EXPECT_NEAR(back.g, c.g, 1e-6) << hex;
        EXPECT_NEAR(back.b, c.b, 1e-6) << hex;
        EXPECT_EQ(back.a, 1.0);
    }
    const Colour vivid = core::colour_from_lab({50, 120, -120});
    for (double c : {vivid.r, vivid.g, vivid.b}) {
        EXPECT_GE(c, 0.0);
        EXPECT_LE(c, 1.0);
    }
    const Colour grey = core::colour_from_lab({53.585, 0, 0});  // #808080
    EXPECT_EQ(grey.hex(), "#808080");
}

TEST(ColourScience, SimulationKeepsGreysAndMergesConfusionPairs) {
    // Each Machado matrix row sums to 1: greys stay grey.
    for (Vision v : kVisions) {
        core::Rgb grey = core::simulate_linear({0.3, 0.3, 0.3}, v);
        for (double c : grey) EXPECT_NEAR(c, 0.3, 1e-5) << core::vision_name(v);
    }
    // A classic red/green confusion pair collapses for protans and deutans
    // but not for tritans nor normal vision.
    Colour red = *Colour::parse("#cc3333"), green = *Colour::parse("#6f7f22");
    auto de = [&](Vision v) { return core::ciede2000(core::perceived_lab(red, v), core::perceived_lab(green, v)); };
    EXPECT_GT(de(Vision::normal), 30);
    EXPECT_LT(de(Vision::deuteranopia), de(Vision::normal) / 2);
    EXPECT_LT(de(Vision::protanopia), de(Vision::normal) / 2);
    EXPECT_GT(de(Vision::tritanopia), 20);
}

// --- Every style in styles/.
struct NamedFill {
    std::string name;
    FillStyle fill;
};

Hatch visible_hatch(const FillStyle& f) { return f.hatch_colour.a > 0 ? f.hatch : Hatch::none; }

std::vector<std::string> style_files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator("styles"))
        // styles/i18n.toml holds the interface words, not a style.
        if (e.path().extension() == ".toml" && e.path().filename() != "i18n.toml") out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The checks for one set of classes; failures name the style, the classes, the vision and the numbers.
void check_classes(const std::string& path, const std::string& map, const std::vector<NamedFill>& classes) {
    double smallest = 1e9;
    for (Vision v : kVisions) {
        for (std::size_t i = 0; i < classes.size(); ++i) {
            const auto& a = classes[i];
            if (visible_hatch(a.fill) != Hatch::none) {
                double c = core::ciede2000(core::perceived_lab(a.fill.hatch_colour, v), core::perceived_lab(a.fill.fill, v));
                EXPECT_GE(c, kMinHatchContrastDeltaE00)
                    << path << ", " << map << ": hatch of \"" << a.name << "\" (" << a.fill.hatch_colour.hex() << " on "
                    << a.fill.fill.hex() << ") under " << core::vision_name(v) << ": ΔE00 " << c;
            }
            for (std::size_t j = i + 1; j < classes.size(); ++j) {
                const auto& b = classes[j];
                if (visible_hatch(a.fill) != visible_hatch(b.fill)) continue;  // told apart by the pattern
                double d = core::ciede2000(core::perceived_lab(a.fill.fill, v), core::perceived_lab(b.fill.fill, v));
                smallest = std::min(smallest, d);
                EXPECT_GE(d, kMinClassDeltaE00) << path << ", " << map << ": \"" << a.name << "\" (" << a.fill.fill.hex()
                                                << ") and \"" << b.name << "\" (" << b.fill.fill.hex() << ") under "
                                                << core::vision_name(v) << ": ΔE00 " << d << " < " << kMinClassDeltaE00
                                                << " and the same hatch";
            }
        }
    }
    std::cout << "[          ] " << path << ", " << map << ": smallest ΔE00 between same-hatch classes "
              << (smallest < 1e9 ? std::to_string(smallest) : std::string("(none: every class has its own hatch)")) << "\n";
}

TEST(ColourVision, EveryStyleKeepsClassesApart) {
    // Scale order from the embedded assessment; levels a style adds beyond it follow.
    const Assessment assessment = io::read_assessment("geodata/assessments/minusma-2017.toml");
    const auto files = style_files();
    ASSERT_GE(files.size(), 3u) << "expected at least default, dark and print-bw in styles/";
    for (const auto& path : files) {
        SCOPED_TRACE(path);
        const Style s = io::read_style(path);
        std::vector<NamedFill> levels;
        for (const auto& l : assessment.scale.levels)
            if (s.levels.count(l.id)) levels.push_back({l.id, s.levels.at(l.id)});
        for (const auto& [id, fill] : s.levels)
            if (!assessment.scale.index_of(id)) levels.push_back({id, fill});
        levels.push_back({"not assessed", s.not_assessed});
        check_classes(path, "threat map", levels);
        check_classes(path, "change map",
                      {{"raised", s.raised}, {"unchanged", s.unchanged}, {"lowered", s.lowered}, {"not assessed", s.not_assessed}});
        // A scale the style does not name, on its ramp: up to five levels stay apart.
        for (std::size_t count = 2; count <= 5 && !s.ramp.empty(); ++count) {
            std::vector<NamedFill> ramped;
            for (const auto& f : s.ramp_fills(count)) ramped.push_back({"ramp " + std::to_string(ramped.size() + 1), f});
            ramped.push_back({"not assessed", s.not_assessed});
            check_classes(path, "ramp of " + std::to_string(count), ramped);
        }
    }
}

// The rule "different hatch counts as distinct" is not a loophole for the
// colour styles: in the default style every level has the same (no) hatch.
TEST(ColourVision, DefaultLevelsAreToldApartByColourAlone) {
    const Style s = io::read_style("styles/default.toml");
    for (const auto& [id, f] : s.levels) EXPECT_EQ(visible_hatch(f), Hatch::none) << id;
}

}  // namespace
}  // namespace threatmap
