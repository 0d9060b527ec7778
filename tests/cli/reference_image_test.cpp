// Reference images the way Mapnik does them, minus its two weaknesses (style
// habit 7): a stated tolerance per case, and a MISSING REFERENCE FAILS — it is
// never created by the test. On failure the actual image and a difference
// image are written next to the build folder and their paths printed.
//
// Cases: the IED map in every page preset x every style (styles/default.toml,
// print-bw.toml, dark.toml). References are named
// minusma-2017-ied-<preset>-<style>.png, except slide x default, which keeps
// its original name minusma-2017-ied-slide.png.
//
// To (re)create a reference after a deliberate change, render it and look at it:
//   FONTCONFIG_FILE=tests/data/fonts.conf ./build/threatmap render --category ied --preset a4-portrait
//       --style styles/dark.toml --format png --out /tmp/ref        (one command line)
//   cp /tmp/ref/minusma-2017-ied-a4-portrait.png tests/data/reference/minusma-2017-ied-a4-portrait-dark.png
#include <gtest/gtest.h>

#include <string>

#include "cli_support.hpp"

namespace threatmap::test {
namespace {

struct ReferenceCase {
    std::string name;      // file name of the reference (tests/data/reference/)
    std::string rendered;  // file name of the rendered map in the output folder
    std::vector<std::string> args;
    // A pixel differs when one channel differs by more than this...
    int channel_threshold;
    // ...and the case fails when more than this fraction of pixels differ.
    double max_differing_fraction;
};

// Tolerance: 16 counts per channel and 0.5% of the pixels. Not zero because
// antialiasing and font rasterisation (glyph hinting, subpixel positioning)
// differ between Cairo, pixman and FreeType patch versions; with fonts pinned
// to DejaVu by tests/data/fonts.conf these touch only edge pixels of text and
// lines (typically well under 0.5% of a 1920 × 1080 map), while a wrong fill,
// a moved label or a missing layer changes far more.
std::vector<ReferenceCase> make_cases() {
    std::vector<ReferenceCase> out;
    for (const char* preset : {"slide", "a4-landscape", "a4-portrait", "column"})
        for (const char* style : {"default", "print-bw", "dark"}) {
            const std::string rendered = std::string("minusma-2017-ied-") + preset + ".png";
            const bool original = std::string(preset) == "slide" && std::string(style) == "default";
            out.push_back({original ? rendered : std::string("minusma-2017-ied-") + preset + "-" + style + ".png",
                           rendered,
                           {"render", "--category", "ied", "--preset", preset, "--style",
                            std::string("styles/") + style + ".toml", "--format", "png"},
                           16,
                           0.005});
        }
    return out;
}
const std::vector<ReferenceCase> cases = make_cases();

// gtest prints a parameter with this (instead of its bytes) in test names and messages.
void PrintTo(const ReferenceCase& c, std::ostream* os) { *os << c.name; }

std::string failure_dir() {
    // THREATMAP_BINARY is <build dir>/threatmap.
    return (fs::path(THREATMAP_BINARY).parent_path() / "reference-failures").string();
}

class ReferenceImage : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(ReferenceImage, MatchesWithinTolerance) {
    const ReferenceCase& c = GetParam();
    const std::string reference = std::string(THREATMAP_TEST_DATA) + "/reference/" + c.name;
    ASSERT_TRUE(fs::exists(reference)) << "missing reference image " << reference
                                       << " (never created by the test: render it, look at it, commit it; see the "
                                          "top of tests/cli/reference_image_test.cpp)";
    TempDir dir;
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--out", dir.path(), "-q"});
    RunResult r = run_cli(args);
    ASSERT_EQ(r.code, 0) << r.err;
    Image actual = decode_png_file(dir / c.rendered);
    Image expected = decode_png_file(reference);
    ASSERT_GT(expected.width, 0);
    ASSERT_EQ(actual.width, expected.width);
    ASSERT_EQ(actual.height, expected.height);

    Image diff = actual;
    std::size_t differing = 0;
    for (int y = 0; y < actual.height; ++y)
        for (int x = 0; x < actual.width; ++x) {
            const std::size_t k = (static_cast<std::size_t>(y) * actual.width + x) * 4;
            int worst = 0;
            for (int ch = 0; ch < 4; ++ch)
                worst = std::max(worst, std::abs(int(actual.rgba[k + ch]) - int(expected.rgba[k + ch])));
            const bool differs = worst > c.channel_threshold;
            differing += differs;
            // Difference image: differing pixels red, the rest a faded copy of the actual image.
            for (int ch = 0; ch < 3; ++ch)
                diff.rgba[k + ch] = differs ? (ch == 0 ? 255 : 0) : static_cast<unsigned char>(191 + actual.rgba[k + ch] / 4);
            diff.rgba[k + 3] = 255;
        }
    const double fraction = static_cast<double>(differing) / (static_cast<double>(actual.width) * actual.height);
    if (fraction > c.max_differing_fraction) {
        fs::create_directories(failure_dir());
        const std::string stem = (fs::path(failure_dir()) / fs::path(c.name).stem()).string();
        write_png_file(stem + ".actual.png", actual);
        write_png_file(stem + ".diff.png", diff);
        ADD_FAILURE() << c.name << ": " << differing << " pixels (" << fraction * 100 << "%) differ by more than "
                      << c.channel_threshold << " (allowed: " << c.max_differing_fraction * 100 << "%)\n"
                      << "  reference: " << reference << "\n  actual:    " << stem << ".actual.png\n  difference: " << stem
                      << ".diff.png";
    }
}

INSTANTIATE_TEST_SUITE_P(Maps, ReferenceImage, ::testing::ValuesIn(cases), [](const auto& info) {
    std::string n = info.param.name;
    for (auto& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return n;
});

}  // namespace
}  // namespace threatmap::test
