// Draws a layout::Scene with Cairo and Pango into PNG or PDF bytes in memory.
// It paints exactly what the scene says, in order; it makes no layout
// decisions (no text wrapping, no placement) and writes no files: the caller
// (batch) writes the bytes atomically.
#pragma once

#include <string>
#include <vector>

#include "layout/scene.hpp"

namespace threatmap::render {

// PNG of scene.pixel_width() x scene.pixel_height() pixels (points * dpi / 72),
// 8-bit RGB when every pixel is opaque, RGBA otherwise, with a pHYs chunk
// giving the dpi. No time chunk: the same scene gives the same bytes.
// Throws threatmap::Error when the surface cannot be created (e.g. too large)
// or drawing or encoding fails. The image is drawn and compressed as bands
// of rows, with threads > 1 that many at once; the bytes are the same for any
// number of threads.
std::string render_png(const layout::Scene& scene, unsigned threads = 1);

// PDF of scene.width_pt x scene.height_pt points with real (selectable) text
// and the scene's metadata; the creation date is fixed so that the same scene
// gives the same bytes. Throws threatmap::Error when drawing fails.
std::string render_pdf(const layout::Scene& scene);

// One PDF with a page per scene (each page its own size); metadata from the first.
std::string render_pdf_pages(const std::vector<layout::Scene>& pages);

// How text is placed, shared with the SVG writer: line i of a SceneText is
// drawn with the top of its Pango layout box at origin.y + i * line_height_pt,
// i.e. its baseline at about that + 0.93 * size_pt for DejaVu Sans; horizontal
// alignment is within [origin.x, origin.x + box_width_pt].

}  // namespace threatmap::render
