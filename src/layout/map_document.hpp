// Everything one map page shows, already decided and in the map CRS: areas
// with their fill and tooltip, context layers, places, legend entries, table
// and notes. Built by the pipeline from the earlier stages; layout turns it
// into a Scene. Plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/geo_types.hpp"
#include "core/style.hpp"
#include "layout/page.hpp"
#include "layout/scene.hpp"

namespace threatmap::layout {

struct MapArea {
    std::string id;
    std::string label;     // empty: no region label
    MultiPolygonXY geometry;
    FillStyle fill;
    std::string tooltip;   // level, quote and line reference
};

struct ContextArea {
    std::string label;
    MultiPolygonXY geometry;
};

struct OperatingOutline {
    std::string id;
    std::string label;
    LineStyle line;
    MultiPolygonXY geometry;
    std::string tooltip;
};

enum class PlaceRole { capital, sector_hq, town, event };

struct MapPlace {
    std::string id;
    std::string label;
    MapXY position;
    PlaceRole role = PlaceRole::town;
    std::string tooltip;
};

struct LegendEntry {
    std::string label;
    FillStyle fill;
};

struct LegendLine {
    std::string label;
    LineStyle line;
};

struct LegendMarker {
    std::string label;
    PlaceRole role;
};

struct Table {
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

struct Inset {
    std::vector<MultiPolygonXY> countries;  // inset CRS
    MultiPolygonXY highlight;               // the mapped country
    Ring<MapXY> main_frame;                 // the main map's frame, in the inset CRS
    BoxXY extent;
};

// A magnified view of a small area (e.g. a city zone invisible at map scale),
// drawn in the panel; its extent is outlined on the main map.
struct DetailView {
    std::string title;
    BoxXY extent;  // map CRS
    std::vector<MapArea> areas;
    std::vector<MapPlace> places;
};

struct MapDocument {
    PagePreset page;
    Style style;
    BoxXY frame;                   // map CRS extent shown
    double metres_per_unit = 1;    // for the scale bar
    double north_angle_rad = 0;    // direction of true north from page up, clockwise
    std::string crs_wkt;

    std::vector<ContextArea> neighbours;
    std::vector<MapArea> areas;
    MultiPolygonXY country_outline;
    std::vector<LineStringXY> rivers;
    std::vector<OperatingOutline> operating_areas;
    std::vector<MapPlace> places;

    std::string title, subtitle;
    std::string legend_title;
    std::vector<LegendEntry> legend;
    std::vector<LegendLine> legend_lines;
    std::vector<LegendMarker> legend_markers;
    std::optional<Table> table;
    std::vector<std::string> notes;
    std::string source_line;
    std::optional<Inset> inset;
    std::string inset_title;
    std::vector<DetailView> details;
    std::string km_across = "km across";  // after the width of a detail view, in the map's language
    std::string legend_more = "… and {count} more";  // the legend's line for classes it has no room for
    bool draw_labels = true;
    bool scale_bar = true;  // false where the scale varies too much across the map for one bar
    bool bare = false;  // map only
    SceneMetadata metadata;
};

}  // namespace threatmap::layout
