#include "render/pango_text_measurer.hpp"

#include <algorithm>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/error.hpp"
#include "render/pango_setup.hpp"

namespace threatmap::render {

struct PangoTextMeasurer::Impl {
    cairo_surface_t* surface = nullptr;
    cairo_t* cr = nullptr;
    PangoFontMap* font_map = nullptr;
    PangoContext* context = nullptr;

    ~Impl() {
        if (context) g_object_unref(context);
        if (font_map) g_object_unref(font_map);
        if (cr) cairo_destroy(cr);
        if (surface) cairo_surface_destroy(surface);
    }
};

PangoTextMeasurer::PangoTextMeasurer() = default;

// Pango is set up at the first measurement, not before: its default font map
// starts fontconfig (reading the configuration and the font caches, ~20 ms of
// a core, on a thread Pango starts), and a map without text (--bare, W2)
// measures nothing. That work used to take the second core away from W2's
// topology.
PangoTextMeasurer::Impl& PangoTextMeasurer::ready() const {
    if (impl_) return *impl_;
    auto impl = std::make_unique<Impl>();
    // A 1x1 surface is enough: only the identity matrix and font options of
    // its context matter for measuring.
    impl->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    impl->cr = cairo_create(impl->surface);
    if (cairo_status(impl->cr) != CAIRO_STATUS_SUCCESS)
        throw Error(std::string("text measurer: cannot create a Cairo context: ") +
                    cairo_status_to_string(cairo_status(impl->cr)));
    // The calling thread's default font map, the one the renderer draws with
    // on this thread, so that the fontconfig matches of one (pango_setup.hpp)
    // serve both. Pango's font maps are not thread-safe: hence one per thread,
    // and an instance stays on the thread that made it.
    impl->font_map = PANGO_FONT_MAP(g_object_ref(pango_cairo_font_map_get_default()));
    if (!impl->font_map) throw Error("text measurer: cannot get a Pango font map");
    impl->context = pango_font_map_create_context(impl->font_map);
    if (!impl->context) throw Error("text measurer: cannot create a Pango context");
    pango_cairo_update_context(impl->cr, impl->context);
    detail::configure_context(impl->context);
    impl_ = std::move(impl);
    return *impl_;
}

PangoTextMeasurer::~PangoTextMeasurer() = default;

std::string PangoTextMeasurer::family_drawn(const std::string& family) const {
    Impl& impl = ready();
    layout::TextStyle style;
    style.family = family;
    const detail::FontDescriptionPtr asked = detail::font_description(style, detail::kShapingSizePt);
    std::unique_ptr<PangoFont, detail::GObjectUnref> font(pango_font_map_load_font(impl.font_map, impl.context, asked.get()));
    if (!font) return "";
    const detail::FontDescriptionPtr drawn(pango_font_describe(font.get()));
    const char* name = drawn ? pango_font_description_get_family(drawn.get()) : nullptr;
    return name ? name : "";
}

namespace {
std::string trim_right(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.pop_back();
    return s;
}
}  // namespace

layout::TextExtent PangoTextMeasurer::measure(const std::string& text, const layout::TextStyle& style,
                                              double max_width_pt) const {
    layout::TextExtent extent;
    if (text.empty()) return extent;

    // Shaped at the shaping size (pango_setup.hpp) and scaled to the style's.
    const double scale = detail::shaping_scale(style);
    if (!(scale > 0)) return extent;
    auto layout = detail::make_layout(ready().context, text, style);
    if (max_width_pt > 0) {
        pango_layout_set_width(layout.get(), static_cast<int>(max_width_pt / scale * PANGO_SCALE));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD);
    }

    int max_line_width = 0;
    int max_line_height = 0;
    const char* base = pango_layout_get_text(layout.get());
    for (GSList* it = pango_layout_get_lines_readonly(layout.get()); it; it = it->next) {
        auto* line = static_cast<PangoLayoutLine*>(it->data);
        extent.lines.push_back(trim_right(std::string(base + line->start_index, static_cast<std::size_t>(line->length))));
        PangoRectangle logical;
        pango_layout_line_get_extents(line, nullptr, &logical);
        max_line_height = std::max(max_line_height, logical.height);
    }
    // Widths of the lines as the renderers draw them: each line on its own,
    // without the trailing space a wrapped line keeps inside the layout.
    for (const auto& line : extent.lines) {
        if (line.empty()) continue;
        auto single = detail::make_layout(ready().context, line, style);
        PangoRectangle logical;
        pango_layout_get_extents(single.get(), nullptr, &logical);
        max_line_width = std::max(max_line_width, logical.width);
    }
    extent.width_pt = static_cast<double>(max_line_width) / PANGO_SCALE * scale;
    extent.line_height_pt = static_cast<double>(max_line_height) / PANGO_SCALE * scale;
    extent.height_pt = extent.line_height_pt * static_cast<double>(extent.lines.size());
    extent.unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout.get());
    return extent;
}

}  // namespace threatmap::render
