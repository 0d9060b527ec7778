#include "layout/layout.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "core/text.hpp"
#include "layout/labels.hpp"

namespace threatmap::layout {

double nice_scale_km(double max_km) {
    double p = std::pow(10.0, std::floor(std::log10(max_km)));
    for (double m : {5.0, 2.5, 2.0, 1.0})
        if (m * p <= max_km) return m * p;
    return p;
}

namespace {

double unit_for(const PagePreset& page) {
    return std::clamp(std::sqrt(page.width_pt * page.height_pt / (960.0 * 540.0)), 0.6, 1.6);
}


// Map CRS -> page transform for a frame shown in a page rectangle (y flips).
struct MapToPage {
    BoxXY frame;
    Rect rect;
    double scale;  // points per map unit
    PageXY operator()(const MapXY& p) const {
        return {rect.x + (p.x - frame.min_corner().x) * scale, rect.y + (frame.max_corner().y - p.y) * scale};
    }
};

std::vector<std::vector<PageXY>> page_rings(const MultiPolygonXY& mp, const MapToPage& t) {
    std::vector<std::vector<PageXY>> rings;
    auto add = [&](const Ring<MapXY>& r) {
        std::vector<PageXY> out;
        out.reserve(r.size());
        for (const auto& p : r) out.push_back(t(p));
        rings.push_back(std::move(out));
    };
    for (const auto& poly : mp) {
        add(poly.outer());
        for (const auto& in : poly.inners()) add(in);
    }
    return rings;
}

// True if segment a-b passes through the open box (Liang-Barsky clipping).
bool segment_enters_box(const PageXY& a, const PageXY& b, const PageBox& box) {
    double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - box.min_corner().x, box.max_corner().x - a.x, a.y - box.min_corner().y, box.max_corner().y - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] <= 0) return false;
        } else {
            double t = q[i] / p[i];
            if (p[i] < 0) t0 = std::max(t0, t);
            else t1 = std::min(t1, t);
        }
    }
    return t0 < t1;
}

// A label box lies inside a polygon when its corners do and no border passes
// through it. (Boost 1.74 has no covered_by(box, polygon); the relate-based
// polygon test was 60% of the whole render.)
bool box_inside(const PageBox& box, const PagePolygon& poly) {
    const PageXY corners[4] = {box.min_corner(), {box.max_corner().x, box.min_corner().y}, box.max_corner(),
                               {box.min_corner().x, box.max_corner().y}};
    for (const auto& c : corners)
        if (!bg::covered_by(c, poly)) return false;
    auto crosses = [&](const Ring<PageXY>& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i)
            if (segment_enters_box(r[i], r[i + 1], box)) return true;
        return false;
    };
    if (crosses(poly.outer())) return false;
    for (const auto& in : poly.inners())
        if (crosses(in)) return false;
    return true;
}

PagePolygon page_polygon(const Polygon<MapXY>& poly, const MapToPage& t) {
    PagePolygon out;
    for (const auto& p : poly.outer()) out.outer().push_back(t(p));
    for (const auto& in : poly.inners()) {
        out.inners().emplace_back();
        for (const auto& p : in) out.inners().back().push_back(t(p));
    }
    bg::correct(out);  // the y flip reverses orientation
    return out;
}

class SceneBuilder {
public:
    SceneBuilder(const MapDocument& doc, const TextMeasurer& measurer, core::Diagnostics& diagnostics)
        : doc_(doc), style_(doc.style), measure_(measurer), diag_(diagnostics) {}

    Scene build();

private:
    TextStyle text_style(double size, bool bold = false, bool halo = false, bool italic = false) const {
        TextStyle t;
        t.family = style_.font_family;
        t.size_pt = size;
        t.bold = bold;
        t.italic = italic;
        t.colour = style_.text;
        if (halo) {
            t.halo = style_.halo;
            t.halo_width_pt = style_.halo_width_pt;
        }
        return t;
    }
    SceneLayer& layer(const std::string& id) {
        scene_.layers.push_back({id, {}});
        return scene_.layers.back();
    }
    // Adds wrapped text at (x, y) top-left; returns its height.
    double add_text(SceneLayer& l, const std::string& text, const TextStyle& ts, double x, double y, double max_w,
                    SceneText::Align align = SceneText::Align::left) {
        TextExtent e = measure_.measure(text, ts, max_w);
        l.items.push_back(text_item(e, ts, {x, y}, max_w > 0 ? max_w : e.width_pt, align));
        return e.height_pt;
    }
    // A title or subtitle: wrapped like add_text, but into lines of about equal
    // length, the narrowest width that still needs no more lines than max_w
    // does (as CSS's text-wrap: balance). Greedy wrapping at the panel's width
    // left "2017" alone under "Threat levels in Mali (MINUSMA) — letter of 11
    // September", which reads as an afterthought on a slide.
    // A dash stays at the end of its line rather than opening the next one.
    double add_heading(SceneLayer& l, const std::string& heading, const TextStyle& ts, double x, double y, double max_w) {
        static const std::string space_dash = " \u2014", no_break_dash = "\u00A0\u2014";
        const std::string text = core::replace_all(heading, space_dash, no_break_dash);
        TextExtent e = measure_.measure(text, ts, max_w);
        if (e.lines.size() > 1) {
            // The line count only falls as the width grows, and no width under
            // max_w / lines fits the text in as few: bisect between the two to
            // half a unit (half a point on a slide).
            double narrow = max_w / static_cast<double>(e.lines.size()), wide = max_w;
            while (wide - narrow > 0.5 * u_) {
                const double mid = (narrow + wide) / 2;
                TextExtent at_mid = measure_.measure(text, ts, mid);
                if (at_mid.lines.size() <= e.lines.size()) {
                    wide = mid;
                    e = std::move(at_mid);
                } else {
                    narrow = mid;
                }
            }
        }
        for (auto& line : e.lines) line = core::replace_all(line, no_break_dash, space_dash);
        l.items.push_back(text_item(e, ts, {x, y}, max_w));
        return e.height_pt;
    }
    void compute_regions();
    void draw_map();
    void draw_panel();
    void draw_scale_and_north();
    void place_region_labels();
    void place_places();
    // The operating areas' outlines on the page (computed once), which labels keep off.
    const std::vector<std::vector<PageXY>>& operating_outlines() {
        if (!outlines_) {
            outlines_.emplace();
            for (const auto& o : doc_.operating_areas)
                for (auto& ring : page_rings(o.geometry, to_page_)) outlines_->push_back(std::move(ring));
        }
        return *outlines_;
    }
    // Lays the classes out to stay within max_h (from y) where they can.
    double draw_legend(SceneLayer& l, double x, double y, double w, double max_h = std::numeric_limits<double>::infinity());
    double draw_table(SceneLayer& l, double x, double y, double w);
    void draw_inset(SceneLayer& l, Rect r);
    void draw_detail(SceneLayer& l, Rect r, const DetailView& d);
    void draw_minimaps(SceneLayer& l, Rect r);
    SceneMarker marker_for(const MapPlace& p, PageXY at) const;

