// Page presets a report actually uses, in points (1/72 in) with the raster
// resolution that gives the intended pixel size.
#pragma once

#include <string>
#include <vector>

namespace threatmap::layout {

struct PagePreset {
    std::string name;
    double width_pt = 0, height_pt = 0, dpi = 144;
};

const std::vector<PagePreset>& page_presets();
// Throws threatmap::Error listing the valid names.
PagePreset find_page_preset(const std::string& name);

}  // namespace threatmap::layout
