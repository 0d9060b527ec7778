#include "render/georef.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace threatmap::render {

Geotransform geotransform_of(const layout::Scene& scene) {
    if (!scene.georeference) throw Error("this map has no georeference");
    const auto& g = *scene.georeference;
    const double px_per_pt = scene.dpi / 72.0;
    const double unit_per_px_x = (g.map_max_x - g.map_min_x) / (g.frame_w_pt * px_per_pt);
    const double unit_per_px_y = (g.map_max_y - g.map_min_y) / (g.frame_h_pt * px_per_pt);
    // Image pixel (0,0) corner lies frame_x_pt to the left of the frame's left edge.
    const double origin_x = g.map_min_x - g.frame_x_pt * px_per_pt * unit_per_px_x;
    const double origin_y = g.map_max_y + g.frame_y_pt * px_per_pt * unit_per_px_y;
    return {origin_x, unit_per_px_x, 0, origin_y, 0, -unit_per_px_y};
}

std::string world_file(const layout::Scene& scene) {
    Geotransform t = geotransform_of(scene);
    // World files give the centre of the top-left pixel.
    return fmt::format("{:.10f}\n0.0\n0.0\n{:.10f}\n{:.10f}\n{:.10f}\n", t.pixel_w, t.pixel_h, t.origin_x + t.pixel_w / 2,
                       t.origin_y + t.pixel_h / 2);
}

std::string aux_xml(const layout::Scene& scene, const std::string& crs_wkt) {
    Geotransform t = geotransform_of(scene);
    std::string wkt;
    for (char c : crs_wkt) {
        if (c == '&') wkt += "&amp;";
        else if (c == '<') wkt += "&lt;";
        else if (c == '>') wkt += "&gt;";
        else if (c == '"') wkt += "&quot;";
        else wkt += c;
    }
    return fmt::format("<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">{}</SRS>\n"
                       "  <GeoTransform>{:.10e}, {:.10e}, {:.10e}, {:.10e}, {:.10e}, {:.10e}</GeoTransform>\n</PAMDataset>\n",
                       wkt, t.origin_x, t.pixel_w, t.row_rot, t.origin_y, t.col_rot, t.pixel_h);
}

}  // namespace threatmap::render
