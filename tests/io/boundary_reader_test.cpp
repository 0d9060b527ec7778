// io/boundary_reader: the real Natural Earth file loads; every refusal names
// the file, the layer or feature, and what is wrong. Small fault files are in
// tests/data/boundaries/; files without a CRS are made at test time with OGR
// in a scratch folder (a binary Shapefile/GeoPackage is not committed).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/boundary_reader.hpp"
#include "../temp_dir.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;
const std::string kData = THREATMAP_TEST_DATA;
const std::string kReal = "geodata/boundaries/mali-admin1.fgb";

std::string boundary(const std::string& name) { return kData + "/boundaries/" + name; }

// Reads and returns the Error; fails the test if nothing is thrown.
threatmap::Error read_error(const std::string& path, const BoundaryReadOptions& options = {}) {
    core::Diagnostics d;
    try {
        read_boundaries(path, options, d);
    } catch (const threatmap::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for " << path;
    return threatmap::Error("no error");
}

void expect_contains(const std::string& msg, const std::vector<std::string>& fragments) {
    for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
}

// A one-polygon layer written with OGR; `srs` nullptr for none.
void write_polygon_file(const std::string& path, const char* driver_name, OGRSpatialReference* srs,
                        const char* wkt, const char* sql = nullptr) {
    GDALAllRegister();
    // GDAL looks the undefined GeoPackage CRSs up in PROJ's database and logs a miss; not ours to show.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    struct PopHandler {
        ~PopHandler() { CPLPopErrorHandler(); }
    } pop;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    ASSERT_NE(driver, nullptr) << driver_name;
    GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    ASSERT_NE(ds, nullptr) << path;
    OGRLayer* layer = ds->CreateLayer("regions", srs, wkbPolygon, nullptr);
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn field("name", OFTString);
    ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("name", "Gao");
    OGRGeometry* geometry = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry), OGRERR_NONE);
    feature.SetGeometryDirectly(geometry);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    if (sql) ds->ReleaseResultSet(ds->ExecuteSQL(sql, nullptr, nullptr));
    GDALClose(ds);
}

const char* kGaoBoxWkt = "POLYGON ((-1 15,0 15,0 17,-1 17,-1 15))";

TEST(BoundaryReader, RealMaliFileHasNineRegions) {
    core::Diagnostics d;
    Boundaries b = read_boundaries(kReal, {}, d);
    EXPECT_EQ(b.path, kReal);
    EXPECT_EQ(b.layer, "mali-admin1");
    ASSERT_EQ(b.features.size(), 9u);
    EXPECT_NE(std::find(b.fields.begin(), b.fields.end(), "name"), b.fields.end());
    EXPECT_NE(std::find(b.fields.begin(), b.fields.end(), "iso_3166_2"), b.fields.end());
    std::vector<std::string> names;
    for (const auto& f : b.features) {
        names.push_back(f.attribute("name"));
        ASSERT_FALSE(f.geometry.empty()) << f.attribute("name");
        for (const auto& poly : f.geometry)
            for (const auto& p : poly.outer()) {
                // Mali's extent (ogrinfo): -12.27..4.24 E, 10.14..25.00 N.
                EXPECT_GE(p.lon, -12.3);
                EXPECT_LE(p.lon, 4.3);
                EXPECT_GE(p.lat, 10.1);
                EXPECT_LE(p.lat, 25.01);
            }
        // Rings come back closed.
        const auto& outer = f.geometry.front().outer();
        EXPECT_EQ(outer.front().lon, outer.back().lon);
        EXPECT_EQ(outer.front().lat, outer.back().lat);
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"Bamako", "Gao", "Kayes", "Kidal", "Koulikoro", "Mopti", "Sikasso",
                                               "Ségou", "Timbuktu"}));  // byte order: "Sé" > "Si"
    EXPECT_EQ(d.warning_count(), 0u);
    EXPECT_GT(b.vertex_count(), 1000u);
}

