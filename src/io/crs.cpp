#include "io/crs.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <cmath>

#include "core/error.hpp"

namespace threatmap::io {
namespace {

// GDAL prints its errors to stderr ("ERROR 1: PROJ: ...") unless told not to;
// ours say the same with the input named, so GDAL's stay quiet (it still
// records the last one for CPLGetLastErrorMsg). The handler stack is per thread.
struct QuietGdalErrors {
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

OGRSpatialReference parse_crs(const std::string& text) {
    QuietGdalErrors quiet;
    OGRSpatialReference srs;
    CPLErrorReset();
    if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE) {
        std::string reason = CPLGetLastErrorMsg();
        throw Error(fmt::format("unknown CRS \"{}\"{} (give an EPSG code like EPSG:32630, a PROJ string "
                                "like \"+proj=laea +lat_0=17 +lon_0=-4\", or WKT)",
                                text, reason.empty() ? "" : ": " + reason));
    }
    // GDAL 3 makes EPSG:4326 latitude-first; we always pass x = longitude.
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

class OgrProjection final : public Projection {
public:
    OgrProjection(const std::string& from, const std::string& to) : target_(to) {
        OGRSpatialReference src = parse_crs(from), dst = parse_crs(to);
        // The same CRS on both sides (a lon/lat layer drawn in EPSG:4326): no
        // transformation at all, rather than PROJ's no-op over every vertex.
        identity_ = src.IsSame(&dst) != 0;
        if (identity_) return;
        QuietGdalErrors quiet;
        forward_.reset(OGRCreateCoordinateTransformation(&src, &dst));
        inverse_.reset(OGRCreateCoordinateTransformation(&dst, &src));
        if (!forward_ || !inverse_)
            throw Error(fmt::format("no transformation from \"{}\" to \"{}\": {}", from, to, CPLGetLastErrorMsg()));
    }
    void forward(std::vector<double>& x, std::vector<double>& y) const override {
        if (!identity_) run(*forward_, x, y);
    }
    void inverse(std::vector<double>& x, std::vector<double>& y) const override {
        if (!identity_) run(*inverse_, x, y);
    }
    const std::string& target_definition() const override { return target_; }
    bool is_identity() const override { return identity_; }

private:
    static void run(OGRCoordinateTransformation& ct, std::vector<double>& x, std::vector<double>& y) {
        if (x.empty()) return;
        QuietGdalErrors quiet;
        std::vector<int> ok(x.size(), 0);
        ct.Transform(x.size(), x.data(), y.data(), nullptr, ok.data());
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!ok[i] || !std::isfinite(x[i]) || !std::isfinite(y[i]))
                throw UnprojectablePoint(i, ct.GetTargetCS() ? ct.GetTargetCS()->GetName() : "the target CRS");
    }
    struct Deleter {
        void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
    };
    std::unique_ptr<OGRCoordinateTransformation, Deleter> forward_, inverse_;
    std::string target_;
    bool identity_ = false;
};

}  // namespace

std::unique_ptr<Projection> make_projection(const std::string& from_crs, const std::string& to_crs) {
    return std::make_unique<OgrProjection>(from_crs, to_crs);
}

namespace {

class IdentityProjection final : public Projection {
public:
    explicit IdentityProjection(std::string crs) : crs_(std::move(crs)) {}
    void forward(std::vector<double>&, std::vector<double>&) const override {}
    void inverse(std::vector<double>&, std::vector<double>&) const override {}
    const std::string& target_definition() const override { return crs_; }
    bool is_identity() const override { return true; }

private:
    std::string crs_;
};

}  // namespace

std::unique_ptr<Projection> ProjectionMaker::operator()(const std::string& from_crs, const std::string& to_crs) {
    auto pair = std::make_pair(from_crs, to_crs);
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (identities_.count(pair)) return std::make_unique<IdentityProjection>(to_crs);
    }
    auto made = make_projection(from_crs, to_crs);  // (outside the lock: PROJ may take milliseconds)
    if (made->is_identity()) {
        const std::lock_guard<std::mutex> lock(mutex_);
        identities_.insert(std::move(pair));
    }
    return made;
}

std::string crs_to_wkt(const std::string& crs) {
    OGRSpatialReference srs = parse_crs(crs);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

bool crs_is_geographic(const std::string& crs) { return parse_crs(crs).IsGeographic() != 0; }

}  // namespace threatmap::io
