#include "render/cairo_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "render/pango_setup.hpp"
#include "render/png_encoder.hpp"
#include "render/shapes.hpp"

namespace threatmap::render {

namespace {

constexpr double pi = 3.14159265358979323846;

struct SurfaceDestroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDestroy {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroy>;
using CairoPtr = std::unique_ptr<cairo_t, ContextDestroy>;

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(std::string(what) + ": " + cairo_status_to_string(status));
}

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

double line_height(const layout::SceneText& text) {
    // The layout always sets it; 1.2 em keeps lines apart if it did not.
    return text.line_height_pt > 0 ? text.line_height_pt : text.style.size_pt * 1.2;
}

class Painter {
public:
    Painter(cairo_t* cr, const layout::Scene& scene) : cr_(cr), scene_(scene), vector_(is_vector(cr)) {}

    void draw() {
        // What this surface shows, in page points (a band of a PNG, or the page).
        cairo_clip_extents(cr_, &view_x0_, &view_y0_, &view_x1_, &view_y1_);
        if (scene_.background.a > 0) {
            set_colour(cr_, scene_.background);
            cairo_rectangle(cr_, 0, 0, scene_.width_pt, scene_.height_pt);
            cairo_fill(cr_);
        }
        for (const auto& layer : scene_.layers) {
            // Consecutive paths clipped to the map share one clip: setting it per
            // path cost a save/clip/restore for each of W2's 4,646 regions.
            const auto& items = layer.items;
            for (std::size_t i = 0; i < items.size();) {
                std::size_t j = i;
                while (j < items.size() && clipped_path(items[j])) ++j;
                if (j > i) {
                    maybe_clipped(true, [&] {
                        for (std::size_t k = i; k < j; ++k) draw_path(std::get<layout::ScenePath>(items[k]));
                    });
                    i = j;
                } else {
                    std::visit([this](const auto& x) { draw_item(x); }, items[i++]);
                }
            }
        }
    }

private:
    cairo_t* cr_;
    const layout::Scene& scene_;
    const bool vector_;
    double view_x0_ = 0, view_y0_ = 0, view_x1_ = 0, view_y1_ = 0;
    detail::ContextPtr pango_;  // set up by the first text drawn (pango())

    // The Pango context text is shaped with, made at the first text: a map
    // without text (--bare, W2) never starts fontconfig (~20 ms of a core
    // that its other band needs). The calling thread's default font map:
    // render_* are free functions that use Pango only within one call, on
    // one thread. Text is shaped in user space at the shaping size
    // (pango_setup.hpp), as the measurer shapes it, not at the device size
    // of the Cairo matrix (that would be one more fontconfig match per size
    // and dpi); the matrix applies when the glyphs are drawn.
    PangoContext* pango() {
        if (!pango_) {
            pango_.reset(pango_cairo_create_context(cr_));
            detail::configure_context(pango_.get());
            pango_context_set_matrix(pango_.get(), nullptr);
        }
        return pango_.get();
    }

    // Vector pages: each glyph's halo drawn once, as a recording that the page
    // places wherever the glyph is (PDF: one form XObject per glyph, used by
    // reference). Stroked line by line, the halos' glyph outlines were 60% of
    // a slide PDF's instructions (formatting every coordinate, compressing
    // them). Key: the font (at the shaping size), the glyph, the halo width in
    // the glyph's units and the halo colour.
    struct HaloGlyph {
        PangoFont* font;
        PangoGlyph glyph;
        double width, r, g, b;
        bool operator<(const HaloGlyph& o) const {
            return std::tie(font, glyph, width, r, g, b) < std::tie(o.font, o.glyph, o.width, o.r, o.g, o.b);
        }
    };
    struct HaloRecording {
        SurfacePtr surface;  // in the glyph's units, origin on its baseline
    };
    std::map<HaloGlyph, HaloRecording> halo_glyphs_;
    std::vector<std::unique_ptr<PangoFont, detail::GObjectUnref>> halo_fonts_;  // keeps the keys' fonts alive

