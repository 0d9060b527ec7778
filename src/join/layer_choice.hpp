// A file of several layers (a GeoPackage of a country's admin levels: the
// country, its regions, its districts) given for an assessment without
// --layer: the maps used its first layer, often the country alone, and the
// join failed ("area Ségou matches no feature ... is it the assessment's
// country?") without a word of the other layers. The layer is chosen by its
// attributes: the one whose features are the most of the gazetteer's regions,
// on a tie the one with the fewest features (the regions, not the districts
// that name their region too).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/boundaries.hpp"
#include "core/gazetteer.hpp"

namespace threatmap::join {

struct LayerChoice {
    std::size_t index = 0;    // into the layers given
    std::size_t regions = 0;  // of the gazetteer's regions, how many its features are
};

// Nothing when no polygon layer has a feature the gazetteer knows.
std::optional<LayerChoice> layer_of_regions(const std::vector<LayerAttributes>& layers, const Gazetteer& gazetteer);

// The note that says which layer the maps use, and why.
std::string describe_layer_choice(const std::string& path, const std::vector<LayerAttributes>& layers,
                                  const std::optional<LayerChoice>& choice);

}  // namespace threatmap::join