// Only the attributes asked for are kept (a name the layer lacks is no
// error); the layer's fields are still all listed, and the geometry is whole.
TEST(BoundaryReader, KeepsOnlyTheAttributesAskedFor) {
    core::Diagnostics d;
    const Boundaries all = read_boundaries(kReal, {}, d);
    BoundaryReadOptions o;
    o.attributes = std::vector<std::string>{"name", "no such field"};
    const Boundaries some = read_boundaries(kReal, o, d);
    EXPECT_EQ(some.fields, all.fields);
    ASSERT_EQ(some.features.size(), all.features.size());
    ASSERT_GT(all.features[0].attributes.size(), 1u);
    for (std::size_t i = 0; i < all.features.size(); ++i) {
        ASSERT_EQ(some.features[i].attributes.size(), 1u);
        EXPECT_EQ(some.features[i].attribute("name"), all.features[i].attribute("name"));
        EXPECT_TRUE(bg::equals(some.features[i].geometry, all.features[i].geometry));
    }
    o.attributes = std::vector<std::string>{};
    EXPECT_TRUE(read_boundaries(kReal, o, d).features[0].attributes.empty());
}

TEST(BoundaryReader, BboxFilterKeepsOnlyFeaturesMeetingTheBox) {
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.bbox_filter = std::array<double, 4>{-12.3, 13.0, -11.5, 14.0};  // far west: Kayes only
    Boundaries b = read_boundaries(kReal, o, d);
    ASSERT_EQ(b.features.size(), 1u);
    EXPECT_EQ(b.features[0].attribute("name"), "Kayes");
}

TEST(BoundaryReader, NotAVectorFile) {
    const std::string path = boundary("not_vector.txt");
    auto e = read_error(path);
    EXPECT_EQ(e.location().file, path);
    expect_contains(e.what(), {path + ": ", "not a readable vector file"});
}

TEST(BoundaryReader, MissingFile) {
    const std::string path = boundary("no-such-file.geojson");
    auto e = read_error(path);
    expect_contains(e.what(), {path + ": ", "cannot open file"});
}

// With threads to spare the file is opened on a second thread while PROJ
// starts on this one: the same errors, naming the file.
TEST(BoundaryReader, OpeningErrorsAreTheSameWithThreads) {
    BoundaryReadOptions o;
    o.threads = 2;
    const std::string not_vector = boundary("not_vector.txt"), missing = boundary("no-such-file.geojson");
    auto e = read_error(not_vector, o);
    EXPECT_EQ(e.location().file, not_vector);
    EXPECT_EQ(std::string(e.what()), std::string(read_error(not_vector).what()));
    e = read_error(missing, o);
    EXPECT_EQ(e.location().file, missing);
    EXPECT_EQ(std::string(e.what()), std::string(read_error(missing).what()));
    core::Diagnostics notes;
    EXPECT_EQ(read_boundaries(kReal, o, notes).features.size(), 9u);
}

TEST(BoundaryReader, WrongLayerListsLayers) {
    BoundaryReadOptions o;
    o.layer = "regions";
    auto e = read_error(kReal, o);
    EXPECT_EQ(e.location().file, kReal);
    expect_contains(e.what(), {"no layer 'regions'", "(layers: 'mali-admin1')"});
}

TEST(BoundaryReader, MissingClassFieldListsFieldsAndSuggests) {
    BoundaryReadOptions o;
    o.required_field = "iso_3166";
    auto e = read_error(kReal, o);
    EXPECT_EQ(e.location().where, "layer 'mali-admin1'");
    expect_contains(e.what(), {kReal + ": layer 'mali-admin1': ", "no field 'iso_3166'", "did you mean 'iso_3166_2'?",
                               "fields: adm1_code, ", "name_alt", " and gns_region)"});
}

TEST(BoundaryReader, MissingClassFieldOnLayerWithoutFieldsSaysSo) {
    test::TempDir dir;
    const std::string path = dir / "bare.geojson";
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[]})";
    BoundaryReadOptions o;
    o.required_field = "cls";
    auto e = read_error(path, o);
    expect_contains(e.what(), {"no field 'cls' (the layer has no attribute fields)"});
    EXPECT_EQ(std::string(e.what()).find("fields: )"), std::string::npos);
}

TEST(BoundaryReader, NaNCoordinateNamesFeatureAndVertex) {
    auto e = read_error(boundary("nan_coordinate.geojson"));
    EXPECT_EQ(e.location().where, "layer 'regions', feature 1");
    expect_contains(e.what(), {"nan_coordinate.geojson: layer 'regions', feature 1: ", "vertex 2",
                               "NaN or infinite coordinate"});
}