    // The recording of one glyph's halo (the glyph outline stroked at `width`,
    // in the glyph's units, origin on its baseline), with no surface for a
    // glyph without ink; nullptr if Cairo cannot give the glyph's outline.
    const HaloRecording* halo_recording(PangoFont* font, PangoGlyph glyph, double width, const Colour& c) {
        const HaloGlyph key{font, glyph, width, c.r, c.g, c.b};
        auto it = halo_glyphs_.find(key);
        if (it == halo_glyphs_.end()) {
            cairo_scaled_font_t* sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
            if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) return nullptr;
            cairo_glyph_t g{glyph, 0, 0};
            cairo_text_extents_t ext;
            cairo_scaled_font_glyph_extents(sf, &g, 1, &ext);
            HaloRecording rec{SurfacePtr()};
            if (ext.width > 0 && ext.height > 0) {
                const double m = width / 2 + 1;
                const cairo_rectangle_t box{ext.x_bearing - m, ext.y_bearing - m, ext.width + 2 * m, ext.height + 2 * m};
                rec.surface.reset(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box));
                CairoPtr rc(cairo_create(rec.surface.get()));
                cairo_set_scaled_font(rc.get(), sf);
                cairo_glyph_path(rc.get(), &g, 1);
                cairo_set_source_rgb(rc.get(), c.r, c.g, c.b);
                cairo_set_line_width(rc.get(), width);
                cairo_set_line_join(rc.get(), CAIRO_LINE_JOIN_ROUND);
                cairo_stroke(rc.get());
                if (cairo_status(rc.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
            }
            halo_fonts_.emplace_back(PANGO_FONT(g_object_ref(font)));
            it = halo_glyphs_.emplace(key, std::move(rec)).first;
        }
        return &it->second;
    }

    // A line's halo from the glyphs' recordings, on a vector page, in the
    // line's space (in_line_space); false (and nothing drawn) for a line with
    // a glyph Pango draws itself (the box of a character no font has) or whose
    // outline Cairo cannot give.
    bool halo_by_glyph(PangoLayout* layout, double scale, const layout::TextStyle& style) {
        const double width = style.halo_width_pt * 2 / scale;  // in the glyphs' units (the shaping size)
        struct Use {
            const HaloRecording* rec;
            double gx, gy;
        };
        std::vector<Use> uses;
        PangoLayoutIter* iter = pango_layout_get_iter(layout);
        bool ok = true;
        do {
            PangoGlyphItem* run = pango_layout_iter_get_run_readonly(iter);
            if (!run) continue;
            PangoRectangle logical;
            pango_layout_iter_get_run_extents(iter, nullptr, &logical);
            const int baseline = pango_layout_iter_get_baseline(iter);
            int gx = logical.x;
            for (int i = 0; ok && i < run->glyphs->num_glyphs; ++i) {
                const PangoGlyphInfo& gi = run->glyphs->glyphs[i];
                if (gi.glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
                    ok = false;
                } else if (gi.glyph != PANGO_GLYPH_EMPTY) {
                    const HaloRecording* rec = halo_recording(run->item->analysis.font, gi.glyph, width, *style.halo);
                    ok = rec != nullptr;
                    if (ok && rec->surface)
                        uses.push_back({rec, static_cast<double>(gx + gi.geometry.x_offset) / PANGO_SCALE,
                                        static_cast<double>(baseline + gi.geometry.y_offset) / PANGO_SCALE});
                }
                gx += gi.geometry.width;
            }
        } while (ok && pango_layout_iter_next_run(iter));
        pango_layout_iter_free(iter);
        if (!ok) return false;
        for (const auto& u : uses) {
            cairo_save(cr_);
            cairo_translate(cr_, u.gx, u.gy);
            cairo_set_source_surface(cr_, u.rec->surface.get(), 0, 0);
            cairo_paint(cr_);
            cairo_restore(cr_);
        }
        return true;
    }

    template <typename F> void maybe_clipped(bool clip, F&& paint) {
        if (!clip || scene_.map_w_pt <= 0 || scene_.map_h_pt <= 0) {
            paint();
            return;
        }
        cairo_save(cr_);
        cairo_rectangle(cr_, scene_.map_x_pt, scene_.map_y_pt, scene_.map_w_pt, scene_.map_h_pt);
        cairo_clip(cr_);
        paint();
        cairo_restore(cr_);
    }

    struct Extent {
        double x0, y0, x1, y1;
    };

    void append_rings(const std::vector<std::vector<PageXY>>& rings, bool closed) {
        cairo_new_path(cr_);
        for (const auto& ring : rings) {
            if (ring.size() < 2) continue;
            cairo_move_to(cr_, ring[0].x, ring[0].y);
            for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr_, ring[i].x, ring[i].y);
            if (closed) cairo_close_path(cr_);
        }
    }

