#include "render/svg_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <variant>

#include <fmt/core.h>

#include "render/shapes.hpp"

namespace threatmap::render {

namespace {

// Same fallback as the Cairo renderer.
double line_height(const layout::SceneText& text) {
    return text.line_height_pt > 0 ? text.line_height_pt : text.style.size_pt * 1.2;
}

// DejaVu Sans ascent (1901/2048 em), where Pango puts the first baseline
// below the top of a layout.
constexpr double baseline_em = 0.93;

// At most two decimals, no trailing zeros, no "-0": 0.01 pt is far below
// what any viewer can show and keeps files small.
std::string num(double v) {
    if (!std::isfinite(v)) return "0";
    std::string s = fmt::format("{:.2f}", v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0" || s.empty()) s = "0";
    return s;
}

// Number for use inside an id: "0.6" -> "0p6".
std::string id_num(double v) {
    std::string s = num(v);
    for (char& c : s)
        if (c == '.') c = 'p';
        else if (c == '-') c = 'm';
    return s;
}

// Length of the UTF-8 sequence starting at s[i] if it is valid, else 0.
std::size_t utf8_length(const std::string& s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
    return n;
}

std::string escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '&': out += "&amp;"; ++i; continue;
            case '<': out += "&lt;"; ++i; continue;
            case '>': out += "&gt;"; ++i; continue;
            case '"': out += "&quot;"; ++i; continue;
            case '\'': out += "&apos;"; ++i; continue;
            default: break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {  // not allowed in XML 1.0
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

std::string colour_hex(const Colour& c) { return c.hex(); }

std::string pattern_id(const FillStyle& f) {
    std::string id = "hatch-" + hatch_name(f.hatch) + "-" + colour_hex(f.hatch_colour).substr(1) + "-" +
                     id_num(detail::hatch_spacing(f)) + "-" + id_num(f.hatch_width_pt);
    if (f.hatch_colour.a < 1) id += "-a" + id_num(f.hatch_colour.a);
    return id;
}

bool has_hatch(const layout::ScenePath& p) {
    return p.closed && p.fill && p.fill->hatch != Hatch::none && p.fill->hatch_colour.a > 0;
}

class Writer {
public:
    explicit Writer(const layout::Scene& scene) : scene_(scene) {}

    std::string write() {
        const std::string w = num(scene_.width_pt), h = num(scene_.height_pt);
        out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        out_ += fmt::format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}pt\" height=\"{1}pt\" viewBox=\"0 0 {0} {1}\">\n",
            w, h);
        if (!scene_.metadata.title.empty()) out_ += "<title>" + escape(scene_.metadata.title) + "</title>\n";
        if (!scene_.metadata.description.empty()) out_ += "<desc>" + escape(scene_.metadata.description) + "</desc>\n";
        write_defs();
        if (scene_.background.a > 0)
            out_ += fmt::format("<rect id=\"background\" width=\"{}\" height=\"{}\"{}/>\n", w, h,
                                fill_attrs(scene_.background));
        for (const auto& layer : scene_.layers) {
            out_ += layer.id.empty() ? "<g>\n" : "<g id=\"" + escape(layer.id) + "\">\n";
            for (const auto& item : layer.items) std::visit([this](const auto& x) { write_item(x); }, item);
            out_ += "</g>\n";
        }
        out_ += "</svg>\n";
        return std::move(out_);
    }

private:
    const layout::Scene& scene_;
    std::string out_;

    bool can_clip() const { return scene_.map_w_pt > 0 && scene_.map_h_pt > 0; }

    void write_defs() {
        // One pattern per distinct hatch, ordered by id so that output does
        // not depend on the order items happen to come in.
        std::map<std::string, FillStyle> patterns;
        for (const auto& layer : scene_.layers)
            for (const auto& item : layer.items)
                if (const auto* p = std::get_if<layout::ScenePath>(&item); p && has_hatch(*p))
                    patterns.emplace(pattern_id(*p->fill), *p->fill);
        out_ += "<defs>\n";
        out_ += fmt::format("<clipPath id=\"map-frame\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n",
                            num(scene_.map_x_pt), num(scene_.map_y_pt), num(std::max(scene_.map_w_pt, 0.0)),
                            num(std::max(scene_.map_h_pt, 0.0)));
        for (const auto& [id, fill] : patterns) write_pattern(id, fill);
        out_ += "</defs>\n";
    }

    // Tiles anchored at the page origin, on the same grid as the Cairo
    // renderer's hatch lines (render/shapes.hpp).
    void write_pattern(const std::string& id, const FillStyle& f) {
        const double d = detail::hatch_period(f);
        const std::string D = num(d);
        out_ += fmt::format("<pattern id=\"{}\" patternUnits=\"userSpaceOnUse\" width=\"{}\" height=\"{}\">", id, D, D);
        const std::string stroke = stroke_attrs(f.hatch_colour, f.hatch_width_pt);
        // Each line overshoots the tile by 1 pt; the tile clips it, and the
        // short corner segments complete the lines that cross tile corners.
        const std::string slash = fmt::format("M-1,{} L{},-1 M{},{} L{},{} M{},{} L{},{}", num(d + 1), num(d + 1),
                                              num(-d / 4), num(d / 4), num(d / 4), num(-d / 4), num(3 * d / 4),
                                              num(5 * d / 4), num(5 * d / 4), num(3 * d / 4));
        const std::string back = fmt::format("M-1,-1 L{},{} M{},{} L{},{} M{},{} L{},{}", num(d + 1), num(d + 1),
                                             num(3 * d / 4), num(-d / 4), num(5 * d / 4), num(d / 4), num(-d / 4),
                                             num(3 * d / 4), num(d / 4), num(5 * d / 4));
        const std::string half = num(d / 2);
        switch (f.hatch) {
            case Hatch::none: break;
            case Hatch::diagonal: out_ += "<path d=\"" + slash + "\" fill=\"none\"" + stroke + "/>"; break;
            case Hatch::back_diagonal: out_ += "<path d=\"" + back + "\" fill=\"none\"" + stroke + "/>"; break;
            case Hatch::cross: out_ += "<path d=\"" + slash + " " + back + "\" fill=\"none\"" + stroke + "/>"; break;
            case Hatch::horizontal:
                out_ += fmt::format("<path d=\"M-1,{0} L{1},{0}\" fill=\"none\"{2}/>", half, num(d + 1), stroke);
                break;
            case Hatch::vertical:
                out_ += fmt::format("<path d=\"M{0},-1 L{0},{1}\" fill=\"none\"{2}/>", half, num(d + 1), stroke);
                break;
            case Hatch::dots:
                out_ += fmt::format("<circle cx=\"{0}\" cy=\"{0}\" r=\"{1}\"{2}/>", half, num(f.hatch_width_pt),
                                    fill_attrs(f.hatch_colour));
                break;
        }
        out_ += "</pattern>\n";
    }

    static std::string fill_attrs(const Colour& c) {
        std::string s = " fill=\"" + colour_hex(c) + "\"";
        if (c.a < 1) s += " fill-opacity=\"" + num(c.a) + "\"";
        return s;
    }

    static std::string stroke_attrs(const Colour& c, double width) {
        std::string s = " stroke=\"" + colour_hex(c) + "\" stroke-width=\"" + num(width) + "\"";
        if (c.a < 1) s += " stroke-opacity=\"" + num(c.a) + "\"";
        return s;
    }

    static std::string line_attrs(const LineStyle& l) {
        std::string s = stroke_attrs(l.colour, l.width_pt) + " stroke-linejoin=\"round\"";
        if (!l.dash_pt.empty()) {
            s += " stroke-dasharray=\"";
            for (std::size_t i = 0; i < l.dash_pt.size(); ++i) s += (i ? " " : "") + num(l.dash_pt[i]);
            s += "\"";
        }
        return s;
    }

    // Items with an id, a title or a clip are wrapped in a <g> carrying them,
    // so the title covers every element the item is drawn with.
    template <typename Item, typename F> void wrapped(const Item& item, bool clip, F&& body) {
        const bool group = !item.id.empty() || !item.title.empty() || clip;
        if (group) {
            out_ += "<g";
            if (!item.id.empty()) out_ += " id=\"" + escape(item.id) + "\"";
            if (clip) out_ += " clip-path=\"url(#map-frame)\"";
            out_ += ">";
            if (!item.title.empty()) out_ += "<title>" + escape(item.title) + "</title>";
            out_ += "\n";
        }
        body();
        if (group) out_ += "</g>\n";
    }

    static std::string path_data(const layout::ScenePath& p) {
        std::string d;
        for (const auto& ring : p.rings) {
            if (ring.size() < 2) continue;
            if (!d.empty()) d += ' ';
            d += "M" + num(ring[0].x) + "," + num(ring[0].y);
            for (std::size_t i = 1; i < ring.size(); ++i) d += " L" + num(ring[i].x) + "," + num(ring[i].y);
            if (p.closed) d += " Z";
        }
        return d;
    }

    void write_item(const layout::ScenePath& p) {
        const std::string d = path_data(p);
        if (d.empty()) return;
        const bool stroked = p.stroke && p.stroke->width_pt > 0 && p.stroke->colour.a > 0;
        const bool filled = p.closed && p.fill && p.fill->fill.a > 0;
        wrapped(p, p.clip_to_map && can_clip(), [&] {
            const std::string stroke = stroked ? line_attrs(*p.stroke) : "";
            const std::string start = "<path d=\"" + d + "\" fill-rule=\"nonzero\"";
            if (has_hatch(p)) {
                if (filled) out_ += start + fill_attrs(p.fill->fill) + "/>\n";
                out_ += start + " fill=\"url(#" + pattern_id(*p.fill) + ")\"" + stroke + "/>\n";
            } else {
                if (!filled && !stroked) return;
                out_ += start + (filled ? fill_attrs(p.fill->fill) : std::string(" fill=\"none\"")) + stroke + "/>\n";
            }
        });
    }

    void write_item(const layout::SceneText& t) {
        const auto& s = t.style;
        double x = t.origin.x;
        const char* anchor = "start";
        if (t.align == layout::SceneText::Align::centre) x += t.box_width_pt / 2, anchor = "middle";
        if (t.align == layout::SceneText::Align::right) x += t.box_width_pt, anchor = "end";
        std::string font = fmt::format(" font-family=\"{}\" font-size=\"{}\"", escape(s.family), num(s.size_pt));
        if (s.bold) font += " font-weight=\"bold\"";
        if (s.italic) font += " font-style=\"italic\"";
        font += fmt::format(" text-anchor=\"{}\"", anchor);

        std::string spans;
        const double lh = line_height(t);
        for (std::size_t i = 0; i < t.lines.size(); ++i) {
            if (t.lines[i].empty()) continue;
            const double y = t.origin.y + static_cast<double>(i) * lh + s.size_pt * baseline_em;
            spans += fmt::format("<tspan x=\"{}\" y=\"{}\">{}</tspan>", num(x), num(y), escape(t.lines[i]));
        }
        if (spans.empty()) return;
        wrapped(t, false, [&] {
            // The halo is a duplicate underneath, hidden from screen readers
            // so that each label is read once.
            if (s.halo && s.halo_width_pt > 0 && s.halo->a > 0)
                out_ += "<text aria-hidden=\"true\"" + font + fill_attrs(*s.halo) +
                        stroke_attrs(*s.halo, 2 * s.halo_width_pt) + " stroke-linejoin=\"round\">" + spans +
                        "</text>\n";
            out_ += "<text" + font + fill_attrs(s.colour) + ">" + spans + "</text>\n";
        });
    }

    void write_item(const layout::SceneMarker& m) {
        std::string paint = fill_attrs(m.fill);
        if (m.outline_width_pt > 0 && m.outline.a > 0)
            paint += stroke_attrs(m.outline, m.outline_width_pt) + " stroke-linejoin=\"round\"";
        wrapped(m, false, [&] {
            const double r = m.size_pt / 2;
            switch (m.shape) {
                case layout::MarkerShape::circle:
                    out_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>\n", num(m.centre.x), num(m.centre.y),
                                        num(r), paint);
                    return;
                case layout::MarkerShape::square:
                    out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>\n", num(m.centre.x - r),
                                        num(m.centre.y - r), num(m.size_pt), num(m.size_pt), paint);
                    return;
                default: {
                    std::string points;
                    for (const auto& pt : detail::marker_polygon(m.shape, m.centre, m.size_pt))
                        points += (points.empty() ? "" : " ") + num(pt.x) + "," + num(pt.y);
                    out_ += "<polygon points=\"" + points + "\"" + paint + "/>\n";
                }
            }
        });
    }
};

}  // namespace

std::string render_svg(const layout::Scene& scene) { return Writer(scene).write(); }

}  // namespace threatmap::render