    const MapDocument& doc_;
    const Style& style_;
    const TextMeasurer& measure_;
    core::Diagnostics& diag_;
    Scene scene_;
    Rect map_{}, panel_{};
    bool landscape_ = true;
    MapToPage to_page_{};
    std::optional<CollisionIndex> labels_;
    std::optional<std::vector<std::vector<PageXY>>> outlines_;  // see operating_outlines()
    double u_ = 1;  // unit: 1 at the slide size, grows with the page
};

void SceneBuilder::compute_regions() {
    const double W = doc_.page.width_pt, H = doc_.page.height_pt;
    u_ = unit_for(doc_.page);
    const double m = 14 * u_;
    landscape_ = W / H >= 1.15;
    map_ = map_rect_for(doc_.page, doc_.bare);
    if (landscape_) panel_ = {W * 0.685, m, W * 0.315 - m, H - 2 * m};
    else panel_ = {m, m + map_.h + m, W - 2 * m, H - map_.h - 3 * m};
    const BoxXY& f = doc_.frame;
    double fw = f.max_corner().x - f.min_corner().x, fh = f.max_corner().y - f.min_corner().y;
    double scale = std::min(map_.w / fw, map_.h / fh);
    // Centre the frame in the map rectangle; the frame was chosen with this aspect, so this is exact.
    Rect used{map_.x + (map_.w - fw * scale) / 2, map_.y + (map_.h - fh * scale) / 2, fw * scale, fh * scale};
    map_ = used;
    to_page_ = {f, map_, scale};
    scene_.map_x_pt = map_.x;
    scene_.map_y_pt = map_.y;
    scene_.map_w_pt = map_.w;
    scene_.map_h_pt = map_.h;
    scene_.georeference = SceneGeoreference{map_.x, map_.y, map_.w, map_.h, f.min_corner().x, f.min_corner().y,
                                            f.max_corner().x, f.max_corner().y, doc_.crs_wkt};
    // Labels stay 2 pt inside the frame.
    labels_.emplace(PageBox{{map_.x + 2, map_.y + 2}, {map_.x + map_.w - 2, map_.y + map_.h - 2}});
}

void SceneBuilder::draw_map() {
    auto& bg_layer = layer("background");
    ScenePath water;
    water.rings = {{{map_.x, map_.y}, {map_.x + map_.w, map_.y}, {map_.x + map_.w, map_.y + map_.h}, {map_.x, map_.y + map_.h}, {map_.x, map_.y}}};
    // What lies around the mapped areas is water only where the map shows the
    // land (the neighbouring countries); around a layer drawn alone it is
    // the style's neutral `surroundings`.
    water.fill = FillStyle{doc_.neighbours.empty() ? style_.surroundings : style_.water};
    bg_layer.items.push_back(water);

    auto& neighbours = layer("neighbours");
    for (const auto& n : doc_.neighbours) {
        ScenePath p;
        p.rings = page_rings(n.geometry, to_page_);
        p.fill = style_.neighbour;
        p.stroke = style_.neighbour_outline;
        p.clip_to_map = true;
        p.title = n.label;
        neighbours.items.push_back(std::move(p));
    }
    auto& areas = layer("areas");
    for (const auto& a : doc_.areas) {
        ScenePath p;
        p.rings = page_rings(a.geometry, to_page_);
        p.fill = a.fill;
        p.stroke = style_.region_outline;
        p.id = "area-" + a.id;
        p.title = a.tooltip;
        p.clip_to_map = true;
        areas.items.push_back(std::move(p));
    }
    auto& outline = layer("country-outline");
    ScenePath c;
    c.rings = page_rings(doc_.country_outline, to_page_);
    c.stroke = style_.country_outline;
    c.clip_to_map = true;
    outline.items.push_back(std::move(c));

    auto& rivers = layer("rivers");
    for (const auto& r : doc_.rivers) {
        ScenePath p;
        p.closed = false;
        std::vector<PageXY> pts;
        for (const auto& q : r) pts.push_back(to_page_(q));
        p.rings.push_back(std::move(pts));
        p.stroke = style_.river;
        p.clip_to_map = true;
        rivers.items.push_back(std::move(p));
    }
    auto& ops = layer("operating-areas");
    for (const auto& o : doc_.operating_areas) {
        ScenePath p;
        p.rings = page_rings(o.geometry, to_page_);
        LineStyle halo = o.line;
        halo.colour = style_.halo;
        halo.width_pt = o.line.width_pt + 1.6;
        halo.dash_pt.clear();
        ScenePath under = p;  // a light casing keeps the outline readable on dark fills
        under.stroke = halo;
        under.clip_to_map = true;
        ops.items.push_back(std::move(under));
        p.stroke = o.line;
        p.id = "operating-" + o.id;
        p.title = o.tooltip;
        p.clip_to_map = true;
        ops.items.push_back(std::move(p));
    }
    auto& detail_boxes = layer("detail-extents");
    for (const auto& d : doc_.details) {
        PageXY a = to_page_({d.extent.min_corner().x, d.extent.max_corner().y});
        PageXY b = to_page_({d.extent.max_corner().x, d.extent.min_corner().y});
        ScenePath box;
        box.rings = {{a, {b.x, a.y}, b, {a.x, b.y}, a}};
        box.stroke = LineStyle{style_.text, 0.8 * u_, {}};
        box.title = d.title;
        detail_boxes.items.push_back(std::move(box));
    }
    auto& frame = layer("frame");
    ScenePath fr;
    fr.rings = water.rings;
    fr.stroke = style_.frame;
    frame.items.push_back(std::move(fr));
}