    // A closed path reaching more than `margin` above or below a raster
    // surface (a band of a PNG), cut to the surface's rows widened by the
    // margin: Cairo would turn every vertex of the path into edges and stroke
    // polygons, on every band the path crosses. The cut runs along rows
    // `margin` outside the surface, so its outline is never seen. Not for
    // dashed outlines (the dashes would start anew at the cut) or vector
    // surfaces (which show the whole page). Empty: use the path as it is.
    std::vector<std::vector<PageXY>> cut_to_rows(const layout::ScenePath& path, const Extent& e) const {
        std::vector<std::vector<PageXY>> cut;
        if (!path.closed || vector_target() || (path.stroke && !path.stroke->dash_pt.empty())) return cut;
        const double margin = (path.stroke ? path.stroke->width_pt : 0) + 2;
        const double y0 = view_y0_ - margin, y1 = view_y1_ + margin;
        if (e.y0 >= y0 && e.y1 <= y1) return cut;
        for (const auto& ring : path.rings) {
            auto r = detail::cut_ring_to_rows(ring, y0, y1);
            if (r.size() >= 3) cut.push_back(std::move(r));
        }
        if (cut.empty()) cut.push_back({});  // nothing left on this surface
        return cut;
    }

    static bool clipped_path(const layout::SceneItem& item) {
        const auto* path = std::get_if<layout::ScenePath>(&item);
        return path && path->clip_to_map;
    }

    void draw_item(const layout::ScenePath& path) {
        maybe_clipped(path.clip_to_map, [&] { draw_path(path); });
    }

