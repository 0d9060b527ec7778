#include "core/assessment.hpp"

#include <algorithm>

namespace threatmap {

std::string Translated::in(const std::string& lang) const {
    if (auto it = text.find(lang); it != text.end()) return it->second;
    if (auto it = text.find("en"); it != text.end()) return it->second;
    return text.empty() ? std::string() : text.begin()->second;
}

std::optional<std::size_t> Scale::index_of(const std::string& id) const {
    for (std::size_t i = 0; i < levels.size(); ++i)
        if (levels[i].id == id) return i;
    return std::nullopt;
}

bool Category::has_previous() const {
    return std::any_of(areas.begin(), areas.end(), [](const AreaLevel& a) { return a.previous_level.has_value(); });
}

const Category* Assessment::find_category(const std::string& category_id) const {
    for (const auto& c : categories)
        if (c.id == category_id) return &c;
    return nullptr;
}

}  // namespace threatmap
