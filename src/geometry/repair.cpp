#include "geometry/repair.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <string>
#include <vector>

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

// Every vertex of every ring, in order.
template <typename P, typename F>
void for_each_point(const MultiPolygon<P>& mp, F&& f) {
    for (const auto& poly : mp) {
        for (const auto& p : poly.outer()) f(p);
        for (const auto& r : poly.inners())
            for (const auto& p : r) f(p);
    }
}

// Shells and holes.
template <typename P>
std::size_t ring_count(const MultiPolygon<P>& mp) {
    std::size_t n = 0;
    for (const auto& poly : mp) n += 1 + poly.inners().size();
    return n;
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

// Boost.Geometry 1.74's is_valid and overlay rescale coordinates to 64-bit
// integers, scaled so that the envelope of the *shells* spans 1e7 units. Two
// inputs break that (both found by fuzz_geometry): a hole far outside its
// shell lands far outside the scaled range and its determinants overflow
// (undefined behaviour), and a part smaller than ~1e-12 makes the scale factor
// itself overflow. Neither is a valid polygon, so before any validity check:
// a hole that is disjoint from its shell is dropped, a hole that reaches
// beyond its shell's envelope but touches it is refused (it crosses the
// outline), and a part whose extent is below 1e-9 units (a tenth of a
// millimetre in degrees, a nanometre in metres) is dropped as having no area.
// bg::disjoint does not rescale.
struct RescalingDrops {
    std::size_t holes_outside = 0;
    std::size_t tiny_parts = 0;
    std::size_t total() const { return holes_outside + tiny_parts; }
    std::string describe() const {
        std::string out;
        if (holes_outside) out += fmt::format("; dropped {} hole(s) lying outside their polygon", holes_outside);
        if (tiny_parts) out += fmt::format("; dropped {} part(s) smaller than 1e-9 units", tiny_parts);
        return out;
    }
};

template <typename P>
RescalingDrops drop_rings_that_break_rescaling(MultiPolygon<P>& mp, const std::string& where) {
    using Box = bg::model::box<P>;
    constexpr double kSmallestExtent = 1e-9;
    RescalingDrops dropped;
    for (auto it = mp.begin(); it != mp.end();) {
        if (it->outer().empty()) { ++it; continue; }
        const Box shell_box = bg::return_envelope<Box>(it->outer());
        const double extent = std::max(bg::get<bg::max_corner, 0>(shell_box) - bg::get<bg::min_corner, 0>(shell_box),
                                       bg::get<bg::max_corner, 1>(shell_box) - bg::get<bg::min_corner, 1>(shell_box));
        if (extent < kSmallestExtent) {
            ++dropped.tiny_parts;
            it = mp.erase(it);
            continue;
        }
        auto& inners = it->inners();
        for (auto r = inners.begin(); r != inners.end();) {
            if (r->empty() || bg::covered_by(bg::return_envelope<Box>(*r), shell_box)) { ++r; continue; }
            Polygon<P> hole, shell;
            hole.outer() = *r;
            shell.outer() = it->outer();
            bg::correct(hole);
            bg::correct(shell);
            if (!bg::disjoint(hole, shell))
                throw Error({where, ""}, "invalid polygon that cannot be repaired safely: a hole crosses the outline of "
                                         "its polygon (fix it with ogr2ogr -makevalid, or in QGIS with 'Fix geometries')");
            r = inners.erase(r);
            ++dropped.holes_outside;
        }
        ++it;
    }
    return dropped;
}

}  // namespace