    static Extent extent(const layout::ScenePath& path) {
        Extent e{HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
        for (const auto& ring : path.rings)
            for (const auto& p : ring) {
                e.x0 = std::min(e.x0, p.x), e.x1 = std::max(e.x1, p.x);
                e.y0 = std::min(e.y0, p.y), e.y1 = std::max(e.y1, p.y);
            }
        return e;
    }

    // False for a path wholly outside the surface (a PNG band): Cairo would
    // only find that out after taking in every vertex.
    bool visible(const layout::ScenePath& path, const Extent& e) const {
        const double m = (path.stroke ? path.stroke->width_pt : 0) + 1;
        return e.x1 + m >= view_x0_ && e.x0 - m <= view_x1_ && e.y1 + m >= view_y0_ && e.y0 - m <= view_y1_;
    }

    // A line at most two device pixels wide, on a raster surface: drawn with
    // Cairo's 16-samples-per-pixel rasteriser and bevel joins. At that width
    // neither shows (a join differs by a fraction of a pixel, and 16 coverage
    // steps are as many as a line that thin can show; compared at 4x on the
    // slide's 1.8 px region borders), and the outlines of W2's regions stroke
    // in half the time (fill and 0.5 px stroke in BM_W2FloorRasterOnly:
    // 235 -> 157 ms); a slide PNG draws in 11% fewer instructions than with
    // the limit at one pixel.
    bool hairline(const LineStyle& line) const {
        if (vector_target()) return false;
        double dx = line.width_pt, dy = 0;
        cairo_user_to_device_distance(cr_, &dx, &dy);
        return std::hypot(dx, dy) <= 2.0;
    }

    void draw_path(const layout::ScenePath& path) {
        const Extent e = extent(path);
        if (!visible(path, e)) return;
        const bool stroked = path.stroke && path.stroke->width_pt > 0 && path.stroke->colour.a > 0;
        const bool thin = stroked && hairline(*path.stroke);
        const auto cut = cut_to_rows(path, e);
        const auto& rings = cut.empty() ? path.rings : cut;
        if (path.closed && path.fill) {
            const FillStyle& fill = *path.fill;
            append_rings(rings, true);
            cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
            if (fill.fill.a > 0) {
                set_colour(cr_, fill.fill);
                // A solid, opaque outline drawn over it hides the fill's edge:
                // the faster rasteriser too (W2 fills 79 -> 53 ms).
                if (thin && path.stroke->dash_pt.empty() && path.stroke->colour.a >= 1)
                    cairo_set_antialias(cr_, CAIRO_ANTIALIAS_FAST);
                cairo_fill_preserve(cr_);
                cairo_set_antialias(cr_, CAIRO_ANTIALIAS_DEFAULT);
            }
            if (fill.hatch != Hatch::none && fill.hatch_colour.a > 0) {
                cairo_save(cr_);
                cairo_clip(cr_);
                draw_hatch(fill);
                cairo_restore(cr_);
            }
            cairo_new_path(cr_);
        }
        if (stroked) {
            const LineStyle& line = *path.stroke;
            append_rings(rings, path.closed);
            set_colour(cr_, line.colour);
            cairo_set_line_width(cr_, line.width_pt);
            cairo_set_line_join(cr_, thin ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
            cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
            cairo_set_dash(cr_, line.dash_pt.empty() ? nullptr : line.dash_pt.data(),
                           static_cast<int>(line.dash_pt.size()), 0);
            if (thin) cairo_set_antialias(cr_, CAIRO_ANTIALIAS_FAST);
            cairo_stroke(cr_);
            cairo_set_antialias(cr_, CAIRO_ANTIALIAS_DEFAULT);
            cairo_set_dash(cr_, nullptr, 0, 0);
        }
    }

    // A page of a vector format (PDF, SVG, PS) rather than pixels; asked once
    // per surface, not per path.
    static bool is_vector(cairo_t* cr) {
        const auto type = cairo_surface_get_type(cairo_get_target(cr));
        return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG || type == CAIRO_SURFACE_TYPE_PS;
    }
    bool vector_target() const { return vector_; }

    // In a PDF, dots as one tiling pattern: a dot per s x s cell, anchored at
    // the page origin like the raster dots. Written out dot by dot they were
    // thousands of arcs, and formatting and compressing them most of a PDF
    // map's time. (Raster keeps the arcs: a repeated tile would be resampled
    // wherever the cell is not a whole number of pixels.)
    void paint_dot_tiles(const FillStyle& fill, double s, double r) {
        cairo_rectangle_t cell{0, 0, s, s};
        SurfacePtr tile(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &cell));
        {
            CairoPtr c(cairo_create(tile.get()));
            set_colour(c.get(), fill.hatch_colour);
            cairo_arc(c.get(), s / 2, s / 2, r, 0, 2 * pi);
            cairo_fill(c.get());
        }
        cairo_pattern_t* dots = cairo_pattern_create_for_surface(tile.get());
        cairo_pattern_set_extend(dots, CAIRO_EXTEND_REPEAT);
        cairo_set_source(cr_, dots);
        cairo_paint(cr_);
        cairo_pattern_destroy(dots);
    }

    // On a raster surface whose dot cell is a whole number of pixels (the
    // usual case: 3.5 pt at 144 dpi is 7 px), dots as one repeated tile of
    // pixels: each dot falls on the same pixel phase as the arc it replaces,
    // and a slide's dotted areas paint in a tenth of the time. False (nothing
    // drawn) when the cell is not whole pixels or the surface is rotated.
    bool paint_pixel_dot_tiles(const FillStyle& fill, double s, double r) {
        cairo_matrix_t ctm;
        cairo_get_matrix(cr_, &ctm);
        const double k = ctm.xx, n = s * k;
        auto whole = [](double v) { return std::abs(v - std::round(v)) < 1e-9; };
        if (ctm.xy != 0 || ctm.yx != 0 || ctm.yy != k || k <= 0 || !whole(n) || n < 2 || n > 256 || !whole(ctm.x0) ||
            !whole(ctm.y0))
            return false;
        const int cell = static_cast<int>(std::lround(n));
        SurfacePtr tile(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cell, cell));
        if (cairo_surface_status(tile.get()) != CAIRO_STATUS_SUCCESS) return false;
        {
            CairoPtr c(cairo_create(tile.get()));
            set_colour(c.get(), fill.hatch_colour);
            cairo_set_tolerance(c.get(), 0.25);  // as the arcs
            cairo_arc(c.get(), n / 2, n / 2, r * k, 0, 2 * pi);
            cairo_fill(c.get());
        }
        cairo_surface_flush(tile.get());
        cairo_pattern_t* dots = cairo_pattern_create_for_surface(tile.get());
        cairo_pattern_set_extend(dots, CAIRO_EXTEND_REPEAT);
        cairo_pattern_set_filter(dots, CAIRO_FILTER_NEAREST);
        // User space (points) to tile pixels, anchored at the page origin
        // whatever band of the image this surface is.
        cairo_matrix_t to_tile;
        cairo_matrix_init_scale(&to_tile, k, k);
        cairo_pattern_set_matrix(dots, &to_tile);
        cairo_set_source(cr_, dots);
        cairo_paint(cr_);
        cairo_pattern_destroy(dots);
        return true;
    }

