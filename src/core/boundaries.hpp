// Polygons read from a boundary file, in WGS84 longitude/latitude, with their
// attributes as text. Produced by io::read_boundaries; GDAL stays in io/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/geo_types.hpp"

namespace threatmap {

struct BoundaryFeature {
    long long fid = 0;
    std::map<std::string, std::string> attributes;  // field name -> value as text
    MultiPolygonLL geometry;
    std::string attribute(const std::string& field) const;
};

struct Boundaries {
    std::string path;
    std::string layer;
    std::vector<std::string> fields;
    std::vector<BoundaryFeature> features;
    // The layer's own CRS when it is a projected one (as "EPSG:2154" where it
    // has an authority code, else WKT), the map's natural default; empty when
    // the layer is in geographic coordinates.
    std::string projected_crs;
    std::size_t vertex_count() const;
};

// One layer of a file told by its attributes alone (no geometry read), to
// choose among a file's layers (a GeoPackage of a country's admin levels).
struct LayerAttributes {
    std::string name;
    bool polygons = false;                // its geometry type is polygons (or not declared)
    std::vector<BoundaryFeature> features;  // the asked fields only; no geometry
};

}  // namespace threatmap
