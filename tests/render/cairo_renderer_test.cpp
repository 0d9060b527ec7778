// render_png / render_pdf: the encoded bytes are the right kind and size,
// pixels land where the scene says, and the same scene gives the same bytes.
// Pixel tests sample the centre of shapes several pixels from any edge, so
// antialiasing cannot touch them (tolerance 0).
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>
#include <thread>

#include <png.h>
#include <zlib.h>

#include "core/error.hpp"
#include "render/cairo_renderer.hpp"

namespace threatmap::render {
namespace {

layout::ScenePath rect_path(double x, double y, double w, double h, FillStyle fill) {
    layout::ScenePath p;
    p.rings = {{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}};
    p.fill = fill;
    return p;
}

FillStyle solid(Colour c) {
    FillStyle f;
    f.fill = c;
    return f;
}

// A white area hatched in black.
FillStyle hatched(Hatch hatch, double spacing_pt, double width_pt) {
    FillStyle f = solid({1, 1, 1, 1});
    f.hatch = hatch;
    f.hatch_colour = {0, 0, 0, 1};
    f.hatch_spacing_pt = spacing_pt;
    f.hatch_width_pt = width_pt;
    return f;
}

// 100 x 80 pt, white, with a red square at (10,10)-(40,40).
layout::Scene red_square_scene(double dpi = 144) {
    layout::Scene s;
    s.width_pt = 100;
    s.height_pt = 80;
    s.dpi = dpi;
    s.map_x_pt = 0, s.map_y_pt = 0, s.map_w_pt = 100, s.map_h_pt = 80;
    s.metadata.title = "Red square";
    s.metadata.creator = "threatmap test";
    layout::SceneLayer layer;
    layer.id = "areas";
    layer.items.push_back(rect_path(10, 10, 30, 30, solid({1, 0, 0, 1})));
    s.layers.push_back(layer);
    return s;
}

struct Decoded {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    std::array<int, 4> at(double x_pt, double y_pt, double dpi) const {
        int x = static_cast<int>(x_pt * dpi / 72), y = static_cast<int>(y_pt * dpi / 72);
        const unsigned char* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
        return {p[0], p[1], p[2], p[3]};
    }
};

Decoded decode(const std::string& bytes) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
        ADD_FAILURE() << "libpng cannot read the PNG: " << image.message;
        return {};
    }
    image.format = PNG_FORMAT_RGBA;
    Decoded d;
    d.width = static_cast<int>(image.width);
    d.height = static_cast<int>(image.height);
    d.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, d.rgba.data(), 0, nullptr))
        ADD_FAILURE() << "libpng cannot decode the PNG: " << image.message;
    return d;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
    auto u = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[i])); };
    return u(at) << 24 | u(at + 1) << 16 | u(at + 2) << 8 | u(at + 3);
}

TEST(RenderPng, HasSignatureAndSceneSizeInIhdr) {
    auto scene = red_square_scene(144);
    const std::string png = render_png(scene);
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(be32(png, 16), static_cast<std::uint32_t>(scene.pixel_width()));
    EXPECT_EQ(be32(png, 20), static_cast<std::uint32_t>(scene.pixel_height()));
    EXPECT_EQ(scene.pixel_width(), 200);  // 100 pt at 144 dpi
    EXPECT_EQ(png.find("tIME"), std::string::npos);
}

TEST(RenderPng, PixelInsideRedSquareIsRedAndOutsideIsBackground) {
    for (double dpi : {72.0, 144.0, 300.0}) {
        auto scene = red_square_scene(dpi);
        auto img = decode(render_png(scene));
        ASSERT_EQ(img.width, scene.pixel_width());
        EXPECT_EQ(img.at(25, 25, dpi), (std::array<int, 4>{255, 0, 0, 255})) << dpi << " dpi";
        EXPECT_EQ(img.at(70, 60, dpi), (std::array<int, 4>{255, 255, 255, 255})) << dpi << " dpi";
    }
}

TEST(RenderPng, OpaqueSceneIsRgbTransparentSceneIsRgbaUnpremultiplied) {
    auto scene = red_square_scene(72);
    EXPECT_EQ(render_png(scene)[25], 2);  // colour type RGB
    scene.background = {1, 1, 1, 0};
    scene.layers[0].items.push_back(rect_path(50, 10, 30, 30, solid({0, 0, 1, 0.5})));
    const std::string png = render_png(scene);
    EXPECT_EQ(png[25], 6);  // RGBA
    auto img = decode(png);
    EXPECT_EQ(img.at(60, 20, 72), (std::array<int, 4>{0, 0, 255, 128}));
    EXPECT_EQ(img.at(90, 70, 72)[3], 0);
}

