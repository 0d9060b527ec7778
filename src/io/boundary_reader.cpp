#include "io/boundary_reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <exception>
#include <iterator>
#include <mutex>
#include <unordered_set>

#include "core/address_space.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"

namespace threatmap::io {
namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

// A GDAL configuration option set on this thread for the duration of one
// open, unless the user set it (then theirs stands), and removed afterwards:
// other opens, and the user's own GDAL use, are left as they were.
class OptionForThisOpen {
public:
    OptionForThisOpen(const char* key, const char* value, bool wanted) : key_(key) {
        if (!wanted || CPLGetConfigOption(key, nullptr)) return;
        CPLSetThreadLocalConfigOption(key, value);
        set_ = true;
    }
    ~OptionForThisOpen() {
        if (set_) CPLSetThreadLocalConfigOption(key_, nullptr);
    }
    OptionForThisOpen(const OptionForThisOpen&) = delete;
    OptionForThisOpen& operator=(const OptionForThisOpen&) = delete;

private:
    const char* key_;
    bool set_ = false;
};

// The GDAL configuration options set on the calling thread alone
// (CPLSetThreadLocalConfigOption), for a thread that opens a connection on
// its behalf: that connection is then opened as one opened by the caller.
class CallersThreadOptions {
public:
    CallersThreadOptions() : options_(CPLGetThreadLocalConfigOptions()) {}
    ~CallersThreadOptions() { CSLDestroy(options_); }
    CallersThreadOptions(const CallersThreadOptions&) = delete;
    CallersThreadOptions& operator=(const CallersThreadOptions&) = delete;
    // On a thread of ours that has set none of its own.
    void apply_here() const { CPLSetThreadLocalConfigOptions(options_); }

private:
    char** options_;
};

bool has_extension(const std::string& path, const std::string& lower_case_extension) {
    if (path.size() <= lower_case_extension.size() + 1) return false;
    const std::string tail = path.substr(path.size() - lower_case_extension.size() - 1);
    if (tail[0] != '.') return false;
    for (std::size_t i = 1; i < tail.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(tail[i])) != lower_case_extension[i - 1]) return false;
    return true;
}

DatasetPtr open_vector(const std::string& path) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    // SQLite-based formats (GeoPackage, SQLite/SpatiaLite) read their pages from
    // a memory map of the file instead of copying each page out of the kernel's
    // cache (GDAL runs OGR_SQLITE_PRAGMA on each SQLite connection it opens):
    // W2's GeoPackage read took 70 ms, 52 with the map (medians of 8). Not under
    // an address-space limit, which the map would count against (SQLite reads
    // as before when it cannot map). Other drivers ignore the option.
    OptionForThisOpen memory_map("OGR_SQLITE_PRAGMA", "mmap_size=1073741824", !core::address_space_limit());
    // A GeoPackage is read without SpatiaLite: GDAL decodes its geometries and
    // implements its SQL functions itself, and SpatiaLite's set-up of each
    // connection opened PROJ's database once more (W2: 8 ms of each of the two
    // connections' opening; read stage 45 -> 40 ms, medians of 30). A
    // SpatiaLite database (.sqlite) keeps it.
    OptionForThisOpen no_spatialite("SPATIALITE_LOAD", "NO", has_extension(path, "gpkg"));
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDataset* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    CPLPopErrorHandler();
    if (!ds) {
        std::string reason = CPLGetLastErrorMsg();
        if (reason.empty()) reason = "GDAL recognises no vector format in it (is it a GeoJSON, TopoJSON, Shapefile, GeoPackage, ...?)";
        FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw Error({path, ""}, "cannot open file (does it exist and is it readable?)");
        std::fclose(f);
        throw Error({path, ""}, fmt::format("not a readable vector file: {}", reason));
    }
    return DatasetPtr(ds);
}

