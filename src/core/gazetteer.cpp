#include "core/gazetteer.hpp"

namespace threatmap {

const Place* Gazetteer::find_place(const std::string& place_id) const {
    for (const auto& p : places)
        if (p.id == place_id) return &p;
    return nullptr;
}

}  // namespace threatmap