TEST(BoundaryReader, OutOfRangeCoordinateNamesFeatureAndVertex) {
    auto e = read_error(boundary("out_of_range.geojson"));
    EXPECT_EQ(e.location().where, "layer 'regions', feature 1");
    expect_contains(e.what(), {"vertex 3 (250000, 19)", "outside longitude -180..180 / latitude -90..90",
                               "wrong CRS, or swapped axes?"});
}

// GDAL reports a coordinate it cannot read and hands the feature over
// without a geometry; that is refused, not taken for a feature without one.
TEST(BoundaryReader, UnreadableCoordinateNamesFeatureAndGdalsReason) {
    auto e = read_error(boundary("unreadable_coordinate.geojson"));
    EXPECT_EQ(e.location().where, "layer 'regions', feature 1");
    expect_contains(e.what(), {"unreadable_coordinate.geojson: layer 'regions', feature 1: ",
                               "GDAL could not read the feature's geometry", "coordinate"});
}

TEST(BoundaryReader, SeveralUnreadableGeometriesAreListed) {
    auto e = read_error(boundary("unreadable_coordinates.geojson"));
    EXPECT_EQ(e.location().where, "layer 'regions'");
    expect_contains(e.what(), {"GDAL could not read all of the layer", "more error(s)",
                               "features without a geometry: 1, 2"});
}

TEST(BoundaryReader, NullGeometryIsSkippedWithAWarning) {
    core::Diagnostics d;
    Boundaries b = read_boundaries(boundary("null_geometry.geojson"), {}, d);
    ASSERT_EQ(b.features.size(), 1u);
    EXPECT_EQ(b.features[0].attributes.at("name"), "Gao");
    const auto all = d.all();
    ASSERT_EQ(d.warning_count(), 1u);
    const auto warning = std::find_if(all.begin(), all.end(), [](const auto& x) { return x.severity == core::Severity::warning; });
    EXPECT_EQ(warning->kind, "boundary.empty_geometry");
    EXPECT_NE(warning->message.find("layer 'regions', feature 1: no geometry; skipped"), std::string::npos) << warning->message;
}

TEST(BoundaryReader, FeaturesAreNumberedByPlaceWhenGdalRepeatsAFid) {
    // GDAL keeps the ids given (7, 0) and numbers the others from 0: Gao and
    // Mopti would both be "feature 0". Numbered by place instead, with a note.
    core::Diagnostics d;
    Boundaries b = read_boundaries(boundary("some_ids.geojson"), {}, d);
    ASSERT_EQ(b.features.size(), 3u);
    EXPECT_EQ(b.features[0].fid, 0);
    EXPECT_EQ(b.features[1].fid, 1);
    EXPECT_EQ(b.features[2].fid, 3);  // place 2 has no geometry
    EXPECT_EQ(b.features[2].attributes.at("name"), "Mopti");
    const auto all = d.all();
    const auto note = std::find_if(all.begin(), all.end(), [](const auto& x) { return x.kind == "boundary.fids_repeated"; });
    ASSERT_NE(note, all.end());
    EXPECT_EQ(note->severity, core::Severity::info);
    expect_contains(note->message, {"some_ids.geojson: layer 'regions': ", "the id 0", "numbered by their place in the file"});
}

TEST(BoundaryReader, FidsThatDoNotRepeatAreGdals) {
    core::Diagnostics d;
    Boundaries b = read_boundaries(boundary("unique_ids.geojson"), {}, d);
    ASSERT_EQ(b.features.size(), 2u);
    EXPECT_EQ(b.features[0].fid, 9);  // as ogrinfo shows them
    EXPECT_EQ(b.features[1].fid, 4);
    EXPECT_FALSE(d.contains_kind("boundary.fids_repeated"));
}

TEST(BoundaryReader, LinesOnlyHasNoPolygons) {
    auto e = read_error(boundary("lines_only.geojson"));
    EXPECT_EQ(e.location().where, "layer 'rivers'");
    expect_contains(e.what(), {"no polygons", "2 feature(s) are not polygons", "layer 'rivers', feature 0 is a LINESTRING"});
}