// open_vector(path), on a second thread when `threads` allows, while this
// thread sets up its PROJ context for the layer's CRS, which comes next:
// PROJ's first use on a thread opens its database (SQLite parsing the schema
// of proj.db, ~9 ms), and one after the other the two took W2's first 15 ms.
// The file's errors are those of open_vector.
DatasetPtr open_vector_while_proj_starts(const std::string& path, unsigned threads) {
    if (threads < 2) return open_vector(path);
    DatasetPtr ds;
    const CallersThreadOptions callers;
    core::run_workers(2, [&](std::size_t worker) {
        if (worker == 1) {
            callers.apply_here();
            ds = open_vector(path);
            return;
        }
        // Any outcome will do: a PROJ without its database fails here and
        // again, with the message, at the CRS.
        CPLPushErrorHandler(CPLQuietErrorHandler);
        try {
            OGRSpatialReference wgs84;
            wgs84.importFromEPSG(4326);
        } catch (...) {
        }
        CPLPopErrorHandler();
        CPLErrorReset();
    });
    return ds;
}

std::string layer_list(GDALDataset& ds) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.push_back(fmt::format("'{}'", ds.GetLayer(i)->GetName()));
    return core::join_alternatives(names, "and");
}

bool has_polygons(OGRLayer& layer) {
    const OGRwkbGeometryType type = wkbFlatten(layer.GetGeomType());
    return type == wkbUnknown || type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon ||
           type == wkbMultiSurface || type == wkbSurface;
}

bool has_field(OGRLayer& layer, const std::string& field) { return layer.GetLayerDefn()->GetFieldIndex(field.c_str()) >= 0; }

// The layer `name`, else (with a required field) the first polygon layer that
// has it, else the first.
OGRLayer& choose_layer(GDALDataset& ds, const std::string& path, const std::optional<std::string>& name,
                       const std::optional<std::string>& required_field = std::nullopt,
                       core::Diagnostics* diagnostics = nullptr) {
    if (ds.GetLayerCount() == 0) throw Error({path, ""}, "the file has no layers");
    if (!name) {
        if (required_field && ds.GetLayerCount() > 1)
            for (int i = 0; i < ds.GetLayerCount(); ++i) {
                OGRLayer& layer = *ds.GetLayer(i);
                if (!has_polygons(layer) || !has_field(layer, *required_field)) continue;
                if (diagnostics)
                    diagnostics->info("boundary.layer",
                                      fmt::format("{}: of its layers {}, the maps use '{}', the first with polygons and "
                                                  "the field '{}' (choose another with --layer)",
                                                  path, layer_list(ds), layer.GetName(), *required_field));
                return layer;
            }
        return *ds.GetLayer(0);
    }
    OGRLayer* layer = ds.GetLayerByName(name->c_str());
    if (!layer) throw Error({path, ""}, fmt::format("no layer '{}' (layers: {})", *name, layer_list(ds)));
    return *layer;
}

// Every layer of `ds` told by its attributes alone: the values of `fields`
// (all fields: nullopt) for each feature of each polygon layer.
std::vector<LayerAttributes> layer_attributes(GDALDataset& ds, const std::optional<std::vector<std::string>>& fields) {
    std::vector<LayerAttributes> out;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        OGRLayer& layer = *ds.GetLayer(i);
        LayerAttributes summary;
        summary.name = layer.GetName();
        summary.polygons = has_polygons(layer);
        if (summary.polygons) {
            // Attributes only: GDAL skips the geometry and the other fields.
            OGRFeatureDefn* defn = layer.GetLayerDefn();
            std::vector<std::pair<std::string, int>> asked;
            std::vector<std::string> ignored_names{"OGR_GEOMETRY"};
            for (int f = 0; f < defn->GetFieldCount(); ++f) {
                const std::string field = defn->GetFieldDefn(f)->GetNameRef();
                if (!fields || std::find(fields->begin(), fields->end(), field) != fields->end()) asked.emplace_back(field, f);
                else ignored_names.push_back(field);
            }
            std::vector<const char*> ignored;
            for (const auto& n : ignored_names) ignored.push_back(n.c_str());
            ignored.push_back(nullptr);
            layer.SetIgnoredFields(ignored.data());
            layer.ResetReading();
            for (auto& feature : layer) {
                BoundaryFeature f;
                f.fid = feature->GetFID();
                for (const auto& [field, index] : asked)
                    if (feature->IsFieldSetAndNotNull(index)) f.attributes[field] = feature->GetFieldAsString(index);
                summary.features.push_back(std::move(f));
            }
            layer.SetIgnoredFields(nullptr);
            layer.ResetReading();
        }
        out.push_back(std::move(summary));
    }
    return out;
}