TEST(RenderPng, OutlinesThinnerThanAPixelAreStillDrawnAlongTheEdge) {
    // 0.4 pt at 144 dpi is 0.8 px: the fast rasteriser and bevel joins.
    // Edge x = 20 pt = 40 px; the line covers 39.6-40.4 px.
    auto scene = red_square_scene(144);
    auto box = rect_path(20, 50, 20, 20, solid({1, 1, 0, 1}));
    box.stroke = LineStyle{{0, 0, 0, 1}, 0.4, {}};
    scene.layers[0].items.push_back(box);
    auto img = decode(render_png(scene));
    const int y = 60 * 2;
    auto px = [&](int x) { return &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4]; };
    EXPECT_LT(px(39)[0], 200) << "outside half of the outline";
    EXPECT_LT(px(40)[0], 200) << "inside half of the outline";
    EXPECT_EQ(px(50)[0], 255);
    EXPECT_EQ(px(50)[2], 0) << "fill inside";
    EXPECT_EQ(px(30)[2], 255) << "background outside";
}

TEST(RenderPng, ClipToMapCutsAtTheMapFrame) {
    auto scene = red_square_scene(72);
    scene.map_x_pt = 0, scene.map_y_pt = 0, scene.map_w_pt = 50, scene.map_h_pt = 80;
    auto big = rect_path(20, 20, 60, 20, solid({0, 0.5, 0, 1}));
    big.clip_to_map = true;
    scene.layers[0].items.push_back(big);
    auto img = decode(render_png(scene));
    EXPECT_EQ(img.at(45, 30, 72), (std::array<int, 4>{0, 128, 0, 255}));
    EXPECT_EQ(img.at(60, 30, 72), (std::array<int, 4>{255, 255, 255, 255}));
}

TEST(RenderPng, HatchDrawsLinesInsideTheAreaOnly) {
    auto scene = red_square_scene(144);
    scene.layers[0].items.push_back(rect_path(50, 10, 40, 40, hatched(Hatch::diagonal, 4, 1)));
    auto img = decode(render_png(scene));
    int dark = 0, light = 0;
    for (double y = 15; y < 45; y += 0.5)
        for (double x = 55; x < 85; x += 0.5) (img.at(x, y, 144)[0] < 64 ? dark : light)++;
    // A 1 pt line every 4 pt covers a quarter of the area.
    EXPECT_GT(dark, (dark + light) / 8);
    EXPECT_GT(light, (dark + light) / 2);
    EXPECT_EQ(img.at(70, 60, 144), (std::array<int, 4>{255, 255, 255, 255}));  // below the area
}

TEST(RenderPng, DotsSitOnTheSameGridAsTilesAndAsArcs) {
    // 3.5 pt cells: 7 px at 144 dpi (drawn as one repeated tile of pixels)
    // and 7.29 px at 150 dpi (drawn dot by dot). Either way a dot is centred
    // at (i + 0.5) * 3.5 pt from the page origin, the cell corners between
    // dots are the fill, and nothing is drawn outside the area.
    for (double dpi : {144.0, 150.0}) {
        auto scene = red_square_scene(dpi);
        scene.layers[0].items.push_back(rect_path(50, 10, 40, 40, hatched(Hatch::dots, 3.5, 0.7)));
        auto img = decode(render_png(scene));
        int centres = 0, corners = 0;
        for (int i = 15; i < 25; ++i)
            for (int j = 4; j < 13; ++j) {
                centres += img.at((i + 0.5) * 3.5, (j + 0.5) * 3.5, dpi)[0] < 100;
                corners += img.at(i * 3.5 + 0.2, j * 3.5 + 0.2, dpi)[0] == 255;
            }
        EXPECT_EQ(centres, 90) << dpi << " dpi: dots at the cell centres";
        EXPECT_EQ(corners, 90) << dpi << " dpi: fill between the dots";
        EXPECT_EQ(img.at(70, 60, dpi), (std::array<int, 4>{255, 255, 255, 255})) << dpi << " dpi: below the area";
        EXPECT_EQ(img.at(47, 30, dpi), (std::array<int, 4>{255, 255, 255, 255})) << dpi << " dpi: left of the area";
    }
}

TEST(RenderPng, TextAndMarkersPaintSomething) {
    auto scene = red_square_scene(144);
    layout::SceneText t;
    t.lines = {"Ségou", "Mopti"};
    t.origin = {50, 10};
    t.style.size_pt = 12;
    t.style.halo = Colour{1, 1, 0, 1};
    t.style.halo_width_pt = 1.5;
    t.line_height_pt = 14;
    t.box_width_pt = 40;
    scene.layers[0].items.push_back(t);
    layout::SceneMarker m;
    m.centre = {25, 60};
    m.shape = layout::MarkerShape::star;
    m.size_pt = 12;
    m.fill = {0, 0, 1, 1};
    scene.layers[0].items.push_back(m);
    auto img = decode(render_png(scene));
    EXPECT_EQ(img.at(25, 60, 144), (std::array<int, 4>{0, 0, 255, 255}));
    int black = 0, yellow = 0;
    for (double y = 10; y < 38; y += 0.5)
        for (double x = 50; x < 95; x += 0.5) {
            auto p = img.at(x, y, 144);
            if (p[0] < 40 && p[1] < 40 && p[2] < 40) ++black;
            if (p[0] > 240 && p[1] > 240 && p[2] < 20) ++yellow;
        }
    EXPECT_GT(black, 20);
    EXPECT_GT(yellow, 20);
}