void SceneBuilder::draw_scale_and_north() {
    auto& l = layer("scale-north");
    const double pad = 8 * u_;
    // Scale bar, bottom left of the map.
    if (doc_.scale_bar) {
        double max_km = map_.w * 0.25 / to_page_.scale * doc_.metres_per_unit / 1000.0;
        double km = nice_scale_km(max_km);
        double len = km * 1000.0 / doc_.metres_per_unit * to_page_.scale;
        double bar_h = 3.5 * u_;
        TextStyle ts = text_style(style_.legend_pt * u_, false, true);
        TextExtent label = measure_.measure(fmt::format("{:g} km", km), ts);
        TextExtent zero = measure_.measure("0", ts);
        double x0 = map_.x + pad + 4 * u_, y0 = map_.y + map_.h - pad - bar_h;
        ScenePath panel;
        double bw = len + label.width_pt / 2 + zero.width_pt / 2 + 8 * u_, bh = bar_h + label.height_pt + 6 * u_;
        double bx = x0 - 4 * u_ - zero.width_pt / 2 * 0, by = y0 - label.height_pt - 4 * u_;
        panel.rings = {{{bx, by}, {bx + bw, by}, {bx + bw, by + bh}, {bx, by + bh}, {bx, by}}};
        panel.fill = FillStyle{style_.panel_fill};
        l.items.push_back(panel);
        for (int i = 0; i < 4; ++i) {
            ScenePath seg;
            double sx = x0 + len * i / 4, ex = x0 + len * (i + 1) / 4;
            seg.rings = {{{sx, y0}, {ex, y0}, {ex, y0 + bar_h}, {sx, y0 + bar_h}, {sx, y0}}};
            seg.fill = FillStyle{i % 2 == 0 ? style_.text : style_.page_background};
            seg.stroke = LineStyle{style_.text, 0.5 * u_, {}};
            l.items.push_back(seg);
        }
        add_text(l, "0", ts, x0 - zero.width_pt / 2, y0 - label.height_pt - 1 * u_, 0);
        add_text(l, fmt::format("{:g} km", km), ts, x0 + len - label.width_pt / 2, y0 - label.height_pt - 1 * u_, 0);
        labels_->add(PageBox{{bx, by}, {bx + bw, by + bh}});
    }

    // North arrow, top right of the map, rotated to true north.
    double s = 11 * u_;
    PageXY c{map_.x + map_.w - pad - s, map_.y + pad + s * 1.4};
    double a = doc_.north_angle_rad;
    auto rot = [&](double dx, double dy) {
        return PageXY{c.x + dx * std::cos(a) - dy * std::sin(a), c.y + dx * std::sin(a) + dy * std::cos(a)};
    };
    ScenePath left, right;
    left.rings = {{rot(0, -s), rot(-s * 0.45, s * 0.6), rot(0, s * 0.25), rot(0, -s)}};
    right.rings = {{rot(0, -s), rot(s * 0.45, s * 0.6), rot(0, s * 0.25), rot(0, -s)}};
    left.fill = FillStyle{style_.text};
    right.fill = FillStyle{style_.page_background};
    left.stroke = right.stroke = LineStyle{style_.text, 0.6 * u_, {}};
    l.items.push_back(left);
    l.items.push_back(right);
    TextStyle nts = text_style(style_.legend_pt * 1.2 * u_, true, true);
    TextExtent n = measure_.measure("N", nts);
    PageXY tip = rot(0, -s - n.height_pt * 0.65);
    add_text(l, "N", nts, tip.x - n.width_pt / 2, tip.y - n.height_pt / 2, 0);
    labels_->add(PageBox{{c.x - s - 2, c.y - s - n.height_pt - 4}, {c.x + s + 2, c.y + s + 2}});
}