    // Vector lines over the clip extents, on a grid anchored at the page
    // origin so that neighbouring areas with the same hatch line up (and so
    // that the SVG writer's userSpaceOnUse patterns coincide with these).
    void draw_hatch(const FillStyle& fill) {
        double x0, y0, x1, y1;
        cairo_clip_extents(cr_, &x0, &y0, &x1, &y1);
        if (x1 <= x0 || y1 <= y0) return;
        const double s = detail::hatch_spacing(fill);
        const double d = detail::hatch_period(fill);
        const double m = fill.hatch_width_pt + 1;  // overshoot so line ends fall outside the clip
        set_colour(cr_, fill.hatch_colour);
        cairo_set_line_width(cr_, fill.hatch_width_pt);
        cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
        cairo_set_dash(cr_, nullptr, 0, 0);
        cairo_new_path(cr_);

        auto diagonal = [&] {  // x + y = k d ("/" with y down)
            for (double k = std::floor((x0 + y0) / d); k * d <= x1 + y1 + d; ++k) {
                double c = k * d;
                cairo_move_to(cr_, c - (y0 - m), y0 - m);
                cairo_line_to(cr_, c - (y1 + m), y1 + m);
            }
        };
        auto back_diagonal = [&] {  // x - y = k d ("\")
            for (double k = std::floor((x0 - y1) / d); k * d <= x1 - y0 + d; ++k) {
                double c = k * d;
                cairo_move_to(cr_, c + (y0 - m), y0 - m);
                cairo_line_to(cr_, c + (y1 + m), y1 + m);
            }
        };
        switch (fill.hatch) {
            case Hatch::none: return;
            case Hatch::diagonal: diagonal(); break;
            case Hatch::back_diagonal: back_diagonal(); break;
            case Hatch::cross:
                diagonal();
                back_diagonal();
                break;
            case Hatch::horizontal:
                for (double k = std::floor(y0 / s - 0.5); (k + 0.5) * s <= y1 + s; ++k) {
                    cairo_move_to(cr_, x0 - m, (k + 0.5) * s);
                    cairo_line_to(cr_, x1 + m, (k + 0.5) * s);
                }
                break;
            case Hatch::vertical:
                for (double k = std::floor(x0 / s - 0.5); (k + 0.5) * s <= x1 + s; ++k) {
                    cairo_move_to(cr_, (k + 0.5) * s, y0 - m);
                    cairo_line_to(cr_, (k + 0.5) * s, y1 + m);
                }
                break;
            case Hatch::dots: {
                // Dot radius = hatch width: a 0.6 pt hatch gives 1.2 pt dots,
                // as heavy on the page as lines of that width.
                const double r = fill.hatch_width_pt;
                if (vector_target() && 2 * r < s) {
                    paint_dot_tiles(fill, s, r);
                    return;
                }
                if (2 * r < s && paint_pixel_dot_tiles(fill, s, r)) return;
                // Dots a pixel or two across: flattening each circle to Cairo's
                // default 0.1 px made the dotted areas a third of a slide's raster
                // time; 0.25 px is invisible at that size.
                cairo_set_tolerance(cr_, 0.25);
                for (double j = std::floor(y0 / s - 1); (j + 0.5) * s <= y1 + s; ++j)
                    for (double i = std::floor(x0 / s - 1); (i + 0.5) * s <= x1 + s; ++i) {
                        cairo_new_sub_path(cr_);
                        cairo_arc(cr_, (i + 0.5) * s, (j + 0.5) * s, r, 0, 2 * pi);
                    }
                cairo_fill(cr_);
                return;
            }
        }
        cairo_stroke(cr_);
    }

    // Rows of the surface a text or marker can touch, generously (an em above
    // and below for accents and descenders, the halo on both sides).
    bool rows_visible(double top, double bottom) const { return bottom >= view_y0_ && top <= view_y1_; }

