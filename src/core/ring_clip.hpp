// One Sutherland-Hodgman pass over a ring, for any point type: what both the
// geometry stage (rings clipped to the map frame) and the renderer (rings cut
// into the bands drawn on separate cores) need, written once.
#pragma once

#include <cstddef>
#include <vector>

namespace threatmap::core {

// The part of a closed ring, given without its closing vertex, where
// inside(p) holds: each edge that crosses the boundary is cut at
// cut(from, to), and the result runs along the boundary where the ring
// leaves it (implicitly closed too). Empty when no vertex is inside and no
// edge crosses.
template <typename Point, typename Inside, typename Cut>
std::vector<Point> clip_ring_pass(const std::vector<Point>& ring, Inside inside, Cut cut) {
    std::vector<Point> out;
    const std::size_t n = ring.size();
    if (n == 0) return out;
    out.reserve(n + 4);
    bool a_in = inside(ring[0]);
    for (std::size_t i = 0; i < n; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[i + 1 == n ? 0 : i + 1];
        const bool b_in = inside(b);
        if (a_in) out.push_back(a);
        if (a_in != b_in) out.push_back(cut(a, b));
        a_in = b_in;
    }
    return out;
}

}  // namespace threatmap::core
