// region_grouping: a layer of districts that names each one's region (OCHA's
// ADM2 with ADM1_PCODE, GADM's level 2 with NAME_1) is grouped into the
// gazetteer's regions; a layer of regions, a gazetteer of the districts
// themselves, or a layer without a region field is left as it is, the last
// with a warning when it says it is finer than regions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "join/join.hpp"
#include "join/region_grouping.hpp"
#include "mali_gazetteer_fixture.hpp"

namespace threatmap::join {
namespace {

BoundaryFeature square(long long fid, std::map<std::string, std::string> attributes) {
    return test::square_feature(fid, std::move(attributes));
}

Boundaries layer_of(std::vector<BoundaryFeature> features) {
    Boundaries layer;
    layer.path = "districts.gpkg";
    for (const auto& f : features)
        for (const auto& [field, value] : f.attributes)
            if (std::find(layer.fields.begin(), layer.fields.end(), field) == layer.fields.end()) layer.fields.push_back(field);
    layer.features = std::move(features);
    return layer;
}

// OCHA's common operational dataset, admin level 2: cercles of Gao and Kidal.
Boundaries cod_districts() {
    return layer_of({square(0, {{"ADM2_EN", "Ansongo"}, {"ADM1_EN", "Gao"}, {"ADM1_PCODE", "ML07"}, {"ADM0_EN", "Mali"}}),
                     square(1, {{"ADM2_EN", "Gao"}, {"ADM1_EN", "Gao"}, {"ADM1_PCODE", "ML07"}, {"ADM0_EN", "Mali"}}),
                     square(2, {{"ADM2_EN", "Kidal"}, {"ADM1_EN", "Kidal"}, {"ADM1_PCODE", "ML08"}, {"ADM0_EN", "Mali"}}),
                     square(3, {{"ADM2_EN", "Bourem"}, {"ADM1_EN", "Gao"}, {"ADM1_PCODE", "ML07"}, {"ADM0_EN", "Mali"}}),
                     square(4, {{"ADM2_EN", "Tessalit"}, {"ADM1_EN", "Kidal"}, {"ADM1_PCODE", "ML08"}, {"ADM0_EN", "Mali"}})});
}

// Joins the members' polygons without union (enough to see which were merged).
MultiPolygonLL concatenated(std::vector<MultiPolygonLL> parts) {
    MultiPolygonLL out;
    for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

class RegionGroupingTest : public test::MaliGazetteerTest {};

TEST_F(RegionGroupingTest, DistrictsAreGroupedByTheirRegionsCode) {
    Boundaries layer = cod_districts();
    const auto grouping = region_grouping(layer, *gazetteer_);
    ASSERT_TRUE(grouping.has_value());
    EXPECT_EQ(grouping->field, "ADM1_PCODE");
    ASSERT_EQ(grouping->members.size(), 2u);
    EXPECT_EQ(grouping->members[0], (std::vector<std::size_t>{0, 1, 3}));  // Gao, first seen first
    EXPECT_EQ(grouping->members[1], (std::vector<std::size_t>{2, 4}));
    EXPECT_EQ(grouping->describe(), "its 5 features are grouped by ADM1_PCODE into 2 regions, each drawn and assessed as one");

    group_features(layer, *grouping, concatenated);
    ASSERT_EQ(layer.features.size(), 2u);
    const BoundaryFeature& gao = layer.features[0];
    EXPECT_EQ(gao.fid, 0);
    EXPECT_EQ(gao.geometry.size(), 3u);
    // What the members share; the districts' names are not the region's.
    EXPECT_EQ(gao.attributes, (std::map<std::string, std::string>{{"ADM1_EN", "Gao"}, {"ADM1_PCODE", "ML07"}, {"ADM0_EN", "Mali"}}));
    EXPECT_EQ(layer.features[1].attribute("ADM1_EN"), "Kidal");
    EXPECT_EQ(layer.features[1].fid, 2);
    // Each is now one of the gazetteer's regions, as the join expects.
    EXPECT_EQ(unit_of_feature(gao, *gazetteer_)->iso, "ML-7");
    EXPECT_EQ(unit_of_feature(layer.features[1], *gazetteer_)->iso, "ML-8");
}

// GADM's level 2 has no region code the gazetteer knows (GID_1 "MLI.7_1"),
// but groups by it all the same, and its NAME_1 names the region.
TEST_F(RegionGroupingTest, GadmLevelTwoIsGroupedByGid1) {
    Boundaries layer = layer_of({square(0, {{"GID_1", "MLI.7_1"}, {"NAME_1", "Gao"}, {"NAME_2", "Ansongo"}}),
                                 square(1, {{"GID_1", "MLI.7_1"}, {"NAME_1", "Gao"}, {"NAME_2", "Bourem"}}),
                                 square(2, {{"GID_1", "MLI.8_1"}, {"NAME_1", "Kidal"}, {"NAME_2", "Abeibara"}})});
    const auto grouping = region_grouping(layer, *gazetteer_);
    ASSERT_TRUE(grouping.has_value());
    EXPECT_EQ(grouping->field, "GID_1");
    EXPECT_EQ(grouping->members.size(), 2u);
    EXPECT_EQ(finer_level_warning(layer), "");
}

// A layer of regions in which one region is two features of its code (an
// island kept apart, as some national layers do): the two are one region.
// Parts that share a placeholder code ("ML-") are not taken for one region.
TEST_F(RegionGroupingTest, PartsOfOneRegionAreGroupedByTheirOwnCode) {
    Boundaries layer = layer_of({square(0, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}}),
                                 square(1, {{"name", "Kidal"}, {"iso_3166_2", "ML-8"}}),
                                 square(2, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}})});
    const auto grouping = region_grouping(layer, *gazetteer_);
    ASSERT_TRUE(grouping.has_value());
    EXPECT_EQ(grouping->field, "iso_3166_2");
    ASSERT_EQ(grouping->members.size(), 2u);
    EXPECT_EQ(grouping->members[0], (std::vector<std::size_t>{0, 2}));
    EXPECT_EQ(finer_level_warning(layer), "");
    group_features(layer, *grouping, concatenated);
    ASSERT_EQ(layer.features.size(), 2u);
    EXPECT_EQ(layer.features[0].geometry.size(), 2u);
    EXPECT_EQ(unit_of_feature(layer.features[0], *gazetteer_)->iso, "ML-7");

    // Natural Earth's placeholders ("ML-") name no region: those features stay apart.
    const Boundaries placeholders = layer_of({square(0, {{"name", "Gao"}, {"iso_3166_2", "ML-"}}),
                                              square(1, {{"name", "Kidal"}, {"iso_3166_2", "ML-"}})});
    EXPECT_FALSE(region_grouping(placeholders, *gazetteer_));
    const Boundaries mixed = layer_of({square(0, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}}),
                                       square(1, {{"name", "Kidal"}, {"iso_3166_2", "ML-"}}),
                                       square(2, {{"name", "Mopti"}, {"iso_3166_2", "ML-"}}),
                                       square(3, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}})});
    const auto parts = region_grouping(mixed, *gazetteer_);
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->members, (std::vector<std::vector<std::size_t>>{{0, 3}, {1}, {2}}));
    // A part without its code (geoBoundaries leaves shapeISO empty at times) is a region of its own.
    const Boundaries some_empty = layer_of({square(0, {{"shapeName", "Gao"}, {"shapeISO", "ML-7"}}),
                                            square(1, {{"shapeName", "Kidal"}, {"shapeISO", ""}}),
                                            square(2, {{"shapeName", "Gao"}, {"shapeISO", "ML-7"}})});
    const auto without = region_grouping(some_empty, *gazetteer_);
    ASSERT_TRUE(without.has_value());
    EXPECT_EQ(without->members, (std::vector<std::vector<std::size_t>>{{0, 2}, {1}}));
    // geoBoundaries' ADM2 carries shapeISO (empty) and still names no region: the warning stays.
    const Boundaries adm2 = layer_of({square(0, {{"shapeName", "Gao"}, {"shapeType", "ADM2"}, {"shapeISO", ""}}),
                                      square(1, {{"shapeName", "Ansongo"}, {"shapeType", "ADM2"}, {"shapeISO", ""}})});
    EXPECT_FALSE(region_grouping(adm2, *gazetteer_));
    EXPECT_NE(finer_level_warning(adm2), "");
}

