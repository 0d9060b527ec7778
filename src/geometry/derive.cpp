#include "geometry/derive.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "core/error.hpp"

namespace threatmap::geometry {
namespace {

std::string aeqd_at(LonLat c) {
    return fmt::format("+proj=aeqd +lat_0={:.6f} +lon_0={:.6f} +datum=WGS84 +units=m +no_defs", c.lat, c.lon);
}

template <typename G>
MultiPolygonXY buffer_metres(const G& geometry, double distance_m, int segments) {
    namespace bs = bg::strategy::buffer;
    MultiPolygonXY out;
    bg::buffer(geometry, out, bs::distance_symmetric<double>(distance_m), bs::side_straight(),
               bs::join_round(static_cast<std::size_t>(segments)), bs::end_round(static_cast<std::size_t>(segments)),
               bs::point_circle(static_cast<std::size_t>(segments)));
    return out;
}

}  // namespace

MultiPolygonLL circle(LonLat centre, double radius_km, const ProjectionFactory& projections, int segments) {
    auto proj = projections("EPSG:4326", aeqd_at(centre));
    MapXY c = proj->forward(centre);
    return proj->inverse(buffer_metres(c, radius_km * 1000.0, segments));
}

MultiPolygonLL corridor(LonLat a, LonLat b, double half_width_km, const ProjectionFactory& projections) {
    LonLat mid{(a.lon + b.lon) / 2, (a.lat + b.lat) / 2};
    auto proj = projections("EPSG:4326", aeqd_at(mid));
    LineStringXY line{proj->forward(a), proj->forward(b)};
    return proj->inverse(buffer_metres(line, half_width_km * 1000.0, 36));
}

template <typename P>
MultiPolygon<P> dissolve(std::vector<MultiPolygon<P>> parts) {
    if (parts.empty()) return {};
    while (parts.size() > 1) {
        std::vector<MultiPolygon<P>> next;
        next.reserve((parts.size() + 1) / 2);
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
            MultiPolygon<P> merged;
            bg::union_(parts[i], parts[i + 1], merged);
            next.push_back(std::move(merged));
        }
        if (parts.size() % 2 == 1) next.push_back(std::move(parts.back()));
        parts = std::move(next);
    }
    return std::move(parts.front());
}
template MultiPolygonLL dissolve<LonLat>(std::vector<MultiPolygonLL>);
template MultiPolygonXY dissolve<MapXY>(std::vector<MultiPolygonXY>);

void carve_city_zones(join::ClassifiedAreas& areas, const ProjectionFactory& projections) {
    for (auto& zone : areas.areas) {
        if (!zone.zone) continue;
        const auto& ref = *zone.zone;
        join::ClassifiedArea* region = nullptr;
        for (auto& a : areas.areas)
            if (a.id == ref.carve_from_id) region = &a;
        if (!region) throw Error(fmt::format("city zone '{}': region '{}' not found", zone.id, ref.carve_from_id));
        MultiPolygonLL disc = circle(ref.centre, ref.radius_km, projections);
        if (bg::within(disc, region->geometry)) {
            // Usual case: the zone is a hole of the region. Using the very same ring for
            // both keeps their shared border identical, so simplification cannot open a gap.
            zone.geometry = disc;
            for (auto& poly : region->geometry) {
                if (!bg::within(disc, poly)) continue;
                auto hole = disc.front().outer();
                std::reverse(hole.begin(), hole.end());
                poly.inners().push_back(std::move(hole));
                break;
            }
        } else {
            MultiPolygonLL inside, rest;
            bg::intersection(disc, region->geometry, inside);
            bg::difference(region->geometry, disc, rest);
            zone.geometry = std::move(inside);
            region->geometry = std::move(rest);
        }
    }
}

std::vector<OperatingAreaGeometry> build_operating_areas(const Gazetteer& gazetteer, const MultiPolygonLL& clip_to,
                                                         const ProjectionFactory& projections) {
    std::vector<OperatingAreaGeometry> out;
    for (const auto& rule : gazetteer.operating_areas) {
        std::vector<MultiPolygonLL> parts;
        for (const auto& a : rule.around) parts.push_back(circle(gazetteer.find_place(a.place)->position, a.radius_km, projections));
        for (const auto& c : rule.corridors)
            parts.push_back(corridor(gazetteer.find_place(c.from)->position, gazetteer.find_place(c.to)->position,
                                     c.half_width_km, projections));
        MultiPolygonLL all = dissolve(std::move(parts));
        MultiPolygonLL clipped;
        bg::intersection(all, clip_to, clipped);
        out.push_back({rule.id, rule.label, rule.line_style, std::move(clipped), rule.quote, rule.source_line, rule.assumption});
    }
    return out;
}

