#include "render/shapes.hpp"

#include <algorithm>
#include <cmath>

#include "core/ring_clip.hpp"

namespace threatmap::render::detail {

namespace {
constexpr double pi = 3.14159265358979323846;

std::vector<PageXY> regular(PageXY c, double radius, int corners, double start_deg) {
    std::vector<PageXY> out;
    for (int i = 0; i < corners; ++i) {
        double a = (start_deg + 360.0 * i / corners) * pi / 180.0;
        out.push_back({c.x + radius * std::cos(a), c.y + radius * std::sin(a)});
    }
    return out;
}
}  // namespace

std::vector<PageXY> marker_polygon(layout::MarkerShape shape, PageXY c, double size_pt) {
    const double r = size_pt / 2;
    switch (shape) {
        case layout::MarkerShape::circle: return {};
        case layout::MarkerShape::square:
            return {{c.x - r, c.y - r}, {c.x + r, c.y - r}, {c.x + r, c.y + r}, {c.x - r, c.y + r}};
        case layout::MarkerShape::diamond:
            return {{c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y}};
        case layout::MarkerShape::triangle: {
            // Circumradius 1.15 r and centroid lowered by 0.15 r: an apex-up
            // triangle inscribed in the circle looks visibly smaller than a
            // circle or square of the same nominal size.
            return regular({c.x, c.y + 0.15 * r}, 1.15 * r, 3, -90);
        }
        case layout::MarkerShape::star: {
            // Outer radius 1.25 r, inner half of that: a regular pentagram
            // (inner 0.382) of the nominal size covers under a third of the
            // circle's area and reads as a much smaller symbol.
            std::vector<PageXY> out;
            for (int i = 0; i < 10; ++i) {
                double rad = (i % 2 == 0) ? 1.25 * r : 0.625 * r;
                double a = (-90.0 + 36.0 * i) * pi / 180.0;
                out.push_back({c.x + rad * std::cos(a), c.y + rad * std::sin(a)});
            }
            return out;
        }
    }
    return {};
}

double hatch_spacing(const FillStyle& fill) { return std::max(fill.hatch_spacing_pt, 0.5); }

double hatch_period(const FillStyle& fill) {
    const double s = hatch_spacing(fill);
    switch (fill.hatch) {
        case Hatch::diagonal:
        case Hatch::back_diagonal:
        case Hatch::cross: return s * std::sqrt(2.0);
        default: return s;
    }
}

std::vector<PageXY> cut_ring_to_rows(const std::vector<PageXY>& ring, double y0, double y1) {
    auto at_row = [](double row) {
        return [row](const PageXY& a, const PageXY& b) {
            const double t = (row - a.y) / (b.y - a.y);
            return PageXY{a.x + t * (b.x - a.x), row};
        };
    };
    auto r = core::clip_ring_pass(ring, [y0](const PageXY& p) { return p.y >= y0; }, at_row(y0));
    return core::clip_ring_pass(r, [y1](const PageXY& p) { return p.y <= y1; }, at_row(y1));
}

}  // namespace threatmap::render::detail