TEST(BoundaryReader, MixedGeometryTypes) {
    auto e = read_error(boundary("mixed_geometry.geojson"));
    EXPECT_EQ(e.location().where, "layer 'regions'");
    expect_contains(e.what(), {"mixed geometry types", "1 feature(s) are not polygons",
                               "feature 1 is a LINESTRING", "-nlt"});
}

// The layer's own CRS is kept when it is projected (the map's default), as its
// EPSG code; a layer in lon/lat keeps none, and an assumed projected CRS counts.
TEST(BoundaryReader, RecordsTheLayersProjectedCrs) {
    test::TempDir dir;
    OGRSpatialReference lambert93;
    ASSERT_EQ(lambert93.importFromEPSG(2154), OGRERR_NONE);
    const std::string gpkg = dir / "lambert.gpkg";
    write_polygon_file(gpkg, "GPKG", &lambert93, "POLYGON ((650000 6860000,660000 6860000,660000 6870000,650000 6860000))");
    core::Diagnostics d;
    EXPECT_EQ(read_boundaries(gpkg, {}, d).projected_crs, "EPSG:2154");

    EXPECT_EQ(read_boundaries(kReal, {}, d).projected_crs, "");  // EPSG:4326

    const std::string shp = dir / "no_crs.shp";
    write_polygon_file(shp, "ESRI Shapefile", nullptr, "POLYGON ((400000 1600000,401000 1600000,401000 1601000,400000 1600000))");
    BoundaryReadOptions o;
    o.assume_crs = "EPSG:32630";
    EXPECT_EQ(read_boundaries(shp, o, d).projected_crs, "EPSG:32630");
    o.assume_crs = "EPSG:4326";
    write_polygon_file(dir / "lonlat.shp", "ESRI Shapefile", nullptr, kGaoBoxWkt);
    EXPECT_EQ(read_boundaries(dir / "lonlat.shp", o, d).projected_crs, "");
}

// A GeoPackage of three layers: a point layer, the country, its two regions.
std::string write_layered_file(const test::TempDir& dir) {
    GDALAllRegister();
    const std::string path = dir / "levels.gpkg";
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds) return "";
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    auto add_layer = [&](const char* name, OGRwkbGeometryType type, std::vector<std::pair<std::string, std::string>> rows) {
        OGRLayer* layer = ds->CreateLayer(name, &wgs84, type, nullptr);
        for (const char* field : {"name", "code"}) {
            OGRFieldDefn defn(field, OFTString);
            layer->CreateField(&defn);
        }
        double x = 0;
        for (const auto& [name_value, code] : rows) {
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField("name", name_value.c_str());
            feature.SetField("code", code.c_str());
            OGRGeometry* g = nullptr;
            const std::string wkt = type == wkbPoint ? fmt::format("POINT ({} 0)", x)
                                                     : fmt::format("POLYGON (({0} 0,{1} 0,{1} 1,{0} 1,{0} 0))", x, x + 1);
            OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
            feature.SetGeometryDirectly(g);
            layer->CreateFeature(&feature);
            x += 1;
        }
    };
    add_layer("towns", wkbPoint, {{"Gao", "T1"}});
    add_layer("country", wkbPolygon, {{"Mali", "ML"}});
    add_layer("regions", wkbPolygon, {{"Gao", "ML-7"}, {"Kidal", "ML-8"}});
    GDALClose(ds);
    return path;
}

