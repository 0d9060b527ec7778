// io::make_projection: real transformations through PROJ, and the identity
// shortcut when both sides are the same CRS (a lon/lat layer drawn in EPSG:4326).
#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

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

// Polygons through an identity projection keep every ring, hole and
// coordinate (they are copied into the other point type, not transformed).
TEST(Crs, SameCrsOnBothSidesKeepsPolygonsAsTheyAre) {
    auto same = make_projection("EPSG:4326", "EPSG:4326");
    EXPECT_TRUE(same->is_identity());
    EXPECT_FALSE(make_projection("EPSG:4326", "EPSG:32630")->is_identity());
    const MultiPolygonLL mp{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {{{2, 2}, {8, 2}, {8, 8}, {2, 8}, {2, 2}}}},
                            {{{20.5, 1.25}, {20.5, 3}, {23, 1.25}, {20.5, 1.25}}}};
    const MultiPolygonXY xy = same->forward(mp);
    ASSERT_EQ(xy.size(), 2u);
    ASSERT_EQ(xy[0].inners().size(), 1u);
    EXPECT_EQ(xy[1].outer().size(), 4u);
    EXPECT_EQ(bg::num_points(xy), bg::num_points(mp));
    EXPECT_EQ(xy[0].inners()[0][1].x, 8);
    EXPECT_EQ(xy[1].outer()[2].x, 23);
    EXPECT_EQ(xy[1].outer()[0].y, 1.25);
    const MultiPolygonLL back = same->inverse(xy);
    EXPECT_TRUE(bg::equals(back, mp));
    EXPECT_EQ(bg::num_points(back), bg::num_points(mp));
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

// ProjectionMaker: what make_projection makes, from any thread; a pair once
// found to be one CRS is the identity from then on, a real pair is made anew
// each time, and an unknown CRS is still an error.
TEST(Crs, ProjectionMakerRemembersIdentitiesAndMakesRealPairsEachTime) {
    ProjectionMaker make;
    auto first = make("EPSG:4326", "EPSG:4326");
    ASSERT_TRUE(first->is_identity());
    std::vector<std::unique_ptr<Projection>> made(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < made.size(); ++t)
        threads.emplace_back([&, t] { made[t] = t % 2 ? make("EPSG:4326", "EPSG:32630") : make("EPSG:4326", "EPSG:4326"); });
    for (auto& t : threads) t.join();
    for (std::size_t t = 0; t < made.size(); ++t) {
        ASSERT_TRUE(made[t]) << t;
        std::vector<double> x{0.0}, y{16.27};  // Gao
        made[t]->forward(x, y);
        if (t % 2) {
            EXPECT_FALSE(made[t]->is_identity());
            EXPECT_EQ(made[t]->target_definition(), "EPSG:32630");
            EXPECT_NEAR(x[0], 820660, 500) << "UTM 30N easting of 0° (3° east of the zone's meridian) at 16.27° N";
        } else {
            EXPECT_TRUE(made[t]->is_identity());
            EXPECT_EQ(made[t]->target_definition(), "EPSG:4326");
            EXPECT_EQ(x[0], 0.0);
            EXPECT_EQ(y[0], 16.27);
        }
    }
    EXPECT_THROW(make("EPSG:4326", "EPSG:999999"), Error);
}

// A point UTM 30N cannot show (off Costa Rica, 84 degrees from its meridian
// near the equator) is named by its coordinates: in a hole of the second
// polygon (the index of the batch is followed through outer rings and holes),
// on a line, or alone.
TEST(Crs, PointOutsideTheProjectionIsNamedByItsCoordinates) {
    auto utm = make_projection("EPSG:4326", "EPSG:32630");
    // (Not a valid polygon, which projecting does not need: the hole reaches out of its shell.)
    const MultiPolygonLL mp{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}},
                            {{{-5, 0}, {-5, 20}, {5, 20}, {5, 0}, {-5, 0}}, {{{-2, 5}, {-87.25, 5.5}, {-87.25, 6}, {-2, 5}}}}};
    const std::string message = "cannot be projected to \"WGS 84 / UTM zone 30N\" (outside the projection's valid area?)";
    try {
        utm->forward(mp);
        FAIL() << "projected";
    } catch (const UnprojectablePoint& e) {
        EXPECT_EQ(std::string(e.what()), "the point (-87.25, 5.5) " + message);
        EXPECT_EQ(e.index(), 11u);  // 5 points of the first polygon, 5 of the second's shell, then the hole's second
    }
    try {
        utm->forward(LineStringLL{{0, 10}, {-87.25, 5.5}});
        FAIL() << "projected";
    } catch (const UnprojectablePoint& e) {
        EXPECT_EQ(std::string(e.what()), "the point (-87.25, 5.5) " + message);
    }
    try {
        utm->forward(LonLat{-87.25, 5.5});
        FAIL() << "projected";
    } catch (const UnprojectablePoint& e) {
        EXPECT_EQ(std::string(e.what()), "the point (-87.25, 5.5) " + message);
    }
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
