// clip_rings_to_box: the drawing clip. Areas of clipped squares are exact (the
// construction is axis-parallel); a ring around the box becomes the box; an
// invalid ring is clipped without complaint (drawing does not need validity).
#include <gtest/gtest.h>

#include "geometry/prepare.hpp"

namespace threatmap::geometry {
namespace {

Ring<MapXY> square(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};  // clockwise with y up
}

MultiPolygonXY shape(Ring<MapXY> outer, std::vector<Ring<MapXY>> holes = {}) {
    Polygon<MapXY> p;
    p.outer() = std::move(outer);
    for (auto& h : holes) {
        std::reverse(h.begin(), h.end());  // counter-clockwise
        p.inners().push_back(std::move(h));
    }
    return MultiPolygonXY{p};
}

const BoxXY box{{0, 0}, {10, 10}};

TEST(ClipRingsToBox, SquareAcrossTheEdgeKeepsTheInsidePart) {
    auto clipped = clip_rings_to_box(shape(square(5, 5, 15, 8)), box);
    ASSERT_EQ(clipped.size(), 1u);
    EXPECT_NEAR(bg::area(clipped), 5 * 3, 1e-12);
    EXPECT_TRUE(bg::covered_by(bg::return_envelope<BoxXY>(clipped), box));
}

TEST(ClipRingsToBox, RingAroundTheBoxBecomesTheBox) {
    auto clipped = clip_rings_to_box(shape(square(-5, -5, 20, 20)), box);
    ASSERT_EQ(clipped.size(), 1u);
    EXPECT_NEAR(bg::area(clipped), 100, 1e-12);
}

TEST(ClipRingsToBox, OutsideVanishesInsideIsUntouched) {
    EXPECT_TRUE(clip_rings_to_box(shape(square(20, 20, 30, 30)), box).empty());
    auto inside = shape(square(2, 2, 4, 4));
    EXPECT_TRUE(bg::equals(clip_rings_to_box(inside, box), inside));
}

TEST(ClipRingsToBox, HolesAreClippedAndHolesOutsideDropped) {
    auto s = shape(square(-5, -5, 15, 15), {square(8, 2, 12, 4), square(12, 12, 14, 14)});
    auto clipped = clip_rings_to_box(s, box);
    ASSERT_EQ(clipped.size(), 1u);
    ASSERT_EQ(clipped.front().inners().size(), 1u);
    EXPECT_NEAR(bg::area(clipped), 100 - 2 * 2, 1e-12);
}

TEST(ClipRingsToBox, InvalidBowTieIsClippedWithoutError) {
    Ring<MapXY> bow{{-5, -5}, {15, 15}, {15, -5}, {-5, 15}, {-5, -5}};
    auto clipped = clip_rings_to_box(shape(bow), box);
    ASSERT_EQ(clipped.size(), 1u);
    EXPECT_TRUE(bg::covered_by(bg::return_envelope<BoxXY>(clipped), box));
}

}  // namespace
}  // namespace threatmap::geometry
