// Internal to render/: the one place that decides how Pango is set up, so the
// text measurer (used by layout) and the Cairo renderer shape text exactly
// alike. Included only by render/*.cpp; the public render headers carry no
// Cairo or Pango types.
#pragma once

#include <memory>

#include <pango/pangocairo.h>

#include "layout/scene.hpp"

namespace threatmap::render::detail {

struct GObjectUnref {
    void operator()(void* p) const { g_object_unref(p); }
};
struct FontDescriptionFree {
    void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

// Hint metrics off, no outline hinting, unrounded glyph positions and 72 dpi:
// advances then scale linearly with the Cairo matrix, so a label measured at
// 1 unit = 1 pt is exactly as wide when drawn at 144 or 300 dpi.
void configure_context(PangoContext* context);

// Family, weight, slant and size of a TextStyle; the size is absolute in user
// units (points in the scene), independent of any resolution setting.
FontDescriptionPtr font_description(const layout::TextStyle& style);

// A one-paragraph layout of `text` in `style` on `context`.
LayoutPtr make_layout(PangoContext* context, const std::string& text, const layout::TextStyle& style);

}  // namespace threatmap::render::detail