// Without --layer, a file of several layers is told to the chooser by its
// layers' attributes alone (only the fields read, no geometry, nothing of a
// point layer), and the layer it names is read; a file of one layer has
// nothing to choose from.
TEST(BoundaryReader, SeveralLayersAreToldToTheChooserByTheirAttributes) {
    test::TempDir dir;
    const std::string path = write_layered_file(dir);
    ASSERT_FALSE(path.empty());
    std::vector<LayerAttributes> told;
    BoundaryReadOptions o;
    o.attributes = std::vector<std::string>{"name"};
    o.choose_among_layers = [&](const std::vector<LayerAttributes>& layers) -> std::optional<std::string> {
        told = layers;
        return "regions";
    };
    core::Diagnostics d;
    const Boundaries b = read_boundaries(path, o, d);
    EXPECT_EQ(b.layer, "regions");
    EXPECT_EQ(b.features.size(), 2u);
    ASSERT_EQ(told.size(), 3u);
    EXPECT_EQ(told[0].name, "towns");
    EXPECT_FALSE(told[0].polygons);
    EXPECT_TRUE(told[0].features.empty());
    EXPECT_TRUE(told[1].polygons);
    ASSERT_EQ(told[2].features.size(), 2u);
    EXPECT_EQ(told[2].features[1].attributes, (std::map<std::string, std::string>{{"name", "Kidal"}}));
    EXPECT_TRUE(told[2].features[1].geometry.empty());

    // Nothing chosen: the first layer, as without a chooser (here: points, refused).
    o.choose_among_layers = [](const std::vector<LayerAttributes>&) { return std::optional<std::string>(); };
    EXPECT_EQ(read_error(path, o).location().where, "layer 'towns'");

    told.clear();
    o.choose_among_layers = [&](const std::vector<LayerAttributes>& layers) -> std::optional<std::string> {
        told = layers;
        return std::nullopt;
    };
    EXPECT_EQ(read_boundaries(kReal, o, d).features.size(), 9u);
    EXPECT_TRUE(told.empty());
}

// Without --layer, a required field picks the first polygon layer that has
// it, and a note says so; the point layer that has it too is passed over.
TEST(BoundaryReader, RequiredFieldPicksTheFirstPolygonLayerWithIt) {
    test::TempDir dir;
    const std::string path = write_layered_file(dir);
    ASSERT_FALSE(path.empty());
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.required_field = "code";
    const Boundaries b = read_boundaries(path, o, d);
    EXPECT_EQ(b.layer, "country");
    ASSERT_EQ(d.all().size(), 1u);
    EXPECT_EQ(d.all()[0].message, path + ": of its layers 'towns', 'country' and 'regions', the maps use 'country', the "
                                         "first with polygons and the field 'code' (choose another with --layer)");
    o.layer = "regions";
    core::Diagnostics quiet;
    EXPECT_EQ(read_boundaries(path, o, quiet).features.size(), 2u);
    EXPECT_TRUE(quiet.all().empty());
}

TEST(BoundaryReader, ShapefileWithoutCrsAsksForAssumeCrs) {
    test::TempDir dir;
    const std::string shp = dir / "no_crs.shp";
    write_polygon_file(shp, "ESRI Shapefile", nullptr, kGaoBoxWkt);
    ASSERT_TRUE(fs::exists(shp));
    ASSERT_FALSE(fs::exists(dir / "no_crs.prj"));
    auto e = read_error(shp);
    EXPECT_EQ(e.location().file, shp);
    EXPECT_EQ(e.location().where, "layer 'no_crs'");
    expect_contains(e.what(), {"the layer has no CRS", "--assume-crs", "EPSG:4326"});

    // With the CRS given, the same file reads.
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.assume_crs = "EPSG:4326";
    Boundaries b = read_boundaries(shp, o, d);
    ASSERT_EQ(b.features.size(), 1u);
    EXPECT_EQ(b.features[0].attribute("name"), "Gao");
    auto env = bg::return_envelope<Box<LonLat>>(b.features[0].geometry);
    EXPECT_NEAR(env.min_corner().lon, -1, 1e-9);
    EXPECT_NEAR(env.max_corner().lat, 17, 1e-9);

    o.assume_crs = "EPSG:99999999";
    auto bad = read_error(shp, o);
    expect_contains(bad.what(), {"unknown CRS \"EPSG:99999999\"", "--assume-crs"});
}

TEST(BoundaryReader, GeoPackageWithoutCrsAsksForAssumeCrs) {
    // GDAL writes srs_id 0 ("Undefined geographic SRS") for a layer created without a CRS,
    // and reports it as a CRS; the reader must still treat it as none.
    test::TempDir dir;
    const std::string gpkg = dir / "no_crs.gpkg";
    write_polygon_file(gpkg, "GPKG", nullptr, kGaoBoxWkt);
    auto e = read_error(gpkg);
    EXPECT_EQ(e.location().where, "layer 'regions'");
    expect_contains(e.what(), {gpkg + ": layer 'regions': ", "the layer has no CRS", "--assume-crs"});
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.assume_crs = "EPSG:4326";
    EXPECT_EQ(read_boundaries(gpkg, o, d).features.size(), 1u);
}

