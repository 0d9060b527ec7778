// `threatmap inspect`: the layer's description, the validity of every
// feature (all of them listed, not the first that stops a render), and the
// join dry-run of the assessment's categories against the layer.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli_support.hpp"

namespace threatmap::test {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Inspect, EmbeddedLayerIsValidAndJoinsEveryCategory) {
    const RunResult r = run_cli({"inspect"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "driver FlatGeobuf, 1 layer(s)")) << r.out;
    EXPECT_TRUE(has(r.out, "9 features, 2767 vertices in layer 'mali-admin1': all valid")) << r.out;
    EXPECT_TRUE(has(r.out, "join dry-run, category 'ied':")) << r.out;
    EXPECT_TRUE(has(r.out, "join dry-run, category 'general':")) << r.out;
    EXPECT_TRUE(has(r.out, "matched   Gao -> feature 2 'Gao' (ML-7)")) << r.out;
}

// Two bow-ties (a ring crossing itself cannot be repaired without guessing
// which lobe was meant) among three features: both are listed, by feature,
// under one heading with the advice; the assessment's join is not tried.
// With --class-field the same layer is fine for a choropleth, with a warning.
TEST(Inspect, ListsEveryFeatureThatCannotBeRepaired) {
    TempDir dir;
    const std::string layer = dir / "bowties.geojson";
    {
        std::ofstream out(layer);
        out << R"({"type":"FeatureCollection","features":[)"
            << R"({"type":"Feature","properties":{"name":"square","cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,10],[1,10],[1,11],[0,11],[0,10]]]}},)"
            << R"({"type":"Feature","properties":{"name":"bow 1","cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,3],[0,0]]]}},)"
            << R"({"type":"Feature","properties":{"name":"bow 2","cls":"b"},"geometry":{"type":"Polygon","coordinates":[[[5,0],[7,2],[7,0],[5,3],[5,0]]]}})"
            << "]}";
    }
    RunResult r = run_cli({"inspect", "--boundaries", layer});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "3 features, 15 vertices in layer 'bowties': 2 cannot be repaired safely (fix them with "
                           "ogr2ogr -makevalid, or in QGIS with 'Fix geometries'):\n")) << r.out;
    EXPECT_TRUE(has(r.out, "\n  feature 1: invalid polygon that cannot be repaired safely: ")) << r.out;
    EXPECT_TRUE(has(r.out, "\n  feature 2: invalid polygon that cannot be repaired safely: ")) << r.out;
    EXPECT_FALSE(has(r.out, "feature 0:")) << r.out;
    EXPECT_FALSE(has(r.out, "join dry-run")) << r.out;
    EXPECT_TRUE(has(r.err, "threatmap: error: " + layer + ": 2 feature(s) cannot be repaired safely (listed above)")) << r.err;

    r = run_cli({"inspect", "--boundaries", layer, "--class-field", "cls"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "2 cannot be repaired safely")) << r.out;
    EXPECT_TRUE(has(r.err, "warning: " + layer + ": 2 feature(s) cannot be repaired safely: a map of any layer draws them")) << r.err;

    r = run_cli({"inspect", "--boundaries", layer, "--class-field", "klass"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(has(r.err, "no field 'klass'")) << r.err;
}

// The dry-run warns of what render would: here two features of one name,
// both labelled on a map (Natural Earth's Afghanistan: Panjshir named "Parwan").
TEST(Inspect, TwoFeaturesOfOneNameAreWarnedOf) {
    TempDir dir;
    const std::string layer = dir / "regions.geojson";
    {
        std::ofstream out(layer);
        auto square = [](const std::string& name, int x) {
            return fmt::format(R"({{"type":"Feature","properties":{{"name":"{}"}},"geometry":{{"type":"Polygon",)"
                               R"("coordinates":[[[{},10],[{},11],[{},11],[{},10],[{},10]]]}}}})",
                               name, x, x, x + 1, x + 1, x);
        };
        out << R"({"type":"FeatureCollection","features":[)" << square("Mopti", -4) << "," << square("Douentza", -3)
            << "," << square("Boni", -2) << "," << square("DOUENTZA", -1) << "]}";
    }
    const RunResult r = run_cli({"inspect", "--boundaries", layer, "--assessment",
                                 std::string(THREATMAP_TEST_DATA) + "/assessments/minimal.toml"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "matched   Mopti -> feature 0 'Mopti' (ML-5)")) << r.out;
    EXPECT_TRUE(has(r.err, "warning: " + layer + ": more than one feature bears the name \"Douentza\" (features 1 and 3)"))
        << r.err;
}

}  // namespace
}  // namespace threatmap::test
