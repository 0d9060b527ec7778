// repeated_names_warning: two features of the assessment's layer that the
// maps would label with one name (Natural Earth's Afghanistan: two "Parwan",
// one of them Panjshir) are named in a warning with their feature numbers; a
// layer whose names are each one feature's gets none.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "join/join.hpp"
#include "mali_gazetteer_fixture.hpp"

namespace threatmap::join {
namespace {

Boundaries layer_of(std::vector<BoundaryFeature> features) {
    Boundaries layer;
    layer.path = "regions.fgb";
    layer.features = std::move(features);
    return layer;
}

class RepeatedNamesTest : public test::MaliGazetteerTest {};

TEST_F(RepeatedNamesTest, EachNameOnceGivesNoWarning) {
    const Boundaries layer = layer_of({test::square_feature(0, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}}),
                                       test::square_feature(1, {{"name", "Kidal"}, {"iso_3166_2", "ML-8"}}),
                                       test::square_feature(2, {{"name", "Somewhere"}})});
    EXPECT_EQ(repeated_names_warning(layer, *gazetteer_), "");
}

TEST_F(RepeatedNamesTest, TwoFeaturesOfOneOwnNameAreNamedWithTheirNumbers) {
    // Neither is a gazetteer unit: the maps label each with its own name.
    const Boundaries layer = layer_of({test::square_feature(9, {{"name", "Parwan"}}),
                                       test::square_feature(12, {{"name", "Kabul"}}),
                                       test::square_feature(16, {{"name", "PARWAN"}})});
    const std::string warning = repeated_names_warning(layer, *gazetteer_);
    EXPECT_NE(warning.find("regions.fgb: "), std::string::npos) << warning;
    EXPECT_NE(warning.find("\"Parwan\" (features 9 and 16)"), std::string::npos) << warning;
    EXPECT_EQ(warning.find("Kabul"), std::string::npos) << warning;
}

TEST_F(RepeatedNamesTest, FeaturesOfOneGazetteerUnitShareItsName) {
    // By code and by an alias: both are Tombouctou on the map.
    const Boundaries layer = layer_of({test::square_feature(3, {{"iso_3166_2", "ML-6"}}),
                                       test::square_feature(4, {{"name", "Gao"}, {"iso_3166_2", "ML-7"}}),
                                       test::square_feature(5, {{"name", "Timbuktu"}})});
    const std::string warning = repeated_names_warning(layer, *gazetteer_);
    EXPECT_NE(warning.find("\"Tombouctou\" (features 3 and 5)"), std::string::npos) << warning;
    EXPECT_EQ(warning.find("Gao"), std::string::npos) << warning;
}

TEST_F(RepeatedNamesTest, ALongListNamesFiveAndCountsTheRest) {
    std::vector<BoundaryFeature> features;
    for (int i = 0; i < 7; ++i)
        for (int copy = 0; copy < 2; ++copy)
            features.push_back(test::square_feature(2 * i + copy, {{"name", "zone " + std::to_string(i)}}));
    const std::string warning = repeated_names_warning(layer_of(std::move(features)), *gazetteer_);
    EXPECT_NE(warning.find("\"zone 0\" (features 0 and 1)"), std::string::npos) << warning;
    EXPECT_NE(warning.find("\"zone 4\" (features 8 and 9) and 2 more"), std::string::npos) << warning;
    EXPECT_EQ(warning.find("zone 5"), std::string::npos) << warning;
}

}  // namespace
}  // namespace threatmap::join
