#include "render/cairo_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <csetjmp>
#include <memory>
#include <new>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <png.h>

#include "core/error.hpp"
#include "render/pango_setup.hpp"
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
    Painter(cairo_t* cr, const layout::Scene& scene) : cr_(cr), scene_(scene) {
        // The calling thread's default font map: render_* are free functions
        // that use Pango only within one call, on one thread.
        pango_.reset(pango_cairo_create_context(cr_));
        detail::configure_context(pango_.get());
    }

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
    double view_x0_ = 0, view_y0_ = 0, view_x1_ = 0, view_y1_ = 0;
    detail::ContextPtr pango_;

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

    void append_rings(const layout::ScenePath& path) {
        cairo_new_path(cr_);
        for (const auto& ring : path.rings) {
            if (ring.size() < 2) continue;
            cairo_move_to(cr_, ring[0].x, ring[0].y);
            for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr_, ring[i].x, ring[i].y);
            if (path.closed) cairo_close_path(cr_);
        }
    }

    static bool clipped_path(const layout::SceneItem& item) {
        const auto* path = std::get_if<layout::ScenePath>(&item);
        return path && path->clip_to_map;
    }

    void draw_item(const layout::ScenePath& path) {
        maybe_clipped(path.clip_to_map, [&] { draw_path(path); });
    }

    // False for a path wholly outside the surface (a PNG band): Cairo would
    // only find that out after taking in every vertex.
    bool visible(const layout::ScenePath& path) const {
        double x0 = view_x1_, y0 = view_y1_, x1 = view_x0_, y1 = view_y0_;
        for (const auto& ring : path.rings)
            for (const auto& p : ring) {
                x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
                y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
            }
        const double m = (path.stroke ? path.stroke->width_pt : 0) + 1;
        return x1 + m >= view_x0_ && x0 - m <= view_x1_ && y1 + m >= view_y0_ && y0 - m <= view_y1_;
    }

    void draw_path(const layout::ScenePath& path) {
        if (!visible(path)) return;
        if (path.closed && path.fill) {
            const FillStyle& fill = *path.fill;
            append_rings(path);
            cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
            if (fill.fill.a > 0) {
                set_colour(cr_, fill.fill);
                cairo_fill_preserve(cr_);
            }
            if (fill.hatch != Hatch::none && fill.hatch_colour.a > 0) {
                cairo_save(cr_);
                cairo_clip(cr_);
                draw_hatch(fill);
                cairo_restore(cr_);
            }
            cairo_new_path(cr_);
        }
        if (path.stroke && path.stroke->width_pt > 0 && path.stroke->colour.a > 0) {
            const LineStyle& line = *path.stroke;
            append_rings(path);
            set_colour(cr_, line.colour);
            cairo_set_line_width(cr_, line.width_pt);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
            cairo_set_dash(cr_, line.dash_pt.empty() ? nullptr : line.dash_pt.data(),
                           static_cast<int>(line.dash_pt.size()), 0);
            cairo_stroke(cr_);
            cairo_set_dash(cr_, nullptr, 0, 0);
        }
    }

    bool vector_target() const {
        const auto type = cairo_surface_get_type(cairo_get_target(cr_));
        return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG || type == CAIRO_SURFACE_TYPE_PS;
    }

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
        struct Placed {
            detail::LayoutPtr layout;
            double x, y;
        };
        std::vector<Placed> placed;
        const double lh = line_height(text);
        for (std::size_t i = 0; i < text.lines.size(); ++i) {
            if (text.lines[i].empty()) continue;
            auto layout = detail::make_layout(pango_.get(), text.lines[i], text.style);
            PangoRectangle logical;
            pango_layout_get_extents(layout.get(), nullptr, &logical);
            const double w = static_cast<double>(logical.width) / PANGO_SCALE;
            double x = text.origin.x;
            if (text.align == layout::SceneText::Align::centre) x += (text.box_width_pt - w) / 2;
            if (text.align == layout::SceneText::Align::right) x += text.box_width_pt - w;
            placed.push_back({std::move(layout), x, text.origin.y + static_cast<double>(i) * lh});
        }
        // All halos before any text, so that a halo of line 2 cannot cover
        // the descenders of line 1.
        if (text.style.halo && text.style.halo_width_pt > 0 && text.style.halo->a > 0) {
            set_colour(cr_, *text.style.halo);
            cairo_set_line_width(cr_, text.style.halo_width_pt * 2);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(cr_, nullptr, 0, 0);
            for (auto& p : placed) {
                cairo_new_path(cr_);
                cairo_move_to(cr_, p.x, p.y);
                pango_cairo_layout_path(cr_, p.layout.get());
                cairo_stroke(cr_);
            }
        }
        set_colour(cr_, text.style.colour);
        for (auto& p : placed) {
            cairo_new_path(cr_);
            cairo_move_to(cr_, p.x, p.y);
            pango_cairo_show_layout(cr_, p.layout.get());
        }
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