double SceneBuilder::draw_legend(SceneLayer& l, double x, double y, double w, double max_h) {
    double y0 = y;
    TextStyle head = text_style(style_.legend_pt * 1.1 * u_, true);
    TextStyle ts = text_style(style_.legend_pt * u_);
    y += add_text(l, doc_.legend_title, head, x, y, w) + 3 * u_;
    const double sw = 16 * u_, sh = 10 * u_;
    const double text_dy = (sh - measure_.measure("Ag", ts).height_pt) / 2;
    auto add_swatch = [&](std::size_t i, double at_x, double at_y) {
        ScenePath swatch;
        swatch.rings = {{{at_x, at_y}, {at_x + sw, at_y}, {at_x + sw, at_y + sh}, {at_x, at_y + sh}, {at_x, at_y}}};
        swatch.fill = doc_.legend[i].fill;
        swatch.stroke = LineStyle{style_.muted_text, 0.4 * u_, {}};
        swatch.id = "legend-" + std::to_string(i);
        l.items.push_back(swatch);
    };
    // One class per line while they fit above what follows the legend; a
    // long list (a layer classed by its 250 country codes ran off the page)
    // in as many columns as the width holds, read down each column, and
    // what still does not fit counted on the last line.
    const double row_h = std::max(sh, measure_.measure("Ag", ts).height_pt) + 3 * u_;
    const double room = max_h - (y - y0) - static_cast<double>(doc_.legend_lines.size() + doc_.legend_markers.size()) * row_h;
    const std::size_t n = doc_.legend.size();
    if (static_cast<double>(n) * row_h <= room) {
        for (std::size_t i = 0; i < n; ++i) {
            add_swatch(i, x, y);
            double th = add_text(l, doc_.legend[i].label, ts, x + sw + 5 * u_, y + text_dy, w - sw - 5 * u_);
            y += std::max(sh, th) + 3 * u_;
        }
    } else {
        double label_w = 0;
        for (const auto& e : doc_.legend) label_w = std::max(label_w, measure_.measure(e.label, ts).width_pt);
        const double gap = 8 * u_;
        label_w = std::min(label_w, w - sw - 5 * u_);
        const double col_w = sw + 5 * u_ + label_w + gap;
        const auto cols = static_cast<std::size_t>(std::max(1.0, std::floor((w + gap) / col_w)));
        const auto rows_fit = static_cast<std::size_t>(std::max(1.0, std::floor(room / row_h)));
        // The classes shown, by index: all, or the first ones and the last
        // (no value / not assessed), with a line under them counting the others.
        std::vector<std::size_t> shown;
        std::size_t left_out = 0;
        if (n <= rows_fit * cols) {
            for (std::size_t i = 0; i < n; ++i) shown.push_back(i);
        } else {
            const std::size_t rows_left = rows_fit > 1 ? rows_fit - 1 : 1;  // a row for the count
            const std::size_t keep = rows_left * cols > 1 ? rows_left * cols - 1 : 1;
            for (std::size_t i = 0; i < keep; ++i) shown.push_back(i);
            shown.push_back(n - 1);
            left_out = n - shown.size();
        }
        const std::size_t rows = (shown.size() + cols - 1) / cols;
        for (std::size_t k = 0; k < shown.size(); ++k) {
            const double cx = x + static_cast<double>(k / rows) * col_w, cy = y + static_cast<double>(k % rows) * row_h;
            add_swatch(shown[k], cx, cy);
            add_text(l, doc_.legend[shown[k]].label, ts, cx + sw + 5 * u_, cy + text_dy, label_w);
        }
        y += static_cast<double>(rows) * row_h;
        if (left_out) {
            add_text(l, core::replace_all(doc_.legend_more, "{count}", std::to_string(left_out)), ts, x, y + text_dy, w);
            y += row_h;
        }
        if (left_out)
            diag_.warning("layout.legend_cut", fmt::format("{}: the legend lists {} of the {} classes; {} left out (give the classes "
                                                           "to show with --classes, or class by a field with fewer values)",
                                                           doc_.page.name, n - left_out, n, left_out));
    }
    for (const auto& e : doc_.legend_lines) {
        ScenePath casing, line;
        casing.closed = line.closed = false;
        casing.rings = line.rings = {{{x, y + sh / 2}, {x + sw, y + sh / 2}}};
        // The same light casing as on the map, so the sample looks like the line it explains.
        casing.stroke = LineStyle{style_.halo, e.line.width_pt + 1.6, {}};
        line.stroke = e.line;
        l.items.push_back(casing);
        l.items.push_back(line);
        double th = add_text(l, e.label, ts, x + sw + 5 * u_, y + (sh - measure_.measure("Ag", ts).height_pt) / 2, w - sw - 5 * u_);
        y += std::max(sh, th) + 3 * u_;
    }
    for (const auto& e : doc_.legend_markers) {
        SceneMarker mk;
        mk.centre = {x + sw / 2, y + sh / 2};
        mk.size_pt = (e.role == PlaceRole::sector_hq ? 7.5 : 5.5) * u_;
        mk.shape = e.role == PlaceRole::sector_hq ? MarkerShape::square
                   : e.role == PlaceRole::capital ? MarkerShape::star
                   : e.role == PlaceRole::event   ? MarkerShape::diamond
                                                  : MarkerShape::circle;
        mk.fill = e.role == PlaceRole::sector_hq ? style_.hq_fill : e.role == PlaceRole::event ? style_.event_fill : style_.marker_fill;
        if (e.role == PlaceRole::capital) mk.size_pt = 9 * u_;
        mk.outline = style_.marker_outline;
        l.items.push_back(mk);
        double th = add_text(l, e.label, ts, x + sw + 5 * u_, y + (sh - measure_.measure("Ag", ts).height_pt) / 2, w - sw - 5 * u_);
        y += std::max(sh, th) + 3 * u_;
    }
    return y - y0;
}

