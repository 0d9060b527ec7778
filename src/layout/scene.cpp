#include "layout/scene.hpp"

#include <cmath>

namespace threatmap::layout {

int Scene::pixel_width() const { return static_cast<int>(std::lround(width_pt * dpi / 72.0)); }
int Scene::pixel_height() const { return static_cast<int>(std::lround(height_pt * dpi / 72.0)); }

}  // namespace threatmap::layout