TEST(BoundaryReader, GeoPackageWithUndefinedCartesianCrsTakesAssumeCrs) {
    // srs_id -1 ("Undefined Cartesian SRS"): metres in an unknown CRS. Without --assume-crs
    // an error asking for it; with it, the coordinates are transformed.
    test::TempDir dir;
    const std::string gpkg = dir / "cartesian.gpkg";
    write_polygon_file(gpkg, "GPKG", nullptr,
                       "POLYGON ((490000 1760000,510000 1760000,510000 1780000,490000 1780000,490000 1760000))",
                       "UPDATE gpkg_contents SET srs_id = -1; UPDATE gpkg_geometry_columns SET srs_id = -1");
    auto e = read_error(gpkg);
    expect_contains(e.what(), {"the layer has no CRS", "--assume-crs"});
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.assume_crs = "EPSG:32630";
    Boundaries b = read_boundaries(gpkg, o, d);
    ASSERT_EQ(b.features.size(), 1u);
    auto env = bg::return_envelope<Box<LonLat>>(b.features[0].geometry);
    EXPECT_NEAR((env.min_corner().lon + env.max_corner().lon) / 2, -3.0, 0.01);
}

TEST(BoundaryReader, AssumedProjectedCrsIsTransformedToLonLat) {
    test::TempDir dir;
    const std::string shp = dir / "utm.shp";
    // UTM 30N: easting 500000 m is the central meridian 3 W; northing 1,770,000 m is about 16 N.
    write_polygon_file(shp, "ESRI Shapefile", nullptr,
                       "POLYGON ((490000 1760000,510000 1760000,510000 1780000,490000 1780000,490000 1760000))");
    core::Diagnostics d;
    BoundaryReadOptions o;
    o.assume_crs = "EPSG:32630";
    Boundaries b = read_boundaries(shp, o, d);
    ASSERT_EQ(b.features.size(), 1u);
    auto env = bg::return_envelope<Box<LonLat>>(b.features[0].geometry);
    EXPECT_NEAR((env.min_corner().lon + env.max_corner().lon) / 2, -3.0, 0.01);
    EXPECT_NEAR((env.min_corner().lat + env.max_corner().lat) / 2, 16.0, 0.1);
}

// A GeoPackage table of `n` small squares in UTM 30N (metres, transformed on
// reading), fid gaps where every 7th feature was deleted, every 100th without
// a geometry (a warning), and, if bad_fid > 0, a NaN vertex in that feature.
void write_many_squares(const std::string& path, int n, long long bad_fid = 0) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(driver, nullptr);
    GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    ASSERT_NE(ds, nullptr) << path;
    OGRSpatialReference utm;
    utm.importFromEPSG(32630);
    OGRLayer* layer = ds->CreateLayer("squares", &utm, wkbPolygon, nullptr);
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn field("name", OFTString);
    ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
    ASSERT_EQ(layer->StartTransaction(), OGRERR_NONE);
    for (int i = 1; i <= n; ++i) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField("name", ("square " + std::to_string(i)).c_str());
        if (i % 100 != 0) {
            const double x = 400000 + (i % 50) * 2000, y = 1600000 + (i / 50) * 2000;
            const double s = 1000 + i % 13;
            std::string wkt = "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x) + " " +
                              std::to_string(y + s) + "," + std::to_string(x + s) + " " + std::to_string(y + s) + "," +
                              std::to_string(x + s) + " " + std::to_string(y) + "," + std::to_string(x) + " " +
                              std::to_string(y) + "))";
            OGRGeometry* geometry = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE);
            if (i == bad_fid) geometry->toPolygon()->getExteriorRing()->setPoint(2, std::nan(""), y);
            feature.SetGeometryDirectly(geometry);
        }
        ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
    ASSERT_EQ(layer->CommitTransaction(), OGRERR_NONE);
    ds->ReleaseResultSet(ds->ExecuteSQL("DELETE FROM squares WHERE fid % 7 = 0", nullptr, nullptr));
    GDALClose(ds);
}

