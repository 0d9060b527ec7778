// The geometry fuzz case as a function, shared by fuzz/fuzz_geometry.cpp and
// the regression test (tests/io/fuzz_regressions_test.cpp): decodes bytes into
// a few polygons in map metres and runs them through what every map does to
// them: repair → simplify_shared → clip_to_box and prepare_projected.
//
// Layout of an input (every field one byte unless said; missing bytes end it):
//   0      bits 0-1: number of shapes - 1; bit 2: coordinates are 8-byte
//          doubles (else int8 × 1000 m, a coarse grid that makes shared
//          vertices, collinear edges and self-intersections likely);
//          bit 3: close the rings here (else left to repair)
//   1      simplification tolerance in units of 50 m
//   2..5   clip box: int8 × 1000 m for minx, miny, maxx, maxy (sorted)
//   then per shape: ring count (1 + b % 3; the first ring is the shell),
//          and per ring: point count (3 + b % 30), then the points.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "geometry/prepare.hpp"
#include "geometry/repair.hpp"
#include "geometry/topology.hpp"

namespace threatmap::fuzz {

struct ByteReader {
    const std::uint8_t* p;
    std::size_t left;
    bool byte(std::uint8_t& out) {
        if (left == 0) return false;
        out = *p++;
        --left;
        return true;
    }
    bool coordinate(bool doubles, double& out) {
        if (!doubles) {
            std::uint8_t b;
            if (!byte(b)) return false;
            out = static_cast<std::int8_t>(b) * 1000.0;
            return true;
        }
        if (left < sizeof(double)) return false;
        std::memcpy(&out, p, sizeof(double));
        p += sizeof(double);
        left -= sizeof(double);
        // The readers refuse NaN and coordinates outside the CRS; projected
        // map metres stay well within ±1e8.
        if (!std::isfinite(out)) out = 0;
        out = std::fmod(out, 1e8);
        return true;
    }
};

// Returns "" when every stage kept its contract (a threatmap::Error from
// repair is such a result), else what was broken. Crashes, sanitizer
// reports and other exceptions are left to the caller to notice.
inline std::string run_geometry_case(const std::uint8_t* data, std::size_t size) {
    ByteReader in{data, size};
    std::uint8_t head = 0, tol = 0, b[4] = {};
    if (!in.byte(head) || !in.byte(tol)) return "";
    for (auto& x : b)
        if (!in.byte(x)) return "";
    const int n_shapes = 1 + (head & 3);
    const bool doubles = head & 4;
    const bool close = head & 8;
    const double tolerance = tol * 50.0;
    double c[4];
    for (int i = 0; i < 4; ++i) c[i] = static_cast<std::int8_t>(b[i]) * 1000.0;
    BoxXY box{{std::min(c[0], c[2]), std::min(c[1], c[3])}, {std::max(c[0], c[2]), std::max(c[1], c[3])}};
    if (box.min_corner().x == box.max_corner().x) box.max_corner().x += 1000;
    if (box.min_corner().y == box.max_corner().y) box.max_corner().y += 1000;

    std::vector<MultiPolygonXY> shapes;
    bool more = true;
    for (int s = 0; s < n_shapes && more; ++s) {
        std::uint8_t nr = 0;
        if (!in.byte(nr)) break;
        Polygon<MapXY> poly;
        for (int r = 0; r < 1 + nr % 3 && more; ++r) {
            std::uint8_t np = 0;
            if (!in.byte(np)) { more = false; break; }
            Ring<MapXY> ring;
            for (int k = 0; k < 3 + np % 30; ++k) {
                MapXY pt;
                if (!in.coordinate(doubles, pt.x) || !in.coordinate(doubles, pt.y)) { more = false; break; }
                ring.push_back(pt);
            }
            if (close && !ring.empty()) ring.push_back(ring.front());
            if (r == 0) poly.outer() = std::move(ring);
            else poly.inners().push_back(std::move(ring));
        }
        shapes.push_back(MultiPolygonXY{poly});
    }

    core::Diagnostics diagnostics;
    std::vector<MultiPolygonXY> valid;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        try {
            geometry::repair(shapes[i], "fuzz shape " + std::to_string(i), diagnostics);
        } catch (const Error&) {
            continue;
        }
        bg::validity_failure_type failure = bg::no_failure;
        if (!bg::is_valid(shapes[i], failure))
            return "repair returned an invalid polygon (Boost.Geometry failure " + std::to_string(failure) + ")";
        valid.push_back(shapes[i]);
    }
    if (valid.empty()) return "";
    try {
        auto simplified = geometry::simplify_shared(valid, tolerance);
        if (simplified.size() != valid.size()) return "simplify_shared changed the number of shapes";
        for (const auto& s : simplified) {
            auto clipped = geometry::clip_to_box(s, box);
            (void)clipped;
        }
        geometry::PrepareStats stats;
        auto prepared = geometry::prepare_projected(valid, box, tolerance, &stats);
        if (prepared.size() != valid.size()) return "prepare_projected changed the number of shapes";
    } catch (const Error&) {
    }
    return "";
}

}  // namespace threatmap::fuzz
