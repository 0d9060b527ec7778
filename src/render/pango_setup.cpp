#include "render/pango_setup.hpp"

#include <cairo.h>

namespace threatmap::render::detail {

void configure_context(PangoContext* context) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(context, 72.0);
    // Pango >= 1.44 rounds glyph positions to whole device units by default,
    // which makes widths depend on the dpi.
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_context_changed(context);
}

FontDescriptionPtr font_description(const layout::TextStyle& style, double size_pt) {
    FontDescriptionPtr desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), style.family.c_str());
    pango_font_description_set_weight(desc.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc.get(), style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(desc.get(), size_pt * PANGO_SCALE);
    return desc;
}

LayoutPtr make_layout(PangoContext* context, const std::string& text, const layout::TextStyle& style) {
    LayoutPtr layout(pango_layout_new(context));
    auto desc = font_description(style, kShapingSizePt);
    pango_layout_set_font_description(layout.get(), desc.get());
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
}

}  // namespace threatmap::render::detail
