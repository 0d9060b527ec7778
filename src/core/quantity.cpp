#include "core/quantity.hpp"

#include <algorithm>
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

std::string format_share(double part_km2, double total_km2, const std::string& lang) {
    if (!(total_km2 > 0)) return "–";
    const std::string percent = lang == "fr" ? "\u202f%" : "%";
    const double share = 100 * part_km2 / total_km2;
    if (share < 0.5) return (part_km2 >= 0.5 ? "< 1" : "0") + percent;
    if (share >= 99.5 && total_km2 - part_km2 >= 0.5) return "> 99" + percent;
    return std::to_string(std::llround(std::min(share, 100.0))) + percent;
}

}  // namespace threatmap::core
