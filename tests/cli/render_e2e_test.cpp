// End to end through threatmap::cli::run (and once through the binary): the
// default render writes the six maps with valid signatures, georeference and
// a manifest; SVG and PDF are checked structurally (style habit 7); the world
// file puts known places in the colour of their region's class; `stats`
// writes JSON whose percentages add up.
//
// Expected colours: styles/default.toml (IED: significant #b30000, matig
// #fc8d59, verwaarloosbaar #fef0d9, not assessed #e3e3e3 with #9e9e9e dots).
// Expected classes: geodata/assessments/minusma-2017.toml (letter lines 866-869).
#include <cpl_vsi.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "../scoped_env.hpp"
#include "core/sha256.hpp"
#include "io/boundary_reader.hpp"
#include "io/checksum_cache.hpp"
#include "io/crs.hpp"
#include "io/gazetteer_reader.hpp"

namespace threatmap::test {
namespace {

const std::string root = THREATMAP_SOURCE_DIR;

// Fill colours of styles/default.toml.
const Rgb significant = hex("#b30000"), matig = hex("#fc8d59"), verwaarloosbaar = hex("#fef0d9");
const Rgb not_assessed = hex("#e3e3e3"), not_assessed_dots = hex("#9e9e9e");

std::uint32_t be32(const std::string& b, std::size_t at) {
    auto u = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[i])); };
    return u(at) << 24 | u(at + 1) << 16 | u(at + 2) << 8 | u(at + 3);
}

