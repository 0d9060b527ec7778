// CRS handling through GDAL/OGR (which uses PROJ): build a Projection between
// any two CRSs given as "EPSG:n", a PROJ string or WKT, and export a CRS as
// WKT for georeferencing sidecars. OGR types stay inside this file's .cpp.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "core/projection.hpp"

namespace threatmap::io {

// Throws threatmap::Error naming the CRS text and PROJ's reason.
std::unique_ptr<Projection> make_projection(const std::string& from_crs, const std::string& to_crs);

// make_projection for a run whose threads each make their own projection
// between the same CRSs: a pair found to be one CRS (a lon/lat layer drawn
// in EPSG:4326) is given the identity on every later call without asking
// PROJ again. The first PROJ object a thread makes opens PROJ's database for
// that thread (W2: 6 ms of a core for the identity). Safe to call from any thread.
class ProjectionMaker {
public:
    std::unique_ptr<Projection> operator()(const std::string& from_crs, const std::string& to_crs);

private:
    std::mutex mutex_;
    std::set<std::pair<std::string, std::string>> identities_;
};

// WKT (1, ESRI flavour off) of a CRS definition; throws if unknown.
std::string crs_to_wkt(const std::string& crs);

// True when the CRS is geographic (degrees).
bool crs_is_geographic(const std::string& crs);

}  // namespace threatmap::io
