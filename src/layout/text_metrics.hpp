// Text measurement as an interface: layout needs the size of a label to
// place it, but fonts belong to the render stage, which implements this with
// Pango (render::PangoTextMeasurer). Tests may use a fixed-width fake.
#pragma once

#include <string>
#include <vector>

#include "layout/scene.hpp"

namespace threatmap::layout {

struct TextExtent {
    double width_pt = 0;
    double height_pt = 0;           // all lines
    double line_height_pt = 0;
    std::vector<std::string> lines; // the text broken into lines
    int unknown_glyphs = 0;         // characters no installed font has: drawn as boxes
};

class TextMeasurer {
public:
    virtual ~TextMeasurer() = default;
    // max_width_pt <= 0: no wrapping (explicit '\n' still breaks lines).
    virtual TextExtent measure(const std::string& text, const TextStyle& style, double max_width_pt = 0) const = 0;
    // The font family text asked for in `family` is drawn with: `family`
    // itself when it is installed, else what the font system substitutes.
    // A measurer without fonts (tests' fixed-width fakes) draws every family.
    virtual std::string family_drawn(const std::string& family) const { return family; }
};

// A text item from a measured extent: the lines, their height and the box
// the alignment refers to (the map layout and the briefing's text page).
inline SceneText text_item(const TextExtent& e, const TextStyle& ts, PageXY origin, double box_width,
                           SceneText::Align align = SceneText::Align::left) {
    SceneText st;
    st.lines = e.lines;
    st.origin = origin;
    st.style = ts;
    st.line_height_pt = e.line_height_pt;
    st.align = align;
    st.box_width_pt = box_width;
    return st;
}

}  // namespace threatmap::layout