void expect_png_1920x1080(const std::string& path) {
    const std::string b = read_file(path);
    ASSERT_GE(b.size(), 24u) << path;
    EXPECT_EQ(b.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
    EXPECT_EQ(b.substr(12, 4), "IHDR") << path;
    EXPECT_EQ(be32(b, 16), 1920u) << path;
    EXPECT_EQ(be32(b, 20), 1080u) << path;
}

TEST(RenderE2E, DefaultRenderWritesSixMapsWithSidecarsAndManifest) {
    TempDir dir;
    RunResult r = run_cli({"render", "--out", dir.path(), "-j", "2", "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::vector<std::string> expected;
    for (const std::string cat : {"general", "ied"}) {
        const std::string stem = "minusma-2017-" + cat + "-slide";
        for (const std::string ext : {".pdf", ".pgw", ".png", ".png.aux.xml", ".prj", ".svg"}) expected.push_back(stem + ext);
    }
    expected.push_back("minusma-2017-manifest.json");
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(files_in(dir.path()), expected) << "(no *.tmp-* debris, nothing else)";

    for (const std::string cat : {"general", "ied"}) {
        const std::string stem = dir / ("minusma-2017-" + cat + "-slide");
        SCOPED_TRACE(cat);
        expect_png_1920x1080(stem + ".png");

        // SVG: well-formed, one <title> per area with the Dutch quote and its line.
        const std::string svg = read_file(stem + ".svg");
        EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
        EXPECT_NE(svg.find("<svg"), std::string::npos);
        EXPECT_EQ(xml_well_formed_error(svg), "");
        for (const std::string area : {"ML-1", "ML-2", "ML-3", "ML-4", "ML-5", "ML-6", "ML-7", "ML-8", "ML-BKO", "gao-city"})
            EXPECT_NE(svg.find("<g id=\"area-" + area + "\""), std::string::npos) << "no element for " << area;
        std::regex bko("<g id=\"area-ML-BKO\"[^>]*><title>([^<]*)</title>");
        std::smatch m;
        ASSERT_TRUE(std::regex_search(svg, m, bko)) << "Bamako has no <title>";
        if (cat == "ied") {
            EXPECT_NE(m[1].str().find("in de stad Bamako wordt de dreiging verwaarloosbaar geacht"), std::string::npos) << m[1];
            EXPECT_NE(m[1].str().find("869"), std::string::npos) << m[1];
            EXPECT_NE(svg.find("wordt de dreiging beoordeeld als significant"), std::string::npos);
            EXPECT_NE(svg.find("in de regio’s Timboektoe, Taoudenni en Gao-stad als matig"), std::string::npos);
        } else {
            EXPECT_NE(m[1].str().find("en de dreiging in de stad Bamako matig"), std::string::npos) << m[1];
        }

        // PDF: real text.
        const std::string pdf = read_file(stem + ".pdf");
        EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
        EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
        if (have_tool("pdftotext")) {
            std::string text = run_shell("pdftotext -q '" + stem + ".pdf' - 2>/dev/null");
            // pdftotext may break a line anywhere between words: compare with whitespace collapsed.
            text = std::regex_replace(text, std::regex("\\s+"), " ");
            EXPECT_NE(text.find(cat == "ied" ? "IED threat" : "General threat level"), std::string::npos) << text.substr(0, 300);
            EXPECT_NE(text.find("Kamerstuk 29 521"), std::string::npos);
        } else {
            ADD_FAILURE() << "pdftotext (poppler-utils) is not installed";
        }

        // Georeference on disk: world file = aux.xml geotransform shifted by half a pixel.
        auto wf = read_world_file(stem + ".pgw");
        ASSERT_EQ(wf.size(), 6u);
        std::smatch g;
        const std::string aux = read_file(stem + ".png.aux.xml");
        ASSERT_TRUE(std::regex_search(aux, g, std::regex("<GeoTransform>([^<]*)</GeoTransform>")));
        std::vector<double> gt;
        std::istringstream numbers(std::regex_replace(g[1].str(), std::regex(","), " "));
        for (double v; numbers >> v;) gt.push_back(v);
        ASSERT_EQ(gt.size(), 6u);
        EXPECT_NEAR(wf[0], gt[1], 1e-6);
        EXPECT_NEAR(wf[3], gt[5], 1e-6);
        EXPECT_NEAR(wf[4], gt[0] + gt[1] / 2, 1e-3);  // 10 significant digits of ~1e6 m
        EXPECT_NEAR(wf[5], gt[3] + gt[5] / 2, 1e-3);
        EXPECT_NE(aux.find("UTM zone 30N"), std::string::npos);
        EXPECT_NE(read_file(stem + ".prj").find("UTM zone 30N"), std::string::npos);
    }

    // Manifest: every file with the checksum of what is on disk.
    auto manifest = nlohmann::json::parse(read_file(dir / "minusma-2017-manifest.json"));
    ASSERT_EQ(manifest["files"].size(), 6u);
    for (const auto& f : manifest["files"]) {
        // Paths are relative to the manifest's folder, so the folder can be moved as a whole.
        const fs::path path = fs::path(dir.path()) / f["path"].get<std::string>();
        EXPECT_EQ(core::sha256_file(path.string()), f["sha256"].get<std::string>()) << path;
    }
    EXPECT_TRUE(manifest["failures"].empty());
}

// --- pixels at known places ------------------------------------------------------

struct Sample {
    const char* region;  // feature name in geodata/boundaries/mali-admin1.fgb
    LonLat at;
    Rgb fill;
    bool dotted = false;
};

// Points inside each region, 0.5-1.5° from the towns, chosen away from town
// markers, labels, operating-area lines, rivers and borders by looking at the
// rendered map (and checked below to be ≥ 20 km inside their region and ≥ 30
// km from every place of the gazetteer, so the choice stays honest).
const std::vector<Sample> samples = {
    {"Kidal", {1.9, 19.9}, significant},            // 0.5° E, 1.5° N of Kidal; 37 km inside
    {"Gao", {1.0, 16.6}, significant},              // 1° E of Gao (Ménaka is folded into Gao); 116 km inside
    {"Mopti", {-4.8, 15.2}, significant},           // 0.6° W, 0.7° N of Mopti; 32 km inside
    {"Ségou", {-5.3, 13.2}, significant},           // 1° E of Ségou; 45 km inside
    {"Timbuktu", {-4.0, 17.5}, matig},              // 1° W, 0.7° N of Timbuktu; 183 km inside
    {"Kayes", {-9.5, 13.2}, not_assessed, true},    // 80 km inside
    {"Koulikoro", {-7.4, 14.7}, not_assessed, true},// 84 km inside
    {"Sikasso", {-6.0, 11.0}, not_assessed, true},  // 0.3° W, 0.3° S of Sikasso town; 41 km inside
};

// Channel tolerance 8: solid fills far from any edge are exact; 8 allows for
// a different Cairo/pixman rounding of the colour, never for another class
// (the closest two fills differ by ≥ 27 in some channel).
constexpr int fill_tolerance = 8;

std::string describe_window(const Image& img, int cx, int cy, int half) {
    std::string s;
    for (int y = cy - half; y <= cy + half; ++y) {
        for (int x = cx - half; x <= cx + half; ++x) s += img.contains(x, y) ? to_string(img.at(x, y)) + " " : "------- ";
        s += "\n";
    }
    return s;
}

// A 5 × 5 window, so that one stray pixel of a line or label is caught too.
void expect_window_colour(const Image& img, int cx, int cy, const Sample& s) {
    const int half = 2;
    bool any_fill = false;
    for (int y = cy - half; y <= cy + half; ++y)
        for (int x = cx - half; x <= cx + half; ++x) {
            ASSERT_TRUE(img.contains(x, y)) << s.region << " at pixel " << x << "," << y << " is outside the image";
            Rgb c = img.at(x, y);
            if (s.dotted) {
                // Fill, dot, or the antialiased blend of the two: a grey between them.
                const bool grey = std::abs(c.r - c.g) <= 3 && std::abs(c.g - c.b) <= 3;
                const bool between = c.r >= not_assessed_dots.r - fill_tolerance && c.r <= not_assessed.r + fill_tolerance;
                EXPECT_TRUE(grey && between) << s.region << ": " << to_string(c) << " at " << x << "," << y
                                             << " is neither the fill nor the dots\n" << describe_window(img, cx, cy, half);
                if (channel_distance(c, s.fill) <= fill_tolerance) any_fill = true;
            } else {
                EXPECT_LE(channel_distance(c, s.fill), fill_tolerance)
                    << s.region << ": expected " << to_string(s.fill) << ", got " << to_string(c) << " at " << x << "," << y
                    << "\n" << describe_window(img, cx, cy, half);
                if (::testing::Test::HasFailure()) return;
            }
        }
    if (s.dotted) {
        EXPECT_TRUE(any_fill) << s.region << ": no pixel of the fill colour\n" << describe_window(img, cx, cy, half);
    }
}

Boundaries read_mali(core::Diagnostics& d) {
    return io::read_boundaries(root + "/geodata/boundaries/mali-admin1.fgb", io::BoundaryReadOptions{}, d);
}

const MultiPolygonLL* region_named(const Boundaries& b, const std::string& name) {
    for (const auto& f : b.features)
        if (f.attribute("name") == name) return &f.geometry;
    return nullptr;
}

// A layer inside a zip, by GDAL's virtual path: the maps, and the manifest
// with the checksum of the member (the run used to render and then fail on
// the checksum, which read the path as a plain file).
TEST(RenderE2E, ZippedLayerByGdalVirtualPathIsRenderedAndChecksummed) {
    TempDir dir;
    const std::string layer = read_file(root + "/geodata/boundaries/mali-admin1.fgb");
    ASSERT_FALSE(layer.empty());
    const std::string zipped = "/vsizip/" + (dir / "mali.zip") + "/mali-admin1.fgb";
    {
        VSILFILE* f = VSIFOpenL(zipped.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(VSIFWriteL(layer.data(), 1, layer.size(), f), layer.size());
        ASSERT_EQ(VSIFCloseL(f), 0);
    }
    auto r = run_cli({"render", "-q", "--boundaries", zipped, "--class-field", "name", "--format", "png", "--out", dir / "out"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto manifest = nlohmann::json::parse(read_file(dir / "out/manifest.json"));
    // The style and the map's words, then the layer.
    ASSERT_EQ(manifest["inputs"].size(), 3u) << manifest.dump(2);
    EXPECT_EQ(manifest["inputs"][0]["path"], "styles/default.toml");
    EXPECT_EQ(manifest["inputs"][1]["path"], "styles/i18n.toml");
    EXPECT_EQ(manifest["inputs"][2]["path"], zipped);
    EXPECT_EQ(manifest["inputs"][2]["sha256"], core::sha256_hex(layer));
}

// The embedded Mali layer written to `destination` as ogr2ogr would with `args`.
// `source` written to `destination` as ogr2ogr would with `args` (with
// "-update", added to it as another layer).
bool translate_layer(const std::string& source_path, const std::string& destination, std::vector<const char*> args) {
    GDALAllRegister();
    GDALDatasetH source = GDALOpenEx(source_path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    if (!source) return false;
    args.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(args.data()), nullptr);
    GDALDatasetH written = GDALVectorTranslate(destination.c_str(), nullptr, 1, &source, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    if (written) GDALClose(written);
    GDALClose(source);
    return written != nullptr;
}

bool translate_embedded_layer(const std::string& destination, std::vector<const char*> args) {
    return translate_layer(root + "/geodata/boundaries/mali-admin1.fgb", destination, std::move(args));
}

// A GeoPackage of several layers, the countries first, then Mali's regions,
// given for Mali's assessment without --layer: the maps are of the regions'
// layer (byte for byte the embedded layer's map frame), and a note says which
// layer and why. (They were of the first layer: "area Ségou matches no
// feature", and not a word of the other layers.) A map of any layer takes the
// first layer with its --class-field.
TEST(RenderE2E, FileOfSeveralLayersIsReadAtTheLayerOfRegions) {
    TempDir dir;
    const std::string gpkg = dir / "mali-levels.gpkg";
    ASSERT_TRUE(translate_layer(root + "/geodata/context/countries.fgb", gpkg, {"-f", "GPKG", "-nln", "countries"}));
    ASSERT_TRUE(translate_embedded_layer(gpkg, {"-update", "-nln", "admin1"}));
    const std::string extent = "-500000,1000000,1600000,2900000";  // Mali in UTM 30N, with a margin
    auto r = run_cli({"render", "--bare", "--extent", extent, "--boundaries", gpkg, "--category", "ied", "--format", "png",
                      "--out", dir / "gpkg"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("mali-levels.gpkg: of its layers 'countries' and 'admin1', the maps use 'admin1': its 9 features "
                         "name 9 of the gazetteer's regions (choose another with --layer)"),
              std::string::npos)
        << r.err;
    r = run_cli({"render", "-q", "--bare", "--extent", extent, "--category", "ied", "--format", "png", "--out", dir / "fgb"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(read_file(dir / "gpkg/minusma-2017-ied-slide.png") == read_file(dir / "fgb/minusma-2017-ied-slide.png"));

    r = run_cli({"render", "--boundaries", gpkg, "--class-field", "iso_3166_2", "--format", "svg", "--out", dir / "generic"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("the maps use 'admin1', the first with polygons and the field 'iso_3166_2'"), std::string::npos) << r.err;
    r = run_cli({"render", "--boundaries", gpkg, "--class-field", "nosuch", "--format", "svg", "--out", dir / "none"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no field 'nosuch'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(", nor does any other layer of the file ('countries' and 'admin1')"), std::string::npos) << r.err;

    // inspect checks the layer render would read, not the first, and says which.
    r = run_cli({"inspect", "--boundaries", gpkg});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\n9 features, 2767 vertices in layer 'admin1': all valid\n"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("the maps use 'admin1': its 9 features name 9 of the gazetteer's regions"), std::string::npos) << r.err;
    r = run_cli({"inspect", "--boundaries", gpkg, "--class-field", "iso_3166_2"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("vertices in layer 'admin1'"), std::string::npos) << r.out;
}

// A generic layer in a projected CRS is drawn in it unless --crs says
// otherwise (a layer in Lambert-93 drawn in lon/lat was squashed); the
// georeference sidecar tells which CRS the map is in.
TEST(RenderE2E, GenericLayerIsDrawnInItsOwnProjectedCrsByDefault) {
    TempDir dir;
    const std::string utm = dir / "mali-utm31.gpkg";
    ASSERT_TRUE(translate_embedded_layer(utm, {"-t_srs", "EPSG:32631", "-f", "GPKG"}));
    auto r = run_cli({"render", "-q", "--boundaries", utm, "--class-field", "name", "--format", "png", "--out", dir / "own"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(read_file(dir / "own/name-slide.prj").find("UTM zone 31N"), std::string::npos)
        << read_file(dir / "own/name-slide.prj");

    r = run_cli({"render", "-q", "--boundaries", utm, "--class-field", "name", "--format", "png", "--crs", "EPSG:4326",
                 "--out", dir / "lonlat"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string prj = read_file(dir / "lonlat/name-slide.prj");
    EXPECT_EQ(prj.find("UTM"), std::string::npos) << prj;
    EXPECT_NE(prj.find("WGS 84"), std::string::npos) << prj;
}

// A GeoJSON layer as RFC 7946 writes it (outer rings counter-clockwise) is
// valid: no "repaired invalid polygon" warning per feature, --strict passes,
// and the map is the one drawn from the clockwise FlatGeobuf (the map frame,
// --bare: the panel's source line names each layer's file; in one --extent:
// RFC 7946 keeps 7 decimals, which moves a frame fitted to the layer by 1 cm).
TEST(RenderE2E, Rfc7946GeoJsonLayerNeedsNoRepair) {
    TempDir dir;
    const std::string geojson = dir / "mali-admin1.geojson";
    ASSERT_TRUE(translate_embedded_layer(geojson, {"-f", "GeoJSON", "-lco", "RFC7946=YES"}));
    const std::string extent = "-500000,1000000,1600000,2900000";  // Mali in UTM 30N, with a margin
    auto r = run_cli({"render", "-q", "--strict", "--bare", "--extent", extent, "--boundaries", geojson, "--category", "ied",
                      "--format", "png", "--out", dir / "geojson"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("repaired"), std::string::npos) << r.err;
    r = run_cli({"render", "-q", "--bare", "--extent", extent, "--category", "ied", "--format", "png", "--out", dir / "fgb"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(read_file(dir / "geojson/minusma-2017-ied-slide.png") == read_file(dir / "fgb/minusma-2017-ied-slide.png"));
}

// A layer of several countries' regions (here Mali's with two of Niger's,
// one of them also called Gao) given for Mali's assessment: the maps are
// Mali's, byte for byte those of the embedded layer (the map frame, --bare:
// the panel's source line names the layer's file), and a note says which
// features were used. (The other countries' regions were areas of the map:
// Gao matched two features, and a world layer took 25 s to fail.)
TEST(RenderE2E, LayerOfSeveralCountriesIsMappedForTheAssessmentsCountry) {
    TempDir dir;
    const std::string mali = dir / "mali.geojson", merged = dir / "mali-niger.geojson";
    ASSERT_TRUE(translate_embedded_layer(mali, {"-f", "GeoJSON"}));
    auto layer = nlohmann::json::parse(read_file(mali));
    auto square = [](double x, double y) {
        return nlohmann::json{{"type", "Polygon"}, {"coordinates", {{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}}};
    };
    layer["features"].push_back({{"type", "Feature"}, {"properties", {{"name", "Gao"}, {"iso_a2", "NE"}}}, {"geometry", square(5, 14)}});
    layer["features"].push_back({{"type", "Feature"}, {"properties", {{"name", "Zinder"}, {"iso_a2", "NE"}}}, {"geometry", square(8, 13)}});
    { std::ofstream(merged) << layer.dump(); }

    auto r = run_cli({"render", "--strict", "--bare", "--boundaries", merged, "--category", "ied", "--format", "png", "--out",
                      dir / "merged"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("note: " + merged + ": the layer holds regions of more than one country; the maps use the 9 "
                         "feature(s) whose iso_a2 is \"ML\" (as the regions the gazetteer knows); 2 feature(s) of 1 "
                         "other country are left out"),
              std::string::npos)
        << r.err;
    r = run_cli({"render", "-q", "--bare", "--category", "ied", "--format", "png", "--out", dir / "embedded"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(read_file(dir / "merged/minusma-2017-ied-slide.png") == read_file(dir / "embedded/minusma-2017-ied-slide.png"));

    r = run_cli({"inspect", "--boundaries", merged});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("the layer holds regions of more than one country: the maps use the 9 feature(s)"), std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("not assessed Zinder"), std::string::npos) << r.out;
}

// The assessment's maps are in the gazetteer's map_crs when it gives one (a
// national grid), else in the CRS fitted to the country (UTM 30N for Mali:
// the README's default, before a fixed EPSG:32630 for any country), unless
// --crs says otherwise.
TEST(RenderE2E, AssessmentMapsAreInTheGazetteersCrsOrOneFittedToTheCountry) {
    TempDir dir;
    std::string gazetteer = read_file(root + "/geodata/gazetteer/mali.toml");
    const std::string country = "country = \"ML\"\n";
    ASSERT_NE(gazetteer.find(country), std::string::npos);
    gazetteer.replace(gazetteer.find(country), country.size(), country + "map_crs = \"EPSG:32631\"\n");
    { std::ofstream(dir / "mali.toml") << gazetteer; }
    auto r = run_cli({"render", "-q", "--gazetteer", dir / "mali.toml", "--category", "ied", "--format", "png", "--out", dir / "own"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(read_file(dir / "own/minusma-2017-ied-slide.prj").find("UTM zone 31N"), std::string::npos);
    r = run_cli({"render", "-q", "--gazetteer", dir / "mali.toml", "--crs", "EPSG:32629", "--category", "ied", "--format",
                 "png", "--out", dir / "given"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(read_file(dir / "given/minusma-2017-ied-slide.prj").find("UTM zone 29N"), std::string::npos);
    r = run_cli({"render", "-q", "--category", "ied", "--format", "png", "--out", dir / "fitted"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(read_file(dir / "fitted/minusma-2017-ied-slide.prj").find("UTM zone 30N"), std::string::npos);
}

// The fill of the SVG group of area `id` ("" if none).
std::string svg_fill_of(const std::string& svg, const std::string& id) {
    const auto at = svg.find("<g id=\"area-" + id + "\"");
    if (at == std::string::npos) return "";
    const auto fill = svg.find("fill=\"", at);
    return fill == std::string::npos || fill > svg.find("</g>", at) ? "" : svg.substr(fill + 6, 7);
}

// Another assessment's scale ("low, medium, high"), which the default style
// does not name, takes the style's ramp (a note says so), as a layer's
// numbered classes do; a scale the style names in part is still an error
// (a typo, or a level left out).
TEST(RenderE2E, TextsLackingTheMapsLanguageAreNamed) {
    // Given per language but not in French: the French map would show Dutch
    // or English there, beside the French legend. One text for every
    // language (citation, the level "high"'s plain name) lacks none.
    TempDir dir;
    const std::string assessment = dir / "bilingual.toml";
    std::ofstream(assessment) << R"([assessment]
id = "bilingual"
date = "2021-06-01"
citation = "test case"
title = { nl = "Dreiging", en = "Threat" }
[[scale]]
id = "low"
name = { en = "low", fr = "faible" }
[[scale]]
id = "high"
name = "HIGH"
[[category]]
id = "general"
title = { en = "General" }
areas = [
  { area = "Mopti", level = "high", line = 1, quote = "q" },
  { area = "Kidal", level = "low", line = 3, quote = "q" },
]
)";
    auto r = run_cli({"render", "--assessment", assessment, "--format", "svg", "--lang", "fr", "--out", dir / "fr"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: " + assessment + ": no 'fr' text for the title and category \"general\": the maps "
                         "in 'fr' show these in another language (add fr = \"…\" to each)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("geodata/gazetteer/mali.toml: no 'fr' text"), std::string::npos) << r.err;  // it has them all

    r = run_cli({"render", "--assessment", assessment, "--format", "svg", "--lang", "en", "--out", dir / "en"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("text for"), std::string::npos) << r.err;
}

TEST(RenderE2E, ScaleTheStyleDoesNotNameTakesItsRamp) {
    TempDir dir;
    const std::string assessment = dir / "other.toml";
    {
        std::ofstream(assessment) << R"([assessment]
id = "other"
date = "2021-06-01"
citation = "test case"
title = "Other"
[[scale]]
id = "low"
[[scale]]
id = "medium"
[[scale]]
id = "high"
[[category]]
id = "general"
areas = [
  { area = "Mopti", level = "high", line = 1, quote = "q" },
  { area = "Gao", level = "medium", line = 2, quote = "q" },
  { area = "Kidal", level = "low", line = 3, quote = "q" },
]
)";
    }
    auto r = run_cli({"render", "--assessment", assessment, "--format", "svg", "--out", dir / "out"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("note: styles/default.toml names none of the levels of " + assessment +
                         " (low, medium, high): they take its ramp, lowest to highest"),
              std::string::npos)
        << r.err;
    // The category has no title: the map is headed by its id, and the run says so where it is defined.
    EXPECT_NE(r.err.find("warning: " + assessment + ":12:1: category \"general\" has no title: its maps are headed "
                         "\"general\""),
              std::string::npos)
        << r.err;
    const std::string svg = read_file(dir / "out/other-general-slide.svg");
    EXPECT_EQ(svg_fill_of(svg, "ML-5"), "#b30000");  // the ramp of styles/default.toml
    EXPECT_EQ(svg_fill_of(svg, "ML-7"), "#fc8d59");
    EXPECT_EQ(svg_fill_of(svg, "ML-8"), "#fef0d9");

    // One level named by the style ("matig" for "medium") and two not: an error naming the first.
    std::string text = read_file(assessment);
    for (auto at = text.find("\"medium\""); at != std::string::npos; at = text.find("\"medium\""))
        text.replace(at, 8, "\"matig\"");
    { std::ofstream(assessment) << text; }
    r = run_cli({"render", "-q", "--assessment", assessment, "--format", "svg", "--out", dir / "partly"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("the style has no colour for level \"low\""), std::string::npos) << r.err;

    // A layer's numbered classes (no style names 1, 2, 3) darken with the number.
    const std::string layer = dir / "numbered.geojson";
    {
        std::ofstream(layer) << R"({"type":"FeatureCollection","features":[)"
                             << R"({"type":"Feature","properties":{"name":"a","n":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}},)"
                             << R"({"type":"Feature","properties":{"name":"b","n":1},"geometry":{"type":"Polygon","coordinates":[[[1,0],[1,1],[2,1],[2,0],[1,0]]]}},)"
                             << R"({"type":"Feature","properties":{"name":"c","n":2},"geometry":{"type":"Polygon","coordinates":[[[2,0],[2,1],[3,1],[3,0],[2,0]]]}})"
                             << "]}";
    }
    r = run_cli({"render", "-q", "--boundaries", layer, "--class-field", "n", "--format", "svg", "--out", dir / "numbered"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string numbered = read_file(dir / "numbered/n-slide.svg");
    EXPECT_EQ(svg_fill_of(numbered, "fid-000000000"), "#b30000");
    EXPECT_EQ(svg_fill_of(numbered, "fid-000000001"), "#fef0d9");
    EXPECT_EQ(svg_fill_of(numbered, "fid-000000002"), "#fc8d59");
}

// A level's long name would head a narrow column of the operating areas'
// table: a note suggests a short name, and says nothing once there is one.
TEST(RenderE2E, LongLevelNameWithoutAShortOneIsNoted) {
    TempDir dir;
    const std::string with_short = std::string(THREATMAP_TEST_DATA) + "/assessments/short_level_name.toml";
    auto r = run_cli({"render", "--assessment", with_short, "--format", "svg", "--out", dir / "short"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("give it a short one"), std::string::npos) << r.err;

    std::string text = read_file(with_short);
    text.erase(text.find("short = "), text.find('\n', text.find("short = ")) - text.find("short = ") + 1);
    const std::string without = dir / "long.toml";
    { std::ofstream(without) << text; }
    r = run_cli({"render", "--assessment", without, "--format", "svg", "--out", dir / "long"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("note: " + without + ": level \"significant\" heads a column of the operating areas' table with "
                         "its 37-character name; give it a short one for that (short = \"…\")"),
              std::string::npos)
        << r.err;
}

// An assessment that does not word its unassessed regions: the legend says it
// in the map's language (it said "not assessed" on every map).
TEST(RenderE2E, UnassessedRegionsAreNamedInTheMapsLanguage) {
    TempDir dir;
    const std::string minimal = std::string(THREATMAP_TEST_DATA) + "/assessments/minimal.toml";
    for (const auto& [lang, words] : {std::pair{"en", "not assessed"}, std::pair{"nl", "niet beoordeeld"},
                                      std::pair{"fr", "non évalué"}}) {
        SCOPED_TRACE(lang);
        const std::string out = dir / lang;
        const auto r = run_cli({"render", "-q", "--assessment", minimal, "--lang", lang, "--format", "svg", "--out", out});
        ASSERT_EQ(r.code, 0) << r.err;
        const std::string svg = read_file(out + "/test-ied-slide.svg");
        EXPECT_NE(svg.find(std::string(">") + words + "<"), std::string::npos) << "the legend's entry";
        if (std::string(lang) != "en") EXPECT_EQ(svg.find("not assessed"), std::string::npos);
    }
}

// The manifest's checksum of an input unchanged since an earlier run comes
// from the cache in $XDG_CACHE_HOME (seeded here with a checksum the file
// cannot have, to show that it was not read), unless --no-checksum-cache;
// a run leaves the cache readable with the file's entry in it.
TEST(RenderE2E, ManifestTakesAnUnchangedInputsChecksumFromTheCache) {
    TempDir dir;
    const std::string layer = dir / "mali.fgb", cache_home = dir / "cache";
    const std::string bytes = read_file(root + "/geodata/boundaries/mali-admin1.fgb");
    { std::ofstream(layer, std::ios::binary) << bytes; }
    const std::string seeded(64, 'c');
    {
        io::ChecksumCache cache(cache_home + "/threatmap/checksums.tsv");
        cache.remember(layer, *io::identity_of(layer), seeded, io::ChecksumCache::Clock::now() + std::chrono::hours(1));
        ASSERT_TRUE(cache.save());
    }
    const test::ScopedEnv cache_env("XDG_CACHE_HOME", cache_home);
    auto input_sha = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args{"render", "-q", "--boundaries", layer, "--class-field", "name", "--format", "svg", "--out", dir / "out"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_cli(args);
        EXPECT_EQ(r.code, 0) << r.err;
        const auto manifest = nlohmann::json::parse(read_file(dir / "out/manifest.json"));
        for (const auto& input : manifest["inputs"])
            if (input["path"] == layer) return input["sha256"].get<std::string>();
        return std::string("(not in the manifest)");
    };
    EXPECT_EQ(input_sha({}), seeded);
    EXPECT_EQ(input_sha({"--no-checksum-cache"}), core::sha256_hex(bytes));
    EXPECT_EQ(io::ChecksumCache(cache_home + "/threatmap/checksums.tsv").find(*io::identity_of(layer)), seeded);
    // Written again (the same bytes, the same size): a new change time, so read again.
    { std::ofstream(layer, std::ios::binary | std::ios::trunc) << bytes; }
    EXPECT_EQ(input_sha({}), core::sha256_hex(bytes));
}

TEST(RenderE2E, TimingsListEveryStageThatRanOnStderr) {
    TempDir dir;
    RunResult r = run_cli({"render", "--out", dir.path(), "-q", "--timings", "--category", "ied", "--format", "png,svg"});
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* stage : {"time per stage", "read boundaries", "derive category", "build scene", "render png", "render svg",
                              "write files", "manifest"})
        EXPECT_NE(r.err.find(stage), std::string::npos) << stage << " missing from:\n" << r.err;
    EXPECT_EQ(r.err.find("render pdf"), std::string::npos) << "a stage that did not run is listed:\n" << r.err;
}

TEST(RenderE2E, LeftoversHoldTheRunsInputsAndResultsAndChangeNoOutput) {
    // main takes the run's data instead of freeing it (cli/app.hpp); the maps
    // must not depend on who frees it.
    TempDir dir;
    cli::RunLeftovers leftovers;
    const std::vector<std::string> args = {"render", "-q", "--category", "ied", "--format", "svg,png"};
    auto with_out = [&](const std::string& out) {
        std::vector<std::string> a = args;
        a.insert(a.end(), {"--out", out});
        return a;
    };
    RunResult kept = run_cli(with_out(dir / "kept"), &leftovers);
    ASSERT_EQ(kept.code, 0) << kept.err;
    ASSERT_EQ(leftovers.size(), 2u);
    for (const auto& p : leftovers) EXPECT_NE(p, nullptr);
    RunResult freed = run_cli(with_out(dir / "freed"));
    ASSERT_EQ(freed.code, 0) << freed.err;
    const auto names = files_in(dir / "kept");
    EXPECT_EQ(names, files_in(dir / "freed"));
    for (const auto& name : names)
        EXPECT_EQ(read_file(dir / ("kept/" + name)), read_file(dir / ("freed/" + name))) << name;
}

TEST(RenderE2E, UnknownCrsIsOneMessageOfOursNotGdalsToo) {
    // GDAL prints "ERROR 1: PROJ: ..." to the process's stderr unless silenced:
    // run the real binary to see everything a user would see.
    TempDir dir;
    const std::string all = run_shell("cd " + root + " && " + THREATMAP_BINARY + " render -q --crs EPSG:999999 --out " +
                                      dir.path() + " 2>&1; echo exit=$?");
    EXPECT_NE(all.find("threatmap: error: unknown CRS \"EPSG:999999\""), std::string::npos) << all;
    EXPECT_EQ(all.find("ERROR 1"), std::string::npos) << all;
    EXPECT_NE(all.find("exit=1"), std::string::npos) << all;
}

TEST(RenderE2E, SamplePointsAreWellInsideTheirRegionsAndAwayFromPlaces) {
    core::Diagnostics d;
    Boundaries mali = read_mali(d);
    auto utm = io::make_projection("EPSG:4326", "EPSG:32630");
    for (const auto& s : samples) {
        const MultiPolygonLL* region = region_named(mali, s.region);
        ASSERT_NE(region, nullptr) << s.region;
        MultiPolygonXY r = utm->forward(*region);
        MapXY p = utm->forward(s.at);
        EXPECT_TRUE(bg::within(p, r)) << s.region;
        for (const auto& poly : r) {
            LineString<MapXY> border(poly.outer().begin(), poly.outer().end());
            EXPECT_GT(bg::distance(p, border), 20000) << s.region << " sample is near its border";
        }
    }
    Gazetteer gz = io::read_gazetteer(root + "/geodata/gazetteer/mali.toml");
    for (const auto& s : samples)
        for (const auto& place : gz.places) {
            MapXY a = utm->forward(s.at), b = utm->forward(place.position);
            EXPECT_GT(std::hypot(a.x - b.x, a.y - b.y), 30000) << s.region << " sample is near " << place.id;
        }
}

TEST(RenderE2E, WorldFilePlacesRegionsInTheirClassColour) {
    TempDir dir;
    RunResult r = run_cli({"render", "--category", "ied", "--format", "png", "--out", dir.path(), "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string png = dir / "minusma-2017-ied-slide.png";
    Image img = decode_png_file(png);
    ASSERT_EQ(img.width, 1920);
    auto wf = read_world_file(dir / "minusma-2017-ied-slide.pgw");
    ASSERT_EQ(wf.size(), 6u);
    auto utm = io::make_projection("EPSG:4326", "EPSG:32630");  // the map CRS (README: UTM 30N by default)
    for (const auto& s : samples) {
        SCOPED_TRACE(s.region);
        MapXY xy = utm->forward(s.at);
        auto px = pixel_of(wf, xy.x, xy.y);
        expect_window_colour(img, px[0], px[1], s);
    }
}

// Bamako district is ~15 km across: about 9 pixels on the slide. Its
// centroid (computed from the boundary file) is checked with one pixel.
LonLat bamako_centroid() {
    core::Diagnostics d;
    Boundaries mali = read_mali(d);
    const MultiPolygonLL* bko = region_named(mali, "Bamako");
    LonLat c;
    if (!bko) {
        ADD_FAILURE() << "no Bamako in the boundary file";
        return c;
    }
    bg::centroid(*bko, c);
    return c;
}

TEST(RenderE2E, SlideMapShowsBamakoLevelInADetailView) {
    // The district is ~15 km across (about 9 px on the slide) and hidden under the
    // capital's marker, so the map shows it magnified in a detail view of the panel.
    TempDir dir;
    RunResult r = run_cli({"render", "--category", "ied", "--format", "svg", "--out", dir.path(), "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::ifstream in(dir / "minusma-2017-ied-slide.svg");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string svg = ss.str();
    const auto at = svg.find("id=\"detail-area-ML-BKO\"");
    ASSERT_NE(at, std::string::npos) << "no detail view of the Bamako district";
    const auto fill = svg.find("fill=\"#fef0d9\"", at);  // verwaarloosbaar in styles/default.toml
    EXPECT_NE(fill, std::string::npos);
    EXPECT_LT(fill - at, 2000u) << "the detail view of Bamako is not filled as verwaarloosbaar";
    EXPECT_NE(svg.find("Bamako (detail)"), std::string::npos);
}

TEST(RenderE2E, ZoomedBareMapShowsBamakoLevelAtDistrictCentroid) {
    // A raw map frame (no markers, no labels) of 30 × 30 km around the district, in UTM 30N metres.
    TempDir dir;
    RunResult r = run_cli({"render", "--category", "ied", "--format", "png", "--bare", "--width", "400", "--height", "400",
                           "--extent", "-60000", "1380000", "-30000", "1410000", "--out", dir.path(), "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string stem = dir / "minusma-2017-ied-400x400";
    Image img = decode_png_file(stem + ".png");
    auto wf = read_world_file(stem + ".pgw");
    ASSERT_EQ(wf.size(), 6u);
    EXPECT_NEAR(wf[0], 75.0, 1e-6);  // 30 km over 400 px
    MapXY xy = io::make_projection("EPSG:4326", "EPSG:32630")->forward(bamako_centroid());
    auto px = pixel_of(wf, xy.x, xy.y);
    ASSERT_TRUE(img.contains(px[0], px[1]));
    EXPECT_LE(channel_distance(img.at(px[0], px[1]), verwaarloosbaar), fill_tolerance)
        << to_string(img.at(px[0], px[1])) << "\n" << describe_window(img, px[0], px[1], 3);
    // And Koulikoro around it, 15 km to the west: not assessed (grey with dots).
    MapXY west = io::make_projection("EPSG:4326", "EPSG:32630")->forward(LonLat{-8.14, 12.62});
    auto pw = pixel_of(wf, west.x, west.y);
    Rgb c = img.at(pw[0], pw[1]);
    EXPECT_TRUE(channel_distance(c, not_assessed) <= fill_tolerance || channel_distance(c, not_assessed_dots) <= 40)
        << to_string(c);
}

TEST(RenderE2E, BinaryRendersAndGdalLocationInfoReadsTheClassColour) {
    TempDir dir;
    const std::string cmd = std::string("'") + THREATMAP_BINARY + "' render --category ied --format png --out '" +
                            dir.path() + "' -q > '" + (dir / "stdout.txt") + "' 2> '" + (dir / "stderr.txt") + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\n" << read_file(dir / "stderr.txt");
    const std::string png = dir / "minusma-2017-ied-slide.png";
    expect_png_1920x1080(png);
    if (!have_tool("gdallocationinfo")) GTEST_SKIP() << "gdallocationinfo (gdal-bin) is not installed";
    // GDAL reads the CRS and geotransform from the .aux.xml; -wgs84 takes lon lat.
    for (const auto& s : samples) {
        if (s.dotted) continue;
        char lonlat[64];
        std::snprintf(lonlat, sizeof lonlat, "%.4f %.4f", s.at.lon, s.at.lat);
        std::string out = run_shell("gdallocationinfo -valonly -wgs84 '" + png + "' " + lonlat + " 2>&1");
        std::istringstream in(out);
        Rgb c;
        ASSERT_TRUE(in >> c.r >> c.g >> c.b) << s.region << ": gdallocationinfo said: " << out;
        EXPECT_LE(channel_distance(c, s.fill), fill_tolerance) << s.region << ": " << to_string(c);
    }
}

// --- stats ------------------------------------------------------------------------

TEST(StatsE2E, JsonParsesAndPercentagesOfEachAreaSumTo100) {
    RunResult r = run_cli({"stats", "--format", "json", "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(r.out)) << r.out;
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 2u);  // ied, general
    for (const auto& cat : j) {
        ASSERT_EQ(cat["operating_areas"].size(), 2u) << cat["category"];
        for (const auto& area : cat["operating_areas"]) {
            double pct = 0, km2 = 0;
            for (const auto& c : area["classes"]) {
                pct += c["percent"].get<double>();
                km2 += c["km2"].get<double>();
            }
            // Percentages are rounded to 0.01 each (4 classes): 100 ± 0.1 is generous.
            EXPECT_NEAR(pct, 100.0, 0.1) << cat["category"] << " / " << area["id"];
            EXPECT_NEAR(km2, area["total_km2"].get<double>(), 0.5) << cat["category"] << " / " << area["id"];
        }
    }
}

// A gazetteer without operating areas has nothing for stats to measure: said
// so, naming the gazetteer, instead of a crash on the missing exposure.
TEST(StatsE2E, GazetteerWithoutOperatingAreasIsAnError) {
    TempDir dir;
    std::string gazetteer = read_file(root + "/geodata/gazetteer/mali.toml");
    gazetteer = gazetteer.substr(0, gazetteer.find("[[operating_area]]"));
    ASSERT_EQ(gazetteer.find("operating_area"), std::string::npos);
    { std::ofstream(dir / "mali.toml") << gazetteer; }
    const RunResult r = run_cli({"stats", "-q", "--gazetteer", dir / "mali.toml"});
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_NE(r.err.find("threatmap: error: " + (dir / "mali.toml") + ": has no operating areas ([[operating_area]])"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(StatsE2E, CsvHasOneRowPerAreaAndClass) {
    RunResult r = run_cli({"stats", "--category", "ied", "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("category,operating_area,class,km2,percent\n", 0), 0u) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 2 * 4) << r.out;
    EXPECT_NE(r.out.find("ied,mainly,significant,"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace threatmap::test