double SceneBuilder::draw_table(SceneLayer& l, double x, double y, double w) {
    const Table& t = *doc_.table;
    double y0 = y;
    TextStyle head = text_style(style_.legend_pt * 1.1 * u_, true);
    TextStyle hs = text_style(style_.note_pt * 1.05 * u_, true);
    TextStyle ts = text_style(style_.note_pt * 1.05 * u_);
    y += add_text(l, t.title, head, x, y, w) + 2 * u_;
    const std::size_t cols = t.header.size();
    // First column takes what is left after the numeric columns.
    // Numeric columns as wide as their values and the longest word of their header
    // (headers wrap: "niet beoordeeld" takes two lines rather than leaving the page).
    double num_w = 0;
    for (std::size_t c = 1; c < cols; ++c) {
        std::istringstream words(t.header[c]);
        for (std::string word; words >> word;) num_w = std::max(num_w, measure_.measure(word, hs).width_pt);
        for (const auto& r : t.rows) num_w = std::max(num_w, measure_.measure(r[c], ts).width_pt);
    }
    num_w += 4 * u_;
    num_w = std::min(num_w, w * 0.7 / static_cast<double>(std::max<std::size_t>(cols - 1, 1)));
    double first_w = w - num_w * static_cast<double>(cols - 1);
    auto row = [&](const std::vector<std::string>& cells, const TextStyle& s, bool header) {
        double h = 0;
        h = std::max(h, add_text(l, cells[0], s, x, y, first_w - 3 * u_));
        for (std::size_t c = 1; c < cols; ++c) {
            TextStyle cs = s;
            if (header) {
                // A header word wider than its column is set smaller rather than overlap its neighbour.
                std::istringstream words(cells[c]);
                double widest = 0;
                for (std::string word; words >> word;) widest = std::max(widest, measure_.measure(word, cs).width_pt);
                if (widest > num_w - 2 * u_) cs.size_pt *= (num_w - 2 * u_) / widest;
            }
            h = std::max(h, add_text(l, cells[c], cs, x + first_w + num_w * static_cast<double>(c - 1), y, num_w,
                                     SceneText::Align::right));
        }
        y += h + 1.5 * u_;
    };
    row(t.header, hs, true);
    ScenePath rule;
    rule.closed = false;
    rule.rings = {{{x, y - 0.8 * u_}, {x + w, y - 0.8 * u_}}};
    rule.stroke = LineStyle{style_.muted_text, 0.4 * u_, {}};
    l.items.push_back(rule);
    for (const auto& r : t.rows) row(r, ts, false);
    return y - y0;
}

void SceneBuilder::draw_inset(SceneLayer& l, Rect r) {
    const Inset& in = *doc_.inset;
    double ew = in.extent.max_corner().x - in.extent.min_corner().x, eh = in.extent.max_corner().y - in.extent.min_corner().y;
    double s = std::min(r.w / ew, r.h / eh);
    Rect used{r.x + (r.w - ew * s) / 2, r.y + (r.h - eh * s) / 2, ew * s, eh * s};
    MapToPage t{in.extent, used, s};
    ScenePath sea;
    sea.rings = {{{used.x, used.y}, {used.x + used.w, used.y}, {used.x + used.w, used.y + used.h}, {used.x, used.y + used.h}, {used.x, used.y}}};
    sea.fill = FillStyle{style_.water};
    sea.stroke = style_.frame;
    l.items.push_back(sea);
    for (const auto& c : in.countries) {
        ScenePath p;
        p.rings = page_rings(c, t);
        p.fill = style_.neighbour;
        p.stroke = LineStyle{style_.neighbour_outline.colour, 0.3 * u_, {}};
        l.items.push_back(std::move(p));
    }
    ScenePath hl;
    hl.rings = page_rings(in.highlight, t);
    hl.fill = FillStyle{style_.muted_text};
    l.items.push_back(std::move(hl));
    ScenePath fr;
    std::vector<PageXY> ring;
    for (const auto& p : in.main_frame) ring.push_back(t(p));
    fr.rings.push_back(ring);
    fr.stroke = LineStyle{style_.event_fill, 1.0 * u_, {}};
    l.items.push_back(std::move(fr));
}

SceneMarker SceneBuilder::marker_for(const MapPlace& p, PageXY at) const {
    SceneMarker m;
    m.centre = at;
    m.id = "place-" + p.id;
    m.title = p.tooltip;
    m.outline = style_.marker_outline;
    switch (p.role) {
        case PlaceRole::capital: m.shape = MarkerShape::star; m.size_pt = 9 * u_; m.fill = style_.marker_fill; break;
        case PlaceRole::sector_hq: m.shape = MarkerShape::square; m.size_pt = 7.5 * u_; m.fill = style_.hq_fill; break;
        case PlaceRole::event: m.shape = MarkerShape::diamond; m.size_pt = 7 * u_; m.fill = style_.event_fill; break;
        default: m.shape = MarkerShape::circle; m.size_pt = 5.5 * u_; m.fill = style_.marker_fill;
    }
    return m;
}

void SceneBuilder::draw_detail(SceneLayer& l, Rect r, const DetailView& d) {
    double ew = d.extent.max_corner().x - d.extent.min_corner().x, eh = d.extent.max_corner().y - d.extent.min_corner().y;
    double s = std::min(r.w / ew, r.h / eh);
    Rect used{r.x + (r.w - ew * s) / 2, r.y + (r.h - eh * s) / 2, ew * s, eh * s};
    MapToPage t{d.extent, used, s};
    ScenePath back;
    back.rings = {{{used.x, used.y}, {used.x + used.w, used.y}, {used.x + used.w, used.y + used.h}, {used.x, used.y + used.h}, {used.x, used.y}}};
    back.fill = FillStyle{style_.neighbour.fill};
    l.items.push_back(back);
    for (const auto& a : d.areas) {
        ScenePath p;
        p.rings = page_rings(a.geometry, t);
        p.fill = a.fill;
        p.stroke = style_.region_outline;
        p.id = "detail-area-" + a.id;
        p.title = a.tooltip;
        l.items.push_back(std::move(p));
    }
    TextStyle ts = text_style(style_.place_label_pt * u_, true, true);
    for (const auto& p : d.places) {
        PageXY at = t(p.position);
        l.items.push_back(marker_for(p, at));
        TextExtent e = measure_.measure(p.label, ts);
        add_text(l, p.label, ts, at.x + 6 * u_, at.y - e.height_pt - 2 * u_, 0);
    }
    back.fill.reset();
    back.stroke = style_.frame;
    l.items.push_back(back);
    // Scale: the width of the view in km.
    TextStyle ss = text_style(style_.note_pt * u_, false, true);
    add_text(l, fmt::format("{:g} {}", std::round(ew * doc_.metres_per_unit / 1000.0), doc_.km_across), ss, used.x + 3 * u_,
             used.y + used.h - measure_.measure("0", ss).height_pt - 2 * u_, 0);
}

