// repair() (and clean_for_drawing(), at the end): each kind of broken polygon as a named case (style habit 8), and
// what must happen to it: repaired with a "geometry.repair" diagnostic naming
// the place, or refused with an Error naming the place and the reason.
// Expected areas are those of the hand-drawn squares (10 × 10 = 100).
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "geometry/repair.hpp"

namespace threatmap::geometry {
namespace {

const std::string where = "test.geojson: layer 'regions', feature 7";

// Builds without bg::correct: the rings are exactly as written.
MultiPolygonXY polygon(std::initializer_list<std::initializer_list<MapXY>> rings) {
    Polygon<MapXY> p;
    bool first = true;
    for (const auto& r : rings) {
        Ring<MapXY> ring(r.begin(), r.end());
        if (first) p.outer() = ring;
        else p.inners().push_back(ring);
        first = false;
    }
    return MultiPolygonXY{p};
}

bool has_repair_diagnostic(const core::Diagnostics& d, const std::string& fragment) {
    for (const auto& x : d.all())
        if (x.kind == "geometry.repair" && x.message.find(where) != std::string::npos &&
            x.message.find(fragment) != std::string::npos)
            return true;
    return false;
}

std::string all_messages(const core::Diagnostics& d) {
    std::string s;
    for (const auto& x : d.all()) s += x.kind + ": " + x.message + "\n";
    return s;
}

TEST(Repair, ValidPolygonIsLeftAloneWithoutDiagnostic) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}});  // clockwise: valid as is
    auto before = mp;
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::equals(mp, before));
    EXPECT_TRUE(d.all().empty()) << all_messages(d);
}

TEST(Repair, BowTieIsRefusedNamingThePlaceAndTheReason) {
    // Two triangles meeting in (5,5): the ring crosses itself. Asymmetric, so
    // its signed area is not zero (the symmetric case is tested below).
    for (auto mp : {polygon({{{0, 0}, {0, 10}, {10, 0}, {10, 20}, {0, 0}}}),
                    polygon({{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}})}) {
        core::Diagnostics d;
        try {
            repair(mp, where, d);
            FAIL() << "a bow-tie must not be repaired silently; got " << bg::wkt(mp);
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(where), std::string::npos) << msg;
            EXPECT_NE(msg.find("intersects itself"), std::string::npos) << msg;
        }
    }
}

// Counter-clockwise outer rings (as RFC 7946 GeoJSON has them; Boost.Geometry's
// polygons here are clockwise) and unclosed rings are a convention, not a
// fault: put right without a warning, which every feature of a GeoJSON layer
// gave (and --strict refused).
TEST(Repair, WrongOrientationOrUnclosedRingIsCorrectedSilently) {
    auto mp = polygon({{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(d.all().empty()) << all_messages(d);

    auto hole_ccw = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}});
    repair(hole_ccw, where, d);  // a clockwise hole, wound like its shell
    EXPECT_TRUE(bg::is_valid(hole_ccw));
    EXPECT_NEAR(bg::area(hole_ccw), 96.0, 1e-12);

    auto open = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}}});
    repair(open, where, d);
    EXPECT_TRUE(bg::is_valid(open));
    EXPECT_NEAR(bg::area(open), 100.0, 1e-12);
    EXPECT_TRUE(d.all().empty()) << all_messages(d);
}

// Wound the other way and broken too: the repair is still said.
TEST(Repair, WrongOrientationWithAnotherFaultIsStillAWarning) {
    auto mp = polygon({{{0, 0}, {10, 0}, {10, 10}, {10, 10}, {0, 10}, {0, 0}}});  // and a repeated point
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(has_repair_diagnostic(d, "repaired invalid polygon")) << all_messages(d);
}

