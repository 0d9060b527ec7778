// Text measurement with Pango, the same shaping the Cairo renderer draws
// with: layout asks it for the size of a label and for the label broken into
// lines, and passes those lines on in the Scene. It does not draw, and it does
// not decide where text goes.
#pragma once

#include <memory>
#include <string>

#include "layout/text_metrics.hpp"

namespace threatmap::render {

// Metrics are in points at 1 unit = 1 pt, which the renderers keep at every
// dpi (hint metrics off, unrounded glyph positions). Fonts are found by family
// name through fontconfig; an unknown family falls back as fontconfig decides.
//
// Use an instance only on the thread that created it: it measures with that
// thread's default Pango font map, the one the renderer draws with there
// (font maps are per thread in Pango, and not thread-safe). Give each thread
// its own.
class PangoTextMeasurer : public layout::TextMeasurer {
public:
    // Pango is set up at the first measure(), which throws threatmap::Error
    // when Cairo or Pango cannot be set up.
    PangoTextMeasurer();
    ~PangoTextMeasurer() override;
    PangoTextMeasurer(const PangoTextMeasurer&) = delete;
    PangoTextMeasurer& operator=(const PangoTextMeasurer&) = delete;

    // width_pt: the widest line; line_height_pt: Pango's logical line height
    // (the tallest line if a fallback font makes one taller); height_pt:
    // lines * line_height_pt, the same spacing the renderers use. With
    // max_width_pt > 0, lines are wrapped at word boundaries (a single word
    // wider than max_width_pt stays whole). Lines carry no trailing spaces
    // or newlines. Empty text gives no lines and zero extent.
    layout::TextExtent measure(const std::string& text, const layout::TextStyle& style,
                               double max_width_pt = 0) const override;
    // The family of the font fontconfig gives for `family` (a Pango family
    // list, "A, B", gives the first installed one's); "" when none loads.
    std::string family_drawn(const std::string& family) const override;

private:
    struct Impl;
    Impl& ready() const;
    mutable std::unique_ptr<Impl> impl_;  // set up by the first measure()
};

}  // namespace threatmap::render
