// layout/labels: whether a label box crosses an outline (Liang-Barsky on
// every edge of every ring), used to keep place labels off the operating
// areas' lines when a free position allows.
#include <gtest/gtest.h>

#include "layout/labels.hpp"

namespace threatmap::layout {
namespace {

const std::vector<std::vector<PageXY>> kSquare{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}};

PageBox box(double x0, double y0, double x1, double y1) { return PageBox{{x0, y0}, {x1, y1}}; }

TEST(CrossesAnyRing, BoxOnAnEdgeCrosses) {
    EXPECT_TRUE(crosses_any_ring(box(8, 4, 12, 6), kSquare));    // across the right side
    EXPECT_TRUE(crosses_any_ring(box(-1, -1, 1, 1), kSquare));   // over a corner
    EXPECT_TRUE(crosses_any_ring(box(-5, -5, 15, 15), kSquare)); // the whole ring inside the box
}

TEST(CrossesAnyRing, BoxClearOfTheLinesDoesNot) {
    EXPECT_FALSE(crosses_any_ring(box(2, 2, 8, 8), kSquare));    // inside the ring
    EXPECT_FALSE(crosses_any_ring(box(11, 2, 14, 8), kSquare));  // outside it
    EXPECT_FALSE(crosses_any_ring(box(2, 2, 8, 8), {}));
}

TEST(CrossesAnyRing, SlantedEdgeIsMetOnlyWhereItPasses) {
    const std::vector<std::vector<PageXY>> triangle{{{0, 0}, {10, 10}, {0, 10}}};
    EXPECT_TRUE(crosses_any_ring(box(4, 4.5, 6, 5.5), triangle));   // on the diagonal
    EXPECT_FALSE(crosses_any_ring(box(6, 1, 9, 3), triangle));      // below the diagonal, outside
    EXPECT_FALSE(crosses_any_ring(box(1, 6, 3, 9), triangle));      // inside
}

}  // namespace
}  // namespace threatmap::layout