// A layer of regions (each code once, as OCHA's ADM1 and the embedded layer)
// is left as it is.
TEST_F(RegionGroupingTest, ALayerOfRegionsIsNotGrouped) {
    const Boundaries regions = layer_of({square(0, {{"ADM1_EN", "Gao"}, {"ADM1_PCODE", "ML07"}}),
                                         square(1, {{"ADM1_EN", "Kidal"}, {"ADM1_PCODE", "ML08"}})});
    EXPECT_FALSE(region_grouping(regions, *gazetteer_));
    EXPECT_EQ(finer_level_warning(regions), "");
    // A feature without the region's value: the field does not group the layer.
    Boundaries partial = cod_districts();
    partial.features[2].attributes.erase("ADM1_PCODE");
    partial.features[2].attributes.erase("ADM1_EN");
    EXPECT_FALSE(region_grouping(partial, *gazetteer_));
}

// A gazetteer whose units are the districts: the districts stay, or the
// assessment's areas would match none of the features.
TEST_F(RegionGroupingTest, AGazetteerOfTheDistrictsKeepsThem) {
    Gazetteer districts;
    for (const char* name : {"Ansongo", "Bourem", "Tessalit"}) {
        AdminUnit u;
        u.name = name;
        districts.units.push_back(u);
    }
    Boundaries layer = layer_of({square(0, {{"name", "Ansongo"}, {"ADM1_EN", "Gao"}}),
                                 square(1, {{"name", "Bourem"}, {"ADM1_EN", "Gao"}}),
                                 square(2, {{"name", "Tessalit"}, {"ADM1_EN", "Kidal"}})});
    EXPECT_FALSE(region_grouping(layer, districts));
    // A gazetteer that knows neither: nothing to group for.
    EXPECT_FALSE(region_grouping(layer, Gazetteer{}));
}

