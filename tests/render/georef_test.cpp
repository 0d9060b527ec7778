// Georeferencing sidecars: the world file (.pgw) gives the CENTRE of the
// top-left pixel, GDAL's geotransform in the .aux.xml its top-left CORNER, so
// the two must differ by exactly half a pixel; and the frame's corners on the
// page must land on the map extent it shows. Numbers come from the scene
// built below: 960 × 540 pt at 144 dpi = 1920 × 1080 px, a 600 × 500 pt
// frame at (14, 14) pt showing 1 000 000 × 833 333.3 m → 833.33 m per pixel.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "render/georef.hpp"

namespace threatmap::render {
namespace {

layout::Scene georeferenced_scene() {
    layout::Scene s;
    s.width_pt = 960;
    s.height_pt = 540;
    s.dpi = 144;
    layout::SceneGeoreference g;
    g.frame_x_pt = 14, g.frame_y_pt = 14, g.frame_w_pt = 600, g.frame_h_pt = 500;
    g.map_min_x = 100000, g.map_max_x = 1100000;
    g.map_min_y = 1000000, g.map_max_y = 1000000 + 1000000.0 * 500 / 600;
    g.crs_wkt = "x";
    s.georeference = g;
    return s;
}

std::vector<double> world_file_values(const std::string& text) {
    std::istringstream in(text);
    std::vector<double> v;
    std::string line;
    while (std::getline(in, line)) v.push_back(std::stod(line));
    return v;
}

std::vector<double> aux_geotransform(const std::string& xml) {
    std::smatch m;
    std::regex re("<GeoTransform>([^<]*)</GeoTransform>");
    if (!std::regex_search(xml, m, re)) return {};
    std::vector<double> v;
    std::string s = m[1];
    std::replace(s.begin(), s.end(), ',', ' ');
    std::istringstream in(s);
    double x;
    while (in >> x) v.push_back(x);
    return v;
}

// The world file prints 10 decimals, the aux.xml 11 significant digits: 1e-4 m
// for coordinates ~1e6 m (a million times smaller than the half pixel, 416.7 m,
// being checked) and 1e-8 m for the pixel size of 833 m.
constexpr double eps_m = 1e-4;
constexpr double eps_pixel_m = 1e-7;

TEST(Georef, WorldFileAndAuxXmlAgreeUpToHalfAPixel) {
    auto scene = georeferenced_scene();
    auto wf = world_file_values(world_file(scene));
    auto gt = aux_geotransform(aux_xml(scene, "PROJCS[\"x\"]"));
    ASSERT_EQ(wf.size(), 6u) << world_file(scene);
    ASSERT_EQ(gt.size(), 6u) << aux_xml(scene, "PROJCS[\"x\"]");
    // World file order: A (x size), D (row rotation), B (column rotation), E (y size), C, F (centre of pixel 0,0).
    // GDAL geotransform: origin x, pixel w, row rotation, origin y, column rotation, pixel h (corner of pixel 0,0).
    EXPECT_NEAR(wf[0], gt[1], eps_pixel_m);
    EXPECT_NEAR(wf[1], gt[4], 1e-12);
    EXPECT_NEAR(wf[2], gt[2], 1e-12);
    EXPECT_NEAR(wf[3], gt[5], eps_pixel_m);
    EXPECT_NEAR(wf[4], gt[0] + gt[1] / 2 + gt[2] / 2, eps_m);
    EXPECT_NEAR(wf[5], gt[3] + gt[4] / 2 + gt[5] / 2, eps_m);
    // The half pixel itself, from the scene: 1 000 000 m / 1200 px / 2.
    EXPECT_NEAR(wf[4] - gt[0], 1000000.0 / 1200 / 2, eps_m);
    EXPECT_NEAR(wf[5] - gt[3], -1000000.0 / 1200 / 2, eps_m);
}

TEST(Georef, FrameCornersLandOnTheMapExtent) {
    auto scene = georeferenced_scene();
    Geotransform t = geotransform_of(scene);
    const auto& g = *scene.georeference;
    EXPECT_NEAR(t.pixel_w, 1000000.0 / 1200, 1e-9);  // frame 600 pt = 1200 px
    EXPECT_NEAR(t.pixel_h, -1000000.0 / 1200, 1e-9);  // square pixels: 500 pt = 1000 px for 833 333 m
    EXPECT_EQ(t.row_rot, 0);
    EXPECT_EQ(t.col_rot, 0);
    // Pixel corner (28, 28) is the frame's top-left; (1228, 1028) its bottom-right.
    EXPECT_NEAR(t.origin_x + 28 * t.pixel_w, g.map_min_x, eps_m);
    EXPECT_NEAR(t.origin_y + 28 * t.pixel_h, g.map_max_y, eps_m);
    EXPECT_NEAR(t.origin_x + 1228 * t.pixel_w, g.map_max_x, eps_m);
    EXPECT_NEAR(t.origin_y + 1028 * t.pixel_h, g.map_min_y, eps_m);
}

TEST(Georef, GeotransformFollowsTheDpi) {
    // Same page at 72 dpi: pixels twice as large, origin unchanged.
    auto a = georeferenced_scene();
    auto b = georeferenced_scene();
    b.dpi = 72;
    Geotransform ta = geotransform_of(a), tb = geotransform_of(b);
    EXPECT_NEAR(tb.pixel_w, 2 * ta.pixel_w, 1e-9);
    EXPECT_NEAR(tb.origin_x, ta.origin_x, eps_m);
    EXPECT_NEAR(tb.origin_y, ta.origin_y, eps_m);
}

TEST(Georef, AuxXmlEscapesTheWkt) {
    auto xml = aux_xml(georeferenced_scene(), "PROJCS[\"WGS 84 / UTM zone 30N\",X<&>]");
    EXPECT_NE(xml.find("<PAMDataset>"), std::string::npos);
    EXPECT_NE(xml.find("PROJCS[&quot;WGS 84 / UTM zone 30N&quot;,X&lt;&amp;&gt;]"), std::string::npos) << xml;
    EXPECT_NE(xml.find("dataAxisToSRSAxisMapping=\"1,2\""), std::string::npos) << xml;
}

TEST(Georef, SceneWithoutGeoreferenceIsAnError) {
    layout::Scene s;
    s.width_pt = 100, s.height_pt = 100;
    EXPECT_THROW(world_file(s), Error);
    EXPECT_THROW(aux_xml(s, "x"), Error);
}

}  // namespace
}  // namespace threatmap::render
