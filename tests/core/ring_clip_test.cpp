// core::clip_ring_pass: one Sutherland-Hodgman pass, shared by the frame clip
// (geometry/prepare) and the band cut (render/shapes).
#include "core/ring_clip.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

struct Pt {
    double x, y;
    bool operator==(const Pt& o) const { return x == o.x && y == o.y; }
};

// Keeps x >= edge, cutting edges at that vertical line.
std::vector<Pt> keep_right_of(const std::vector<Pt>& ring, double edge) {
    return threatmap::core::clip_ring_pass(
        ring, [edge](const Pt& p) { return p.x >= edge; },
        [edge](const Pt& a, const Pt& b) { return Pt{edge, a.y + (b.y - a.y) * (edge - a.x) / (b.x - a.x)}; });
}

const std::vector<Pt> kSquare{{0, 0}, {0, 2}, {2, 2}, {2, 0}};  // no closing vertex

TEST(RingClip, HalfASquareRunsAlongTheCut) {
    // From (0,0): the first edge lies wholly left of x = 1, the second crosses
    // it at (1,2), the fourth at (1,0); the kept vertices in ring order.
    const std::vector<Pt> want{{1, 2}, {2, 2}, {2, 0}, {1, 0}};
    EXPECT_EQ(keep_right_of(kSquare, 1), want);
}

TEST(RingClip, WhollyInsideIsUnchangedAndWhollyOutsideIsEmpty) {
    EXPECT_EQ(keep_right_of(kSquare, -1), kSquare);
    EXPECT_TRUE(keep_right_of(kSquare, 3).empty());
    EXPECT_TRUE(keep_right_of({}, 0).empty());
}

TEST(RingClip, AConcaveRingKeepsThePartBeyondTheCut) {
    // A U open at the top, cut at x = 1.5 (through the gap between its arms):
    // the right arm and the right part of the base.
    const std::vector<Pt> u{{0, 0}, {0, 3}, {1, 3}, {1, 1}, {2, 1}, {2, 3}, {3, 3}, {3, 0}};
    const auto kept = keep_right_of(u, 1.5);
    const std::vector<Pt> want{{1.5, 1}, {2, 1}, {2, 3}, {3, 3}, {3, 0}, {1.5, 0}};
    EXPECT_EQ(kept, want);
}

}  // namespace