// ---- PNG encoding -------------------------------------------------------

struct PngSink {
    std::string* out;
    bool out_of_memory = false;
    char message[256] = {};
};

void png_write_bytes(png_structp png, png_bytep data, png_size_t length) {
    auto* sink = static_cast<PngSink*>(png_get_io_ptr(png));
    try {
        sink->out->append(reinterpret_cast<const char*>(data), length);
    } catch (const std::bad_alloc&) {
        sink->out_of_memory = true;
    }
    if (sink->out_of_memory) png_error(png, "out of memory");
}

void png_flush_bytes(png_structp) {}

void png_on_error(png_structp png, png_const_charp message) {
    auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
    std::strncpy(sink->message, message ? message : "unknown libpng error", sizeof sink->message - 1);
    png_longjmp(png, 1);
}

void png_on_warning(png_structp, png_const_charp) {}

// Un-premultiplies Cairo's native-endian ARGB32 into RGB or RGBA bytes.
void convert_row(const unsigned char* src, unsigned char* dst, int width, bool alpha) {
    for (int x = 0; x < width; ++x) {
        std::uint32_t px;
        std::memcpy(&px, src + 4 * x, 4);
        unsigned a = px >> 24, r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
        if (a != 255 && a != 0) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        *dst++ = static_cast<unsigned char>(r);
        *dst++ = static_cast<unsigned char>(g);
        *dst++ = static_cast<unsigned char>(b);
        if (alpha) *dst++ = static_cast<unsigned char>(a);
    }
}

// The image as horizontal bands of rows, each its own Cairo surface. Bands
// are drawn by whichever thread gets to them first, in order; the encoder
// (the calling thread) takes their rows in order, drawing the next band itself
// while it waits, and frees each band once encoded, so only the bands in
// flight are in memory (at most 32 MiB each; see render_png).
class Bands {
public:
    // keep: bands stay in memory after their rows were taken (a second pass).
    Bands(const layout::Scene& scene, int width, int height, int rows_per_band, bool keep)
        : scene_(scene), width_(width), height_(height), rows_(rows_per_band), keep_(keep) {
        const std::size_t n = static_cast<std::size_t>((height + rows_per_band - 1) / rows_per_band);
        surfaces_.resize(n);
        done_.assign(n, 0);
        failed_.resize(n);
    }
    std::size_t count() const { return surfaces_.size(); }

    // Draws the next band nobody has taken; false when there is none.
    bool draw_next() {
        const std::size_t b = next_++;
        if (b >= count()) return false;
        SurfacePtr surface;
        std::exception_ptr error;
        try {
            surface = draw(static_cast<int>(b) * rows_);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            surfaces_[b] = std::move(surface);
            failed_[b] = error;
            done_[b] = 1;
        }
        changed_.notify_all();
        return true;
    }

    // Row y, drawn (by this thread if no other has taken its band yet).
    // nullptr when its band failed; the error is rethrown by rethrow_failure().
    const unsigned char* row(int y) {
        const std::size_t b = static_cast<std::size_t>(y / rows_);
        while (!is_done(b))
            if (!draw_next()) {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return done_[b] != 0; });
            }
        std::lock_guard<std::mutex> lock(mutex_);
        if (!keep_ && b > 0) surfaces_[b - 1].reset();  // encoded: rows are taken in order
        cairo_surface_t* s = surfaces_[b].get();
        if (!s) return nullptr;
        return cairo_image_surface_get_data(s) +
               static_cast<std::ptrdiff_t>(y - static_cast<int>(b) * rows_) * cairo_image_surface_get_stride(s);
    }

    void rethrow_failure() {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& f : failed_)
            if (f) std::rethrow_exception(f);
    }