template <typename P>
void repair(MultiPolygon<P>& mp, const std::string& where, core::Diagnostics& diagnostics) {
    // Boost.Geometry's overlay rescales coordinates to 64-bit integers: beyond
    // ~1e9 its determinants can overflow (undefined behaviour, found by fuzzing).
    // No CRS we use has coordinates near that (metres on Earth stay below 1e8).
    constexpr double kMaxCoordinate = 1e9;
    for_each_point(mp, [&](const P& p) {
        const double x = bg::get<0>(p), y = bg::get<1>(p);
        if (!std::isfinite(x) || !std::isfinite(y))
            throw Error({where, ""}, "invalid polygon: a coordinate is NaN or infinite");
        if (std::abs(x) > kMaxCoordinate || std::abs(y) > kMaxCoordinate)
            throw Error({where, ""}, fmt::format("invalid polygon: coordinate ({}, {}) is out of range "
                                                 "(|x|, |y| must stay below 1e9; wrong CRS or units?)", x, y));
    });
    RescalingDrops rescaling_drops = drop_rings_that_break_rescaling(mp, where);
    if (mp.empty() && rescaling_drops.tiny_parts)
        throw Error({where, ""}, "invalid polygon: nothing with an area is left (every part is smaller than 1e-9 units)");
    bg::validity_failure_type failure = bg::no_failure;
    bool valid = bg::is_valid(mp, failure);
    if (!valid && (failure == bg::failure_wrong_orientation || failure == bg::failure_not_closed)) {
        // Winding and closure are conventions, not faults: RFC 7946 GeoJSON
        // winds outer rings counter-clockwise, shapefiles and Boost.Geometry
        // clockwise. Put right without a word (a GeoJSON layer warned
        // "repaired invalid polygon" for every feature, and failed --strict),
        // as long as nothing else is wrong: a bow-tie of equal lobes also
        // reports a wrong orientation, and stays invalid after this.
        MultiPolygon<P> oriented = mp;
        bg::correct(oriented);
        bg::validity_failure_type after = bg::no_failure;
        if (bg::is_valid(oriented, after)) {
            mp = std::move(oriented);
            valid = true;
        }
    }
    if (valid && rescaling_drops.total() == 0) {
        if (!has_repeated_points(mp)) return;
        failure = bg::failure_duplicate_points;
    }
    const std::string before = failure != bg::no_failure      ? validity_reason(failure)
                               : rescaling_drops.holes_outside ? "a hole lies outside its polygon"
                                                               : "a part is smaller than 1e-9 units";
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
    // Spike removal can leave degenerate rings, and a shell that lost a spike
    // can be far smaller than its holes' reach (found by fuzz_geometry).
    for (auto it = mp.begin(); it != mp.end();) {
        if (encloses_nothing(it->outer())) { it = mp.erase(it); ++dropped; } else ++it;
    }
    const RescalingDrops after_spikes = drop_rings_that_break_rescaling(mp, where);
    rescaling_drops.holes_outside += after_spikes.holes_outside;
    rescaling_drops.tiny_parts += after_spikes.tiny_parts;
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
    diagnostics.warning("geometry.repair", fmt::format("{}: repaired invalid polygon ({}){}{}", where, before, rescaling_drops.describe(),
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

template <typename P>
void clean_for_drawing(MultiPolygon<P>& mp, const std::string& where, core::Diagnostics& diagnostics) {
    for_each_point(mp, [&](const P& p) {
        if (!std::isfinite(bg::get<0>(p)) || !std::isfinite(bg::get<1>(p)))
            throw Error({where, ""}, "invalid polygon: a coordinate is NaN or infinite");
    });
    const std::size_t rings_before = ring_count(mp);
    std::size_t changed = normalize(mp);  // closes rings: count points after it
    const std::size_t points_before = bg::num_points(mp);
    bg::unique(mp);
    bg::remove_spikes(mp);
    const std::size_t removed = points_before - bg::num_points(mp);
    changed += normalize(mp);  // a ring that lost its spike can be left without area
    if (!changed && !removed) return;
    const std::size_t rings_after = ring_count(mp);
    std::vector<std::string> what;
    if (removed) what.push_back(fmt::format("removed {} repeated or spike point(s)", removed));
    if (rings_after < rings_before) what.push_back(fmt::format("dropped {} ring(s) without area", rings_before - rings_after));
    if (what.empty()) what.push_back("closed or re-oriented its rings");
    diagnostics.info("geometry.clean", fmt::format("{}: cleaned for drawing ({})", where, fmt::join(what, "; ")));
}

template std::size_t normalize<LonLat>(MultiPolygonLL&);
template std::size_t normalize<MapXY>(MultiPolygonXY&);
template void repair<LonLat>(MultiPolygonLL&, const std::string&, core::Diagnostics&);
template void repair<MapXY>(MultiPolygonXY&, const std::string&, core::Diagnostics&);
template void clean_for_drawing<LonLat>(MultiPolygonLL&, const std::string&, core::Diagnostics&);
template void clean_for_drawing<MapXY>(MultiPolygonXY&, const std::string&, core::Diagnostics&);

}  // namespace threatmap::geometry