    void draw_item(const layout::SceneText& text) {
        const double margin = text.style.size_pt + 2 * text.style.halo_width_pt + 2;
        if (!rows_visible(text.origin.y - margin,
                          text.origin.y + static_cast<double>(text.lines.size()) * line_height(text) + margin))
            return;
        const double scale = detail::shaping_scale(text.style);
        if (!(scale > 0)) return;
        struct Placed {
            detail::LayoutPtr layout;
            double x, y;
        };
        std::vector<Placed> placed;
        const double lh = line_height(text);
        for (std::size_t i = 0; i < text.lines.size(); ++i) {
            if (text.lines[i].empty()) continue;
            auto layout = detail::make_layout(pango(), text.lines[i], text.style);
            PangoRectangle logical;
            pango_layout_get_extents(layout.get(), nullptr, &logical);
            const double w = static_cast<double>(logical.width) / PANGO_SCALE * scale;
            double x = text.origin.x;
            if (text.align == layout::SceneText::Align::centre) x += (text.box_width_pt - w) / 2;
            if (text.align == layout::SceneText::Align::right) x += text.box_width_pt - w;
            placed.push_back({std::move(layout), x, text.origin.y + static_cast<double>(i) * lh});
        }
        // f() with the line's top-left corner at the origin and its glyphs'
        // units (the shaping size) scaled to the text's size; the matrix is
        // restored after (a path made in there stays in device space, so a
        // halo is stroked at its width in points).
        auto in_line_space = [&](const Placed& p, auto&& f) {
            cairo_new_path(cr_);
            cairo_save(cr_);
            cairo_translate(cr_, p.x, p.y);
            cairo_scale(cr_, scale, scale);
            cairo_move_to(cr_, 0, 0);
            f();
            cairo_restore(cr_);
        };
        // All halos before any text, so that a halo of line 2 cannot cover
        // the descenders of line 1.
        if (text.style.halo && text.style.halo_width_pt > 0 && text.style.halo->a > 0) {
            set_colour(cr_, *text.style.halo);
            cairo_set_line_width(cr_, text.style.halo_width_pt * 2);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(cr_, nullptr, 0, 0);
            // Cairo's faster rasteriser (16 coverage levels) for the halo: a
            // light band around the glyphs whose edge nobody reads, and
            // stroking glyph outlines was a fifth of a slide PNG's drawing
            // (its drawing 14% faster, by callgrind). The glyphs keep full antialiasing.
            if (!vector_target()) cairo_set_antialias(cr_, CAIRO_ANTIALIAS_FAST);
            const bool by_glyph = vector_target() && text.style.halo->a >= 1;  // a translucent halo must be one stroke
            for (auto& p : placed) {
                bool drawn = false;
                if (by_glyph) in_line_space(p, [&] { drawn = halo_by_glyph(p.layout.get(), scale, text.style); });
                if (drawn) continue;
                in_line_space(p, [&] { pango_cairo_layout_path(cr_, p.layout.get()); });
                cairo_stroke(cr_);
            }
            cairo_set_antialias(cr_, CAIRO_ANTIALIAS_DEFAULT);
        }
        set_colour(cr_, text.style.colour);
        for (auto& p : placed) in_line_space(p, [&] { pango_cairo_show_layout(cr_, p.layout.get()); });
        cairo_new_path(cr_);
    }

    void draw_item(const layout::SceneMarker& marker) {
        const double reach = marker.size_pt + marker.outline_width_pt + 2;
        if (!rows_visible(marker.centre.y - reach, marker.centre.y + reach)) return;
        cairo_new_path(cr_);
        auto outline = detail::marker_polygon(marker.shape, marker.centre, marker.size_pt);
        if (outline.empty()) {
            cairo_arc(cr_, marker.centre.x, marker.centre.y, marker.size_pt / 2, 0, 2 * pi);
        } else {
            cairo_move_to(cr_, outline[0].x, outline[0].y);
            for (std::size_t i = 1; i < outline.size(); ++i) cairo_line_to(cr_, outline[i].x, outline[i].y);
        }
        cairo_close_path(cr_);
        set_colour(cr_, marker.fill);
        cairo_fill_preserve(cr_);
        if (marker.outline_width_pt > 0 && marker.outline.a > 0) {
            set_colour(cr_, marker.outline);
            cairo_set_line_width(cr_, marker.outline_width_pt);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(cr_, nullptr, 0, 0);
            cairo_stroke(cr_);
        }
        cairo_new_path(cr_);
    }
};

void draw_scene(cairo_t* cr, const layout::Scene& scene) {
    Painter(cr, scene).draw();
    check(cairo_status(cr), "drawing the scene");
}

// ---- PNG ------------------------------------------------------------------

// Band `index` of `rows` rows (fewer for the last): whole rows shifted by
// whole pixels, so a band is what that part of one big surface would be,
// up to antialiasing where a path enters the band (Cairo's fast rasteriser
// can differ by a level there; the layout of bands does not depend on the
// number of threads, so neither do the bytes).
SurfacePtr draw_band(const layout::Scene& scene, int width, int height, int first_row, int rows) {
    rows = std::min(rows, height - first_row);
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, rows));
    check(cairo_surface_status(surface.get()),
          ("PNG rendering: cannot create a " + std::to_string(width) + " x " + std::to_string(height) + " pixel image")
              .c_str());
    CairoPtr cr(cairo_create(surface.get()));
    check(cairo_status(cr.get()), "PNG rendering: cannot create a Cairo context");
    cairo_translate(cr.get(), 0, -first_row);
    cairo_scale(cr.get(), scene.dpi / 72.0, scene.dpi / 72.0);
    draw_scene(cr.get(), scene);
    cairo_surface_flush(surface.get());
    check(cairo_surface_status(surface.get()), "PNG rendering");
    return surface;
}

