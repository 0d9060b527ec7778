// How a map looks: colours and hatches per class, line styles, fonts and
// sizes. Plain values, read from styles/*.toml by io::read_style. Sizes are in
// page points (1/72 inch) so that a map keeps its proportions at any dpi.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace threatmap {

struct Level;  // core/assessment.hpp

struct Colour {
    double r = 0, g = 0, b = 0, a = 1;  // 0..1
    // "#rrggbb" or "#rrggbbaa"; nullopt when malformed.
    static std::optional<Colour> parse(const std::string& hex);
    std::string hex() const;  // "#rrggbb" (alpha dropped)
    bool operator==(const Colour& o) const { return r == o.r && g == o.g && b == o.b && a == o.a; }
};

enum class Hatch { none, diagonal, back_diagonal, cross, horizontal, vertical, dots };
std::optional<Hatch> parse_hatch(const std::string& name);
std::string hatch_name(Hatch hatch);
const std::vector<std::string>& hatch_names();

struct FillStyle {
    Colour fill;
    Hatch hatch = Hatch::none;
    Colour hatch_colour{0, 0, 0, 1};
    double hatch_spacing_pt = 4;
    double hatch_width_pt = 0.6;
};

struct LineStyle {
    Colour colour;
    double width_pt = 1;
    std::vector<double> dash_pt;  // empty: solid
};

struct Style {
    std::string name;
    std::string path;
    std::map<std::string, FillStyle> levels;  // keyed by level id of the scale
    FillStyle not_assessed;
    std::vector<FillStyle> categorical;       // for classes a style does not name
    // Lowest to highest: the colours of an ordered scale none of whose levels
    // the style names (another assessment's "low, medium, high", a layer's
    // classes 1 to 5). Empty: such a scale takes `categorical` (a layer) or is
    // an error (an assessment).
    std::vector<Colour> ramp;
    // change map: raised / unchanged / lowered / not assessed
    FillStyle raised, unchanged, lowered;

    Colour page_background{1, 1, 1, 1};
    Colour water{0.78, 0.87, 0.95, 1};
    // Around a layer drawn without the neighbouring countries (a choropleth
    // of any layer, without --neighbours), where nothing says what is land
    // and what is sea: water there passed the land beyond a border off as sea.
    Colour surroundings{0.957, 0.957, 0.957, 1};
    FillStyle neighbour;
    LineStyle neighbour_outline;
    LineStyle region_outline;
    LineStyle country_outline;
    LineStyle river;
    LineStyle frame;
    std::map<std::string, LineStyle> operating_lines;  // "mainly", "occasionally"

    std::string font_family = "DejaVu Sans";
    Colour text{0.1, 0.1, 0.1, 1};
    Colour muted_text{0.35, 0.35, 0.35, 1};
    Colour halo{1, 1, 1, 1};
    double halo_width_pt = 1.6;
    double title_pt = 16, subtitle_pt = 10, region_label_pt = 9, place_label_pt = 7.5;
    double legend_pt = 7.5, note_pt = 6, neighbour_label_pt = 7.5;
    Colour marker_fill{0.1, 0.1, 0.1, 1};
    Colour marker_outline{1, 1, 1, 1};
    Colour hq_fill{0.08, 0.32, 0.72, 1};
    Colour event_fill{0.85, 0.1, 0.1, 1};
    Colour panel_fill{1, 1, 1, 0.92};
    LineStyle panel_outline;

    // Style of a class: a level of the scale, or a class the style does not
    // name, which takes the next categorical colour in order of first use.
    FillStyle for_level(const std::string& level_id, std::size_t fallback_index) const;
    // How many classes for_level's palette tells apart.
    std::size_t distinct_class_fills() const;
    // `count` fills along the ramp, lowest first, its ends the ramp's ends and
    // the others interpolated in CIE L*a*b* (a ramp of the scale's own length
    // gives its colours as they are). Empty when the style has no ramp.
    std::vector<FillStyle> ramp_fills(std::size_t count) const;
    // Whether an ordered scale takes the ramp: the style names none of its
    // levels and has a ramp.
    bool ramps(const std::vector<Level>& scale) const;
};

}  // namespace threatmap
