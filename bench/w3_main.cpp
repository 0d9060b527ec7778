// threatmap_w3: the W3 workload of the issue, in-process and validated.
//   (a) buffer the 200 points by 50 km (32-gons, as GEOS),
//   (b) intersect the buffers with all regions, sum area per region class,
//   (c) dissolve the regions by class,
//   (d) simplify all regions at 5 km with shared borders simplified once.
// Reads bench/data/world_admin1_ea.gpkg (EPSG:8857, native coordinates through
// OGR, not io::read_boundaries) and bench/data/w3_points.csv (x,y in EPSG:8857).
// Prints one `STEP {json}` line per step, then `BENCH {"inproc_s": ...}` (the
// line bench/run.sh and the peers' summarize.py read), and writes the results
// in the same keys as the peers' out/w3_<tool>.json to --json.
//
// Usage: threatmap_w3 [--data DIR] [--json FILE] [--write-simplified FILE.wkt]
//   Checks (untimed): counts, validity of every result, areas vs the GEOS
//   reference. --write-simplified writes (d), one WKT region per line, for
//   bench/w3_gaps.py: gaps and overlaps between neighbours are judged there by
//   GEOS (an independent union of 4,646 regions; Boost 1.74's union is not
//   robust enough on this data to be the judge).
// Exit status: 0 all checks passed, 3 a check failed, 1 error.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include <boost/geometry/index/rtree.hpp>
#include <nlohmann/json.hpp>

#include "bench_common.hpp"
#include "geometry/overlay.hpp"
#include "geometry/topology.hpp"

using namespace threatmap;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using threatmap::bench::rel;

namespace {

constexpr double kBufferM = 50000.0;
constexpr int kQuadSegs = 8;
constexpr double kSimplifyM = 5000.0;
constexpr int kClasses = 5;
constexpr double kKm2 = 1e6;
constexpr double kRelTol = 1e-6;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Checks {
    json list = json::array();
    bool ok = true;
    void add(const std::string& name, bool pass, const std::string& detail) {
        list.push_back({{"check", name}, {"ok", pass}, {"detail", detail}});
        if (!pass) ok = false;
        std::fprintf(stderr, "%s %-34s %s\n", pass ? "ok  " : "FAIL", name.c_str(), detail.c_str());
    }
    // Printed and recorded, never a failure: what the issue does not ask for.
    void info(const std::string& name, const std::string& detail) {
        list.push_back({{"check", name}, {"ok", true}, {"info", true}, {"detail", detail}});
        std::fprintf(stderr, "info %-34s %s\n", name.c_str(), detail.c_str());
    }
};

std::string fmt_rel(double a, double b) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.6f vs %.6f (rel %.2e)", a, b, rel(a, b));
    return buf;
}

// OGC validity of a multipolygon, checked part by part: every polygon valid
// (bg::is_valid) and no two polygons whose interiors meet or whose boundaries
// share a line (DE-9IM T******** or ****1****), candidates from an R-tree.
// bg::is_valid on the whole world-sized multipolygon is reported next to it:
// Boost 1.74 rescales every coordinate to integers over the envelope of the
// whole input, so two vertices a few centimetres apart in one small island can
// round onto each other there and look like a crossing that the same island
// alone (and GEOS) does not have.
struct PartsValidity {
    bool ok = true;
    std::size_t invalid_polygons = 0, bad_pairs = 0;
    std::string detail;
};
PartsValidity validate_parts(const MultiPolygonXY& mp) {
    namespace bgi = boost::geometry::index;
    PartsValidity v;
    using Entry = std::pair<BoxXY, std::size_t>;
    std::vector<Entry> boxes;
    for (std::size_t i = 0; i < mp.size(); ++i) {
        std::string why;
        if (!bg::is_valid(mp[i], why)) {
            if (++v.invalid_polygons <= 2) v.detail += "; polygon " + std::to_string(i) + ": " + why;
        }
        boxes.emplace_back(bg::return_envelope<BoxXY>(mp[i]), i);
    }
    bgi::rtree<Entry, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    const bg::de9im::mask interiors("T********"), shared_line("****1****");
    std::vector<Entry> cands;
    for (std::size_t i = 0; i < mp.size(); ++i) {
        cands.clear();
        tree.query(bgi::intersects(boxes[i].first), std::back_inserter(cands));
        for (const auto& [box, j] : cands) {
            if (j <= i) continue;
            if (bg::relate(mp[i], mp[j], interiors) || bg::relate(mp[i], mp[j], shared_line)) {
                if (++v.bad_pairs <= 2) v.detail += "; polygons " + std::to_string(i) + " and " + std::to_string(j) + " overlap or share a border";
            }
        }
    }
    v.ok = v.invalid_polygons == 0 && v.bad_pairs == 0;
    return v;
}

