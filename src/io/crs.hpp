// CRS handling through GDAL/OGR (which uses PROJ): build a Projection between
// any two CRSs given as "EPSG:n", a PROJ string or WKT, and export a CRS as
// WKT for georeferencing sidecars. OGR types stay inside this file's .cpp.
#pragma once

#include <memory>
#include <string>

#include "core/projection.hpp"

namespace threatmap::io {

// Throws threatmap::Error naming the CRS text and PROJ's reason.
std::unique_ptr<Projection> make_projection(const std::string& from_crs, const std::string& to_crs);

// WKT (1, ESRI flavour off) of a CRS definition; throws if unknown.
std::string crs_to_wkt(const std::string& crs);

// True when the CRS is geographic (degrees).
bool crs_is_geographic(const std::string& crs);

}  // namespace threatmap::io