// geoBoundaries' ADM2 names no region: it cannot be grouped, and a region's
// level would colour only the district of its name. A warning says so.
TEST_F(RegionGroupingTest, FinerLayerWithoutARegionFieldIsAWarning) {
    const Boundaries adm2 = layer_of({square(0, {{"shapeName", "Gao"}, {"shapeType", "ADM2"}}),
                                      square(1, {{"shapeName", "Ansongo"}, {"shapeType", "ADM2"}})});
    EXPECT_FALSE(region_grouping(adm2, *gazetteer_));
    const std::string warning = finer_level_warning(adm2);
    EXPECT_NE(warning.find("districts.gpkg: its features are admin level 2 units (shapeType \"ADM2\")"), std::string::npos)
        << warning;
    EXPECT_NE(warning.find("give the layer of regions (admin level 1)"), std::string::npos) << warning;
    const Boundaries named = layer_of({square(0, {{"NAME_2", "Gao"}}), square(1, {{"NAME_2", "Ansongo"}})});
    EXPECT_NE(finer_level_warning(named).find("units below a region (field NAME_2)"), std::string::npos);
    const Boundaries adm1 = layer_of({square(0, {{"shapeName", "Gao"}, {"shapeType", "ADM1"}})});
    EXPECT_EQ(finer_level_warning(adm1), "");
}

}  // namespace
}  // namespace threatmap::join
