#include "core/gazetteer.hpp"

namespace threatmap {

const Place* Gazetteer::find_place(const std::string& place_id) const {
    for (const auto& p : places)
        if (p.id == place_id) return &p;
    return nullptr;
}

std::string Gazetteer::neighbour_label(const std::string& name, const std::string& lang) const {
    for (const auto& n : neighbours)
        if (n.name == name) return n.label.in(lang);
    return name;
}

}  // namespace threatmap
