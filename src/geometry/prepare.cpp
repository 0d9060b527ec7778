#include "geometry/prepare.hpp"

#include <algorithm>

#include "core/parallel.hpp"
#include "core/ring_clip.hpp"

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

BoxXY envelope_of(const std::vector<MultiPolygonXY>& shapes, unsigned threads) {
    BoxXY none;
    bg::assign_inverse(none);
    std::vector<BoxXY> chunk_boxes(std::max(1u, threads), none);  // chunks with no shape stay inverse
    core::parallel_chunks(shapes.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t chunk) {
        BoxXY box = none;
        for (std::size_t i = begin; i < end; ++i)
            if (!shapes[i].empty()) bg::expand(box, bg::return_envelope<BoxXY>(shapes[i]));
        chunk_boxes[chunk] = box;
    });
    BoxXY out = none;
    for (const auto& box : chunk_boxes)
        if (box.min_corner().x <= box.max_corner().x) bg::expand(out, box);
    return out;
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

namespace {

Ring<MapXY> clip_ring(const Ring<MapXY>& ring, const BoxXY& box) {
    const double x0 = box.min_corner().x, y0 = box.min_corner().y, x1 = box.max_corner().x, y1 = box.max_corner().y;
    auto at_x = [](double x) {
        return [x](const MapXY& a, const MapXY& b) { return MapXY{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)}; };
    };
    auto at_y = [](double y) {
        return [y](const MapXY& a, const MapXY& b) { return MapXY{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y}; };
    };
    if (ring.size() < 2) return {};
    // The passes take the ring without its closing vertex.
    std::vector<MapXY> r(ring.begin(), ring.end() - 1);
    r = core::clip_ring_pass(r, [&](const MapXY& p) { return p.x >= x0; }, at_x(x0));
    r = core::clip_ring_pass(r, [&](const MapXY& p) { return p.x <= x1; }, at_x(x1));
    r = core::clip_ring_pass(r, [&](const MapXY& p) { return p.y >= y0; }, at_y(y0));
    r = core::clip_ring_pass(r, [&](const MapXY& p) { return p.y <= y1; }, at_y(y1));
    if (r.size() < 3) return {};
    Ring<MapXY> out(r.begin(), r.end());
    out.push_back(r.front());
    return out;
}

}  // namespace

// By value: a polygon inside the box (all of them on a map of the whole
// layer) is moved to the result, not copied.
MultiPolygonXY clip_rings_to_box(MultiPolygonXY shape, const BoxXY& box) {
    MultiPolygonXY out;
    out.reserve(shape.size());
    for (auto& poly : shape) {
        const auto penv = bg::return_envelope<BoxXY>(poly.outer());
        if (bg::disjoint(penv, box)) continue;
        if (bg::within(penv, box)) {
            out.push_back(std::move(poly));
            continue;
        }
        Polygon<MapXY> clipped;
        clipped.outer() = clip_ring(poly.outer(), box);
        if (clipped.outer().empty()) continue;
        for (const auto& inner : poly.inners()) {
            auto r = clip_ring(inner, box);
            if (!r.empty()) clipped.inners().push_back(std::move(r));
        }
        out.push_back(std::move(clipped));
    }
    return out;
}

std::vector<MultiPolygonXY> prepare_projected(const std::vector<MultiPolygonXY>& shapes, const BoxXY& frame,
                                              double tolerance, PrepareStats* stats, unsigned threads) {
    AssembleReport report;
    // Clip after simplifying: clipping first would cut shared arcs in different places.
    auto simplified = simplify_shared_for_drawing(shapes, tolerance, &report, threads);
    if (stats) {
        for (const auto& s : shapes) stats->vertices_in += bg::num_points(s);
        stats->rings_dropped += report.rings_dropped;
    }
    // Leave a little room outside the frame so that clipped outlines do not show at its edge.
    const double pad = tolerance * 4;
    BoxXY clip{{frame.min_corner().x - pad, frame.min_corner().y - pad}, {frame.max_corner().x + pad, frame.max_corner().y + pad}};
    core::parallel_chunks(simplified.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t) {
        for (std::size_t i = begin; i < end; ++i) simplified[i] = clip_rings_to_box(std::move(simplified[i]), clip);
    });
    if (stats)
        for (const auto& s : simplified) stats->vertices_out += bg::num_points(s);
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
