// Point and polygon types of the three coordinate spaces. Distinct point types
// so that longitude/latitude, projected map metres and page points cannot be
// mixed by accident. All are registered as cartesian with Boost.Geometry:
// lon/lat polygons are only ever repaired, carved and tested for topology in
// the plate carrée plane; distances and areas are measured after projection.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/register/point.hpp>

namespace threatmap {

struct LonLat {
    double lon = 0;
    double lat = 0;
};
struct MapXY {  // metres in the map or statistics CRS
    double x = 0;
    double y = 0;
};
struct PageXY {  // page points (1/72 in) or pixels, origin top left, y down
    double x = 0;
    double y = 0;
};

}  // namespace threatmap

BOOST_GEOMETRY_REGISTER_POINT_2D(threatmap::LonLat, double, boost::geometry::cs::cartesian, lon, lat)
BOOST_GEOMETRY_REGISTER_POINT_2D(threatmap::MapXY, double, boost::geometry::cs::cartesian, x, y)
BOOST_GEOMETRY_REGISTER_POINT_2D(threatmap::PageXY, double, boost::geometry::cs::cartesian, x, y)

namespace threatmap {

namespace bg = boost::geometry;

// Clockwise outer rings, closed (Boost.Geometry's default).
template <typename P> using Ring = bg::model::ring<P>;
template <typename P> using Polygon = bg::model::polygon<P>;
template <typename P> using MultiPolygon = bg::model::multi_polygon<Polygon<P>>;
template <typename P> using LineString = bg::model::linestring<P>;
template <typename P> using Box = bg::model::box<P>;

using MultiPolygonLL = MultiPolygon<LonLat>;
using MultiPolygonXY = MultiPolygon<MapXY>;
using LineStringLL = LineString<LonLat>;
using LineStringXY = LineString<MapXY>;
using BoxXY = Box<MapXY>;

}  // namespace threatmap
