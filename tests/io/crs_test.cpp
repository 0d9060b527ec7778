// io::make_projection: real transformations through PROJ, and the identity
// shortcut when both sides are the same CRS (a lon/lat layer drawn in EPSG:4326).
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "io/crs.hpp"

namespace threatmap::io {
namespace {

TEST(Crs, SameCrsOnBothSidesLeavesCoordinatesBitForBit) {
    auto p = make_projection("EPSG:4326", "EPSG:4326");
    std::vector<double> x{-180, 0.1, 179.999999999}, y{-90, 12.3456789012345, 89.5};
    const auto x0 = x, y0 = y;
    p->forward(x, y);
    EXPECT_EQ(x, x0);
    EXPECT_EQ(y, y0);
    p->inverse(x, y);
    EXPECT_EQ(x, x0);
    EXPECT_EQ(y, y0);
}

TEST(Crs, UtmZone30NPutsGaoWhereItBelongs) {
    // Gao (-0.04°, 16.27°N) lies 2.96° east of zone 30's central meridian (-3°):
    // 2.96 × 111.32 km × cos 16.27° × 0.9996 ≈ 316 km east of the 500 km false easting.
    auto p = make_projection("EPSG:4326", "EPSG:32630");
    MapXY gao = p->forward(LonLat{-0.04, 16.27});
    EXPECT_NEAR(gao.x, 816.4e3, 1e3);
    EXPECT_NEAR(gao.y, 1799e3, 3e3);
    LonLat back = p->inverse(gao);
    EXPECT_NEAR(back.lon, -0.04, 1e-9);
    EXPECT_NEAR(back.lat, 16.27, 1e-9);
}

TEST(Crs, UnknownCrsIsAnErrorThatSaysWhatToGive) {
    try {
        make_projection("EPSG:4326", "EPSG:999999");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown CRS \"EPSG:999999\""), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace threatmap::io
