// select_country: a layer of several countries' regions given for Mali's
// assessment keeps Mali's features (told by a country field on which the
// regions the gazetteer knows agree, or by their ISO 3166-2 codes' prefix);
// a one-country layer, or one with none of the gazetteer's regions, is left
// as it is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "io/boundary_reader.hpp"
#include "io/gazetteer_reader.hpp"
#include "join/join.hpp"
#include "join/select_country.hpp"
#include "mali_gazetteer_fixture.hpp"

namespace threatmap::join {
namespace {

BoundaryFeature feature(long long fid, std::map<std::string, std::string> attributes) {
    return test::square_feature(fid, std::move(attributes));
}

std::vector<long long> fids(const Boundaries& layer) {
    std::vector<long long> out;
    for (const auto& f : layer.features) out.push_back(f.fid);
    return out;
}

class SelectCountry : public test::MaliGazetteerTest {};

// Natural Earth's world layer in miniature: Mali's regions among Niger's and
// Burkina Faso's, one of which is also called Gao. The regions the gazetteer
// knows are three of Mali's and that Gao: Mali outvotes it.
TEST_F(SelectCountry, KeepsTheFeaturesOfTheCountryTheGazetteersRegionsShare) {
    Boundaries layer;
    layer.features = {feature(0, {{"name", "Tillabéri"}, {"adm0_a3", "NER"}}),
                      feature(1, {{"name", "Gao"}, {"adm0_a3", "MLI"}}),
                      feature(2, {{"name", "Gao"}, {"adm0_a3", "BFA"}}),
                      feature(3, {{"name", "Kidal"}, {"adm0_a3", "MLI"}}),
                      feature(4, {{"name", "Agadez"}, {"adm0_a3", "NER"}}),
                      feature(5, {{"name", "Mopti"}, {"adm0_a3", "MLI"}}),
                      feature(6, {{"name", "Kayes"}, {"adm0_a3", "MLI"}})};
    const auto selection = select_country(layer, *gazetteer_);
    ASSERT_TRUE(selection.has_value());
    EXPECT_EQ(selection->field, "adm0_a3");
    EXPECT_EQ(selection->value, "MLI");
    EXPECT_EQ(selection->kept, 4u);
    EXPECT_EQ(selection->left_out, 3u);
    EXPECT_EQ(selection->other_countries, 2u);
    EXPECT_EQ(fids(layer), (std::vector<long long>{1, 3, 5, 6}));  // in the layer's order
    EXPECT_EQ(selection->describe(),
              "the 4 feature(s) whose adm0_a3 is \"MLI\" (as the regions the gazetteer knows); 3 feature(s) of 2 other "
              "countries are left out");

    // What the join then makes of it: one Gao, not "matches 2 boundary features".
    core::Diagnostics diagnostics;
    Assessment assessment;
    assessment.scale.levels = {Level{"low", {}}, Level{"high", {}}};
    Category category;
    category.id = "test";
    category.areas.push_back(AreaLevel{"Gao", "high", std::nullopt, "", 1, {"letter.toml", "line 1"}});
    const ClassifiedAreas areas = join_category(layer, assessment, category, *gazetteer_, diagnostics);
    ASSERT_NE(areas.find("ML-7"), nullptr);
    EXPECT_EQ(areas.find("ML-7")->level, 1u);
}

// The embedded layer, as load_inputs reads it: one country (iso_a2 "ML"),
// nothing to select.
TEST_F(SelectCountry, TheEmbeddedLayerIsLeftAsItIs) {
    core::Diagnostics diagnostics;
    io::BoundaryReadOptions read;
    read.attributes = attribute_fields_read();
    Boundaries layer = io::read_boundaries("geodata/boundaries/mali-admin1.fgb", read, diagnostics);
    ASSERT_EQ(layer.features.size(), 9u);
    EXPECT_FALSE(select_country(layer, *gazetteer_).has_value());
    EXPECT_EQ(layer.features.size(), 9u);
    // The embedded layer's own country field is among those read.
    EXPECT_EQ(layer.features.front().attribute("iso_a2"), "ML");
}

// No country field: the codes' prefix tells ("ML-4" is Mali's, "NE-1" Niger's).
TEST_F(SelectCountry, TellsCountriesApartByTheirIsoCodes) {
    Boundaries layer;
    layer.features = {feature(0, {{"iso_3166_2", "ML-7"}}), feature(1, {{"iso_3166_2", "NE-1"}}),
                      feature(2, {{"iso_3166_2", "ml-8"}}), feature(3, {{"iso_3166_2", "NE-2"}}),
                      feature(4, {{"iso_3166_2", "BF-13"}})};
    const auto selection = select_country(layer, *gazetteer_);
    ASSERT_TRUE(selection.has_value());
    EXPECT_EQ(selection->field, "");
    EXPECT_EQ(selection->value, "ML");
    EXPECT_EQ(fids(layer), (std::vector<long long>{0, 2}));
    EXPECT_EQ(selection->other_countries, 2u);
    EXPECT_EQ(selection->describe(),
              "the 2 feature(s) whose ISO 3166-2 codes begin \"ML-\" (as the regions the gazetteer knows); 3 "
              "feature(s) of 2 other countries are left out");
}

// A field on which the gazetteer's regions split tells nothing (one is
// mislabelled "NER", the other "BFA"): the next field decides.
TEST_F(SelectCountry, AFieldTheRegionsDisagreeOnIsPassedOver) {
    Boundaries layer;
    layer.features = {feature(0, {{"name", "Gao"}, {"iso_a2", "NE"}, {"GID_0", "MLI"}}),
                      feature(1, {{"name", "Kidal"}, {"iso_a2", "BF"}, {"GID_0", "MLI"}}),
                      feature(2, {{"name", "Zinder"}, {"iso_a2", "NE"}, {"GID_0", "NER"}})};
    const auto selection = select_country(layer, *gazetteer_);
    ASSERT_TRUE(selection.has_value());
    EXPECT_EQ(selection->field, "GID_0");
    EXPECT_EQ(fids(layer), (std::vector<long long>{0, 1}));
}

// A region without a value in the field stays; any other feature without one
// is left out (it is no country's for certain, and not the gazetteer's).
TEST_F(SelectCountry, AFeatureWithoutACountryStaysOnlyIfItIsARegion) {
    Boundaries layer;
    layer.features = {feature(0, {{"name", "Gao"}, {"admin", "Mali"}}), feature(1, {{"name", "Kidal"}}),
                      feature(2, {{"name", "Lake"}}), feature(3, {{"name", "Zinder"}, {"admin", "Niger"}})};
    const auto selection = select_country(layer, *gazetteer_);
    ASSERT_TRUE(selection.has_value());
    EXPECT_EQ(fids(layer), (std::vector<long long>{0, 1}));
    EXPECT_EQ(selection->left_out, 2u);
    EXPECT_EQ(selection->other_countries, 1u);
}

// Features without a value beside one country's are that country's layer with
// gaps in a field: nothing is left out. Natural Earth's -99 (no code) is no
// value, not another country.
TEST_F(SelectCountry, OneCountryWithEmptyValuesIsLeftAsItIs) {
    Boundaries layer;
    layer.features = {feature(0, {{"name", "Gao"}, {"iso3", "MLI"}}), feature(1, {{"name", "Lake"}}),
                      feature(2, {{"name", "Kidal"}, {"iso3", "-99"}}), feature(3, {{"name", "Disputed"}, {"iso3", "-99"}})};
    EXPECT_FALSE(select_country(layer, *gazetteer_).has_value());
    EXPECT_EQ(layer.features.size(), 4u);
    // Beside another country, the region with -99 stays; the other is left out, and is no country.
    layer.features.push_back(feature(4, {{"name", "Zinder"}, {"iso3", "NER"}}));
    const auto selection = select_country(layer, *gazetteer_);
    ASSERT_TRUE(selection.has_value());
    EXPECT_EQ(fids(layer), (std::vector<long long>{0, 2}));
    EXPECT_EQ(selection->other_countries, 1u);
    EXPECT_EQ(selection->left_out, 3u);
}

// Another country's layer: no region the gazetteer knows, nothing selected
// (the join then says that no feature matches, and what the layer names).
TEST_F(SelectCountry, ALayerWithoutTheCountryIsLeftToTheJoin) {
    Boundaries layer;
    layer.features = {feature(0, {{"name", "Zinder"}, {"iso3", "NER"}}), feature(1, {{"name", "Sahel"}, {"iso3", "BFA"}})};
    EXPECT_FALSE(select_country(layer, *gazetteer_).has_value());
    EXPECT_EQ(layer.features.size(), 2u);
}

}  // namespace
}  // namespace threatmap::join
