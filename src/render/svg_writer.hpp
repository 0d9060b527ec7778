// Writes a layout::Scene as SVG text with our own writer rather than Cairo's
// SVG surface, which turns text into glyph outlines and cannot attach ids or
// titles: here layers are <g id>, items with an id or title get a <title>
// (shown on hover), text stays real <text>, and hatches are <pattern>s.
// It draws nothing itself and makes no layout decisions.
#pragma once

#include <string>

#include "layout/scene.hpp"

namespace threatmap::render {

// UTF-8 SVG document of scene.width_pt x scene.height_pt points (viewBox in
// points). Deterministic: the same scene gives the same bytes. Coordinates
// are rounded to 0.01 pt. Text line i is placed with its baseline at
// origin.y + i * line_height_pt + 0.93 * size_pt (DejaVu Sans's ascent, which
// is where the Cairo renderer's Pango layout puts it); alignment uses
// text-anchor at origin.x, the box centre or the box's right edge.
// Invalid UTF-8 in strings is replaced by U+FFFD and XML-forbidden control
// characters are dropped, so the document is always well-formed.
// Throws nothing of its own (std::bad_alloc aside).
std::string render_svg(const layout::Scene& scene);

}  // namespace threatmap::render