TEST(Repair, DuplicatePointsAreRemovedWithDiagnostic) {
    auto mp = polygon({{{0, 0}, {0, 10}, {0, 10}, {10, 10}, {10, 0}, {10, 0}, {0, 0}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_EQ(bg::num_points(mp), 5u) << bg::wkt(mp);
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(has_repair_diagnostic(d, "repeats a point")) << all_messages(d);
}

TEST(Repair, SpikeIsRemovedWithDiagnostic) {
    // The bottom edge runs out to (20,0) and back: a spike without area.
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {20, 0}, {10, 0}, {0, 0}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    Box<MapXY> env = bg::return_envelope<Box<MapXY>>(mp);
    EXPECT_DOUBLE_EQ(env.max_corner().x, 10.0) << "spike still there: " << bg::wkt(mp);
    EXPECT_TRUE(has_repair_diagnostic(d, "spike")) << all_messages(d);
}

TEST(Repair, ZeroAreaRingIsDroppedWithDiagnostic) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}});
    // A second part that is a line folded back on itself: no area at all.
    mp.push_back(polygon({{{20, 0}, {20, 5}, {20, 10}, {20, 0}}}).front());
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_EQ(mp.size(), 1u);
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(has_repair_diagnostic(d, "dropped 1 ring")) << all_messages(d);
}

TEST(Repair, ZeroAreaHoleIsDroppedWithDiagnostic) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {{2, 2}, {4, 4}, {6, 6}, {2, 2}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_TRUE(mp.front().inners().empty());
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(has_repair_diagnostic(d, "dropped 1 ring")) << all_messages(d);
}

TEST(Repair, OverlappingPartsAreMergedWithDiagnostic) {
    // Two squares of one multipolygon overlapping in [5,10]×[0,10]: union area 150.
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}});
    mp.push_back(polygon({{{5, 0}, {5, 10}, {15, 10}, {15, 0}, {5, 0}}}).front());
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 150.0, 1e-9);
    EXPECT_TRUE(has_repair_diagnostic(d, "repaired invalid polygon")) << all_messages(d);
}

TEST(Repair, BowTieBesideAValidPartIsNotDroppedAsEmpty) {
    // The symmetric bow-tie has signed area 0 but encloses 2 × 25: it must be
    // refused, not dropped as a "ring without area" while the square survives.
    auto mp = polygon({{{20, 0}, {20, 10}, {30, 10}, {30, 0}, {20, 0}}});
    mp.push_back(polygon({{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}).front());
    core::Diagnostics d;
    try {
        repair(mp, where, d);
        FAIL() << "bow-tie dropped silently: " << bg::wkt(mp) << "\n" << all_messages(d);
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("intersects itself"), std::string::npos) << e.what();
    }
}

// Boost.Geometry 1.74 scales coordinates to integers by the envelope of the
// shells; a hole far outside it overflowed the scaled arithmetic (undefined
// behaviour, found by fuzz_geometry: tests/data/fuzz-regressions/fuzz_geometry/).
TEST(Repair, HoleFarOutsideItsShellIsDroppedWithDiagnostic) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}},
                       {{0, 7e7}, {5e-4, 7e7}, {5e-4, 7.1e7}, {0, 7e7}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_TRUE(mp.front().inners().empty());
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_TRUE(has_repair_diagnostic(d, "dropped 1 hole(s) lying outside their polygon")) << all_messages(d);
}

TEST(Repair, HoleInAConcavityOfItsShellIsDroppedWithDiagnostic) {
    // An L-shaped shell; the "hole" sits in the notch, inside the envelope but outside the shell.
    auto mp = polygon({{{0, 0}, {0, 10}, {5, 10}, {5, 5}, {10, 5}, {10, 0}, {0, 0}},
                       {{6, 6}, {8, 6}, {8, 8}, {6, 8}, {6, 6}}});
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 75.0, 1e-9);
    EXPECT_TRUE(has_repair_diagnostic(d, "hole lies outside its polygon")) << all_messages(d);
}

TEST(Repair, HoleReachingBeyondItsShellIsRefused) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {{2, 2}, {2, 4}, {1e6, 4}, {1e6, 2}, {2, 2}}});
    core::Diagnostics d;
    try {
        repair(mp, where, d);
        FAIL() << "expected an error: " << bg::wkt(mp);
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("crosses the outline"), std::string::npos) << e.what();
    }
}

TEST(Repair, PartSmallerThanTheScaleLimitIsDroppedWithDiagnostic) {
    // An extent of 1e-13 would make Boost's integer scale factor overflow.
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}});
    mp.push_back(polygon({{{20, 0}, {20, 1e-13}, {20 + 1e-13, 1e-13}, {20, 0}}}).front());
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_EQ(mp.size(), 1u);
    EXPECT_TRUE(has_repair_diagnostic(d, "dropped 1 part(s) smaller than 1e-9")) << all_messages(d);
    auto only_tiny = polygon({{{0, 0}, {0, 1e-13}, {1e-13, 1e-13}, {0, 0}}});
    try {
        repair(only_tiny, where, d);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("nothing with an area"), std::string::npos) << e.what();
    }
}