void SceneBuilder::draw_minimaps(SceneLayer& l, Rect r) {
    TextStyle cap = text_style(style_.note_pt * 1.1 * u_, true);
    double ch = measure_.measure("Ag", cap).height_pt + 2 * u_;
    std::size_t n = (doc_.inset ? 1 : 0) + doc_.details.size();
    if (n == 0) return;
    double gap = 6 * u_;
    double w = (r.w - gap * static_cast<double>(n - 1)) / static_cast<double>(n);
    double x = r.x;
    if (doc_.inset) {
        add_text(l, doc_.inset_title, cap, x, r.y, w);
        draw_inset(l, {x, r.y + ch, w, r.h - ch});
        x += w + gap;
    }
    for (const auto& d : doc_.details) {
        add_text(l, d.title, cap, x, r.y, w);
        draw_detail(l, {x, r.y + ch, w, r.h - ch}, d);
        x += w + gap;
    }
}

void SceneBuilder::draw_panel() {
    auto& l = layer("panel");
    double x = panel_.x + 6 * u_, w = panel_.w - 12 * u_;
    double y = panel_.y + 2 * u_;
    if (landscape_) {
        y += add_heading(l, doc_.title, text_style(style_.title_pt * u_, true), x, y, w) + 3 * u_;
        y += add_heading(l, doc_.subtitle, text_style(style_.subtitle_pt * u_), x, y, w) + 8 * u_;
        TextStyle ns = text_style(style_.note_pt * u_, false, false);
        ns.colour = style_.muted_text;
        std::string notes;
        for (const auto& n : doc_.notes) notes += (notes.empty() ? "" : "\n") + n;
        notes += "\n" + doc_.source_line;
        TextExtent ne = measure_.measure(notes, ns, w);
        // The legend keeps above the notes (a table, drawn after it, is short).
        y += draw_legend(l, x, y, w, doc_.table ? std::numeric_limits<double>::infinity() : panel_.y + panel_.h - ne.height_pt - 6 * u_ - y) +
             6 * u_;
        if (doc_.table) y += draw_table(l, x, y, w) + 6 * u_;
        double inset_h = std::min(w * 0.5, panel_.y + panel_.h - y);
        double notes_y = panel_.y + panel_.h - ne.height_pt;
        const bool minimaps = doc_.inset || !doc_.details.empty();
        if (minimaps && notes_y - y > 40 * u_) {
            double ih = std::min(inset_h, notes_y - y - 6 * u_);
            draw_minimaps(l, {x, y, w, ih});
            y += ih + 6 * u_;
        } else if (minimaps) {
            diag_.info("layout.inset", fmt::format("{}: no room for the inset map; left out", doc_.page.name));
        }
        if (notes_y < y) {
            diag_.warning("layout.overflow", fmt::format("{}: the panel text is taller than the page; notes overlap", doc_.page.name));
            notes_y = y;
        }
        add_text(l, notes, ns, x, notes_y, w);
    } else {
        // Portrait: title across the top of the panel, then two columns.
        y += add_heading(l, doc_.title, text_style(style_.title_pt * u_, true), x, y, w) + 2 * u_;
        y += add_heading(l, doc_.subtitle, text_style(style_.subtitle_pt * u_), x, y, w) + 6 * u_;
        double cw = (w - 12 * u_) / 2;
        double ly = y + draw_legend(l, x, y, cw, panel_.y + panel_.h - y - 6 * u_) + 6 * u_;
        double x2 = x + cw + 12 * u_;
        double ry = y;
        if (doc_.table) ry += draw_table(l, x2, ry, cw) + 6 * u_;
        TextStyle ns = text_style(style_.note_pt * u_);
        ns.colour = style_.muted_text;
        std::string notes;
        for (const auto& n : doc_.notes) notes += (notes.empty() ? "" : "\n") + n;
        notes += "\n" + doc_.source_line;
        TextExtent ne = measure_.measure(notes, ns, cw);
        double bottom = panel_.y + panel_.h;
        const bool minimaps = doc_.inset || !doc_.details.empty();
        // Location and detail views: under the legend if there is room, else in the
        // right column between the table and the notes.
        if (minimaps && bottom - ly - 6 * u_ > 30 * u_) {
            draw_minimaps(l, {x, ly, cw, std::min(cw * 0.62, bottom - ly)});
        } else if (minimaps && bottom - ne.height_pt - ry - 10 * u_ > 30 * u_) {
            double h = std::min(cw * 0.62, bottom - ne.height_pt - ry - 10 * u_);
            draw_minimaps(l, {x2, ry, cw, h});
            ry += h + 6 * u_;
        } else if (minimaps) {
            diag_.info("layout.inset", fmt::format("{}: no room for the location and detail views; left out", doc_.page.name));
        }
        if (ry + ne.height_pt > bottom)
            diag_.warning("layout.overflow", fmt::format("{}: the panel text is taller than the page; notes overlap", doc_.page.name));
        add_text(l, notes, ns, x2, std::max(ry, bottom - ne.height_pt), cw);
    }
}

