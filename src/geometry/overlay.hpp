// Overlay operations on polygon layers, fast because they use the layer's
// structure instead of general polygon clipping wherever it can:
// - dissolve_by_class merges same-class neighbours by dropping the borders
//   they share in the arc topology (linear time), and only then runs
//   Boost.Geometry's union on the few pieces that still overlap or touch
//   without shared vertices (e.g. at country borders of separate sources),
//   found through an R-tree;
// - overlay_area_by_class intersects only the R-tree candidates.
#pragma once

#include <vector>

#include "core/geo_types.hpp"

namespace threatmap::geometry {

// The polygon GEOS makes for buffer(point, radius, quadrant_segments):
// 4 x quadrant_segments vertices at angles 2πk/n, clockwise, closed.
Polygon<MapXY> point_buffer(MapXY centre, double radius, int quadrant_segments = 8);

struct DissolveStats {
    std::size_t arcs_dropped = 0;       // shared same-class borders removed topologically
    std::size_t pieces = 0;             // polygons after the topological merge
    std::size_t pieces_unioned = 0;     // of which needed a geometric union
};

// One multipolygon per class (0 .. class_count-1); shapes with a class
// outside that range are ignored. For valid input every polygon of a result
// is valid (bg::is_valid) and no two of them overlap or share a border: a
// hole touching its shell, or two parts touching at a corner, come out as
// separate rings (as GEOS makes them), not as one self-touching ring.
std::vector<MultiPolygonXY> dissolve_by_class(const std::vector<MultiPolygonXY>& shapes, const std::vector<int>& class_of,
                                              int class_count, DissolveStats* stats = nullptr);

// Σ area(buffer ∩ region) per class of the region, in map units².
std::vector<double> overlay_area_by_class(const std::vector<Polygon<MapXY>>& buffers, const std::vector<MultiPolygonXY>& regions,
                                          const std::vector<int>& class_of, int class_count);

}  // namespace threatmap::geometry
