// Derived geometry from analyst rules: city zones carved out of their region,
// operating areas (circles around places, corridors between them) clipped to
// the mapped country, and exposure statistics (km² of each operating area
// under each level) measured in an equal-area CRS. Distances are true metres:
// circles and corridors are built in an azimuthal equidistant projection
// centred on them, then returned as lon/lat.
#pragma once

#include <string>
#include <vector>

#include "core/gazetteer.hpp"
#include "core/projection.hpp"
#include "join/classified_areas.hpp"

namespace threatmap::geometry {

struct OperatingAreaGeometry {
    std::string id;
    Translated label;
    std::string line_style;
    MultiPolygonLL geometry;
    std::string quote;
    int source_line = 0;
    Translated assumption;
};

struct ExposureRow {
    std::string operating_area_id;
    Translated label;
    double total_km2 = 0;
    std::vector<double> km2_per_class;  // one per scale level, then "not assessed" last
};

struct Exposure {
    std::string category_id;
    std::string equal_area_crs;
    std::vector<Level> scale;
    Translated not_assessed_label;
    std::vector<ExposureRow> rows;
};

// A circle of `radius_km` (true distance) as a polygon with `segments` sides.
MultiPolygonLL circle(LonLat centre, double radius_km, const ProjectionFactory& projections, int segments = 90);
// All points within `half_width_km` of the straight (azimuthal) line from a to b.
MultiPolygonLL corridor(LonLat a, LonLat b, double half_width_km, const ProjectionFactory& projections);
// Union of many polygons by pairwise (cascaded) merging: O(n log n) merges, not a left fold.
template <typename P>
MultiPolygon<P> dissolve(std::vector<MultiPolygon<P>> parts);

// Fills each city zone's geometry (circle ∩ its region) and cuts it out of the region.
void carve_city_zones(join::ClassifiedAreas& areas, const ProjectionFactory& projections);

// Operating areas of the gazetteer, clipped to `clip_to` (the mapped country).
std::vector<OperatingAreaGeometry> build_operating_areas(const Gazetteer& gazetteer, const MultiPolygonLL& clip_to,
                                                         const ProjectionFactory& projections);

// Lambert azimuthal equal-area centred on the box.
std::string equal_area_crs_for(const Box<LonLat>& extent);

// A conformal map CRS for a country whose parts (polygons) have these
// envelopes: the UTM zone of its centre when it spans at most 18 degrees of
// longitude, three zones (Mali, 16.5: zone 30, EPSG:32630; Madagascar: zone
// 38 south, EPSG:32738), else a Lambert conformal conic on its latitudes, or
// Mercator for a country across the equator. A country across the
// antimeridian (Fiji, Chukotka) is centred where its parts are, not at 0.
std::string map_crs_for(const std::vector<Box<LonLat>>& parts);

Exposure measure_exposure(const join::ClassifiedAreas& areas, const std::vector<OperatingAreaGeometry>& operating_areas,
                          const std::string& equal_area_crs, const ProjectionFactory& projections);

}  // namespace threatmap::geometry
