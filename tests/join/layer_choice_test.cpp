// layer_choice: of a file's layers, the one whose features are the most of the
// gazetteer's regions; on a tie the one with fewer features (the regions, not
// the districts that also name their region); none when no layer has any.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "join/layer_choice.hpp"
#include "mali_gazetteer_fixture.hpp"

namespace threatmap::join {
namespace {

LayerAttributes layer(const std::string& name, std::vector<std::map<std::string, std::string>> rows, bool polygons = true) {
    LayerAttributes l;
    l.name = name;
    l.polygons = polygons;
    long long fid = 0;
    for (auto& row : rows) {
        BoundaryFeature f = test::square_feature(fid++, std::move(row));
        f.geometry.clear();  // as read_layer_attributes gives them
        l.features.push_back(std::move(f));
    }
    return l;
}

class LayerChoiceTest : public test::MaliGazetteerTest {};

TEST_F(LayerChoiceTest, TheLayerOfTheGazetteersRegions) {
    const std::vector<LayerAttributes> layers = {
        layer("towns", {{{"name", "Gao"}}, {{"name", "Kidal"}}, {{"name", "Mopti"}}}, false),
        layer("adm0", {{{"ADM0_EN", "Mali"}}}),
        // Districts name their region (ADM1_EN): as many regions, more features.
        layer("adm2", {{{"ADM2_EN", "Ansongo"}, {"ADM1_EN", "Gao"}},
                       {{"ADM2_EN", "Bourem"}, {"ADM1_EN", "Gao"}},
                       {{"ADM2_EN", "Tessalit"}, {"ADM1_EN", "Kidal"}}}),
        layer("adm1", {{{"ADM1_EN", "Gao"}}, {{"ADM1_EN", "Kidal"}}}),
    };
    const auto choice = layer_of_regions(layers, *gazetteer_);
    ASSERT_TRUE(choice.has_value());
    EXPECT_EQ(choice->index, 3u);
    EXPECT_EQ(choice->regions, 2u);
    EXPECT_EQ(describe_layer_choice("mli.gpkg", layers, choice),
              "mli.gpkg: of its layers 'towns', 'adm0', 'adm2' and 'adm1', the maps use 'adm1': its 2 features name 2 of "
              "the gazetteer's regions (choose another with --layer)");

    // More regions win over fewer features.
    const std::vector<LayerAttributes> partial = {layer("some", {{{"name", "Gao"}}}),
                                                  layer("all", {{{"name", "Gao"}}, {{"name", "Kidal"}}, {{"name", "x"}}})};
    EXPECT_EQ(layer_of_regions(partial, *gazetteer_)->index, 1u);
}

TEST_F(LayerChoiceTest, NoLayerOfRegionsIsSaid) {
    const std::vector<LayerAttributes> layers = {layer("countries", {{{"name", "Niger"}}}),
                                                 layer("towns", {{{"name", "Gao"}}}, false)};
    const auto choice = layer_of_regions(layers, *gazetteer_);
    EXPECT_FALSE(choice.has_value());
    EXPECT_EQ(describe_layer_choice("x.gpkg", layers, choice),
              "x.gpkg: none of its layers ('countries' and 'towns') has features the gazetteer knows as regions; the maps "
              "use the first, 'countries' (choose another with --layer)");
}

}  // namespace
}  // namespace threatmap::join
