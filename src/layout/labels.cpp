#include "layout/labels.hpp"

#include <cmath>
#include <algorithm>
#include <limits>
#include <queue>

namespace threatmap::layout {
namespace {

double segment_distance2(const PageXY& p, const PageXY& a, const PageXY& b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Signed distance from p to the polygon's outline: positive inside. (Not
// bg::distance(point, ring): a ring is areal there, so any inside point is at 0.)
double signed_distance(const PageXY& p, const PagePolygon& polygon) {
    double best = std::numeric_limits<double>::max();
    auto scan = [&](const Ring<PageXY>& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) best = std::min(best, segment_distance2(p, r[i], r[i + 1]));
    };
    scan(polygon.outer());
    for (const auto& inner : polygon.inners()) scan(inner);
    double d = std::sqrt(best);
    return bg::covered_by(p, polygon) ? d : -d;
}

struct Cell {
    PageXY centre;
    double half;
    double distance;
    double max_possible;
    Cell(PageXY c, double h, const PagePolygon& poly)
        : centre(c), half(h), distance(signed_distance(c, poly)), max_possible(distance + h * std::sqrt(2.0)) {}
    bool operator<(const Cell& other) const { return max_possible < other.max_possible; }
};

}  // namespace

PageXY pole_of_inaccessibility(const PagePolygon& input, double precision, double* distance) {
    // Detail finer than the precision cannot move the pole by more than the precision;
    // simplifying first makes each distance test ~10x cheaper on real borders.
    PagePolygon polygon;
    bg::simplify(input, polygon, precision * 0.5);
    if (polygon.outer().size() < 4) polygon = input;
    auto env = bg::return_envelope<PageBox>(polygon.outer());
    double w = env.max_corner().x - env.min_corner().x, h = env.max_corner().y - env.min_corner().y;
    double cell = std::min(w, h);
    if (cell <= 0) {
        if (distance) *distance = 0;
        return env.min_corner();
    }
    std::priority_queue<Cell> queue;
    for (double x = env.min_corner().x; x < env.max_corner().x; x += cell)
        for (double y = env.min_corner().y; y < env.max_corner().y; y += cell)
            queue.emplace(PageXY{x + cell / 2, y + cell / 2}, cell / 2, polygon);
    PageXY centroid;
    bg::centroid(polygon, centroid);
    Cell best(centroid, 0, polygon);
    int guard = 0;
    while (!queue.empty() && ++guard < 20000) {
        Cell c = queue.top();
        queue.pop();
        if (c.distance > best.distance) best = c;
        if (c.max_possible - best.distance <= precision) continue;
        double q = c.half / 2;
        for (double dx : {-q, q})
            for (double dy : {-q, q}) queue.emplace(PageXY{c.centre.x + dx, c.centre.y + dy}, q, polygon);
    }
    if (distance) *distance = best.distance;
    return best.centre;
}

bool CollisionIndex::fits(const PageBox& box) const {
    if (!bg::within(box, bounds_)) return false;
    for (const auto& b : boxes_)
        if (!(box.max_corner().x <= b.min_corner().x || box.min_corner().x >= b.max_corner().x ||
              box.max_corner().y <= b.min_corner().y || box.min_corner().y >= b.max_corner().y))
            return false;
    return true;
}

namespace {
// Liang-Barsky: whether the segment a-b meets the box.
bool segment_meets_box(PageXY a, PageXY b, const PageBox& box) {
    double t0 = 0, t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - box.min_corner().x, box.max_corner().x - a.x, a.y - box.min_corner().y,
                         box.max_corner().y - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;  // parallel to this side and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}
}  // namespace

bool crosses_any_ring(const PageBox& box, const std::vector<std::vector<PageXY>>& rings) {
    for (const auto& ring : rings)
        for (std::size_t i = 0; i < ring.size(); ++i)
            if (segment_meets_box(ring[i], ring[(i + 1) % ring.size()], box)) return true;
    return false;
}

std::vector<PageBox> candidate_boxes(PageXY m, double r, double w, double h) {
    const double gap = r + 1.5;
    auto box = [&](double x, double y) { return PageBox{{x, y}, {x + w, y + h}}; };
    return {
        box(m.x + gap, m.y - h / 2),          // right
        box(m.x - gap - w, m.y - h / 2),      // left
        box(m.x + gap * 0.7, m.y - gap * 0.7 - h),  // top-right
        box(m.x + gap * 0.7, m.y + gap * 0.7),      // bottom-right
        box(m.x - w / 2, m.y - gap - h),      // top
        box(m.x - w / 2, m.y + gap),          // bottom
        box(m.x - gap * 0.7 - w, m.y - gap * 0.7 - h),  // top-left
        box(m.x - gap * 0.7 - w, m.y + gap * 0.7),      // bottom-left
    };
}

}  // namespace threatmap::layout
