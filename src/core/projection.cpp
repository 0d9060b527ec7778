#include "core/projection.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace threatmap {

UnprojectablePoint::UnprojectablePoint(std::size_t index, const std::string& target, const std::string& point)
    : Error(fmt::format("{} cannot be projected to \"{}\" (outside the projection's valid area?)",
                        point.empty() ? "a point" : "the point " + point, target)),
      index_(index),
      target_(target) {}

namespace {

// Runs fn(xs, ys); a point it cannot project is named by its coordinates
// (`xs`, `ys` are overwritten by then: the input is read from `point_at`).
template <typename Fn, typename PointAt>
void transform_naming_point(std::vector<double>& xs, std::vector<double>& ys, Fn&& fn, PointAt&& point_at) {
    try {
        fn(xs, ys);
    } catch (const UnprojectablePoint& e) {
        const auto [x, y] = point_at(e.index());
        throw UnprojectablePoint(e.index(), e.target(), fmt::format("({}, {})", x, y));
    }
}

// The same coordinates in the other point type (an identity projection: a
// lon/lat layer drawn in EPSG:4326), without the batch's two copies.
template <typename From, typename To>
MultiPolygon<To> retype_multipolygon(const MultiPolygon<From>& mp) {
    auto ring = [](const Ring<From>& r, Ring<To>& out) {
        out.resize(r.size());
        for (std::size_t i = 0; i < r.size(); ++i) {
            bg::set<0>(out[i], bg::get<0>(r[i]));
            bg::set<1>(out[i], bg::get<1>(r[i]));
        }
    };
    MultiPolygon<To> out;
    out.resize(mp.size());
    for (std::size_t p = 0; p < mp.size(); ++p) {
        ring(mp[p].outer(), out[p].outer());
        out[p].inners().resize(mp[p].inners().size());
        for (std::size_t i = 0; i < mp[p].inners().size(); ++i) ring(mp[p].inners()[i], out[p].inners()[i]);
    }
    return out;
}

// Projects every point of a multipolygon with one batched call (one PROJ
// call per geometry is ~20x faster than one per point).
template <typename From, typename To, typename Fn>
MultiPolygon<To> transform_multipolygon(const MultiPolygon<From>& mp, Fn&& fn) {
    std::vector<double> xs, ys;
    xs.reserve(bg::num_points(mp));
    ys.reserve(bg::num_points(mp));
    auto collect = [&](const Ring<From>& r) {
        for (const auto& p : r) { xs.push_back(bg::get<0>(p)); ys.push_back(bg::get<1>(p)); }
    };
    for (const auto& poly : mp) {
        collect(poly.outer());
        for (const auto& inner : poly.inners()) collect(inner);
    }
    transform_naming_point(xs, ys, fn, [&mp](std::size_t index) {
        // The index-th point in the order collected above.
        std::optional<std::pair<double, double>> at;
        auto visit = [&](const Ring<From>& r) {
            if (at) return;
            if (index < r.size()) at = std::pair{bg::get<0>(r[index]), bg::get<1>(r[index])};
            else index -= r.size();
        };
        for (const auto& poly : mp) {
            visit(poly.outer());
            for (const auto& inner : poly.inners()) visit(inner);
        }
        return at.value_or(std::pair{0.0, 0.0});
    });
    MultiPolygon<To> out;
    out.reserve(mp.size());
    std::size_t k = 0;
    auto emit = [&](const Ring<From>& r, Ring<To>& dst) {
        dst.reserve(r.size());
        for (std::size_t i = 0; i < r.size(); ++i, ++k) {
            To p;
            bg::set<0>(p, xs[k]);
            bg::set<1>(p, ys[k]);
            dst.push_back(p);
        }
    };
    for (const auto& poly : mp) {
        Polygon<To> q;
        emit(poly.outer(), q.outer());
        q.inners().resize(poly.inners().size());
        for (std::size_t i = 0; i < poly.inners().size(); ++i) emit(poly.inners()[i], q.inners()[i]);
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace

MapXY Projection::forward(LonLat p) const {
    std::vector<double> x{p.lon}, y{p.lat};
    transform_naming_point(x, y, [this](auto& xs, auto& ys) { forward(xs, ys); },
                           [p](std::size_t) { return std::pair{p.lon, p.lat}; });
    return {x[0], y[0]};
}

LonLat Projection::inverse(MapXY p) const {
    std::vector<double> x{p.x}, y{p.y};
    transform_naming_point(x, y, [this](auto& xs, auto& ys) { inverse(xs, ys); },
                           [p](std::size_t) { return std::pair{p.x, p.y}; });
    return {x[0], y[0]};
}

MultiPolygonXY Projection::forward(const MultiPolygonLL& mp) const {
    if (is_identity()) return retype_multipolygon<LonLat, MapXY>(mp);
    return transform_multipolygon<LonLat, MapXY>(mp, [this](auto& x, auto& y) { forward(x, y); });
}

MultiPolygonLL Projection::inverse(const MultiPolygonXY& mp) const {
    if (is_identity()) return retype_multipolygon<MapXY, LonLat>(mp);
    return transform_multipolygon<MapXY, LonLat>(mp, [this](auto& x, auto& y) { inverse(x, y); });
}

LineStringXY Projection::forward(const LineStringLL& line) const {
    std::vector<double> xs, ys;
    for (const auto& p : line) { xs.push_back(p.lon); ys.push_back(p.lat); }
    transform_naming_point(xs, ys, [this](auto& x, auto& y) { forward(x, y); },
                           [&line](std::size_t index) { return std::pair{line[index].lon, line[index].lat}; });
    LineStringXY out;
    for (std::size_t i = 0; i < xs.size(); ++i) out.push_back({xs[i], ys[i]});
    return out;
}

}  // namespace threatmap
