// A coordinate transformation between two CRSs, as an interface so that the
// geometry stage can project without seeing GDAL or PROJ. io::make_projection
// builds the real one. Axis order is always x/east first (lon, lat for WGS84).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <functional>

#include "core/error.hpp"
#include "core/geo_types.hpp"

namespace threatmap {

// A point the target CRS cannot show (UTM 30N for a point on the other side of
// the world). `index`: its place in the batch that was transformed; the
// shape-level calls below say which coordinates it had, and the stage that
// projects a feature says which feature (the message needs both to be acted on).
class UnprojectablePoint : public Error {
public:
    // `target`: the CRS's name; `point`: "(x, y)", or empty while unknown.
    UnprojectablePoint(std::size_t index, const std::string& target, const std::string& point = "");
    std::size_t index() const { return index_; }
    const std::string& target() const { return target_; }

private:
    std::size_t index_;
    std::string target_;
};

class Projection {
public:
    virtual ~Projection() = default;
    // In place; throws UnprojectablePoint if a point cannot be transformed.
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