TEST(Repair, NothingLeftIsAnErrorNamingThePlace) {
    auto mp = polygon({{{0, 0}, {5, 5}, {10, 10}, {0, 0}}});
    core::Diagnostics d;
    try {
        repair(mp, where, d);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nothing with an area"), std::string::npos) << e.what();
    }
}

// `fix` (repair or clean_for_drawing) refuses a NaN coordinate, naming the place.
template <typename Fix>
void expect_nan_refused(Fix fix) {
    auto mp = polygon({{{0, 0}, {0, 10}, {std::nan(""), 10}, {10, 0}, {0, 0}}});
    core::Diagnostics d;
    try {
        fix(mp, where, d);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos) << e.what();
    }
}

TEST(Repair, NonFiniteCoordinateIsRefused) { expect_nan_refused(repair<MapXY>); }

TEST(Repair, WorksOnLonLatToo) {
    MultiPolygonLL mp{{{{-1, 15}, {1, 15}, {1, 17}, {1, 17}, {-1, 17}, {-1, 15}}}};  // counter-clockwise, a point repeated
    core::Diagnostics d;
    repair(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp));
    EXPECT_NEAR(bg::area(mp), 4.0, 1e-12);
    EXPECT_EQ(bg::num_points(mp), 5u);
    EXPECT_EQ(d.warning_count(), 1u);
}

// clean_for_drawing(): the linear-time cleanup of shapes that are only drawn.

TEST(CleanForDrawing, SpikeAndRepeatedPointsGoWithANoteNotAWarning) {
    auto mp = polygon({{{0, 0}, {0, 10}, {0, 10}, {10, 10}, {10, 0}, {20, 0}, {10, 0}, {0, 0}}});
    core::Diagnostics d;
    clean_for_drawing(mp, where, d);
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    EXPECT_DOUBLE_EQ(bg::return_envelope<Box<MapXY>>(mp).max_corner().x, 10.0) << "spike still there: " << bg::wkt(mp);
    EXPECT_EQ(mp.front().outer().size(), 5u) << bg::wkt(mp);
    ASSERT_EQ(d.all().size(), 1u) << all_messages(d);
    EXPECT_EQ(d.all()[0].kind, "geometry.clean");
    EXPECT_EQ(d.all()[0].severity, core::Severity::info);
    EXPECT_NE(d.all()[0].message.find(where), std::string::npos) << all_messages(d);
    EXPECT_NE(d.all()[0].message.find("removed 3 repeated or spike point(s)"), std::string::npos) << all_messages(d);
}

TEST(CleanForDrawing, CleanShapeIsLeftAloneWithoutNote) {
    auto mp = polygon({{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}});
    const auto before = mp;
    core::Diagnostics d;
    clean_for_drawing(mp, where, d);
    EXPECT_TRUE(bg::equals(mp, before));
    EXPECT_TRUE(d.all().empty()) << all_messages(d);
}

TEST(CleanForDrawing, OpenAndWronglyOrientedRingsAreClosedAndTurned) {
    auto mp = polygon({{{0, 0}, {10, 0}, {10, 10}, {0, 10}}});  // counter-clockwise, open
    core::Diagnostics d;
    clean_for_drawing(mp, where, d);
    EXPECT_TRUE(bg::is_valid(mp)) << bg::wkt(mp);
    EXPECT_NEAR(bg::area(mp), 100.0, 1e-12);
    ASSERT_EQ(d.all().size(), 1u) << all_messages(d);
    EXPECT_NE(d.all()[0].message.find("cleaned for drawing (closed or re-oriented its rings)"), std::string::npos) << all_messages(d);
}

TEST(CleanForDrawing, ABowTieIsDrawnAsGivenNotRefused) {
    // Only drawn: no overlay can go wrong on it, and Cairo fills it nonzero.
    auto mp = polygon({{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}});
    core::Diagnostics d;
    EXPECT_NO_THROW(clean_for_drawing(mp, where, d));
    EXPECT_EQ(mp.front().outer().size(), 5u);
}

TEST(CleanForDrawing, NonFiniteCoordinateIsRefused) { expect_nan_refused(clean_for_drawing<MapXY>); }

}  // namespace
}  // namespace threatmap::geometry