TEST(RenderPng, SameSceneSameBytes) {
    auto scene = red_square_scene();
    EXPECT_EQ(render_png(scene), render_png(scene));
}

TEST(RenderPng, ThreadsRenderingAtOnceGiveTheSameBytes) {
    auto scene = red_square_scene();
    layout::SceneText t;
    t.lines = {"Tombouctou", "Ménaka"};
    t.origin = {45, 45};
    t.line_height_pt = 10;
    t.style.halo = Colour{1, 1, 1, 1};
    t.style.halo_width_pt = 1;
    scene.layers[0].items.push_back(t);
    const std::string expected = render_png(scene);
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results)
        threads.emplace_back([&r, &scene] {
            for (int i = 0; i < 5; ++i) r = render_png(scene) == render_pdf(scene) ? "" : render_png(scene);
        });
    for (auto& th : threads) th.join();
    for (const auto& r : results) EXPECT_TRUE(r == expected);
}

TEST(RenderPng, BytesDoNotDependOnTheNumberOfThreads) {
    // Shapes, a hatch, a dashed outline, a hairline, a diagonal line and
    // haloed text, all crossing the boundaries of the image's bands (128 rows
    // each here: 4 bands), at 144 dpi.
    auto scene = red_square_scene();
    scene.height_pt = 250;
    scene.map_h_pt = 250;
    auto thin = rect_path(5, 20, 30, 200, solid({0.9, 0.8, 0.1, 1}));
    thin.stroke = LineStyle{{0.1, 0.1, 0.1, 1}, 0.4, {}};
    scene.layers[0].items.push_back(thin);
    FillStyle dotted_blue = solid({0.2, 0.6, 0.9, 1});
    dotted_blue.hatch = Hatch::dots;
    dotted_blue.hatch_colour = {0, 0, 0, 1};
    dotted_blue.hatch_width_pt = 0.8;
    auto tall = rect_path(50, 5, 40, 190, dotted_blue);
    tall.stroke = LineStyle{{0, 0, 0, 1}, 1.3, {3, 2}};
    tall.clip_to_map = true;
    scene.layers[0].items.push_back(tall);
    layout::ScenePath diagonal;
    diagonal.rings = {{{3, 197}, {97, 3}}};
    diagonal.closed = false;
    diagonal.stroke = LineStyle{{0, 0.5, 0, 1}, 2.2, {}};
    scene.layers[0].items.push_back(diagonal);
    layout::SceneText t;
    t.lines = {"Tombouctou", "Ménaka", "Kidal"};
    t.origin = {20, 90};
    t.line_height_pt = 9.7;
    t.style.halo = Colour{1, 1, 1, 1};
    t.style.halo_width_pt = 1;
    scene.layers[0].items.push_back(t);
    const std::string one = render_png(scene, 1);
    for (unsigned n : {2u, 3u, 4u, 7u}) EXPECT_TRUE(render_png(scene, n) == one) << n << " threads differ from one";
}

// A scene of one-pixel stripes (72 dpi), each row's colour its row number:
// every row of the image must come out once, in place, whichever thread drew
// its band and compressed its piece. 333 rows: bands of 128, 128 and 77 rows,
// each compressed in two pieces (the last 39 + 38). Every seventh row is left
// to the background, which `translucent` makes transparent (the RGBA path,
// whose bands are all drawn before any is compressed).
void expect_every_row_in_place(bool translucent) {
    layout::Scene s;
    s.width_pt = 40, s.height_pt = 333, s.dpi = 72;
    s.map_x_pt = 0, s.map_y_pt = 0, s.map_w_pt = 40, s.map_h_pt = 333;
    s.background = translucent ? Colour{1, 1, 1, 0} : Colour{1, 1, 1, 1};
    layout::SceneLayer layer;
    auto colour_of = [](int row) { return Colour{(row % 256) / 255.0, (row / 256) / 255.0, 0.5, 1}; };
    for (int row = 0; row < 333; ++row)
        if (row % 7 != 3) layer.items.push_back(rect_path(0, row, 40, 1, solid(colour_of(row))));
    s.layers.push_back(layer);
    const std::string one = render_png(s, 1);
    for (unsigned threads : {1u, 2u, 3u, 5u}) {
        const std::string png = render_png(s, threads);
        EXPECT_TRUE(png == one) << threads << " threads differ from one";
        const Decoded d = decode(png);
        ASSERT_EQ(d.height, 333);
        for (int row = 0; row < 333; ++row) {
            const auto px = d.at(20, row + 0.5, 72);
            const std::array<int, 4> expected =
                row % 7 == 3 ? std::array<int, 4>{255, 255, 255, translucent ? 0 : 255}
                             : std::array<int, 4>{row % 256, row / 256, 128, 255};
            if (translucent && row % 7 == 3) {
                EXPECT_EQ(px[3], 0) << "row " << row << ", " << threads << " threads";
            } else {
                EXPECT_EQ(px, expected) << "row " << row << ", " << threads << " threads";
            }
        }
    }
}