// The rows of a PNG: bands, drawn one at a time by any thread, each cut
// into pieces of about kPieceRows rows, compressed one at a time by any
// thread (each piece a run of deflate blocks of its own, png_encoder.hpp).
// The pieces depend only on the image's height, never on the threads, so
// the bytes do not either.
class BandLayout {
public:
    static constexpr int kPieceRows = 64;

    BandLayout(int height, int band_rows) : height_(height), band_rows_(band_rows) {
        const std::size_t bands = static_cast<std::size_t>((height + band_rows - 1) / band_rows);
        first_piece_.push_back(0);
        for (std::size_t b = 0; b < bands; ++b)
            first_piece_.push_back(first_piece_.back() + static_cast<std::size_t>((rows(b) + kPieceRows - 1) / kPieceRows));
    }
    std::size_t count() const { return first_piece_.size() - 1; }
    int first_row(std::size_t band) const { return static_cast<int>(band) * band_rows_; }
    int rows(std::size_t band) const { return std::min(band_rows_, height_ - first_row(band)); }
    std::size_t piece_count() const { return first_piece_.back(); }
    std::size_t first_piece(std::size_t band) const { return first_piece_[band]; }
    std::size_t band_of(std::size_t piece) const {
        return static_cast<std::size_t>(std::upper_bound(first_piece_.begin(), first_piece_.end(), piece) - first_piece_.begin()) - 1;
    }
    // A piece's first row within its band, and its number of rows (the band's
    // rows shared out evenly: 135 rows are 68 + 67, not 64 + 64 + 7).
    std::pair<int, int> piece_rows(std::size_t piece) const {
        const std::size_t b = band_of(piece);
        const auto n = static_cast<long>(first_piece_[b + 1] - first_piece_[b]), k = static_cast<long>(piece - first_piece_[b]);
        const long r = rows(b);
        const auto first = static_cast<int>(r * k / n);
        return {first, static_cast<int>(r * (k + 1) / n) - first};
    }

private:
    int height_, band_rows_;
    std::vector<std::size_t> first_piece_;  // band b's pieces: [first_piece_[b], first_piece_[b + 1])
};

// Draws every band (draw(b) -> SurfacePtr) and compresses each of its pieces
// (compress(surface, piece)) on up to `threads` threads. A thread compresses
// any piece whose band is drawn and draws the next band only when there is
// none: the last band drawn is then compressed on every core, not by the
// thread that drew it while the others wait (W2 on two cores: 10-18 ms of
// one core at the end of the render). A band is freed when its last piece
// is compressed; at most 2 x threads - 1 are held at once. After an
// exception no new band or piece starts; it is rethrown once all threads
// have ended.
template <typename Draw, typename Compress>
void draw_then_compress(const BandLayout& bands, unsigned threads, Draw&& draw, Compress&& compress) {
    const std::size_t count = bands.count();
    std::vector<SurfacePtr> drawn(count);
    std::vector<std::size_t> unfinished(count);  // pieces of each band not yet compressed
    std::deque<std::size_t> ready;                // pieces of drawn bands nobody has taken
    std::size_t next_band = 0, bands_drawn = 0;
    bool stop = false;
    std::mutex mutex;
    std::condition_variable changed;
    const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
    core::run_workers(workers, [&](std::size_t) {
        std::unique_lock<std::mutex> lock(mutex);
        try {
            for (;;) {
                changed.wait(lock, [&] { return stop || !ready.empty() || next_band < count || bands_drawn == count; });
                if (stop || (ready.empty() && next_band == count)) return;
                if (!ready.empty()) {
                    const std::size_t piece = ready.front();
                    ready.pop_front();
                    const std::size_t b = bands.band_of(piece);
                    cairo_surface_t* surface = drawn[b].get();  // kept until its last piece is done
                    lock.unlock();
                    compress(surface, piece);
                    lock.lock();
                    if (--unfinished[b] == 0) drawn[b].reset();
                } else {
                    const std::size_t b = next_band++;
                    lock.unlock();
                    SurfacePtr surface = draw(b);
                    lock.lock();
                    drawn[b] = std::move(surface);
                    ++bands_drawn;
                    unfinished[b] = bands.first_piece(b + 1) - bands.first_piece(b);
                    for (std::size_t p = bands.first_piece(b); p < bands.first_piece(b + 1); ++p) ready.push_back(p);
                    changed.notify_all();
                }
            }
        } catch (...) {
            if (!lock.owns_lock()) lock.lock();
            stop = true;
            changed.notify_all();
            throw;
        }
    });
}

bool has_translucent_pixel(cairo_surface_t* band) {
    return detail::has_translucent_pixel(cairo_image_surface_get_data(band), cairo_image_surface_get_stride(band),
                                         cairo_image_surface_get_width(band), cairo_image_surface_get_height(band));
}