// Reads `gpkg` by 2 and by 4 connections and expects what one read (`one`,
// with `one_notes`): the same features in the same order, the same notes in
// the same order.
void expect_read_by_threads_as_by_one(const std::string& gpkg, const Boundaries& one, const core::Diagnostics& one_notes) {
    for (unsigned threads : {2u, 4u}) {
        core::Diagnostics notes;
        BoundaryReadOptions o;
        o.threads = threads;
        const Boundaries many = read_boundaries(gpkg, o, notes);
        ASSERT_EQ(many.features.size(), one.features.size()) << threads << " threads";
        for (std::size_t i = 0; i < one.features.size(); ++i) {
            ASSERT_EQ(many.features[i].fid, one.features[i].fid) << "feature " << i << ", " << threads << " threads";
            EXPECT_EQ(many.features[i].attributes, one.features[i].attributes);
            EXPECT_TRUE(bg::equals(many.features[i].geometry, one.features[i].geometry));
            EXPECT_EQ(bg::num_points(many.features[i].geometry), bg::num_points(one.features[i].geometry));
        }
        ASSERT_EQ(notes.all().size(), one_notes.all().size());
        for (std::size_t i = 0; i < notes.all().size(); ++i) EXPECT_EQ(notes.all()[i].message, one_notes.all()[i].message);
    }
}

// A large GeoPackage table is read in runs of fids by several connections
// at once, as one connection reads it.
TEST(BoundaryReader, GeoPackageReadByThreadsIsReadByOne) {
    test::TempDir dir;
    const std::string gpkg = dir / "squares.gpkg";
    write_many_squares(gpkg, 3000);
    core::Diagnostics one_notes;
    const Boundaries one = read_boundaries(gpkg, BoundaryReadOptions{}, one_notes);
    ASSERT_EQ(one.features.size(), 3000u - 3000u / 7 - (3000u / 100 - 3000u / 700));
    EXPECT_EQ(one_notes.all().size(), 3000u / 100 - 3000u / 700);
    EXPECT_EQ(bg::num_points(one.features.front().geometry), 5u);
    expect_read_by_threads_as_by_one(gpkg, one, one_notes);
    // Each connection leaves out the attributes not asked for.
    BoundaryReadOptions no_names;
    no_names.threads = 2;
    no_names.attributes = std::vector<std::string>{"fid"};
    core::Diagnostics notes;
    const Boundaries bare = read_boundaries(gpkg, no_names, notes);
    ASSERT_EQ(bare.features.size(), one.features.size());
    for (const auto& f : bare.features) ASSERT_TRUE(f.attributes.empty()) << "feature " << f.fid;
    EXPECT_EQ(bare.fields, one.fields);
    // Transformed from UTM 30N: around 4 W, 14.5 N.
    auto env = bg::return_envelope<Box<LonLat>>(one.features.front().geometry);
    EXPECT_NEAR(env.min_corner().lon, -3.9, 0.1);
}

// The reader maps SQLite files into memory through GDAL's OGR_SQLITE_PRAGMA
// for its own opens only: nothing is left set on the thread afterwards, and a
// value the user chose is neither replaced nor removed.
TEST(BoundaryReader, GeoPackageReadLeavesTheUsersSqlitePragmaAsItWas) {
    test::TempDir dir;
    const std::string gpkg = dir / "squares.gpkg";
    write_many_squares(gpkg, 1500);
    core::Diagnostics notes;
    BoundaryReadOptions o;
    o.threads = 3;
    const Boundaries mapped = read_boundaries(gpkg, o, notes);
    EXPECT_EQ(CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr), nullptr);
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "cache_size=-4000");
    core::Diagnostics user_notes;
    const Boundaries users = read_boundaries(gpkg, o, user_notes);
    const char* after = CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr);
    EXPECT_STREQ(after, "cache_size=-4000");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nullptr);
    ASSERT_EQ(users.features.size(), mapped.features.size());
    for (std::size_t i = 0; i < users.features.size(); ++i) {
        EXPECT_EQ(users.features[i].fid, mapped.features[i].fid);
        EXPECT_TRUE(bg::equals(users.features[i].geometry, mapped.features[i].geometry)) << i;
    }
}

