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

// Text is shaped at one size, kShapingSizePt, whatever its size in the scene,
// and drawn scaled by shaping_scale(style). Pango 1.50 matches a font
// description with fontconfig (a match and a sort of every installed font, each
// on a thread it starts) once per size, per face and per font map: a slide map
// with its 14 text sizes started about 250 threads and spent more time in
// fontconfig than in drawing its text. With hint metrics off and unrounded
// glyph positions, advances scale linearly, so shaping at one size and scaling
// changes widths only by Pango's rounding (1/1024 of the shaping size).
inline constexpr double kShapingSizePt = 10.0;
inline double shaping_scale(const layout::TextStyle& style) { return style.size_pt / kShapingSizePt; }

// Family, weight and slant of a TextStyle at `size_pt` (absolute, in user
// units: points in the scene, independent of any resolution setting).
FontDescriptionPtr font_description(const layout::TextStyle& style, double size_pt);

// A one-paragraph layout of `text` in `style`, shaped at kShapingSizePt, on
// `context`: multiply its extents by shaping_scale(style) for the text's own size.
LayoutPtr make_layout(PangoContext* context, const std::string& text, const layout::TextStyle& style);

}  // namespace threatmap::render::detail
