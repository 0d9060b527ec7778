#include "core/style.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "core/assessment.hpp"
#include "core/colour_science.hpp"

namespace threatmap {

std::optional<Colour> Colour::parse(const std::string& hex) {
    if ((hex.size() != 7 && hex.size() != 9) || hex[0] != '#') return std::nullopt;
    unsigned v[4] = {0, 0, 0, 255};
    for (std::size_t i = 0; i * 2 + 1 < hex.size(); ++i) {
        unsigned x = 0;
        for (std::size_t k = 1 + i * 2; k < 3 + i * 2; ++k) {
            char c = hex[k];
            x <<= 4;
            if (c >= '0' && c <= '9') x |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') x |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') x |= unsigned(c - 'A' + 10);
            else return std::nullopt;
        }
        v[i] = x;
    }
    return Colour{v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0};
}

std::string Colour::hex() const {
    char buf[8];
    auto byte = [](double x) { return static_cast<unsigned>(x * 255.0 + 0.5); };
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(r), byte(g), byte(b));
    return buf;
}

const std::vector<std::string>& hatch_names() {
    static const std::vector<std::string> names = {"none", "diagonal", "back-diagonal", "cross",
                                                   "horizontal", "vertical", "dots"};
    return names;
}

std::optional<Hatch> parse_hatch(const std::string& name) {
    const auto& names = hatch_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Hatch>(i);
    return std::nullopt;
}

std::string hatch_name(Hatch hatch) { return hatch_names().at(static_cast<std::size_t>(hatch)); }

// A class past the end of the palette takes its colours again, with a hatch
// that differs each time round (never dots, which mark areas without a
// value): the tenth region of a layer classed by name took Set2's first
// colour again, and the legend showed two classes with one swatch.
namespace {
constexpr Hatch kHatchPerRound[] = {Hatch::diagonal, Hatch::back_diagonal, Hatch::horizontal, Hatch::vertical, Hatch::cross};
}  // namespace

std::size_t Style::distinct_class_fills() const {
    // A palette entry with a hatch of its own does not take the others.
    std::size_t plain = 0;
    for (const auto& c : categorical) plain += c.hatch == Hatch::none;
    return categorical.size() + plain * std::size(kHatchPerRound);
}

bool Style::ramps(const std::vector<Level>& scale) const {
    return !ramp.empty() && std::none_of(scale.begin(), scale.end(), [this](const Level& l) { return levels.count(l.id) > 0; });
}

std::vector<FillStyle> Style::ramp_fills(std::size_t count) const {
    std::vector<FillStyle> out;
    if (ramp.empty()) return out;
    for (std::size_t k = 0; k < count; ++k) {
        // Position on the ramp, 0 (lowest) to ramp.size() - 1 (highest); one level takes the highest.
        // (Whole numbers divided once: a ramp of the scale's length lands on its colours exactly.)
        const double at = count == 1 ? static_cast<double>(ramp.size() - 1)
                                     : static_cast<double>(k * (ramp.size() - 1)) / static_cast<double>(count - 1);
        const std::size_t i = std::min(static_cast<std::size_t>(at), ramp.size() - 1);
        const double f = at - static_cast<double>(i);
        FillStyle fill;
        if (f == 0 || i + 1 >= ramp.size()) {
            fill.fill = ramp[i];
        } else {
            const core::Lab a = core::lab_from_colour(ramp[i]), b = core::lab_from_colour(ramp[i + 1]);
            fill.fill = core::colour_from_lab({a.L + f * (b.L - a.L), a.a + f * (b.a - a.a), a.b + f * (b.b - a.b)});
        }
        out.push_back(fill);
    }
    return out;
}

FillStyle Style::for_level(const std::string& level_id, std::size_t fallback_index) const {
    if (auto it = levels.find(level_id); it != levels.end()) return it->second;
    if (categorical.empty()) return not_assessed;
    FillStyle out = categorical[fallback_index % categorical.size()];
    const std::size_t round = fallback_index / categorical.size();
    if (round > 0 && out.hatch == Hatch::none) {
        out.hatch = kHatchPerRound[(round - 1) % std::size(kHatchPerRound)];
        out.hatch_colour = Colour{0.15, 0.15, 0.15, 0.6};
    }
    return out;
}

}  // namespace threatmap