// GDAL reports a GeoPackage layer without a CRS (srs_id 0 or -1) as a CRS named
// "Undefined geographic SRS" / "Undefined Cartesian SRS"; both mean "none given".
bool is_undefined_crs(const OGRSpatialReference& srs) {
    const char* name = srs.GetName();
    if (!name) return false;
    const std::string n(name);
    return n == "Undefined geographic SRS" || n == "Undefined Cartesian SRS";
}

// A CRS as the projection factory and the user read it: its authority code
// (EPSG:2154) where it has one, else WKT2.
std::string crs_text(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority && code) return fmt::format("{}:{}", authority, code);
    char* wkt = nullptr;
    const char* const wkt2[] = {"FORMAT=WKT2_2019", nullptr};
    std::string text;
    if (srs.exportToWkt(&wkt, wkt2) == OGRERR_NONE && wkt) text = wkt;
    CPLFree(wkt);
    return text;
}

// Where a feature is, for messages: formatted only when one is written (a
// string for each of W2's 4,646 features was an allocation each).
struct FeaturePlace {
    const std::string& layer;
    long long fid;
    std::string str() const { return fmt::format("layer '{}', feature {}", layer, fid); }
};

template <typename Ring>
void append_ring(const OGRLinearRing& in, Ring& out, const std::string& path, const FeaturePlace& where) {
    const int n = in.getNumPoints();
    // All coordinates at once (OGR copies its array into ours, strided), then checked.
    out.resize(static_cast<std::size_t>(n));
    if (n > 0) in.getPoints(&out[0].lon, static_cast<int>(sizeof(LonLat)), &out[0].lat, static_cast<int>(sizeof(LonLat)));
    for (int i = 0; i < n; ++i) {
        const double x = out[static_cast<std::size_t>(i)].lon, y = out[static_cast<std::size_t>(i)].lat;
        if (!std::isfinite(x) || !std::isfinite(y))
            throw Error({path, where.str()}, fmt::format("vertex {} has a NaN or infinite coordinate", i));
        if (x < -180.0000001 || x > 180.0000001 || y < -90.0000001 || y > 90.0000001)
            throw Error({path, where.str()}, fmt::format("vertex {} ({}, {}) is outside longitude -180..180 / latitude -90..90 "
                                                         "(wrong CRS, or swapped axes?)", i, x, y));
    }
    // OGR may leave rings unclosed (e.g. from some drivers); Boost.Geometry needs them closed.
    if (!out.empty() && (out.front().lon != out.back().lon || out.front().lat != out.back().lat)) out.push_back(out.front());
}

void append_polygon(const OGRPolygon& poly, MultiPolygonLL& out, const std::string& path, const FeaturePlace& where) {
    if (poly.IsEmpty()) return;
    Polygon<LonLat> p;
    append_ring(*poly.getExteriorRing(), p.outer(), path, where);
    p.inners().resize(static_cast<std::size_t>(poly.getNumInteriorRings()));
    for (int i = 0; i < poly.getNumInteriorRings(); ++i) append_ring(*poly.getInteriorRing(i), p.inners()[static_cast<std::size_t>(i)], path, where);
    out.push_back(std::move(p));
}

// Returns false for a geometry with no polygonal part.
bool convert(const OGRGeometry& g, MultiPolygonLL& out, const std::string& path, const FeaturePlace& where,
             core::Diagnostics& diagnostics) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon: append_polygon(*g.toPolygon(), out, path, where); return true;
        case wkbMultiPolygon:
            out.reserve(out.size() + static_cast<std::size_t>(g.toMultiPolygon()->getNumGeometries()));
            for (const auto* p : *g.toMultiPolygon()) append_polygon(*p, out, path, where);
            return true;
        case wkbCurvePolygon:
        case wkbMultiSurface: {
            std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
            return linear && convert(*linear, out, path, where, diagnostics);
        }
        case wkbGeometryCollection: {
            bool any = false;
            for (const auto* part : *g.toGeometryCollection()) {
                if (convert(*part, out, path, where, diagnostics)) any = true;
                else diagnostics.warning("boundary.non_polygon_part",
                                         fmt::format("{}: {}: dropped a non-polygon part ({}) of a geometry collection",
                                                     path, where.str(), part->getGeometryName()));
            }
            return any;
        }
        default: return false;
    }
}

