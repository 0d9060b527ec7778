#include "geometry/repair.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace threatmap::geometry {
namespace {

std::string validity_reason(bg::validity_failure_type failure) {
    switch (failure) {
        case bg::failure_few_points: return "a ring has too few points";
        case bg::failure_wrong_topological_dimension: return "wrong dimension";
        case bg::failure_spikes: return "a ring has a spike";
        case bg::failure_duplicate_points: return "a ring repeats a point";
        case bg::failure_not_closed: return "a ring is not closed";
        case bg::failure_self_intersections: return "a ring intersects itself or another ring of the polygon";
        case bg::failure_wrong_orientation: return "a ring has the wrong orientation";
        case bg::failure_interior_rings_outside: return "a hole lies outside its polygon";
        case bg::failure_nested_interior_rings: return "holes are nested";
        case bg::failure_disconnected_interior: return "holes split the polygon's interior";
        case bg::failure_intersecting_interiors: return "two polygons of the multipolygon overlap";
        case bg::failure_wrong_corner_order: return "wrong corner order";
        case bg::failure_invalid_coordinate: return "a coordinate is NaN or infinite";
        default: return "unknown reason";
    }
}

// True for a ring that encloses nothing: fewer than 4 points, or all points on
// one line (a line folded back on itself). Not "signed area == 0": a bow-tie
// with two equal lobes has signed area 0 but encloses real area, and must be
// refused as self-intersecting, not dropped as empty.
template <typename P>
bool encloses_nothing(const Ring<P>& r) {
    if (r.size() < 4) return true;
    const P& a = r.front();
    std::size_t k = 1;
    while (k < r.size() && bg::get<0>(r[k]) == bg::get<0>(a) && bg::get<1>(r[k]) == bg::get<1>(a)) ++k;
    if (k == r.size()) return true;
    const double ux = bg::get<0>(r[k]) - bg::get<0>(a), uy = bg::get<1>(r[k]) - bg::get<1>(a);
    for (const auto& q : r) {
        const double vx = bg::get<0>(q) - bg::get<0>(a), vy = bg::get<1>(q) - bg::get<1>(a);
        if (ux * vy - uy * vx != 0) return false;
    }
    return true;
}

// Consecutive repeated points: Boost.Geometry's is_valid accepts them, but
// they make zero-length edges (and spurious junctions in the shared-border topology).
template <typename P>
bool has_repeated_points(const MultiPolygon<P>& mp) {
    auto repeats = [](const Ring<P>& r) {
        for (std::size_t i = 1; i < r.size(); ++i)
            if (bg::get<0>(r[i]) == bg::get<0>(r[i - 1]) && bg::get<1>(r[i]) == bg::get<1>(r[i - 1])) return true;
        return false;
    };
    for (const auto& poly : mp) {
        if (repeats(poly.outer())) return true;
        for (const auto& inner : poly.inners())
            if (repeats(inner)) return true;
    }
    return false;
}

}  // namespace