void SceneBuilder::place_places() {
    auto& markers = layer("places");
    auto& texts = layer("place-labels");
    const double base = style_.place_label_pt * u_;
    // Markers first, all reserved, so no label covers any marker.
    struct Placed { const MapPlace* place; PageXY at; double r; };
    std::vector<Placed> placed;
    for (const auto& p : doc_.places) {
        PageXY at = to_page_(p.position);
        if (at.x < map_.x || at.x > map_.x + map_.w || at.y < map_.y || at.y > map_.y + map_.h) continue;
        SceneMarker m = marker_for(p, at);
        double r = m.size_pt / 2 + 0.8 * u_;
        labels_->add(PageBox{{at.x - r, at.y - r}, {at.x + r, at.y + r}});
        markers.items.push_back(m);
        placed.push_back({&p, at, r});
    }
    // Most important first: capital, sector HQs, towns, events.
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        auto rank = [](PlaceRole r) { return r == PlaceRole::capital ? 0 : r == PlaceRole::sector_hq ? 1 : r == PlaceRole::town ? 2 : 3; };
        return rank(a.place->role) < rank(b.place->role);
    });
    // The operating areas' outlines: a label across one hides a stretch of the
    // line and sits on a busy background, so a free position clear of them
    // wins over a preferred one that crosses them.
    const auto& outlines = operating_outlines();
    for (const auto& p : placed) {
        TextStyle ts = text_style(base, p.place->role != PlaceRole::town && p.place->role != PlaceRole::event, true,
                                  p.place->role == PlaceRole::event);
        // Event labels stay in the text colour: red on the red of "significant" would
        // rely on the halo alone. The red diamond marks them as events.
        TextExtent e = measure_.measure(p.place->label, ts);
        std::optional<PageBox> chosen, first_free;
        for (const auto& box : candidate_boxes(p.at, p.r, e.width_pt, e.height_pt)) {
            PageBox padded{{box.min_corner().x - 1, box.min_corner().y - 0.5}, {box.max_corner().x + 1, box.max_corner().y + 0.5}};
            if (!labels_->fits(padded)) continue;
            if (!first_free) first_free = box;
            if (!crosses_any_ring(padded, outlines)) {
                chosen = box;
                break;
            }
        }
        if (!chosen) chosen = first_free;
        const bool done = chosen.has_value();
        if (chosen) {
            const PageBox& box = *chosen;
            labels_->add(PageBox{{box.min_corner().x - 1, box.min_corner().y - 0.5}, {box.max_corner().x + 1, box.max_corner().y + 0.5}});
            SceneText st = text_item(e, ts, box.min_corner(), e.width_pt);
            st.title = p.place->tooltip;
            texts.items.push_back(std::move(st));
        }
        if (!done)
            diag_.warning("layout.label_dropped", fmt::format("{}: no free position for the label \"{}\"; dropped",
                                                              doc_.page.name, p.place->label));
    }
}