// The index (within its ring) of the first vertex with a NaN or infinite
// coordinate, for a message more useful than "cannot transform".
std::optional<int> first_non_finite_vertex(const OGRGeometry& g) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon:
            for (const auto* ring : *g.toPolygon())
                for (int i = 0; i < ring->getNumPoints(); ++i)
                    if (!std::isfinite(ring->getX(i)) || !std::isfinite(ring->getY(i))) return i;
            return std::nullopt;
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const auto* part : *g.toGeometryCollection())
                if (auto bad = first_non_finite_vertex(*part)) return bad;
            return std::nullopt;
        default: return std::nullopt;
    }
}

// Features of a layer as read under its current filters, with what was noted
// about them; a layer read in parts gives one of these per part, in order.
struct FeaturesRead {
    std::vector<BoundaryFeature> features;
    std::size_t non_polygon = 0;
    std::string first_non_polygon;
    core::Diagnostics diagnostics;
    std::vector<std::string> gdal_failures;    // what GDAL reported as errors while reading
    std::vector<long long> without_geometry;   // fids of features handed over without a geometry
    std::vector<long long> positions;          // of each of `features` in the layer, from 0
    long long repeated_fid = -1;               // a fid GDAL gave to two features, if it did
};

// GDAL's errors on this thread while it lives, kept instead of printed: a
// driver that cannot decode a feature's geometry (a GeoJSON coordinate that
// is not a number) reports it through CPLError and hands the feature over
// without one, which would otherwise pass for a feature that has none.
// Warnings are printed as GDAL prints them.
class GdalFailuresOnThisThread {
public:
    GdalFailuresOnThisThread() { CPLPushErrorHandlerEx(&keep, this); }
    ~GdalFailuresOnThisThread() { CPLPopErrorHandler(); }
    GdalFailuresOnThisThread(const GdalFailuresOnThisThread&) = delete;
    GdalFailuresOnThisThread& operator=(const GdalFailuresOnThisThread&) = delete;
    std::vector<std::string> take() { return std::move(failures_); }

private:
    static void CPL_STDCALL keep(CPLErr level, CPLErrorNum number, const char* message) {
        auto* self = static_cast<GdalFailuresOnThisThread*>(CPLGetErrorHandlerUserData());
        if (level >= CE_Failure && self) self->failures_.emplace_back(message ? message : "");
        else CPLDefaultErrorHandler(level, number, message);
    }
    std::vector<std::string> failures_;
};

// The layer's fields a reading keeps (by index), the others set as ignored
// on `layer` so that GDAL does not decode them.
std::vector<int> keep_fields(OGRLayer& layer, const std::vector<std::string>& fields, const BoundaryReadOptions& options) {
    std::vector<int> kept;
    std::vector<const char*> ignored;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& wanted = options.attributes;
        if (!wanted || std::find(wanted->begin(), wanted->end(), fields[i]) != wanted->end()) kept.push_back(static_cast<int>(i));
        else ignored.push_back(fields[i].c_str());
    }
    ignored.push_back(nullptr);
    layer.SetIgnoredFields(ignored.data());  // a driver that cannot ignore fields decodes them all: still correct
    return kept;
}

