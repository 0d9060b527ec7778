// Reads polygons from any OGR vector source (GeoJSON, TopoJSON, Shapefile,
// GeoPackage, ...) into WGS84 lon/lat Boundaries. Refuses, with the file,
// layer and feature named: files GDAL cannot open as vectors, unknown layers
// (listing the layers), layers without polygons, non-polygon features, an
// unknown CRS, NaN/infinite or out-of-range coordinates. Does not repair
// polygons: that is geometry::repair's job.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>

#include "core/boundaries.hpp"
#include "core/diagnostics.hpp"

namespace threatmap::io {

struct BoundaryReadOptions {
    // Default: the first layer; with a required_field, the first polygon layer
    // that has it (a note says which, when the file has several layers).
    std::optional<std::string> layer;
    std::optional<std::string> required_field; // e.g. the class field: must exist
    std::optional<std::string> assume_crs;    // for files that carry none
    // The attributes to keep (by field name; nullopt: every field). GDAL is
    // told to skip the others: W2's read took 6 ms less with 2 of its 6 fields.
    // Boundaries::fields still lists every field of the layer.
    std::optional<std::vector<std::string>> attributes;
    // Keep only features whose bbox meets this lon/lat box (min lon, min lat, max lon, max lat).
    std::optional<std::array<double, 4>> bbox_filter;
    // Without `layer`, in a file of several layers: told every layer by its
    // attributes (those of `attributes`; no geometry, no features of a layer
    // without polygons), returns the layer to read (nothing: as above).
    std::function<std::optional<std::string>(const std::vector<LayerAttributes>&)> choose_among_layers;
    // Cores the reading may use: a large GeoPackage table is read in two
    // halves, each through its own connection. The result does not depend on it.
    unsigned threads = 1;
};

Boundaries read_boundaries(const std::string& path, const BoundaryReadOptions& options, core::Diagnostics& diagnostics);

// Lines (rivers) from a vector file, WGS84; non-line features are skipped.
std::vector<LineStringLL> read_lines(const std::string& path, core::Diagnostics& diagnostics);

// Layer names, fields and feature counts, for `threatmap inspect`.
std::string describe_vector_file(const std::string& path);

}  // namespace threatmap::io
