// The drawable result of layout: items in page coordinates (points, 1/72 in,
// origin top left, y down), drawn in order. Plain values; the render stage
// turns a Scene into PNG, PDF (Cairo) or SVG (our own writer) and knows
// nothing of maps, levels or projections.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/geo_types.hpp"
#include "core/style.hpp"

namespace threatmap::layout {

struct TextStyle {
    std::string family = "DejaVu Sans";
    double size_pt = 8;
    bool bold = false;
    bool italic = false;
    Colour colour{0, 0, 0, 1};
    std::optional<Colour> halo;  // drawn behind the text
    double halo_width_pt = 0;
};

// A closed area (rings, even-odd not used: holes are rings of opposite
// orientation, filled with the nonzero rule) or open lines.
struct ScenePath {
    std::vector<std::vector<PageXY>> rings;
    bool closed = true;
    std::optional<FillStyle> fill;
    std::optional<LineStyle> stroke;
    std::string id;     // SVG element id; empty: none
    std::string title;  // tooltip / provenance (SVG <title>); empty: none
    bool clip_to_map = false;
};

// Text drawn line by line; `lines` are already broken by the layout (using
// the same TextMeasurer the renderer provides), `origin` is the top left of
// the first line's box. Line height is `line_height_pt`.
struct SceneText {
    std::vector<std::string> lines;
    PageXY origin;
    TextStyle style;
    double line_height_pt = 0;
    enum class Align { left, centre, right } align = Align::left;
    double box_width_pt = 0;  // width the alignment refers to
    std::string id;
    std::string title;
};

enum class MarkerShape { circle, square, triangle, star, diamond };

struct SceneMarker {
    PageXY centre;
    MarkerShape shape = MarkerShape::circle;
    double size_pt = 4;  // diameter
    Colour fill{0, 0, 0, 1};
    Colour outline{1, 1, 1, 1};
    double outline_width_pt = 0.8;
    std::string id;
    std::string title;
};

using SceneItem = std::variant<ScenePath, SceneText, SceneMarker>;

// A named group of items (SVG <g id="...">; ignored by raster/PDF drawing).
struct SceneLayer {
    std::string id;
    std::vector<SceneItem> items;
};

struct SceneGeoreference {
    // The map frame on the page and the map CRS extent it shows.
    double frame_x_pt = 0, frame_y_pt = 0, frame_w_pt = 0, frame_h_pt = 0;
    double map_min_x = 0, map_min_y = 0, map_max_x = 0, map_max_y = 0;
    std::string crs_wkt;
};

struct SceneMetadata {
    std::string title, subject, author, keywords, creator;
    std::string description;  // SVG <desc>, alt text
};

struct Scene {
    double width_pt = 0, height_pt = 0;
    double dpi = 144;  // raster resolution: pixels = points * dpi / 72
    Colour background{1, 1, 1, 1};
    double map_x_pt = 0, map_y_pt = 0, map_w_pt = 0, map_h_pt = 0;  // clip rect for clip_to_map
    std::vector<SceneLayer> layers;
    SceneMetadata metadata;
    std::optional<SceneGeoreference> georeference;
    int pixel_width() const;
    int pixel_height() const;
};

}  // namespace threatmap::layout