void read_features(OGRLayer& layer, const std::string& path, const std::vector<std::string>& fields,
                   OGRCoordinateTransformation* to_wgs84, const BoundaryReadOptions& options, FeaturesRead& out) {
    core::Diagnostics& diagnostics = out.diagnostics;
    const std::string layer_name = layer.GetName();
    const std::vector<int> kept = keep_fields(layer, fields, options);
    GdalFailuresOnThisThread gdal_failures;
    std::unordered_set<long long> fids_seen;
    long long position = -1;
    layer.ResetReading();
    for (auto& feature : layer) {
        ++position;
        const long long fid = feature->GetFID();
        if (!fids_seen.insert(fid).second && out.repeated_fid < 0) out.repeated_fid = fid;
        const FeaturePlace where{layer_name, fid};
        BoundaryFeature f;
        f.fid = fid;
        for (const int i : kept)
            if (feature->IsFieldSetAndNotNull(i)) f.attributes[fields[static_cast<std::size_t>(i)]] = feature->GetFieldAsString(i);
        OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            if (!g) out.without_geometry.push_back(fid);
            diagnostics.warning("boundary.empty_geometry", fmt::format("{}: {}: no geometry; skipped", path, where.str()));
            continue;
        }
        if (to_wgs84) {
            CPLErrorReset();
            CPLPushErrorHandler(CPLQuietErrorHandler);  // ours names the file and feature
            const OGRErr transformed = g->transform(to_wgs84);
            CPLPopErrorHandler();
            if (transformed != OGRERR_NONE) {
                if (auto bad = first_non_finite_vertex(*g))
                    throw Error({path, where.str()}, fmt::format("vertex {} has a NaN or infinite coordinate", *bad));
                const std::string reason = CPLGetLastErrorMsg();
                throw Error({path, where.str()}, fmt::format("cannot transform to WGS84: {}",
                                                       reason.empty() ? "a vertex lies outside the CRS's valid area" : reason));
            }
        }
        if (!convert(*g, f.geometry, path, where, diagnostics)) {
            if (out.non_polygon++ == 0) out.first_non_polygon = fmt::format("{} is a {}", where.str(), g->getGeometryName());
            continue;
        }
        if (options.bbox_filter && to_wgs84) {
            auto env = bg::return_envelope<Box<LonLat>>(f.geometry);
            const auto& b = *options.bbox_filter;
            if (env.max_corner().lon < b[0] || env.min_corner().lon > b[2] || env.max_corner().lat < b[1] || env.min_corner().lat > b[3])
                continue;
        }
        out.features.push_back(std::move(f));
        out.positions.push_back(position);
    }
    out.gdal_failures = gdal_failures.take();
}

// A reading that GDAL reported errors for is refused: what it handed over is
// not the file. The feature is named when exactly one came without a
// geometry (GDAL's messages do not say which feature they are about).
void refuse_if_gdal_failed(const std::string& path, const std::string& layer, const std::vector<std::string>& failures,
                           const std::vector<long long>& without_geometry) {
    if (failures.empty()) return;
    std::string where = fmt::format("layer '{}'", layer);
    std::string message;
    if (without_geometry.size() == 1) {
        where += fmt::format(", feature {}", without_geometry.front());
        message = "GDAL could not read the feature's geometry: ";
    } else {
        message = "GDAL could not read all of the layer: ";
    }
    std::string reason = failures.front();
    while (!reason.empty() && (reason.back() == '.' || std::isspace(static_cast<unsigned char>(reason.back())))) reason.pop_back();
    message += reason;
    if (failures.size() > 1) message += fmt::format(" (and {} more error(s))", failures.size() - 1);
    if (without_geometry.size() > 1) {
        std::vector<std::string> fids;
        for (std::size_t i = 0; i < std::min<std::size_t>(without_geometry.size(), 10); ++i)
            fids.push_back(std::to_string(without_geometry[i]));
        message += fmt::format("; features without a geometry: {}{}", fmt::join(fids, ", "),
                               without_geometry.size() > fids.size() ? ", ..." : "");
    }
    throw Error({path, where}, message);
}

