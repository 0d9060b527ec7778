#include "core/boundaries.hpp"

namespace threatmap {

std::string BoundaryFeature::attribute(const std::string& field) const {
    auto it = attributes.find(field);
    return it == attributes.end() ? std::string() : it->second;
}

std::size_t Boundaries::vertex_count() const {
    std::size_t n = 0;
    for (const auto& f : features) n += bg::num_points(f.geometry);
    return n;
}

}  // namespace threatmap