TEST(RenderPng, EveryRowOnceInPlaceOnAnyNumberOfThreads) {
    expect_every_row_in_place(false);
    expect_every_row_in_place(true);
}

TEST(RenderPng, ImpossibleSizesThrowThreatmapError) {
    auto scene = red_square_scene();
    scene.width_pt = 0;
    EXPECT_THROW(render_png(scene), Error);
    scene.width_pt = 20000;  // 40000 px at 144 dpi: beyond Cairo's 32767
    try {
        render_png(scene);
        FAIL() << "expected threatmap::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("invalid"), std::string::npos) << e.what();
    }
}

TEST(RenderPdf, IsPdfWithMetadataAndIdenticalAcrossRuns) {
    auto scene = red_square_scene();
    layout::SceneText t;
    t.lines = {"Gao"};
    t.origin = {50, 50};
    t.line_height_pt = 10;
    scene.layers[0].items.push_back(t);
    const std::string a = render_pdf(scene);
    const std::string b = render_pdf(scene);
    ASSERT_GT(a.size(), 100u);
    EXPECT_EQ(a.substr(0, 5), "%PDF-");
    EXPECT_NE(a.find("Red square"), std::string::npos);
    // Cairo 1.16 writes the date without the "D:" prefix; 1.17+ adds it.
    EXPECT_NE(a.find("20000101000000"), std::string::npos);
    EXPECT_EQ(a, b);
}

// Every FlateDecode stream of a PDF, inflated, one after another.
std::string pdf_streams(const std::string& pdf) {
    std::string out;
    for (std::size_t at = pdf.find("stream\n"); at != std::string::npos; at = pdf.find("stream\n", at + 1)) {
        if (at >= 3 && pdf.compare(at - 3, 3, "end") == 0) continue;
        const std::size_t begin = at + 7, end = pdf.find("endstream", begin);
        if (end == std::string::npos) break;
        std::vector<unsigned char> buf(1 << 22);
        uLongf size = buf.size();
        if (uncompress(buf.data(), &size, reinterpret_cast<const Bytef*>(pdf.data() + begin), end - begin) == Z_OK)
            out.append(reinterpret_cast<const char*>(buf.data()), size) += "\n";
    }
    return out;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

layout::Scene haloed_label_scene(Colour halo) {
    auto scene = red_square_scene();
    layout::SceneText t;
    t.lines = {"Gao Gao"};
    t.origin = {20, 50};
    t.style.size_pt = 12;
    t.style.halo = halo;
    t.style.halo_width_pt = 1.5;
    t.line_height_pt = 14;
    scene.layers[0].items.push_back(t);
    return scene;
}

// In a PDF an opaque halo is each glyph's outline stroked once, as a form the
// page places at every use of the glyph: six uses of three letters.
TEST(RenderPdf, OpaqueHalosAreOneFormPerGlyphPlacedAtEachUse) {
    const std::string pdf = render_pdf(haloed_label_scene({1, 1, 0, 1}));
    EXPECT_EQ(count(pdf, "/Subtype /Form"), 3u);
    const std::string streams = pdf_streams(pdf);
    EXPECT_EQ(count(streams, " Do"), 6u) << streams;
    EXPECT_NE(streams.find("1 1 0 RG"), std::string::npos) << "the halo colour strokes the forms";
    EXPECT_NE(streams.find("Tj"), std::string::npos) << "the text itself is still text";
}

// A translucent halo stays one stroke per line: halos of neighbouring glyphs
// drawn one by one would darken where they overlap.
TEST(RenderPdf, TranslucentHalosAreOneStrokePerLine) {
    const std::string pdf = render_pdf(haloed_label_scene({1, 1, 0, 0.5}));
    const std::string streams = pdf_streams(pdf);
    EXPECT_EQ(count(streams, " Do"), 0u);
    EXPECT_NE(streams.find(" S\n"), std::string::npos) << streams;
}

}  // namespace
}  // namespace threatmap::render
