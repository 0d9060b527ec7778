#include "core/quantity.hpp"

#include <cmath>

namespace threatmap::core {

std::string format_km2(double km2, const std::string& lang) {
    if (!(km2 > 0)) return "0";
    if (km2 < 0.5) return "< 1";
    const std::string digits = std::to_string(std::llround(km2));
    const std::string group = lang == "nl" ? "." : lang == "fr" ? "\u202f" : ",";
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += group;
        out += digits[i];
    }
    return out;
}

}  // namespace threatmap::core
