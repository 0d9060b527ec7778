#include "geometry/prepare.hpp"

#include <algorithm>

namespace threatmap::geometry {

BoxXY frame_for(const BoxXY& e, double aspect, double margin) {
    double w = e.max_corner().x - e.min_corner().x, h = e.max_corner().y - e.min_corner().y;
    double pad = std::max(w, h) * margin;
    w += 2 * pad;
    h += 2 * pad;
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    double cx = (e.min_corner().x + e.max_corner().x) / 2, cy = (e.min_corner().y + e.max_corner().y) / 2;
    return BoxXY{{cx - w / 2, cy - h / 2}, {cx + w / 2, cy + h / 2}};
}

MultiPolygonXY clip_to_box(const MultiPolygonXY& shape, const BoxXY& box) {
    if (shape.empty()) return shape;
    auto env = bg::return_envelope<BoxXY>(shape);
    if (bg::within(env, box)) return shape;
    if (bg::disjoint(env, box)) return {};
    MultiPolygonXY out;
    // Clip each polygon whose own envelope crosses the frame; keep the rest whole.
    for (const auto& poly : shape) {
        auto penv = bg::return_envelope<BoxXY>(poly);
        if (bg::within(penv, box)) { out.push_back(poly); continue; }
        if (bg::disjoint(penv, box)) continue;
        MultiPolygonXY part;
        bg::intersection(poly, box, part);
        for (auto& p : part) out.push_back(std::move(p));
    }
    return out;
}

std::vector<MultiPolygonXY> prepare_projected(const std::vector<MultiPolygonXY>& shapes, const BoxXY& frame,
                                              double tolerance, PrepareStats* stats) {
    AssembleReport report;
    // Clip after simplifying: clipping first would cut shared arcs in different places.
    auto simplified = simplify_shared(shapes, tolerance, &report);
    if (stats) {
        for (const auto& s : shapes) stats->vertices_in += bg::num_points(s);
        stats->rings_dropped += report.rings_dropped;
    }
    // Leave a little room outside the frame so that clipped outlines do not show at its edge.
    const double pad = tolerance * 4;
    BoxXY clip{{frame.min_corner().x - pad, frame.min_corner().y - pad}, {frame.max_corner().x + pad, frame.max_corner().y + pad}};
    for (auto& s : simplified) {
        s = clip_to_box(s, clip);
        if (stats) stats->vertices_out += bg::num_points(s);
    }
    return simplified;
}

std::vector<MultiPolygonXY> prepare_polygons(const std::vector<MultiPolygonLL>& shapes, const Projection& projection,
                                             const BoxXY& frame, double tolerance, PrepareStats* stats) {
    std::vector<MultiPolygonXY> projected;
    projected.reserve(shapes.size());
    for (const auto& s : shapes) projected.push_back(projection.forward(s));
    return prepare_projected(projected, frame, tolerance, stats);
}

std::vector<LineStringXY> prepare_lines(const std::vector<LineStringLL>& lines, const Projection& projection,
                                        const BoxXY& frame, double tolerance) {
    std::vector<LineStringXY> projected;
    for (const auto& l : lines) projected.push_back(projection.forward(l));
    return prepare_projected_lines(projected, frame, tolerance);
}

std::vector<LineStringXY> prepare_projected_lines(const std::vector<LineStringXY>& lines, const BoxXY& frame, double tolerance) {
    std::vector<LineStringXY> out;
    for (const auto& xy : lines) {
        LineStringXY simple;
        bg::simplify(xy, simple, tolerance);
        bg::model::multi_linestring<LineStringXY> clipped;
        bg::intersection(frame, simple, clipped);
        for (auto& c : clipped) out.push_back(std::move(c));
    }
    return out;
}

}  // namespace threatmap::geometry
