#include "join/layer_choice.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "join/join.hpp"

namespace threatmap::join {

std::optional<LayerChoice> layer_of_regions(const std::vector<LayerAttributes>& layers, const Gazetteer& gazetteer) {
    std::optional<LayerChoice> best;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (!layers[i].polygons) continue;
        const std::size_t regions = units_known(layers[i].features, gazetteer);
        if (regions == 0) continue;
        const bool better = !best || regions > best->regions ||
                            (regions == best->regions && layers[i].features.size() < layers[best->index].features.size());
        if (better) best = LayerChoice{i, regions};
    }
    return best;
}

std::string describe_layer_choice(const std::string& path, const std::vector<LayerAttributes>& layers,
                                  const std::optional<LayerChoice>& choice) {
    std::vector<std::string> names;
    for (const auto& l : layers) names.push_back("'" + l.name + "'");
    const std::string all = core::join_alternatives(names, "and");
    if (!choice)
        return fmt::format("{}: none of its layers ({}) has features the gazetteer knows as regions; the maps use the "
                           "first, '{}' (choose another with --layer)",
                           path, all, layers.front().name);
    const auto& chosen = layers[choice->index];
    return fmt::format("{}: of its layers {}, the maps use '{}': its {} features name {} of the gazetteer's regions "
                       "(choose another with --layer)",
                       path, all, chosen.name, chosen.features.size(), choice->regions);
}

}  // namespace threatmap::join
