// Makes polygons valid for Boost.Geometry before any overlay: closes rings,
// fixes orientation, removes repeated points and spikes, drops rings with no
// area, and reports every change. A polygon that is still invalid afterwards
// (e.g. a self-intersecting "bow-tie" ring) is refused with the reason, never
// passed on to produce a silently wrong map.
#pragma once

#include <string>

#include "core/diagnostics.hpp"
#include "core/geo_types.hpp"

namespace threatmap::geometry {

// `where` names the feature for messages ("mali.geojson: layer 'x', feature 3").
// Throws threatmap::Error when the polygon cannot be repaired.
template <typename P>
void repair(MultiPolygon<P>& mp, const std::string& where, core::Diagnostics& diagnostics);

// The cheap part of repair, for geometry that is only drawn (no overlay):
// closes rings, orients them, drops rings of fewer than 4 points. Linear time;
// a self-intersecting ring is drawn as given (nonzero fill), which is what
// any repair would keep of its area. Returns the number of rings changed.
template <typename P>
std::size_t normalize(MultiPolygon<P>& mp);

// For shapes that are only drawn, never overlaid (context layers): normalize,
// plus the removal of repeated points and spikes (an outline would stroke a
// spike as a line sticking out of the shape). Linear time, where repair's
// validity check cost a Mali run 24 ms of CPU on thirty full-resolution
// countries. Throws threatmap::Error for a NaN or infinite coordinate; a change
// is a note (diagnostics.info) naming `where`.
template <typename P>
void clean_for_drawing(MultiPolygon<P>& mp, const std::string& where, core::Diagnostics& diagnostics);

}  // namespace threatmap::geometry
