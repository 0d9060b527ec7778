#include "bench_common.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>


namespace threatmap::bench {

std::string data_dir() {
    if (const char* d = std::getenv("THREATMAP_BENCH_DATA"); d && *d) return d;
#ifdef THREATMAP_BENCH_DATA
    return THREATMAP_BENCH_DATA;
#else
    return "bench/data";
#endif
}

namespace {

void append_ring(const OGRLinearRing& in, Ring<MapXY>& out) {
    const int n = in.getNumPoints();
    out.reserve(static_cast<std::size_t>(n) + 1);
    for (int i = 0; i < n; ++i) out.push_back(MapXY{in.getX(i), in.getY(i)});
}

void append_polygon(const OGRPolygon& poly, MultiPolygonXY& out) {
    if (poly.IsEmpty()) return;
    Polygon<MapXY> p;
    append_ring(*poly.getExteriorRing(), p.outer());
    for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
        p.inners().emplace_back();
        append_ring(*poly.getInteriorRing(i), p.inners().back());
    }
    out.push_back(std::move(p));
}

}  // namespace

Layer read_layer(const std::string& path, std::size_t limit) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) throw std::runtime_error("cannot open " + path + " (run bench/setup.sh)");
    OGRLayer* layer = ds->GetLayer(0);
    if (!layer) throw std::runtime_error(path + ": no layer");
    const int cls_field = layer->GetLayerDefn()->GetFieldIndex("cls");
    Layer out;
    layer->ResetReading();
    for (auto& feature : *layer) {
        if (limit && out.shapes.size() >= limit) break;
        const OGRGeometry* g = feature->GetGeometryRef();
        MultiPolygonXY mp;
        if (g) {
            switch (wkbFlatten(g->getGeometryType())) {
                case wkbPolygon: append_polygon(*g->toPolygon(), mp); break;
                case wkbMultiPolygon:
                    for (const OGRPolygon* p : *g->toMultiPolygon()) append_polygon(*p, mp);
                    break;
                default: throw std::runtime_error(path + ": feature " + std::to_string(feature->GetFID()) + " is not polygonal");
            }
        }
        bg::correct(mp);
        out.cls.push_back(cls_field >= 0 ? feature->GetFieldAsInteger(cls_field) : 0);
        Counts c = count(mp);
        out.rings += c.rings;
        out.coordinates += c.coordinates;
        out.shapes.push_back(std::move(mp));
    }
    return out;
}

std::vector<PointEA> read_points_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path + " (run bench/setup.sh)");
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the CSV has CRLF line ends
    if (line != "id,lon,lat,x,y") throw std::runtime_error(path + ": expected header id,lon,lat,x,y, got " + line);
    std::vector<PointEA> pts;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        PointEA p;
        double lon, lat;
        if (std::sscanf(line.c_str(), "%d,%lf,%lf,%lf,%lf", &p.id, &lon, &lat, &p.x, &p.y) != 5)
            throw std::runtime_error(path + ": bad line " + line);
        pts.push_back(p);
    }
    return pts;
}

Counts count(const MultiPolygonXY& mp) {
    Counts c;
    for (const auto& p : mp) {
        if (p.outer().empty()) continue;
        ++c.polygons;
        c.rings += 1 + p.inners().size();
        c.holes += p.inners().size();
        c.coordinates += p.outer().size();
        for (const auto& r : p.inners()) c.coordinates += r.size();
    }
    return c;
}

Counts count(const std::vector<MultiPolygonXY>& v) {
    Counts c;
    for (const auto& mp : v) {
        Counts x = count(mp);
        c.polygons += x.polygons;
        c.rings += x.rings;
        c.coordinates += x.coordinates;
        c.holes += x.holes;
    }
    return c;
}


double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

}  // namespace threatmap::bench
