// render::detail shapes: cutting a closed ring to a range of rows keeps
// exactly the part of its area between them, whichever way the ring winds and
// whether or not it repeats its first point.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "render/shapes.hpp"

namespace threatmap::render::detail {
namespace {

double signed_area(const std::vector<PageXY>& ring) {
    double a = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const PageXY& p = ring[i];
        const PageXY& q = ring[(i + 1) % ring.size()];
        a += p.x * q.y - q.x * p.y;
    }
    return a / 2;
}

TEST(CutRingToRows, KeepsTheAreaBetweenTheRows) {
    const std::vector<PageXY> square{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    EXPECT_DOUBLE_EQ(signed_area(cut_ring_to_rows(square, 2, 5)), 30);
    EXPECT_DOUBLE_EQ(signed_area(cut_ring_to_rows(square, -5, 5)), 50);
    EXPECT_DOUBLE_EQ(signed_area(cut_ring_to_rows(square, -5, 50)), 100);
    for (const auto& p : cut_ring_to_rows(square, 2, 5)) {
        EXPECT_GE(p.y, 2);
        EXPECT_LE(p.y, 5);
    }
}

TEST(CutRingToRows, KeepsTheWindingOfAHoleAndAClosedRing) {
    // Clockwise (a hole) with the first point repeated at the end.
    const std::vector<PageXY> hole{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}};
    EXPECT_DOUBLE_EQ(signed_area(cut_ring_to_rows(hole, 2, 5)), -30);
}

TEST(CutRingToRows, SlantedEdgesAreCutWhereTheyCrossTheRow) {
    const std::vector<PageXY> triangle{{0, 0}, {10, 10}, {-10, 10}};
    // Between y = 5 and 10: a trapezoid with sides 10 and 20, height 5.
    EXPECT_DOUBLE_EQ(signed_area(cut_ring_to_rows(triangle, 5, 20)), 75);
}

TEST(CutRingToRows, NothingBetweenTheRowsIsEmpty) {
    const std::vector<PageXY> square{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    EXPECT_TRUE(cut_ring_to_rows(square, 20, 30).empty());
    EXPECT_TRUE(cut_ring_to_rows({}, 0, 1).empty());
}

}  // namespace
}  // namespace threatmap::render::detail
