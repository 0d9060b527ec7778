// Georeferencing sidecars for a raster map, so GDAL and QGIS place it exactly:
// a world file (.pgw: pixel size and the centre of the top-left pixel), a
// GDAL PAM file (.aux.xml: CRS and geotransform, which is where GDAL takes a
// PNG's CRS from) and a .prj with the CRS as WKT for tools that look for one.
#pragma once

#include <string>

#include "layout/scene.hpp"

namespace threatmap::render {

struct Geotransform {
    double origin_x, pixel_w, row_rot, origin_y, col_rot, pixel_h;  // GDAL order; pixel_h < 0
};

// Of the whole image (page), from the map frame; throws if the scene has no georeference.
Geotransform geotransform_of(const layout::Scene& scene);
std::string world_file(const layout::Scene& scene);
std::string aux_xml(const layout::Scene& scene, const std::string& crs_wkt);

}  // namespace threatmap::render