void SceneBuilder::place_region_labels() {
    auto& texts = layer("region-labels");
    // Offsets from the pole of inaccessibility, in label heights. The near
    // ones are where a name sits unless something is in the way; the wide
    // ones (nearest first) are tried only for a position clear of the
    // operating areas' outlines, which names keep off as place labels do (a
    // name across the dashed line hides it).
    static const std::vector<std::pair<double, double>> near{{0, 0}, {0, -1}, {0, 1}, {-1, 0}, {1, 0}, {0, -2}, {0, 2}};
    static const std::vector<std::pair<double, double>> wide = [] {
        std::vector<std::pair<double, double>> out;
        for (int dy = -6; dy <= 6; ++dy)
            for (int dx = -4; dx <= 4; ++dx)
                if (std::find(near.begin(), near.end(), std::pair<double, double>(dx, dy)) == near.end()) out.push_back({dx, dy});
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.first * a.first + a.second * a.second < b.first * b.first + b.second * b.second;
        });
        return out;
    }();
    const auto& outlines = operating_outlines();
    // Leader lines name the few areas too small for their names (Bamako's
    // district); on a layer of many areas they covered the map (the world's
    // 4,646 regions: a thousand callouts), so there names are drawn only
    // where they fit.
    constexpr std::size_t kMaxAreasWithLeaderLines = 40;
    const std::size_t labelled = static_cast<std::size_t>(
        std::count_if(doc_.areas.begin(), doc_.areas.end(), [](const MapArea& a) { return !a.label.empty() && !a.geometry.empty(); }));
    const bool leader_lines = labelled <= kMaxAreasWithLeaderLines;
    std::vector<std::string> dropped;
    for (const auto& a : doc_.areas) {
        if (a.label.empty() || a.geometry.empty()) continue;
        // The largest part of the area carries the label.
        const Polygon<MapXY>* largest = &a.geometry.front();
        for (const auto& poly : a.geometry)
            if (bg::area(poly) > bg::area(*largest)) largest = &poly;
        PagePolygon pp = page_polygon(*largest, to_page_);
        double dist = 0;
        PageXY pole = pole_of_inaccessibility(pp, 1.0, &dist);
        struct Candidate {
            PageBox box;
            TextStyle style;
            TextExtent extent;
        };
        std::optional<Candidate> chosen, first_free;
        for (double factor : {1.0, 0.85, 0.72}) {
            TextStyle ts = text_style(style_.region_label_pt * u_ * factor, true, true);
            ts.colour = style_.muted_text;
            TextExtent e = measure_.measure(a.label, ts);
            // Inside the region and free; clear of the outlines if it can be.
            auto consider = [&](const std::vector<std::pair<double, double>>& offsets, bool only_clear) {
                for (auto [dx, dy] : offsets) {
                    PageXY c{pole.x + dx * e.height_pt, pole.y + dy * e.height_pt};
                    PageBox box{{c.x - e.width_pt / 2, c.y - e.height_pt / 2}, {c.x + e.width_pt / 2, c.y + e.height_pt / 2}};
                    if (!box_inside(box, pp) || !labels_->fits(box)) continue;
                    if (!only_clear && !first_free) first_free = Candidate{box, ts, e};
                    const double gap = 2 * u_;  // clear of a line by a little, not just off it
                    if (!crosses_any_ring(PageBox{{box.min_corner().x - gap, box.min_corner().y - gap},
                                                  {box.max_corner().x + gap, box.max_corner().y + gap}},
                                          outlines)) {
                        chosen = Candidate{box, ts, e};
                        return;
                    }
                }
            };
            consider(near, false);
            if (!chosen && !outlines.empty()) consider(wide, true);
            if (chosen) break;
        }
        if (!chosen) chosen = first_free;
        bool placed = chosen.has_value();
        if (chosen) {
            labels_->add(chosen->box);
            texts.items.push_back(text_item(chosen->extent, chosen->style, chosen->box.min_corner(), chosen->extent.width_pt,
                                            SceneText::Align::centre));
        }
        // A district too small for its name that carries a town of the same name
        // (Bamako) is named by the town's label already.
        bool named_by_place = std::any_of(doc_.places.begin(), doc_.places.end(), [&](const MapPlace& p) {
            return p.label == a.label && bg::covered_by(p.position, a.geometry);
        });
        if (!placed && named_by_place) continue;
        if (!placed && leader_lines) {
            // Too small for its name: a leader line to a free spot.
            TextStyle ts = text_style(style_.region_label_pt * u_ * 0.8, true, true);
            ts.colour = style_.muted_text;
            TextExtent e = measure_.measure(a.label, ts);
            for (double reach : {22.0, 34.0, 48.0}) {
                for (const auto& box : candidate_boxes(pole, reach * u_, e.width_pt, e.height_pt)) {
                    if (!labels_->fits(box)) continue;
                    labels_->add(box);
                    PageXY mid{(box.min_corner().x + box.max_corner().x) / 2, (box.min_corner().y + box.max_corner().y) / 2};
                    ScenePath leader;
                    leader.closed = false;
                    double t = 0.85;
                    leader.rings = {{pole, {pole.x + (mid.x - pole.x) * t, pole.y + (mid.y - pole.y) * t}}};
                    leader.stroke = LineStyle{style_.muted_text, 0.6 * u_, {}};
                    texts.items.push_back(leader);
                    texts.items.push_back(text_item(e, ts, box.min_corner(), e.width_pt));
                    placed = true;
                    break;
                }
                if (placed) break;
            }
        }
        if (!placed) dropped.push_back(a.label);
    }
    // Each dropped name said, up to a few; beyond that one line for them all
    // (the world's regions: 3,191 lines of warnings before).
    constexpr std::size_t kNamedDrops = 5;
    if (dropped.size() <= kNamedDrops) {
        for (const auto& label : dropped)
            diag_.warning("layout.label_dropped", fmt::format("{}: no room for the region label \"{}\"; dropped", doc_.page.name, label));
    } else {
        diag_.warning("layout.label_dropped",
                      fmt::format("{}: no room for {} of the {} region labels; dropped ({})", doc_.page.name,
                                  dropped.size(), labelled, core::quoted_list(dropped, kNamedDrops)));
    }
    // Neighbouring country names, muted, where there is room inside the frame.
    for (const auto& n : doc_.neighbours) {
        if (n.label.empty() || n.geometry.empty()) continue;
        const Polygon<MapXY>* largest = &n.geometry.front();
        for (const auto& poly : n.geometry)
            if (bg::area(poly) > bg::area(*largest)) largest = &poly;
        PagePolygon pp = page_polygon(*largest, to_page_);
        double dist = 0;
        PageXY pole = pole_of_inaccessibility(pp, 1.0, &dist);
        TextStyle ts = text_style(style_.neighbour_label_pt * u_, false, false, true);
        ts.colour = style_.muted_text;
        TextExtent e = measure_.measure(n.label, ts);
        PageBox box{{pole.x - e.width_pt / 2, pole.y - e.height_pt / 2}, {pole.x + e.width_pt / 2, pole.y + e.height_pt / 2}};
        if (!box_inside(box, pp) || !labels_->fits(box)) continue;
        labels_->add(box);
        texts.items.push_back(text_item(e, ts, box.min_corner(), e.width_pt, SceneText::Align::centre));
    }
}

}  // namespace

Rect map_rect_for(const PagePreset& page, bool bare) {
    const double W = page.width_pt, H = page.height_pt;
    if (bare) return {0, 0, W, H};
    const double m = 14 * unit_for(page);
    if (W / H >= 1.15) return {m, m, W * 0.685 - 2 * m, H - 2 * m};
    return {m, m, W - 2 * m, std::min(W - 2 * m, H * 0.62)};
}

namespace {

Scene SceneBuilder::build() {
    scene_.width_pt = doc_.page.width_pt;
    scene_.height_pt = doc_.page.height_pt;
    scene_.dpi = doc_.page.dpi;
    scene_.background = style_.page_background;
    scene_.metadata = doc_.metadata;
    compute_regions();
    draw_map();
    if (doc_.bare) return std::move(scene_);
    draw_scale_and_north();
    if (doc_.draw_labels) {
        place_places();
        place_region_labels();
    }
    draw_panel();
    return std::move(scene_);
}

}  // namespace

Scene layout_map(const MapDocument& doc, const TextMeasurer& measurer, core::Diagnostics& diagnostics) {
    return SceneBuilder(doc, measurer, diagnostics).build();
}

}  // namespace threatmap::layout
