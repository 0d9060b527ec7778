// Prepares geometry for one map frame: projects lon/lat polygons and lines
// into the map CRS, simplifies polygons to the output resolution through the
// shared-border topology (no gaps between neighbours), and clips everything
// to the frame. The result is for drawing (see simplify_shared_for_drawing):
// overlays work on the unsimplified geometry. Also chooses the frame: the extent of the focus geometry plus
// a margin, widened to the aspect ratio of the map area on the page.
#pragma once

#include <vector>

#include "core/projection.hpp"
#include "geometry/topology.hpp"

namespace threatmap::geometry {

// Frame around `focus_extent` (map CRS) with `margin` (fraction of the larger
// side) on each side, grown to width/height = aspect.
BoxXY frame_for(const BoxXY& focus_extent, double aspect, double margin);

// The box around all of `shapes` (their outer rings); an inverse box (min >
// max) when every shape is empty. `threads`: how many cores may share it
// (W2's 1.28 M vertices took 4 ms on one).
BoxXY envelope_of(const std::vector<MultiPolygonXY>& shapes, unsigned threads = 1);

struct PrepareStats {
    std::size_t vertices_in = 0;
    std::size_t vertices_out = 0;
    std::size_t rings_dropped = 0;
};

// Projects, simplifies with `tolerance` (map units; rings smaller than
// tolerance² vanish) and clips each shape to `frame`. Output order = input order.
std::vector<MultiPolygonXY> prepare_polygons(const std::vector<MultiPolygonLL>& shapes, const Projection& projection,
                                             const BoxXY& frame, double tolerance, PrepareStats* stats = nullptr);

// The same for shapes already in the map CRS.
// `threads`: how many cores may share the work (simplification, clipping).
std::vector<MultiPolygonXY> prepare_projected(const std::vector<MultiPolygonXY>& shapes, const BoxXY& frame,
                                              double tolerance, PrepareStats* stats = nullptr, unsigned threads = 1);

std::vector<LineStringXY> prepare_lines(const std::vector<LineStringLL>& lines, const Projection& projection,
                                        const BoxXY& frame, double tolerance);

std::vector<LineStringXY> prepare_projected_lines(const std::vector<LineStringXY>& lines, const BoxXY& frame, double tolerance);

// Clips to a box; whole shapes inside the box are passed through untouched.
MultiPolygonXY clip_to_box(const MultiPolygonXY& shape, const BoxXY& box);
// Clips each ring on its own to the box (Sutherland-Hodgman), for drawing:
// linear time and defined for any ring, valid or not. Where a polygon leaves
// the box and comes back, the clipped ring runs along the box edge, so draw
// with the box a little outside the visible frame (prepare_projected does).
// Rings entirely outside vanish; a polygon whose outer ring vanishes goes too.
MultiPolygonXY clip_rings_to_box(MultiPolygonXY shape, const BoxXY& box);

}  // namespace threatmap::geometry