private:
    bool is_done(std::size_t b) {
        std::lock_guard<std::mutex> lock(mutex_);
        return done_[b] != 0;
    }

    // Whole rows shifted by whole pixels: Cairo rasterises a band exactly as it
    // would that part of one big surface (the tests compare the bytes).
    SurfacePtr draw(int first_row) const {
        const int rows = std::min(rows_, height_ - first_row);
        SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_, rows));
        check(cairo_surface_status(surface.get()),
              ("PNG rendering: cannot create a " + std::to_string(width_) + " x " + std::to_string(height_) +
               " pixel image")
                  .c_str());
        CairoPtr cr(cairo_create(surface.get()));
        check(cairo_status(cr.get()), "PNG rendering: cannot create a Cairo context");
        cairo_translate(cr.get(), 0, -first_row);
        cairo_scale(cr.get(), scene_.dpi / 72.0, scene_.dpi / 72.0);
        draw_scene(cr.get(), scene_);
        cairo_surface_flush(surface.get());
        check(cairo_surface_status(surface.get()), "PNG rendering");
        return surface;
    }

    const layout::Scene& scene_;
    const int width_, height_, rows_;
    const bool keep_;
    std::atomic<std::size_t> next_{0};
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<SurfacePtr> surfaces_;  // guarded by mutex_
    std::vector<char> done_;            // guarded by mutex_
    std::vector<std::exception_ptr> failed_;
};

// Kept free of C++ objects with destructors: libpng reports errors by
// longjmp back into this frame.
bool write_png(png_structp png, png_infop info, Bands& bands, int width, int height, bool alpha, double dpi,
               unsigned char* row) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
                 alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    // Level 1 without row filters: about 4x faster than Cairo's own PNG
    // writer on a flat-coloured map, and no larger.
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    const auto ppm = static_cast<png_uint_32>(std::lround(dpi / 0.0254));
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        const unsigned char* pixels = bands.row(y);
        if (!pixels) return true;  // a band failed: render_png throws its error
        convert_row(pixels, row, width, alpha);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return true;
}

// `alpha`: whether any pixel may be translucent; the image is then RGBA.
std::string encode_png(Bands& bands, int width, int height, bool alpha, double dpi) {
    std::string out;
    PngSink sink{&out};
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * 4);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, png_on_error, png_on_warning);
    if (!png) throw Error("PNG encoding: cannot create the libpng writer");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        throw Error("PNG encoding: cannot create the libpng info structure");
    }
    png_set_write_fn(png, &sink, png_write_bytes, png_flush_bytes);
    const bool ok = write_png(png, info, bands, width, height, alpha, dpi, row.data());
    png_destroy_write_struct(&png, &info);
    if (!ok) throw Error(std::string("PNG encoding failed: ") + sink.message);
    return out;
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
    threads = std::max(1u, threads);
    // At most 32 MiB of pixels per band (a W2 map in one piece: every band
    // re-walks the paths that cross it, ~10 % more raster time each), and two
    // bands per thread so that threads stay busy while the encoder takes the
    // rows in order (measured on W2 with 2 threads: 1, 2, 3 bands per thread
    // gave 250, 196, 231 ms).
    const int rows_for_memory = std::max(64, (32 << 20) / (4 * width));
    const int rows_for_threads = threads > 1 ? std::max(64, height / static_cast<int>(2 * threads)) : height;
    // An opaque background leaves every pixel opaque: RGB, known before any
    // band is drawn. Otherwise the image is RGB only if every pixel turned out
    // opaque, so all bands are drawn and kept, and looked at before encoding.
    const bool opaque_background = scene.background.a >= 1.0;
    Bands bands(scene, width, height, std::min(rows_for_memory, rows_for_threads), !opaque_background);
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads && t < bands.count(); ++t)
        helpers.emplace_back([&bands] {
            while (bands.draw_next()) {
            }
        });
    std::string png;
    std::exception_ptr encode_error;
    try {
        bool alpha = false;
        for (int y = 0; y < height && !opaque_background && !alpha; ++y) {
            const unsigned char* pixels = bands.row(y);
            for (int x = 0; pixels && x < width; ++x) {
                std::uint32_t px;
                std::memcpy(&px, pixels + 4 * x, 4);
                if ((px >> 24) != 255) {
                    alpha = true;
                    break;
                }
            }
        }
        png = encode_png(bands, width, height, alpha, scene.dpi);
    } catch (...) {
        encode_error = std::current_exception();
    }
    for (auto& t : helpers) t.join();
    bands.rethrow_failure();
    if (encode_error) std::rethrow_exception(encode_error);
    return png;
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