// ---- PDF stream ---------------------------------------------------------

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    } catch (...) {
        return CAIRO_STATUS_WRITE_ERROR;
    }
}

void set_metadata(cairo_surface_t* surface, cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) cairo_pdf_surface_set_metadata(surface, key, value.c_str());
}

}  // namespace

std::string render_png(const layout::Scene& scene, unsigned threads) {
    const int width = scene.pixel_width();
    const int height = scene.pixel_height();
    if (width <= 0 || height <= 0)
        throw Error("PNG rendering: the scene has no size (" + std::to_string(width) + " x " +
                    std::to_string(height) + " pixels)");
    // Bands of at most 32 MiB of pixels (a 30000 px square map on an opaque
    // background renders within 1.5 GB; on a transparent one every band is
    // kept until all are drawn, 3.6 GB), and about eight of them whatever the number of threads: each
    // thread draws the next band nobody has taken, so threads stay busy
    // however unevenly the paths fall, while every band re-walks the paths
    // that cross it (more bands, more of that).
    const int rows_for_memory = std::max(16, (32 << 20) / (4 * width));
    const BandLayout bands(height, std::min(rows_for_memory, std::max(128, (height + 7) / 8)));
    std::vector<detail::PngBand> encoded(bands.piece_count());
    auto deflate_piece = [&](cairo_surface_t* band, std::size_t piece, bool alpha) {
        const auto [first, rows] = bands.piece_rows(piece);
        const std::ptrdiff_t stride = cairo_image_surface_get_stride(band);
        encoded[piece] = detail::deflate_band(cairo_image_surface_get_data(band) + first * stride, stride, width, rows,
                                              alpha, piece + 1 == encoded.size());
    };
    // An opaque background leaves every pixel opaque: RGB, known before any
    // band is drawn, and a band's pieces are compressed as soon as it is drawn.
    // Otherwise the image is RGB only if every pixel turned out opaque, so
    // all bands are drawn and kept, and looked at before compressing.
    bool alpha = false;
    if (scene.background.a >= 1.0) {
        auto draw = [&](std::size_t b) { return draw_band(scene, width, height, bands.first_row(b), bands.rows(b)); };
        draw_then_compress(bands, threads, draw, [&](cairo_surface_t* band, std::size_t piece) { deflate_piece(band, piece, false); });
    } else {
        std::vector<SurfacePtr> drawn(bands.count());
        std::vector<char> translucent(bands.count(), 0);
        core::parallel_for_each_index(bands.count(), threads, [&](std::size_t b) {
            drawn[b] = draw_band(scene, width, height, bands.first_row(b), bands.rows(b));
            translucent[b] = has_translucent_pixel(drawn[b].get());
        });
        alpha = std::any_of(translucent.begin(), translucent.end(), [](char t) { return t != 0; });
        core::parallel_for_each_index(bands.piece_count(), threads,
                                      [&](std::size_t p) { deflate_piece(drawn[bands.band_of(p)].get(), p, alpha); });
    }
    return detail::assemble_png(width, height, alpha, scene.dpi, encoded);
}

std::string render_pdf(const layout::Scene& scene) { return render_pdf_pages({scene}); }

std::string render_pdf_pages(const std::vector<layout::Scene>& pages) {
    if (pages.empty()) throw Error("PDF rendering: no pages");
    for (const auto& page : pages)
        if (page.width_pt <= 0 || page.height_pt <= 0) throw Error("PDF rendering: a page has no size");
    const layout::Scene& scene = pages.front();  // the document's metadata
    std::string out;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append_to_string, &out, scene.width_pt, scene.height_pt));
    check(cairo_surface_status(surface.get()), "PDF rendering: cannot create the PDF surface");
    set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, scene.metadata.title);
    set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, scene.metadata.subject);
    set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, scene.metadata.author);
    set_metadata(surface.get(), CAIRO_PDF_METADATA_KEYWORDS, scene.metadata.keywords);
    set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, scene.metadata.creator);
    // Without a date Cairo writes the current time and no two runs match.
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    for (const auto& page : pages) {
        cairo_pdf_surface_set_size(surface.get(), page.width_pt, page.height_pt);
        CairoPtr cr(cairo_create(surface.get()));
        check(cairo_status(cr.get()), "PDF rendering: cannot create a Cairo context");
        draw_scene(cr.get(), page);
        cairo_show_page(cr.get());
        check(cairo_status(cr.get()), "PDF rendering");
    }
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "PDF rendering: writing the PDF failed");
    return out;
}

}  // namespace threatmap::render