double area_sum(const std::vector<MultiPolygonXY>& v) {
    double a = 0;
    for (const auto& s : v) a += bg::area(s);
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data = bench::data_dir(), json_out, simplified_out;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { std::cerr << "threatmap_w3: " << a << " needs a value\n"; std::exit(2); }
            return argv[++i];
        };
        if (a == "--data") data = next();
        else if (a == "--json") json_out = next();
        else if (a == "--write-simplified") simplified_out = next();
        else {
            std::cerr << "usage: threatmap_w3 [--data DIR] [--json FILE] [--write-simplified FILE.wkt]\n";
            return 2;
        }
    }

    try {
        json steps = json::object(), res = json::object();
        Checks checks;
        const auto emit_step = [&](const std::string& name, double s, const json& result) {
            steps[name] = s;
            std::cout << "STEP " << json{{"step", name}, {"s", s}, {"result", result}}.dump() << "\n" << std::flush;
        };

        // ---------------------------------------------------------------- load
        auto t = Clock::now();
        bench::Layer layer = bench::read_layer(data + "/world_admin1_ea.gpkg");
        std::vector<bench::PointEA> pts = bench::read_points_csv(data + "/w3_points.csv");
        emit_step("load", seconds_since(t),
                  {{"regions", layer.shapes.size()}, {"rings", layer.rings}, {"coordinates", layer.coordinates},
                   {"points", pts.size()}});
        const auto& shapes = layer.shapes;
        const auto& cls = layer.cls;

        // ---------------------------------------------------------------- (a)
        t = Clock::now();
        std::vector<Polygon<MapXY>> bufs;
        bufs.reserve(pts.size());
        for (const auto& p : pts) bufs.push_back(geometry::point_buffer(MapXY{p.x, p.y}, kBufferM, kQuadSegs));
        const double t_a = seconds_since(t);
        double buf_area = 0;
        for (const auto& b : bufs) buf_area += bg::area(b);
        emit_step("a_buffer", t_a, {{"buffers", bufs.size()}, {"area_km2_total", buf_area / kKm2}});

        // ---------------------------------------------------------------- (b)
        t = Clock::now();
        std::vector<double> ov = geometry::overlay_area_by_class(bufs, shapes, cls, kClasses);
        const double t_b = seconds_since(t);
        json ov_km2 = json::array();
        for (double a : ov) ov_km2.push_back(a / kKm2);
        emit_step("b_intersect", t_b, {{"area_km2_by_class", ov_km2}});

        // ---------------------------------------------------------------- (c)
        t = Clock::now();
        geometry::DissolveStats dstats;
        std::vector<MultiPolygonXY> dissolved = geometry::dissolve_by_class(shapes, cls, kClasses, &dstats);
        const double t_c = seconds_since(t);
        json cdis = json::array();
        for (std::size_t k = 0; k < dissolved.size(); ++k) {
            bench::Counts c = bench::count(dissolved[k]);
            cdis.push_back({{"cls", k}, {"area_km2", bg::area(dissolved[k]) / kKm2}, {"vertices", c.coordinates},
                            {"rings", c.rings}, {"polygons", c.polygons}});
        }
        emit_step("c_dissolve", t_c,
                  {{"classes", cdis}, {"arcs_dropped", dstats.arcs_dropped}, {"pieces", dstats.pieces},
                   {"pieces_unioned", dstats.pieces_unioned}});

        // ---------------------------------------------------------------- (d)
        t = Clock::now();
        geometry::AssembleReport srep;
        std::vector<MultiPolygonXY> simp = geometry::simplify_shared(shapes, kSimplifyM, &srep);
        const double t_d = seconds_since(t);
        bench::Counts sc = bench::count(simp);
        emit_step("d_simplify_shared", t_d,
                  {{"vertices", sc.coordinates}, {"rings", sc.rings}, {"rings_dropped", srep.rings_dropped}});

        const double total = std::accumulate(steps.begin(), steps.end(), 0.0,
                                             [](double s, const json& v) { return s + v.get<double>(); });
        steps["total"] = total;
        // The whole-process run ends here for the timing; validation follows (untimed).
        std::cout << "BENCH "
                  << json{{"tool", "threatmap"}, {"workload", "W3"}, {"inproc_s", total}, {"steps", steps}}.dump()
                  << "\n" << std::flush;

        // ================================================================ validation
        using R = bench::W3Reference;
        // input
        checks.add("input.counts",
                   shapes.size() == R::regions && layer.rings == R::rings && layer.coordinates == R::coordinates,
                   std::to_string(shapes.size()) + " regions, " + std::to_string(layer.rings) + " rings, " +
                       std::to_string(layer.coordinates) + " coordinates (reference 4646 / 10913 / 1281060)");
        checks.add("input.points", pts.size() == 200, std::to_string(pts.size()) + " points");
        std::vector<double> in_area(kClasses, 0.0);
        std::size_t invalid_in = 0;
        std::string invalid_in_detail;
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            if (cls[i] >= 0 && cls[i] < kClasses) in_area[cls[i]] += bg::area(shapes[i]);
            std::string why;
            if (!bg::is_valid(shapes[i], why)) {
                if (++invalid_in <= 3) invalid_in_detail += "; fid " + std::to_string(i + 1) + ": " + why;
            }
        }
        json in_km2 = json::array();
        for (int k = 0; k < kClasses; ++k) {
            in_km2.push_back(in_area[k] / kKm2);
            checks.add("input.area.cls" + std::to_string(k), rel(in_area[k] / kKm2, R::input_area_km2[k]) < kRelTol,
                       fmt_rel(in_area[k] / kKm2, R::input_area_km2[k]));
        }
        checks.add("input.valid", invalid_in == 0,
                   std::to_string(invalid_in) + " invalid regions (bg::is_valid; GEOS: 0)" + invalid_in_detail);

        // (a)
        const double ngon = 4.0 * kQuadSegs / 2.0 * kBufferM * kBufferM * std::sin(2 * M_PI / (4 * kQuadSegs));
        std::size_t bad_buf = 0;
        for (std::size_t i = 0; i < bufs.size(); ++i) {
            const auto& o = bufs[i].outer();
            bool ok = o.size() == 4 * kQuadSegs + 1 && bufs[i].inners().empty() && bg::is_valid(bufs[i]) &&
                      rel(bg::area(bufs[i]), ngon) < 1e-12;
            // GEOS starts at angle 0: (x + r, y)
            ok = ok && !o.empty() && std::fabs(o.front().x - (pts[i].x + kBufferM)) < 1e-6 &&
                 std::fabs(o.front().y - pts[i].y) < 1e-6;
            if (!ok) ++bad_buf;
        }
        checks.add("a.buffers", bad_buf == 0 && bufs.size() == pts.size(),
                   std::to_string(bad_buf) + " of " + std::to_string(bufs.size()) +
                       " buffers not a valid 33-coordinate 32-gon from angle 0 with area n/2 r² sin(2π/n)");
        checks.add("a.area_total", rel(buf_area / kKm2, R::buffer_area_km2_each * bufs.size()) < kRelTol,
                   fmt_rel(buf_area / kKm2, R::buffer_area_km2_each * bufs.size()));

        // (b)
        double ov_total = 0;
        for (int k = 0; k < kClasses; ++k) {
            ov_total += ov.at(k);
            checks.add("b.area.cls" + std::to_string(k), rel(ov[k] / kKm2, R::overlay_area_km2[k]) < kRelTol,
                       fmt_rel(ov[k] / kKm2, R::overlay_area_km2[k]));
        }

        // (c)
        for (int k = 0; k < kClasses; ++k) {
            const auto& d = dissolved.at(k);
            bench::Counts c = bench::count(d);
            std::string why;
            const bool valid = bg::is_valid(d, why);
            const PartsValidity parts = validate_parts(d);
            checks.add("c.valid.cls" + std::to_string(k), parts.ok,
                       std::to_string(parts.invalid_polygons) + " of " + std::to_string(d.size()) +
                           " polygons invalid (bg::is_valid each), " + std::to_string(parts.bad_pairs) +
                           " pairs overlapping or sharing a border" + parts.detail + "; bg::is_valid(whole): " +
                           (valid ? "valid" : why));
            checks.add("c.area.cls" + std::to_string(k), rel(bg::area(d) / kKm2, R::dissolved_area_km2[k]) < kRelTol,
                       fmt_rel(bg::area(d) / kKm2, R::dissolved_area_km2[k]));
            // Not a target (the issue asks for equal areas and valid results): GEOS
            // keeps more, smaller holes.
            checks.info("c.counts.cls" + std::to_string(k),
                       std::to_string(c.polygons) + " polygons / " + std::to_string(c.rings) + " rings / " +
                           std::to_string(c.coordinates) + " coordinates vs GEOS " +
                           std::to_string(R::dissolved_polygons[k]) + " / " + std::to_string(R::dissolved_rings[k]) +
                           " / " + std::to_string(R::dissolved_coordinates[k]) + " (coordinates informative)");
        }

        // (d)
        std::size_t d_invalid = 0, d_empty = 0;
        std::string d_detail;
        for (std::size_t i = 0; i < simp.size(); ++i) {
            std::string why_d;
            if (bg::is_empty(simp[i])) ++d_empty;
            else if (!bg::is_valid(simp[i], why_d)) {
                if (std::getenv("W3_VERBOSE")) std::fprintf(stderr, "invalid: %s\n", why_d.c_str());
                if (++d_invalid <= 3) d_detail += "; fid " + std::to_string(i + 1) + ": " + why_d;
            }
        }
        const double d_area = area_sum(simp), in_total = area_sum(shapes);
        checks.add("d.count", simp.size() == shapes.size(), std::to_string(simp.size()) + " shapes out");
        checks.add("d.valid", d_invalid == 0,
                   std::to_string(d_invalid) + " invalid simplified regions (GEOS TP: 6), " + std::to_string(d_empty) +
                        " empty (GEOS TP: 0, DP: 490), " + std::to_string(srep.rings_dropped) + " rings dropped" + d_detail);
        checks.add("d.area_total", rel(d_area, in_total) < 1e-2,
                   fmt_rel(d_area / kKm2, in_total / kKm2) + " km² after/before (GEOS TP 146496651.910)");
        res["d_shared_vertices"] = sc.coordinates;
        res["d_shared_rings"] = sc.rings;
        res["d_shared_empty"] = d_empty;
        res["d_shared_invalid"] = d_invalid;
        res["d_shared_rings_dropped"] = srep.rings_dropped;
        res["d_shared_area_km2_total"] = d_area / kKm2;

        if (!simplified_out.empty()) {
            // (d) for the independent gap/overlap check (bench/w3_gaps.py, GEOS):
            // one region per line, fid order, WKT at full precision.
            std::ofstream out(simplified_out);
            out.precision(17);
            for (const auto& r : simp) {
                if (r.empty()) out << "MULTIPOLYGON EMPTY\n";  // bg::wkt writes "MULTIPOLYGON()"
                else out << bg::wkt(r) << "\n";
            }
            if (!out) throw std::runtime_error("cannot write " + simplified_out);
        }

        // result record in the peers' keys
        res["tool"] = "threatmap";
        res["n_regions"] = shapes.size();
        res["n_points"] = pts.size();
        res["input_vertices"] = layer.coordinates;
        res["input_rings"] = layer.rings;
        res["input_area_km2_by_class"] = in_km2;
        res["a_buffer_area_km2_total"] = buf_area / kKm2;
        res["a_buffer_vertices_each"] = bufs.empty() ? 0 : bufs.front().outer().size();
        res["b_area_km2_by_class"] = ov_km2;
        res["b_area_km2_total"] = ov_total / kKm2;
        res["c_dissolved"] = cdis;
        res["c_stats"] = {{"arcs_dropped", dstats.arcs_dropped}, {"pieces", dstats.pieces},
                          {"pieces_unioned", dstats.pieces_unioned}};
        res["timings_s"] = steps;
        res["checks"] = checks.list;
        res["checks_ok"] = checks.ok;
        if (!json_out.empty()) std::ofstream(json_out) << res.dump(1) << "\n";
        std::cout << "CHECKS " << (checks.ok ? "ok" : "FAILED") << "\n";
        return checks.ok ? 0 : 3;
    } catch (const std::exception& e) {
        std::cerr << "threatmap_w3: error: " << e.what() << "\n";
        return 1;
    }
}