template <typename P>
void repair(MultiPolygon<P>& mp, const std::string& where, core::Diagnostics& diagnostics) {
    // Boost.Geometry's overlay rescales coordinates to 64-bit integers: beyond
    // ~1e9 its determinants can overflow (undefined behaviour, found by fuzzing).
    // No CRS we use has coordinates near that (metres on Earth stay below 1e8).
    constexpr double kMaxCoordinate = 1e9;
    for (const auto& poly : mp) {
        auto check = [&](const Ring<P>& r) {
            for (const auto& p : r) {
                const double x = bg::get<0>(p), y = bg::get<1>(p);
                if (!std::isfinite(x) || !std::isfinite(y))
                    throw Error({where, ""}, "invalid polygon: a coordinate is NaN or infinite");
                if (std::abs(x) > kMaxCoordinate || std::abs(y) > kMaxCoordinate)
                    throw Error({where, ""}, fmt::format("invalid polygon: coordinate ({}, {}) is out of range "
                                                         "(|x|, |y| must stay below 1e9; wrong CRS or units?)", x, y));
            }
        };
        check(poly.outer());
        for (const auto& in : poly.inners()) check(in);
    }
    bg::validity_failure_type failure = bg::no_failure;
    if (bg::is_valid(mp, failure)) {
        if (!has_repeated_points(mp)) return;
        failure = bg::failure_duplicate_points;
    }
    const std::string before = validity_reason(failure);
    if (failure == bg::failure_invalid_coordinate) throw Error({where, ""}, "invalid polygon: " + before);

    // Zero-area rings first: they cannot be oriented or repaired.
    std::size_t dropped = 0;
    for (auto it = mp.begin(); it != mp.end();) {
        auto& inners = it->inners();
        for (auto r = inners.begin(); r != inners.end();) {
            if (encloses_nothing(*r)) { r = inners.erase(r); ++dropped; } else ++r;
        }
        if (encloses_nothing(it->outer())) { it = mp.erase(it); ++dropped; } else ++it;
    }
    bg::correct(mp);
    bg::unique(mp);
    bg::remove_spikes(mp);
    // Spike removal can leave degenerate rings.
    for (auto it = mp.begin(); it != mp.end();) {
        if (encloses_nothing(it->outer())) { it = mp.erase(it); ++dropped; } else ++it;
    }
    if (mp.empty()) throw Error({where, ""}, fmt::format("invalid polygon ({}): nothing with an area is left", before));

    failure = bg::no_failure;
    if (!bg::is_valid(mp, failure)) {
        // Overlapping parts of one multipolygon, or holes outside shells: rebuild by union.
        // Parts whose borders cross are reported as self-intersections of the
        // multipolygon; they are safe to merge when every part is valid alone.
        const bool parts_valid = mp.size() > 1 && std::all_of(mp.begin(), mp.end(), [](const Polygon<P>& p) { return bg::is_valid(p); });
        if (failure == bg::failure_intersecting_interiors || failure == bg::failure_interior_rings_outside ||
            (failure == bg::failure_self_intersections && parts_valid)) {
            MultiPolygon<P> merged;
            for (const auto& poly : mp) {
                MultiPolygon<P> tmp;
                Polygon<P> shell;
                shell.outer() = poly.outer();
                MultiPolygon<P> piece{shell};
                for (const auto& inner : poly.inners()) {
                    Polygon<P> hole;
                    hole.outer() = inner;
                    bg::correct(hole);
                    MultiPolygon<P> cut;
                    if (bg::within(hole, shell)) {
                        bg::difference(piece, hole, cut);
                        piece = std::move(cut);
                    }
                }
                bg::union_(merged, piece, tmp);
                merged = std::move(tmp);
            }
            mp = std::move(merged);
        }
        failure = bg::no_failure;
        if (!bg::is_valid(mp, failure)) {
            // A bow-tie with equal lobes has signed area 0, which is_valid reports as
            // a wrong orientation before it looks for the crossing: name the crossing.
            if (failure == bg::failure_wrong_orientation)
                for (const auto& poly : mp)
                    if (bg::intersects(poly.outer())) failure = bg::failure_self_intersections;
            throw Error({where, ""}, fmt::format("invalid polygon that cannot be repaired safely: {} (fix it with "
                                                 "ogr2ogr -makevalid, or in QGIS with 'Fix geometries')",
                                                 validity_reason(failure)));
        }
    }
    diagnostics.warning("geometry.repair", fmt::format("{}: repaired invalid polygon ({}){}", where, before,
                                                       dropped ? fmt::format("; dropped {} ring(s) without area", dropped) : ""));
}

template <typename P>
std::size_t normalize(MultiPolygon<P>& mp) {
    std::size_t changed = 0;
    auto fix = [&](Ring<P>& r, bool outer) {
        if (r.size() >= 2 && (bg::get<0>(r.front()) != bg::get<0>(r.back()) || bg::get<1>(r.front()) != bg::get<1>(r.back()))) {
            r.push_back(r.front());
            ++changed;
        }
        if (r.size() < 4) return false;
        double a = bg::area(r);
        if ((outer && a < 0) || (!outer && a > 0)) {
            std::reverse(r.begin(), r.end());
            ++changed;
        }
        return a != 0;
    };
    for (auto it = mp.begin(); it != mp.end();) {
        if (!fix(it->outer(), true)) {
            it = mp.erase(it);
            ++changed;
            continue;
        }
        auto& inners = it->inners();
        inners.erase(std::remove_if(inners.begin(), inners.end(), [&](Ring<P>& r) { return !fix(r, false); }), inners.end());
        ++it;
    }
    return changed;
}

template std::size_t normalize<LonLat>(MultiPolygonLL&);
template std::size_t normalize<MapXY>(MultiPolygonXY&);
template void repair<LonLat>(MultiPolygonLL&, const std::string&, core::Diagnostics&);
template void repair<MapXY>(MultiPolygonXY&, const std::string&, core::Diagnostics&);

}  // namespace threatmap::geometry
