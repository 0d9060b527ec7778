// Shared by the benchmark programs: W2/W3 inputs read directly with OGR (native
// coordinates, no conversion to lon/lat), the W3 points, counting helpers and
// the reference values of ../shared/bench-peers/RESULTS.md (Shapely/GEOS 3.11).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/geo_types.hpp"

namespace threatmap::bench {

std::string data_dir();  // $THREATMAP_BENCH_DATA or the configured bench/data

struct Layer {
    std::vector<MultiPolygonXY> shapes;  // native CRS coordinates, corrected (clockwise outer, closed)
    std::vector<int> cls;                // field "cls"
    std::size_t rings = 0;
    std::size_t coordinates = 0;         // incl. each ring's closing point (GEOS getNumPoints)
};

// Reads `layer` (default: the first) of a vector file with OGR as it is.
// `limit` > 0: only the first `limit` features. Throws std::runtime_error.
Layer read_layer(const std::string& path, std::size_t limit = 0);

struct PointEA {  // W3 point: id and EPSG:8857 metres
    int id = 0;
    double x = 0, y = 0;
};
std::vector<PointEA> read_points_csv(const std::string& path);

struct Counts {
    std::size_t polygons = 0, rings = 0, coordinates = 0, holes = 0;
};
Counts count(const MultiPolygonXY& mp);
Counts count(const std::vector<MultiPolygonXY>& v);


// RESULTS.md, "W3 results, for checking a future implementation" (km²).
struct W3Reference {
    static constexpr std::size_t regions = 4646, rings = 10913, coordinates = 1281060;
    static constexpr std::array<double, 5> input_area_km2{34738010.118, 30225311.976, 32725967.571, 22726889.241,
                                                          26311108.228};
    static constexpr std::array<double, 5> overlay_area_km2{382929.350, 351950.425, 212365.229, 222507.772,
                                                            288672.481};
    static constexpr std::array<double, 5> dissolved_area_km2{34737422.292, 30225292.093, 32725507.148,
                                                              22726540.956, 26311108.228};
    static constexpr std::array<int, 5> dissolved_polygons{1771, 2124, 1545, 1730, 1681};
    static constexpr std::array<int, 5> dissolved_rings{2129, 2789, 1847, 2034, 2002};
    static constexpr std::array<int, 5> dissolved_coordinates{263316, 239762, 203442, 191020, 217208};
    static constexpr double buffer_area_km2_each = 7803.613;  // 32-gon, 50 km circumradius (rounded)
    static constexpr int overlay_pairs = 381;
};

// Relative difference |a-b| / max(|b|, tiny).
double rel(double a, double b);

}  // namespace threatmap::bench
