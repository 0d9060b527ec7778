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

// prepare_projected on more cores must give exactly what one core gives: the
// arcs and the shapes are split between threads, never shared.
TEST(PrepareProjected, ThreadsDoNotChangeTheResult) {
    // 30 × 30 unit cells whose edges wobble (inner vertices moved across the
    // edge by up to 0.08), each edge shared by the two cells beside it.
    auto wobble = [](int a, int b, int k) { return 0.02 * ((a * 7 + b * 5 + k * 3) % 5); };
    auto edge_h = [&](int x, int y) {  // (x, y) -> (x+1, y)
        std::vector<MapXY> e;
        for (int k = 0; k <= 8; ++k) e.push_back({x + k / 8.0, y + (k == 0 || k == 8 ? 0 : wobble(x, y, k))});
        return e;
    };
    auto edge_v = [&](int x, int y) {  // (x, y) -> (x, y+1)
        std::vector<MapXY> e;
        for (int k = 0; k <= 8; ++k) e.push_back({x + (k == 0 || k == 8 ? 0 : wobble(y, x, k)), y + k / 8.0});
        return e;
    };
    std::vector<MultiPolygonXY> cells;
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 30; ++x) {
            Ring<MapXY> r;  // clockwise: up the left, right along the top, down the right, back
            auto append = [&](std::vector<MapXY> e, bool reversed) {
                if (reversed) std::reverse(e.begin(), e.end());
                r.insert(r.end(), e.begin() + (r.empty() ? 0 : 1), e.end());
            };
            append(edge_v(x, y), false);
            append(edge_h(x, y + 1), false);
            append(edge_v(x + 1, y), true);
            append(edge_h(x, y), true);
            cells.push_back(shape(r));
        }
    ASSERT_TRUE(bg::is_valid(cells[31]));
    const BoxXY frame{{-1, -1}, {25, 25}};
    PrepareStats one_stats, two_stats;
    auto one = prepare_projected(cells, frame, 0.05, &one_stats, 1);
    auto two = prepare_projected(cells, frame, 0.05, &two_stats, 2);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(bg::equals(one[i], two[i]) || (one[i].empty() && two[i].empty())) << i;
    for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(bg::num_points(one[i]), bg::num_points(two[i])) << i;
    EXPECT_EQ(one_stats.vertices_out, two_stats.vertices_out);
    EXPECT_EQ(one_stats.rings_dropped, two_stats.rings_dropped);
    EXPECT_LT(one_stats.vertices_out, one_stats.vertices_in);
}

}  // namespace
}  // namespace threatmap::geometry

namespace threatmap::geometry {
namespace {

// envelope_of: the same box on any number of threads, empty shapes ignored
// (not taken as the origin), an inverse box when there is nothing.
TEST(EnvelopeOf, SameBoxOnAnyNumberOfThreadsAndEmptyShapesIgnored) {
    std::vector<MultiPolygonXY> shapes;
    for (int i = 0; i < 500; ++i) {
        if (i % 7 == 3) {
            shapes.emplace_back();  // empty: a feature that vanished in repair
            continue;
        }
        const double x = 100 + (i * 37) % 90, y = 50 + (i * 11) % 9;
        shapes.push_back(shape(square(x, y, x + 1.5, y + 0.5)));
    }
    const BoxXY serial = envelope_of(shapes, 1);
    EXPECT_EQ(serial.min_corner().x, 100);
    EXPECT_EQ(serial.min_corner().y, 50);
    EXPECT_EQ(serial.max_corner().x, 100 + 89 + 1.5);
    EXPECT_EQ(serial.max_corner().y, 50 + 8 + 0.5);
    for (unsigned threads : {2u, 3u, 4u, 16u}) {
        SCOPED_TRACE(threads);
        const BoxXY b = envelope_of(shapes, threads);
        EXPECT_TRUE(bg::equals(b, serial));
        // Fewer shapes than threads have chunks: the unused ones must not add the origin.
        const BoxXY few = envelope_of({shapes[0], shapes[1]}, threads);
        EXPECT_EQ(few.min_corner().x, 100);
        EXPECT_EQ(few.min_corner().y, 50);
    }
    const BoxXY none = envelope_of({MultiPolygonXY{}, MultiPolygonXY{}}, 2);
    EXPECT_GT(none.min_corner().x, none.max_corner().x);
    const BoxXY nothing = envelope_of({}, 4);
    EXPECT_GT(nothing.min_corner().x, nothing.max_corner().x);
}

}  // namespace
}  // namespace threatmap::geometry