std::string equal_area_crs_for(const Box<LonLat>& extent) {
    LonLat c{(extent.min_corner().lon + extent.max_corner().lon) / 2, (extent.min_corner().lat + extent.max_corner().lat) / 2};
    return fmt::format("+proj=laea +lat_0={:.4f} +lon_0={:.4f} +datum=WGS84 +units=m +no_defs", c.lat, c.lon);
}

std::string map_crs_for(const std::vector<Box<LonLat>>& parts) {
    if (parts.empty()) return "EPSG:4326";
    // West and east as the parts lie, or with the western hemisphere's parts
    // moved east by 360 degrees, whichever spans less.
    auto span_of = [&](bool shifted) {
        double west = 1e9, east = -1e9;
        for (const auto& b : parts) {
            const double shift = shifted && b.max_corner().lon < 0 ? 360 : 0;
            west = std::min(west, b.min_corner().lon + shift);
            east = std::max(east, b.max_corner().lon + shift);
        }
        return std::pair{west, east};
    };
    auto [west, east] = span_of(false);
    if (const auto [w, e] = span_of(true); e - w < east - west) std::tie(west, east) = std::tie(w, e);
    double south = 90, north = -90;
    for (const auto& b : parts) {
        south = std::min(south, b.min_corner().lat);
        north = std::max(north, b.max_corner().lat);
    }
    double centre_lon = (west + east) / 2;
    if (centre_lon > 180) centre_lon -= 360;
    const double centre_lat = (south + north) / 2;
    if (east - west <= 18) {
        const int zone = std::clamp(static_cast<int>(std::floor((centre_lon + 180) / 6)) + 1, 1, 60);
        return fmt::format("EPSG:{}", (centre_lat >= 0 ? 32600 : 32700) + zone);
    }
    // Wider: a conic whose standard parallels hold a sixth of the latitudes
    // inside each edge; one that would straddle the equator is Mercator.
    const double lat_1 = south + (north - south) / 6, lat_2 = north - (north - south) / 6;
    if (lat_1 * lat_2 <= 0 || std::abs(centre_lat) < 10)
        return fmt::format("+proj=merc +lon_0={:.4f} +lat_ts={:.4f} +datum=WGS84 +units=m +no_defs", centre_lon, centre_lat);
    return fmt::format("+proj=lcc +lat_0={:.4f} +lon_0={:.4f} +lat_1={:.4f} +lat_2={:.4f} +datum=WGS84 +units=m +no_defs",
                       centre_lat, centre_lon, lat_1, lat_2);
}

Exposure measure_exposure(const join::ClassifiedAreas& areas, const std::vector<OperatingAreaGeometry>& operating_areas,
                          const std::string& equal_area_crs, const ProjectionFactory& projections) {
    Exposure out;
    out.category_id = areas.category_id;
    out.equal_area_crs = equal_area_crs;
    out.scale = areas.scale;
    out.not_assessed_label = areas.not_assessed_label;
    auto proj = projections("EPSG:4326", equal_area_crs);
    std::vector<std::pair<MultiPolygonXY, std::size_t>> projected;  // area, class index
    const std::size_t not_assessed = areas.scale.size();
    for (const auto& a : areas.areas) projected.emplace_back(proj->forward(a.geometry), a.level.value_or(not_assessed));
    for (const auto& op : operating_areas) {
        ExposureRow row;
        row.operating_area_id = op.id;
        row.label = op.label;
        row.km2_per_class.assign(areas.scale.size() + 1, 0.0);
        MultiPolygonXY op_xy = proj->forward(op.geometry);
        row.total_km2 = bg::area(op_xy) / 1e6;
        auto op_box = bg::return_envelope<BoxXY>(op_xy);
        for (const auto& [geom, cls] : projected) {
            if (bg::disjoint(op_box, bg::return_envelope<BoxXY>(geom))) continue;
            MultiPolygonXY part;
            bg::intersection(op_xy, geom, part);
            row.km2_per_class[cls] += bg::area(part) / 1e6;
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace threatmap::geometry
