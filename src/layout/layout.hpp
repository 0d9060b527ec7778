// Lays out one map page: the map frame and a side (landscape) or bottom
// (portrait) panel for title, legend, exposure table, notes and source; the
// scale bar and north arrow inside the frame; the inset in the panel; region
// labels at poles of inaccessibility and place labels without collisions.
// Nothing overlaps: the panel and the map frame are disjoint, and every label
// is checked against every other label, marker and reserved box. Labels that
// cannot be placed are dropped and reported.
#pragma once

#include "core/diagnostics.hpp"
#include "layout/map_document.hpp"
#include "layout/scene.hpp"
#include "layout/text_metrics.hpp"

namespace threatmap::layout {

struct Rect {
    double x = 0, y = 0, w = 0, h = 0;
};

// Where the map goes on a page: left of a side panel (landscape), above a
// bottom panel (portrait), or the whole page (bare).
Rect map_rect_for(const PagePreset& page, bool bare);

Scene layout_map(const MapDocument& doc, const TextMeasurer& measurer, core::Diagnostics& diagnostics);

// Round scale-bar length (km) for a bar of at most `max_km`: 1, 2, 2.5, 5 x 10^n.
double nice_scale_km(double max_km);

}  // namespace threatmap::layout
