// Geometry shared by the Cairo renderer and the SVG writer, so that both draw
// the same marker outlines and the same hatch grid: marker polygons and the
// period of each hatch pattern, in page points. Knows nothing of any drawing
// library and draws nothing.
#pragma once

#include <vector>

#include "core/geo_types.hpp"
#include "core/style.hpp"
#include "layout/scene.hpp"

namespace threatmap::render::detail {

// Outline of a marker of diameter `size_pt` around `centre` (page points).
// Empty for a circle, which both backends draw as a true circle.
std::vector<PageXY> marker_polygon(layout::MarkerShape shape, PageXY centre, double size_pt);

// Hatch spacing, clamped so that a zero or tiny spacing in a style cannot
// make us emit millions of lines.
double hatch_spacing(const FillStyle& fill);

// Side of the square tile the hatch repeats on, anchored at the page origin:
// the spacing for horizontal/vertical lines and dots, spacing * sqrt(2) for
// diagonals (so that the perpendicular distance between lines is the spacing).
double hatch_period(const FillStyle& fill);

// The part of a closed ring (implicitly closed: the last point need not
// repeat the first) between the rows y0 and y1 (y0 < y1), as a ring that runs
// along those rows where the original leaves them (Sutherland-Hodgman).
// Empty when nothing of the ring is between them.
std::vector<PageXY> cut_ring_to_rows(const std::vector<PageXY>& ring, double y0, double y1);

}  // namespace threatmap::render::detail