std::string sql_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The fids that cut a GeoPackage table into `parts` runs (parts - 1 of
// them, ascending), or none when the layer is too small to be worth a second
// connection or cannot be cut by its primary key. The cuts split the fids
// from the first one on as if they were numbered without gaps (as a table
// written by GDAL is): the count comes from gpkg_ogr_contents and the first
// fid from one feature, where a MIN/MAX query through ExecuteSQL took 5 ms
// on the single thread that precedes the parallel reading (10% of W2's
// read). Any cut is correct: the first run takes every fid below the first
// cut and the last every fid from the last cut on. A table with gaps or
// renumbered fids gives runs of unequal length, which the connections even
// out by each taking the next.
std::vector<long long> gpkg_cut_fids(OGRLayer& layer, unsigned parts) {
    constexpr long long kMinFeatures = 1000;  // below: a second connection costs more than it saves
    const char* fid_column = layer.GetFIDColumn();
    if (!fid_column || !*fid_column) return {};
    const long long count = layer.GetFeatureCount(FALSE);  // -1 when not known without a scan
    if (count < kMinFeatures) return {};
    // Quietly: a first feature GDAL cannot decode is reported by the reading itself, with its place.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    layer.ResetReading();
    const std::unique_ptr<OGRFeature> first(layer.GetNextFeature());
    layer.ResetReading();
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!first || first->GetFID() == OGRNullFID) return {};
    const long long lo = first->GetFID();
    // (in long double: fids may lie anywhere in the 64-bit range)
    const long double span = static_cast<long double>(count);
    if (static_cast<long double>(lo) + span > 9.2e18L) return {};
    std::vector<long long> cuts;
    for (unsigned k = 1; k < parts; ++k) {
        const auto cut = lo + static_cast<long long>(span * k / parts);
        if (cut <= lo || (!cuts.empty() && cut <= cuts.back())) return {};
        cuts.push_back(cut);
    }
    return cuts;
}

// Reads the layer. A large GeoPackage table, when `options.threads` allows,
// is read in runs of fids by several connections at once, each taking the
// next run (GeoPackage reads a run in fid order, so the runs in order are the
// layer in order); any other layer in one part.
std::vector<FeaturesRead> read_in_parts(GDALDataset& ds, OGRLayer& layer, const std::string& path,
                                        const std::vector<std::string>& fields, OGRCoordinateTransformation* to_wgs84,
                                        const BoundaryReadOptions& options) {
    auto filter_space = [&](OGRLayer& l) {
        if (options.bbox_filter && !to_wgs84) {
            const auto& b = *options.bbox_filter;
            l.SetSpatialFilterRect(b[0], b[1], b[2], b[3]);
        }
    };
    filter_space(layer);
    // More runs than connections: a connection that opened late takes fewer.
    constexpr unsigned kRunsPerConnection = 4;
    const unsigned connections = std::min(options.threads, 4u);
    const bool gpkg = ds.GetDriver() && std::string(ds.GetDriver()->GetDescription()) == "GPKG";
    const std::vector<long long> cuts =
        connections > 1 && gpkg ? gpkg_cut_fids(layer, connections * kRunsPerConnection) : std::vector<long long>{};
    std::vector<FeaturesRead> parts(cuts.size() + 1);
    if (cuts.empty()) {
        read_features(layer, path, fields, to_wgs84, options, parts[0]);
        return parts;
    }
    const std::string fid = sql_identifier(layer.GetFIDColumn());
    std::vector<std::exception_ptr> failed(parts.size());
    std::atomic<std::size_t> next{0};
    auto read_runs = [&](OGRLayer& l, OGRCoordinateTransformation* transform) {
        for (std::size_t run = next++; run < parts.size(); run = next++) {
            try {
                std::string where = run == 0 ? fmt::format("{} < {}", fid, cuts[0])
                                    : run == cuts.size()
                                        ? fmt::format("{} >= {}", fid, cuts.back())
                                        : fmt::format("{} >= {} AND {} < {}", fid, cuts[run - 1], fid, cuts[run]);
                if (l.SetAttributeFilter(where.c_str()) != OGRERR_NONE)
                    throw Error({path, fmt::format("layer '{}'", layer.GetName())}, fmt::format("cannot select fids by \"{}\"", where));
                read_features(l, path, fields, transform, options, parts[run]);
            } catch (...) {
                failed[run] = std::current_exception();
                next = parts.size();  // the others stop after their current run
            }
        }
    };
    // Connection 0 is the layer given, on this thread; each other opens its
    // own, as this thread would.
    const CallersThreadOptions callers;
    core::run_workers(connections, [&](std::size_t connection) {
        if (connection == 0) return read_runs(layer, to_wgs84);
        if (next >= parts.size()) return;  // nothing left: not worth opening
        try {
            callers.apply_here();
            DatasetPtr other = open_vector(path);
            OGRLayer* l = other->GetLayerByName(layer.GetName());
            if (!l) throw Error({path, ""}, fmt::format("layer '{}' vanished while it was read", layer.GetName()));
            filter_space(*l);
            std::unique_ptr<OGRCoordinateTransformation> own(to_wgs84 ? to_wgs84->Clone() : nullptr);
            read_runs(*l, own.get());
        } catch (...) {
            // Cannot open another connection: the runs are read by the others.
        }
    });
    layer.SetAttributeFilter(nullptr);
    // The error a reading in one part would have met first.
    for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
    return parts;
}