// A GeoPackage is opened without SpatiaLite (SPATIALITE_LOAD=NO for the
// reader's own opens only), and reads the same with the user's choice of it.
TEST(BoundaryReader, GeoPackageReadWithoutSpatialiteLeavesTheUsersChoice) {
    test::TempDir dir;
    const std::string gpkg = dir / "squares.GPKG";  // the extension in either case
    write_many_squares(gpkg, 1200);
    BoundaryReadOptions o;
    o.threads = 2;
    core::Diagnostics notes;
    const Boundaries without = read_boundaries(gpkg, o, notes);
    EXPECT_EQ(CPLGetConfigOption("SPATIALITE_LOAD", nullptr), nullptr) << "left set on this thread";
    CPLSetThreadLocalConfigOption("SPATIALITE_LOAD", "YES");
    core::Diagnostics user_notes;
    const Boundaries with = read_boundaries(gpkg, o, user_notes);
    EXPECT_STREQ(CPLGetConfigOption("SPATIALITE_LOAD", nullptr), "YES");
    CPLSetThreadLocalConfigOption("SPATIALITE_LOAD", nullptr);
    ASSERT_EQ(with.features.size(), without.features.size());
    ASSERT_GT(without.features.size(), 1000u);
    for (std::size_t i = 0; i < with.features.size(); ++i) {
        EXPECT_EQ(with.features[i].fid, without.features[i].fid);
        EXPECT_EQ(with.features[i].attributes, without.features[i].attributes);
        EXPECT_TRUE(bg::equals(with.features[i].geometry, without.features[i].geometry)) << i;
    }
    EXPECT_EQ(notes.all().size(), user_notes.all().size());
}

// The runs split the range of fids evenly; fids far apart (a table whose
// rows were renumbered) make the runs unequal, some empty, never wrong.
TEST(BoundaryReader, GeoPackageWithFarApartFidsReadByThreadsIsReadByOne) {
    test::TempDir dir;
    const std::string gpkg = dir / "far.gpkg";
    write_many_squares(gpkg, 3000);
    {
        GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
        ASSERT_NE(ds, nullptr);
        ds->ReleaseResultSet(ds->ExecuteSQL("UPDATE squares SET fid = fid + 1000000000000 WHERE fid > 2900", nullptr, nullptr));
        ds->ReleaseResultSet(ds->ExecuteSQL("UPDATE squares SET fid = fid - 1000000000000 WHERE fid < 50", nullptr, nullptr));
        GDALClose(ds);
    }
    core::Diagnostics one_notes;
    const Boundaries one = read_boundaries(gpkg, BoundaryReadOptions{}, one_notes);
    ASSERT_EQ(one.features.size(), 3000u - 3000u / 7 - (3000u / 100 - 3000u / 700));
    EXPECT_LT(one.features.front().fid, -900000000000LL);
    EXPECT_GT(one.features.back().fid, 1000000000000LL);
    expect_read_by_threads_as_by_one(gpkg, one, one_notes);
}

// A bad feature in a later run is reported as reading in one part reports it.
TEST(BoundaryReader, GeoPackageReadByThreadsReportsTheBadFeature) {
    test::TempDir dir;
    const std::string gpkg = dir / "bad.gpkg";
    write_many_squares(gpkg, 3000, 2501);
    for (unsigned threads : {1u, 4u}) {
        BoundaryReadOptions o;
        o.threads = threads;
        auto e = read_error(gpkg, o);
        EXPECT_EQ(e.location().file, gpkg);
        EXPECT_EQ(e.location().where, "layer 'squares', feature 2501") << threads << " threads";
        expect_contains(e.what(), {"vertex 2", "NaN"});
    }
}

TEST(BoundaryReader, GeoJsonWithoutCrsDefaultsToWgs84WithANote) {
    core::Diagnostics d;
    Boundaries b = read_boundaries(boundary("no_crs_source.geojson"), {}, d);
    EXPECT_EQ(b.features.size(), 1u);
}

TEST(BoundaryReader, ReadLinesAndDescribe) {
    core::Diagnostics d;
    auto lines = read_lines(boundary("lines_only.geojson"), d);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].size(), 3u);
    auto mixed = read_lines(boundary("mixed_geometry.geojson"), d);
    EXPECT_EQ(mixed.size(), 1u);
    EXPECT_TRUE(d.contains_kind("lines.non_line"));

    std::string text = describe_vector_file(kReal);
    expect_contains(text, {"driver FlatGeobuf", "layer 'mali-admin1': 9 features", "CRS EPSG:4326", "field 'iso_3166_2' (String)"});
}

}  // namespace
}  // namespace threatmap::io
