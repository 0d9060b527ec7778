// Label placement: the pole of inaccessibility of a polygon (the interior
// point farthest from its boundary, found by the quadtree search of
// Mapbox's polylabel) for region labels, and a greedy placer that tries 8
// positions around each marker and keeps a label only where it collides with
// no other label, marker or reserved box (legend, scale bar, frame edge).
#pragma once

#include <optional>
#include <vector>

#include "core/geo_types.hpp"

namespace threatmap::layout {

using PageBox = Box<PageXY>;
using PagePolygon = Polygon<PageXY>;

// Pole of inaccessibility of `polygon` to within `precision`; also returns the distance.
PageXY pole_of_inaccessibility(const PagePolygon& polygon, double precision, double* distance = nullptr);

class CollisionIndex {
public:
    explicit CollisionIndex(PageBox bounds) : bounds_(bounds) {}
    bool fits(const PageBox& box) const;  // inside the bounds and free
    void add(const PageBox& box) { boxes_.push_back(box); }
    const std::vector<PageBox>& boxes() const { return boxes_; }

private:
    PageBox bounds_;
    std::vector<PageBox> boxes_;
};

// Candidate boxes (top-left origin) for a w x h label around a marker of radius r,
// in order of cartographic preference: right, left, top-right, bottom-right, top,
// bottom, top-left, bottom-left.
std::vector<PageBox> candidate_boxes(PageXY marker, double radius, double w, double h);

// Whether a line of any of the closed rings passes through the box (a ring
// wholly inside the box counts; a box wholly inside a ring does not).
bool crosses_any_ring(const PageBox& box, const std::vector<std::vector<PageXY>>& rings);

}  // namespace threatmap::layout