// GDAL's GeoJSON driver keeps the "id" of the features that have one and
// numbers the others from 0, so a file where only some features have an id
// gives two features the same fid, and "features 0 and 0" would name
// neither. Such a layer's features are numbered by their position (from 0,
// as GDAL numbers a file without ids). A layer read in parts is a
// GeoPackage, whose fids are its primary key: they never repeat.
void number_by_position_if_fids_repeat(const std::vector<FeaturesRead>& parts, const std::string& path, Boundaries& out,
                                       core::Diagnostics& diagnostics) {
    if (parts.size() != 1 || parts.front().repeated_fid < 0) return;
    const std::vector<long long>& positions = parts.front().positions;
    for (std::size_t i = 0; i < out.features.size(); ++i) out.features[i].fid = positions[i];
    diagnostics.info("boundary.fids_repeated",
                     fmt::format("{}: layer '{}': GDAL gives more than one feature the id {} (the file gives ids to "
                                 "some features only); features are numbered by their place in the file, from 0",
                                 path, out.layer, parts.front().repeated_fid));
}

}  // namespace

Boundaries read_boundaries(const std::string& path, const BoundaryReadOptions& options, core::Diagnostics& diagnostics) {
    DatasetPtr ds = open_vector_while_proj_starts(path, options.threads);
    std::optional<std::string> layer_name = options.layer;
    if (!layer_name && options.choose_among_layers && ds->GetLayerCount() > 1)
        layer_name = options.choose_among_layers(layer_attributes(*ds, options.attributes));
    OGRLayer& layer = choose_layer(*ds, path, layer_name, options.required_field, &diagnostics);
    Boundaries out;
    out.path = path;
    out.layer = layer.GetName();
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    if (options.required_field &&
        std::find(out.fields.begin(), out.fields.end(), *options.required_field) == out.fields.end()) {
        auto near = core::closest_names(*options.required_field, out.fields, 1);
        const std::string fields = out.fields.empty()
                                       ? "the layer has no attribute fields"
                                       : "fields: " + core::join_alternatives(out.fields, "and");
        throw Error({path, fmt::format("layer '{}'", out.layer)},
                    fmt::format("no field '{}'{} ({}){}", *options.required_field,
                                near.empty() ? "" : fmt::format(", did you mean '{}'?", near.front()), fields,
                                ds->GetLayerCount() > 1 && !options.layer
                                    ? fmt::format(", nor does any other layer of the file ({})", layer_list(*ds))
                                    : ""));
    }

    // Reproject to WGS84 lon/lat when the layer is in another CRS.
    std::unique_ptr<OGRCoordinateTransformation> to_wgs84;
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (srs && is_undefined_crs(*srs)) srs = nullptr;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    if (!srs) {
        if (options.assume_crs) {
            OGRSpatialReference assumed;
            if (assumed.SetFromUserInput(options.assume_crs->c_str()) != OGRERR_NONE)
                throw Error(fmt::format("unknown CRS \"{}\" given with --assume-crs", *options.assume_crs));
            assumed.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!assumed.IsSame(&wgs84)) to_wgs84.reset(OGRCreateCoordinateTransformation(&assumed, &wgs84));
            if (assumed.IsProjected()) out.projected_crs = crs_text(assumed);
        } else if (driver == "TopoJSON" || driver == "GeoJSON" || driver == "GeoJSONSeq") {
            // Both formats are WGS84 unless they say otherwise (RFC 7946; TopoJSON practice).
            diagnostics.info("boundary.assumed_crs", fmt::format("{}: no CRS in the file; {} defaults to WGS84", path, driver));
        } else {
            throw Error({path, fmt::format("layer '{}'", out.layer)},
                        "the layer has no CRS; give one with --assume-crs (e.g. --assume-crs EPSG:4326)");
        }
    } else {
        OGRSpatialReference source(*srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (source.IsProjected()) out.projected_crs = crs_text(source);
        if (!source.IsSame(&wgs84)) {
            CPLErrorReset();
            to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
            if (!to_wgs84)
                throw Error({path, fmt::format("layer '{}'", out.layer)},
                            fmt::format("cannot transform the layer's CRS to WGS84: {}", CPLGetLastErrorMsg()));
        }
    }

    std::vector<FeaturesRead> parts = read_in_parts(*ds, layer, path, out.fields, to_wgs84.get(), options);
    std::vector<std::string> gdal_failures;
    std::vector<long long> without_geometry;
    for (const auto& part : parts) {
        gdal_failures.insert(gdal_failures.end(), part.gdal_failures.begin(), part.gdal_failures.end());
        without_geometry.insert(without_geometry.end(), part.without_geometry.begin(), part.without_geometry.end());
    }
    refuse_if_gdal_failed(path, out.layer, gdal_failures, without_geometry);
    std::size_t non_polygon = 0;
    std::string first_non_polygon;
    for (auto& part : parts) {
        diagnostics.append(part.diagnostics);
        if (non_polygon == 0) first_non_polygon = part.first_non_polygon;
        non_polygon += part.non_polygon;
        if (out.features.empty()) out.features = std::move(part.features);
        else std::move(part.features.begin(), part.features.end(), std::back_inserter(out.features));
    }
    if (non_polygon > 0 && out.features.empty())
        throw Error({path, fmt::format("layer '{}'", out.layer)},
                    fmt::format("no polygons: {} feature(s) are not polygons ({})", non_polygon, first_non_polygon));
    if (non_polygon > 0)
        throw Error({path, fmt::format("layer '{}'", out.layer)},
                    fmt::format("mixed geometry types: {} feature(s) are not polygons (first: {}); "
                                "a boundary layer must hold polygons only (filter it with ogr2ogr -where or -nlt)",
                                non_polygon, first_non_polygon));
    if (out.features.empty())
        throw Error({path, fmt::format("layer '{}'", out.layer)}, "the layer has no features with polygons");
    number_by_position_if_fids_repeat(parts, path, out, diagnostics);
    return out;
}

