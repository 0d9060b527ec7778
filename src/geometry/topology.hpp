// Shared-border topology (as TopoJSON does it): the rings of a polygon layer
// are split at junctions into arcs, each border shared by two neighbours is
// stored once, simplified once (Douglas-Peucker, endpoints fixed) and
// reassembled into both neighbours. Neighbours therefore stay gap-free after
// simplification, and each shared border is simplified only once, which is
// also roughly half the work. Vertices are shared when they fall in one cell
// of a grid of ~1e-10 of the layer's extent: exact for layers cut from one
// source, and also for a border that two source files repeat with rounding
// noise.
#pragma once

#include <cstdint>
#include <vector>

#include "core/geo_types.hpp"

namespace threatmap::geometry {

struct ArcRef {
    std::uint32_t arc = 0;
    bool reversed = false;
};

struct Topology {
    std::vector<std::vector<MapXY>> arcs;
    // shape -> polygon -> ring (outer first) -> arcs in order
    std::vector<std::vector<std::vector<std::vector<ArcRef>>>> shapes;
    std::size_t shared_arc_count = 0;  // arcs used by two rings
};

struct AssembleReport {
    std::size_t rings_dropped = 0;  // rings smaller than the minimum area after simplification
    std::size_t vertices = 0;       // vertices in the result
};

// `threads`: how many cores may share the work; the result does not depend on it.
Topology build_topology(const std::vector<MultiPolygonXY>& shapes, unsigned threads = 1);

// Douglas-Peucker on each arc with `tolerance` in map units; arc endpoints
// stay. `threads`: how many cores may share the arcs.
void simplify_arcs(Topology& topology, double tolerance, unsigned threads = 1);

// Rings with less than `min_ring_area` (map units²) are dropped and counted.
std::vector<MultiPolygonXY> assemble(const Topology& topology, double min_ring_area, AssembleReport* report = nullptr,
                                     unsigned threads = 1);

// Topology, simplification and assembly for overlay and analysis: no new gap
// or overlap between regions and every region valid. A simplified arc that
// crosses or touches any other arc (or itself), or leaves a region invalid,
// or covers another region's island, is simplified again more finely, down to
// its original vertices; an arc running inside another region keeps them.
// Only rings left without area are dropped (counted in the report).
std::vector<MultiPolygonXY> simplify_shared(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                            AssembleReport* report = nullptr);
// For drawing only: the same shared arcs (neighbours stay gap-free, each border
// simplified once), but without the crossing checks, which cost about twice the
// simplification itself on a large layer. Every vertex stays within `tolerance`
// of the original outline, so any crossing this leaves is smaller than the
// tolerance (half a pixel on a map) and cannot be seen; the result is not
// meant for overlay, whose input must be valid.
std::vector<MultiPolygonXY> simplify_shared_for_drawing(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                                        AssembleReport* report = nullptr, unsigned threads = 1);

}  // namespace threatmap::geometry
