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
};

class TextMeasurer {
public:
    virtual ~TextMeasurer() = default;
    // max_width_pt <= 0: no wrapping (explicit '\n' still breaks lines).
    virtual TextExtent measure(const std::string& text, const TextStyle& style, double max_width_pt = 0) const = 0;
};

}  // namespace threatmap::layout
