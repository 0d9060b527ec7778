// A coordinate transformation between two CRSs, as an interface so that the
// geometry stage can project without seeing GDAL or PROJ. io::make_projection
// builds the real one. Axis order is always x/east first (lon, lat for WGS84).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <functional>

#include "core/geo_types.hpp"

namespace threatmap {

class Projection {
public:
    virtual ~Projection() = default;
    // In place; throws threatmap::Error if a point cannot be transformed.
    virtual void forward(std::vector<double>& x, std::vector<double>& y) const = 0;
    virtual void inverse(std::vector<double>& x, std::vector<double>& y) const = 0;
    virtual const std::string& target_definition() const = 0;  // as the user gave it
    // The same CRS on both sides: forward and inverse change nothing.
    virtual bool is_identity() const { return false; }

    MapXY forward(LonLat p) const;
    LonLat inverse(MapXY p) const;
    MultiPolygonXY forward(const MultiPolygonLL& mp) const;
    MultiPolygonLL inverse(const MultiPolygonXY& mp) const;
    LineStringXY forward(const LineStringLL& line) const;
};

}  // namespace threatmap

namespace threatmap {
// Builds projections between two CRS definitions ("EPSG:n", PROJ string, WKT).
using ProjectionFactory = std::function<std::unique_ptr<Projection>(const std::string& from, const std::string& to)>;
}  // namespace threatmap