std::vector<LineStringLL> read_lines(const std::string& path, core::Diagnostics& diagnostics) {
    DatasetPtr ds = open_vector(path);
    OGRLayer& layer = choose_layer(*ds, path, std::nullopt);
    std::vector<LineStringLL> out;
    for (auto& feature : layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        auto add = [&](const OGRLineString& ls) {
            LineStringLL line;
            for (int i = 0; i < ls.getNumPoints(); ++i) line.push_back({ls.getX(i), ls.getY(i)});
            out.push_back(std::move(line));
        };
        auto type = wkbFlatten(g->getGeometryType());
        if (type == wkbLineString) add(*g->toLineString());
        else if (type == wkbMultiLineString)
            for (const auto* ls : *g->toMultiLineString()) add(*ls);
        else diagnostics.warning("lines.non_line", fmt::format("{}: feature {} is not a line; skipped", path, feature->GetFID()));
    }
    return out;
}

std::string describe_vector_file(const std::string& path) {
    DatasetPtr ds = open_vector(path);
    std::string out = fmt::format("{}: driver {}, {} layer(s)\n", path, ds->GetDriver()->GetDescription(), ds->GetLayerCount());
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* layer = ds->GetLayer(i);
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        const char* authority = srs ? srs->GetAuthorityName(nullptr) : nullptr;
        const char* code = srs ? srs->GetAuthorityCode(nullptr) : nullptr;
        out += fmt::format("  layer '{}': {} features, geometry {}, CRS {}\n", layer->GetName(), layer->GetFeatureCount(),
                           OGRGeometryTypeToName(layer->GetGeomType()),
                           srs ? (authority && code ? fmt::format("{}:{}", authority, code) : std::string(srs->GetName()))
                               : std::string("none"));
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int f = 0; f < defn->GetFieldCount(); ++f)
            out += fmt::format("    field '{}' ({})\n", defn->GetFieldDefn(f)->GetNameRef(),
                               OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(f)->GetType()));
    }
    return out;
}

}  // namespace threatmap::io
