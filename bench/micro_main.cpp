// threatmap_bench: Google Benchmark microbenchmarks mirroring the src/ stages.
// Every benchmark computes its result once and validates it (SkipWithError on
// a wrong result) before the timing loop.
//
//   io      BM_IoReadMali, BM_IoReadW2Gpkg
//   join    BM_JoinCategory
//   geometry BM_BuildTopology/N, BM_SimplifyArcs/N, BM_SimplifyShared/N (first N W2 regions),
//           BM_SimplifyForDrawingW2/threads (the drawing topology of the whole layer),
//           BM_PreparePolygonsW2, BM_PreparePolygonsMali
//   batch   BM_W1DeriveCategory, BM_W1BuildScene (derive → prepare → layout of one slide map)
//   render  BM_W1RenderPng/Svg/Pdf (the slide scene),
//           BM_W2FloorRenderPng: render::render_png of a scene holding only the W2
//           simplified paths (fills by class, 1 px outline, no text), 4096×2048:
//           the Cairo+encode floor of W2; BM_W2FloorRasterOnly: the same without encode.
//
// Data: geodata/ (scripts/fetch_geodata.sh) and bench/data (bench/setup.sh).
// Run from anywhere; paths are resolved against the source tree.
#include <benchmark/benchmark.h>
#include <cairo.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "batch/map_job.hpp"
#include "bench_common.hpp"
#include "cli/load_inputs.hpp"
#include "core/diagnostics.hpp"
#include "geometry/prepare.hpp"
#include "geometry/topology.hpp"
#include "io/assessment_reader.hpp"
#include "io/boundary_reader.hpp"
#include "io/crs.hpp"
#include "io/gazetteer_reader.hpp"
#include "join/join.hpp"
#include "layout/page.hpp"
#include "render/cairo_renderer.hpp"
#include "render/pango_text_measurer.hpp"
#include "render/png_encoder.hpp"
#include "render/svg_writer.hpp"

using namespace threatmap;

namespace {

const std::string kMali = "geodata/boundaries/mali-admin1.fgb";
const std::string kAssessment = "geodata/assessments/minusma-2017.toml";
const std::string kGazetteer = "geodata/gazetteer/mali.toml";
std::string w2_path() { return bench::data_dir() + "/world_admin1.gpkg"; }

constexpr int kW2Width = 4096, kW2Height = 2048;
constexpr double kW2Tolerance = 0.5 * 360.0 / kW2Width;  // --simplify-px 0.5 at 4096 px over 360°
constexpr std::size_t kW2Regions = 4646;
constexpr std::array<const char*, 5> kW2Palette{"#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854"};

// ------------------------------------------------------------------ shared inputs (built once)
const Boundaries& w2_boundaries() {
    static const Boundaries b = [] {
        core::Diagnostics d;
        return io::read_boundaries(w2_path(), {}, d);
    }();
    return b;
}

const std::vector<int>& w2_classes() {
    static const std::vector<int> c = [] {
        std::vector<int> v;
        for (const auto& f : w2_boundaries().features) v.push_back(std::stoi(f.attribute("cls")));
        return v;
    }();
    return c;
}

// W2 in the map CRS (EPSG:4326: map units = degrees), as the pipeline sees it.
std::vector<MultiPolygonXY> w2_xy(std::size_t n) {
    const auto& f = w2_boundaries().features;
    std::vector<MultiPolygonXY> out;
    n = std::min(n, f.size());
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        MultiPolygonXY mp;
        for (const auto& p : f[i].geometry) {
            Polygon<MapXY> q;
            for (const auto& c : p.outer()) q.outer().push_back({c.lon, c.lat});
            for (const auto& r : p.inners()) {
                q.inners().emplace_back();
                for (const auto& c : r) q.inners().back().push_back({c.lon, c.lat});
            }
            mp.push_back(std::move(q));
        }
        out.push_back(std::move(mp));
    }
    return out;
}

const std::vector<MultiPolygonXY>& w2_simplified() {
    static const std::vector<MultiPolygonXY> s = [] {
        // The paths the W2 map draws (prepare_projected: shared arcs, no crossing checks).
        return geometry::simplify_shared_for_drawing(w2_xy(kW2Regions), kW2Tolerance);
    }();
    return s;
}

bool near(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)); }

#define REQUIRE(cond, msg)                        \
    do {                                          \
        if (!(cond)) {                            \
            state.SkipWithError(msg);             \
            return;                               \
        }                                         \
    } while (0)

#define GUARD_BEGIN try {
#define GUARD_END                                 \
    }                                             \
    catch (const std::exception& e) {             \
        state.SkipWithError(e.what());            \
        return;                                   \
    }

// ------------------------------------------------------------------ io
void BM_IoReadMali(benchmark::State& state) {
    GUARD_BEGIN
    core::Diagnostics d;
    Boundaries b = io::read_boundaries(kMali, {}, d);
    REQUIRE(b.features.size() == 9, "Mali: expected 9 features");
    REQUIRE(b.vertex_count() > 1000, "Mali: too few vertices");
    for (auto _ : state) {
        core::Diagnostics d2;
        benchmark::DoNotOptimize(io::read_boundaries(kMali, {}, d2));
    }
    state.counters["vertices"] = double(b.vertex_count());
    GUARD_END
}
BENCHMARK(BM_IoReadMali)->Unit(benchmark::kMillisecond);

void BM_IoReadW2Gpkg(benchmark::State& state) {
    GUARD_BEGIN
    const Boundaries& b = w2_boundaries();
    REQUIRE(b.features.size() == kW2Regions, "W2: expected 4646 regions (bench/setup.sh)");
    REQUIRE(b.vertex_count() >= 1281060 - 10913 && b.vertex_count() <= 1281060, "W2: unexpected vertex count");
    for (auto _ : state) {
        core::Diagnostics d;
        benchmark::DoNotOptimize(io::read_boundaries(w2_path(), {}, d));
    }
    state.counters["vertices"] = double(b.vertex_count());
    state.counters["Mvertices/s"] = benchmark::Counter(double(b.vertex_count()) * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
    GUARD_END
}
BENCHMARK(BM_IoReadW2Gpkg)->Unit(benchmark::kMillisecond)->Iterations(3);

// ------------------------------------------------------------------ join
void BM_JoinCategory(benchmark::State& state) {
    GUARD_BEGIN
    core::Diagnostics d;
    Boundaries b = io::read_boundaries(kMali, {}, d);
    Assessment a = io::read_assessment(kAssessment);
    Gazetteer g = io::read_gazetteer(kGazetteer);
    REQUIRE(!a.categories.empty(), "assessment has no categories");
    const Category& cat = a.categories.front();
    join::JoinReport report;
    join::ClassifiedAreas areas = join::join_category(b, a, cat, g, d, &report);
    std::size_t assessed = 0;
    for (const auto& x : areas.areas) assessed += x.level.has_value();
    REQUIRE(areas.areas.size() >= 9, "join: fewer areas than regions");
    REQUIRE(assessed >= 5, "join: fewer than 5 assessed areas");
    for (auto _ : state) {
        core::Diagnostics d2;
        benchmark::DoNotOptimize(join::join_category(b, a, cat, g, d2));
    }
    state.counters["areas"] = double(areas.areas.size());
    GUARD_END
}
BENCHMARK(BM_JoinCategory)->Unit(benchmark::kMicrosecond);

// ------------------------------------------------------------------ geometry: topology
void BM_BuildTopology(benchmark::State& state) {
    GUARD_BEGIN
    const auto shapes = w2_xy(std::size_t(state.range(0)));
    const auto threads = static_cast<unsigned>(state.range(1));
    REQUIRE(shapes.size() == std::size_t(state.range(0)), "W2: not enough regions (bench/setup.sh)");
    // Round trip: arcs reassembled without simplification give the same areas.
    geometry::Topology topo = geometry::build_topology(shapes, threads);
    REQUIRE(topo.shapes.size() == shapes.size(), "topology: shape count");
    auto back = geometry::assemble(topo, 0.0);
    REQUIRE(back.size() == shapes.size(), "assemble: shape count");
    for (std::size_t i = 0; i < shapes.size(); ++i)
        REQUIRE(near(bg::area(back[i]), bg::area(shapes[i]), 1e-9), "topology round trip changed an area");
    // Threads share the work, not the result.
    if (threads > 1) {
        const geometry::Topology one = geometry::build_topology(shapes, 1);
        REQUIRE(one.arcs.size() == topo.arcs.size(), "topology: arc count depends on threads");
        for (std::size_t a = 0; a < one.arcs.size(); ++a)
            REQUIRE(one.arcs[a].size() == topo.arcs[a].size() &&
                        std::equal(one.arcs[a].begin(), one.arcs[a].end(), topo.arcs[a].begin(),
                                   [](const MapXY& p, const MapXY& q) { return p.x == q.x && p.y == q.y; }),
                    "topology: arcs depend on threads");
    }
    std::size_t vin = 0;
    for (const auto& s : shapes) vin += bg::num_points(s);
    for (auto _ : state) benchmark::DoNotOptimize(geometry::build_topology(shapes, threads));
    state.counters["arcs"] = double(topo.arcs.size());
    state.counters["shared_arcs"] = double(topo.shared_arc_count);
    state.counters["Mvertices/s"] = benchmark::Counter(double(vin) * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
    GUARD_END
}
BENCHMARK(BM_BuildTopology)->Unit(benchmark::kMillisecond)->UseRealTime()->Args({250, 1})->Args({1000, 1})->Args({4646, 1})->Args({4646, 2});

void BM_SimplifyArcs(benchmark::State& state) {
    GUARD_BEGIN
    const auto shapes = w2_xy(std::size_t(state.range(0)));
    REQUIRE(shapes.size() == std::size_t(state.range(0)), "W2: not enough regions (bench/setup.sh)");
    const geometry::Topology base = geometry::build_topology(shapes);
    geometry::Topology t = base;
    geometry::simplify_arcs(t, kW2Tolerance);
    std::size_t before = 0, after = 0;
    for (std::size_t i = 0; i < base.arcs.size(); ++i) {
        before += base.arcs[i].size();
        after += t.arcs[i].size();
        REQUIRE(t.arcs[i].size() >= 2, "simplify_arcs: arc lost its endpoints");
        REQUIRE(bg::equals(t.arcs[i].front(), base.arcs[i].front()) && bg::equals(t.arcs[i].back(), base.arcs[i].back()),
                "simplify_arcs: arc endpoints moved");
    }
    REQUIRE(after < before, "simplify_arcs removed nothing");
    for (auto _ : state) {
        state.PauseTiming();
        geometry::Topology x = base;
        state.ResumeTiming();
        geometry::simplify_arcs(x, kW2Tolerance);
        benchmark::DoNotOptimize(x.arcs.data());
    }
    state.counters["arc_vertices_in"] = double(before);
    state.counters["arc_vertices_out"] = double(after);
    GUARD_END
}
BENCHMARK(BM_SimplifyArcs)->Unit(benchmark::kMillisecond)->Arg(250)->Arg(1000)->Arg(4646);

void BM_SimplifyShared(benchmark::State& state) {
    GUARD_BEGIN
    const auto shapes = w2_xy(std::size_t(state.range(0)));
    REQUIRE(shapes.size() == std::size_t(state.range(0)), "W2: not enough regions (bench/setup.sh)");
    geometry::AssembleReport rep;
    auto out = geometry::simplify_shared(shapes, kW2Tolerance, &rep);
    REQUIRE(out.size() == shapes.size(), "simplify_shared: shape count");
    std::size_t vin = 0;
    for (const auto& s : shapes) vin += bg::num_points(s);
    REQUIRE(rep.vertices > 0 && rep.vertices < vin, "simplify_shared: vertex count not reduced");
    for (auto _ : state) benchmark::DoNotOptimize(geometry::simplify_shared(shapes, kW2Tolerance));
    state.counters["vertices_in"] = double(vin);
    state.counters["vertices_out"] = double(rep.vertices);
    state.counters["rings_dropped"] = double(rep.rings_dropped);
    GUARD_END
}
BENCHMARK(BM_SimplifyShared)->Unit(benchmark::kMillisecond)->Arg(250)->Arg(1000)->Arg(4646);

// What W2 runs to draw: shared arcs simplified as they are read (no crossing
// checks), reassembled, on 1 or 2 threads; the same shapes on either.
void BM_SimplifyForDrawingW2(benchmark::State& state) {
    GUARD_BEGIN
    const auto shapes = w2_xy(kW2Regions);
    const auto threads = static_cast<unsigned>(state.range(0));
    REQUIRE(shapes.size() == kW2Regions, "W2: not enough regions (bench/setup.sh)");
    geometry::AssembleReport rep;
    const auto out = geometry::simplify_shared_for_drawing(shapes, kW2Tolerance, &rep, threads);
    REQUIRE(out.size() == shapes.size(), "simplify_shared_for_drawing: shape count");
    const auto& one = w2_simplified();
    for (std::size_t i = 0; i < out.size(); ++i)
        REQUIRE(bg::num_points(out[i]) == bg::num_points(one[i]) && bg::equals(out[i], one[i]),
                "simplify_shared_for_drawing: the shapes depend on the number of threads");
    std::size_t vin = 0;
    for (const auto& s : shapes) vin += bg::num_points(s);
    REQUIRE(rep.vertices > 100000 && rep.vertices < vin / 5, "simplify_shared_for_drawing: vertex count out of range");
    for (auto _ : state) benchmark::DoNotOptimize(geometry::simplify_shared_for_drawing(shapes, kW2Tolerance, nullptr, threads));
    state.counters["vertices_in"] = double(vin);
    state.counters["vertices_out"] = double(rep.vertices);
    GUARD_END
}
BENCHMARK(BM_SimplifyForDrawingW2)->Unit(benchmark::kMillisecond)->UseRealTime()->Arg(1)->Arg(2);

// ------------------------------------------------------------------ geometry: prepare
void BM_PreparePolygonsW2(benchmark::State& state) {
    GUARD_BEGIN
    std::vector<MultiPolygonLL> ll;
    for (const auto& f : w2_boundaries().features) ll.push_back(f.geometry);
    REQUIRE(ll.size() == kW2Regions, "W2: expected 4646 regions");
    auto proj = io::make_projection("EPSG:4326", "EPSG:4326");
    const BoxXY frame{{-180, -90}, {180, 90}};
    geometry::PrepareStats st;
    auto out = geometry::prepare_polygons(ll, *proj, frame, kW2Tolerance, &st);
    REQUIRE(out.size() == ll.size(), "prepare_polygons: shape count");
    REQUIRE(st.vertices_out > 0 && st.vertices_out < st.vertices_in, "prepare_polygons: no simplification");
    for (auto _ : state) benchmark::DoNotOptimize(geometry::prepare_polygons(ll, *proj, frame, kW2Tolerance));
    state.counters["vertices_in"] = double(st.vertices_in);
    state.counters["vertices_out"] = double(st.vertices_out);
    GUARD_END
}
BENCHMARK(BM_PreparePolygonsW2)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_PreparePolygonsMali(benchmark::State& state) {
    GUARD_BEGIN
    core::Diagnostics d;
    Boundaries b = io::read_boundaries(kMali, {}, d);
    std::vector<MultiPolygonLL> ll;
    for (const auto& f : b.features) ll.push_back(f.geometry);
    auto proj = io::make_projection("EPSG:4326", "EPSG:32630");
    const BoxXY frame{{-821121.920, 1041377.836}, {1592216.037, 2851381.305}};  // W1 frame (RESULTS.md)
    const double tol = 0.5 * 1005.56;                                        // 0.5 px at 2400 px
    geometry::PrepareStats st;
    auto out = geometry::prepare_polygons(ll, *proj, frame, tol, &st);
    REQUIRE(out.size() == 9, "prepare_polygons: shape count");
    double a = 0;
    for (const auto& s : out) a += bg::area(s);
    REQUIRE(near(a, 1.24e12, 0.05), "Mali area in UTM 30N is not about 1.24 million km²");
    for (auto _ : state) benchmark::DoNotOptimize(geometry::prepare_polygons(ll, *proj, frame, tol));
    state.counters["vertices_in"] = double(st.vertices_in);
    state.counters["vertices_out"] = double(st.vertices_out);
    GUARD_END
}
BENCHMARK(BM_PreparePolygonsMali)->Unit(benchmark::kMillisecond);

// ------------------------------------------------------------------ W1 pipeline (batch stages)
struct W1 {
    batch::Inputs inputs;
    core::Diagnostics diagnostics;
    ProjectionFactory projections = [](const std::string& f, const std::string& t) { return io::make_projection(f, t); };
    std::string category;
    layout::PagePreset page;
};

W1& w1() {
    static W1* w = [] {
        auto* p = new W1;  // lives for the whole program
        W1& x = *p;
        cli::Options o = cli::embedded_data_options();
        o.command = "render";
        o.assessment = kAssessment;
        o.gazetteer = kGazetteer;
        o.boundaries = kMali;
        x.inputs = cli::load_inputs(o, x.diagnostics);
        x.inputs.map_crs = "EPSG:32630";
        x.category = x.inputs.assessment->categories.front().id;
        x.page = layout::find_page_preset("slide");
        return p;
    }();
    return *w;
}

void BM_W1DeriveCategory(benchmark::State& state) {
    GUARD_BEGIN
    W1& w = w1();
    auto data = batch::derive_category(w.inputs, w.category, w.projections, w.diagnostics);
    REQUIRE(data.areas.areas.size() >= 9, "derive: fewer areas than regions");
    for (auto _ : state) {
        core::Diagnostics d;
        benchmark::DoNotOptimize(batch::derive_category(w.inputs, w.category, w.projections, d));
    }
    GUARD_END
}
BENCHMARK(BM_W1DeriveCategory)->Unit(benchmark::kMillisecond);

const layout::Scene& w1_scene() {
    static const layout::Scene s = [] {
        W1& w = w1();
        auto data = batch::derive_category(w.inputs, w.category, w.projections, w.diagnostics);
        render::PangoTextMeasurer m;
        return batch::build_scene(w.inputs, data, batch::MapKind::levels, w.page, w.projections, m, w.diagnostics);
    }();
    return s;
}

void BM_W1BuildScene(benchmark::State& state) {
    GUARD_BEGIN
    W1& w = w1();
    auto data = batch::derive_category(w.inputs, w.category, w.projections, w.diagnostics);
    render::PangoTextMeasurer m;
    const layout::Scene& s = w1_scene();
    REQUIRE(s.pixel_width() == 1920 && s.pixel_height() == 1080, "W1 slide scene is not 1920x1080 px");
    std::size_t items = 0;
    for (const auto& l : s.layers) items += l.items.size();
    REQUIRE(items > 20, "W1 scene has too few items");
    for (auto _ : state) {
        core::Diagnostics d;
        benchmark::DoNotOptimize(
            batch::build_scene(w.inputs, data, batch::MapKind::levels, w.page, w.projections, m, d));
    }
    state.counters["items"] = double(items);
    GUARD_END
}
BENCHMARK(BM_W1BuildScene)->Unit(benchmark::kMillisecond);

bool png_header(const std::string& png, int w, int h) {
    if (png.size() < 24 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || png.compare(12, 4, "IHDR") != 0) return false;
    auto be32 = [&](std::size_t o) {
        return (unsigned(static_cast<unsigned char>(png[o])) << 24) | (unsigned(static_cast<unsigned char>(png[o + 1])) << 16) |
               (unsigned(static_cast<unsigned char>(png[o + 2])) << 8) | unsigned(static_cast<unsigned char>(png[o + 3]));
    };
    return int(be32(16)) == w && int(be32(20)) == h;
}

void BM_W1RenderPng(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w1_scene();
    std::string png = render::render_png(s);
    REQUIRE(png_header(png, 1920, 1080), "W1 PNG: bad header or size");
    for (auto _ : state) benchmark::DoNotOptimize(render::render_png(s));
    state.counters["bytes"] = double(png.size());
    GUARD_END
}
BENCHMARK(BM_W1RenderPng)->Unit(benchmark::kMillisecond);

void BM_W1RenderSvg(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w1_scene();
    std::string svg = render::render_svg(s);
    REQUIRE(svg.find("<svg") != std::string::npos && svg.rfind("</svg>") != std::string::npos, "W1 SVG: not an SVG");
    for (auto _ : state) benchmark::DoNotOptimize(render::render_svg(s));
    state.counters["bytes"] = double(svg.size());
    GUARD_END
}
BENCHMARK(BM_W1RenderSvg)->Unit(benchmark::kMillisecond);

void BM_W1RenderPdf(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w1_scene();
    std::string pdf = render::render_pdf(s);
    REQUIRE(pdf.compare(0, 5, "%PDF-") == 0 && pdf.find("%%EOF") != std::string::npos, "W1 PDF: not a PDF");
    for (auto _ : state) benchmark::DoNotOptimize(render::render_pdf(s));
    state.counters["bytes"] = double(pdf.size());
    GUARD_END
}
BENCHMARK(BM_W1RenderPdf)->Unit(benchmark::kMillisecond);

// ------------------------------------------------------------------ W2 render floor
// The W2 frame at 72 dpi: 1 pt = 1 px; lon/lat → pixels, y down.
PageXY w2_px(const MapXY& p) {
    return {(p.x + 180.0) / 360.0 * kW2Width, (90.0 - p.y) / 180.0 * kW2Height};
}

const layout::Scene& w2_floor_scene() {
    static const layout::Scene s = [] {
        layout::Scene sc;
        sc.width_pt = kW2Width;
        sc.height_pt = kW2Height;
        sc.dpi = 72;
        layout::SceneLayer layer;
        layer.id = "areas";
        const auto& simp = w2_simplified();
        const auto& cls = w2_classes();
        LineStyle outline;
        outline.colour = *Colour::parse("#404040");
        outline.width_pt = 1.0;  // 1 px, as w2_params.json (outline_px) and the W2 runs draw it
        for (std::size_t i = 0; i < simp.size(); ++i) {
            layout::ScenePath p;
            for (const auto& poly : simp[i]) {
                auto add = [&](const Ring<MapXY>& r) {
                    std::vector<PageXY> ring;
                    ring.reserve(r.size());
                    for (const auto& c : r) ring.push_back(w2_px(c));
                    p.rings.push_back(std::move(ring));
                };
                add(poly.outer());
                for (const auto& r : poly.inners()) add(r);
            }
            if (p.rings.empty()) continue;
            FillStyle f;
            f.fill = *Colour::parse(kW2Palette.at(std::size_t(cls[i]) % kW2Palette.size()));
            p.fill = f;
            p.stroke = outline;
            layer.items.push_back(std::move(p));
        }
        sc.layers.push_back(std::move(layer));
        return sc;
    }();
    return s;
}

void BM_W2FloorRenderPng(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w2_floor_scene();
    REQUIRE(s.layers.size() == 1 && s.layers[0].items.size() > 4000, "W2 floor scene: fewer than 4000 of the 4646 regions left after simplification");
    std::string png = render::render_png(s);
    REQUIRE(png_header(png, kW2Width, kW2Height), "W2 PNG: bad header or size");
    REQUIRE(png.size() > 500000, "W2 PNG: suspiciously small (nothing drawn?)");
    const auto threads = static_cast<unsigned>(state.range(0));
    REQUIRE(render::render_png(s, threads) == png, "W2 PNG: the bytes depend on the number of threads");
    for (auto _ : state) benchmark::DoNotOptimize(render::render_png(s, threads));
    std::size_t v = 0;
    for (const auto& it : s.layers[0].items)
        for (const auto& r : std::get<layout::ScenePath>(it).rings) v += r.size();
    state.counters["paths"] = double(s.layers[0].items.size());
    state.counters["vertices"] = double(v);
    state.counters["bytes"] = double(png.size());
    GUARD_END
}
// Arg: threads drawing bands of the image (1 = the floor as the issue defines it).
BENCHMARK(BM_W2FloorRenderPng)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Cairo only (same paths, same operators, no PNG encode): the share of the floor that is rasterising.
void BM_W2FloorRasterOnly(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w2_floor_scene();
    auto draw = [&](cairo_t* cr) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        for (const auto& it : s.layers[0].items) {
            const auto& p = std::get<layout::ScenePath>(it);
            cairo_new_path(cr);
            for (const auto& r : p.rings) {
                cairo_move_to(cr, r[0].x, r[0].y);
                for (std::size_t i = 1; i < r.size(); ++i) cairo_line_to(cr, r[i].x, r[i].y);
                cairo_close_path(cr);
            }
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
            cairo_set_source_rgba(cr, p.fill->fill.r, p.fill->fill.g, p.fill->fill.b, p.fill->fill.a);
            // As the renderer draws a path with an outline at most a pixel wide.
            cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
            cairo_fill_preserve(cr);
            cairo_set_source_rgba(cr, p.stroke->colour.r, p.stroke->colour.g, p.stroke->colour.b, p.stroke->colour.a);
            cairo_set_line_width(cr, p.stroke->width_pt);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
            cairo_stroke(cr);
        }
    };
    cairo_surface_t* surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kW2Width, kW2Height);
    REQUIRE(cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS, "cairo surface");
    {
        cairo_t* cr = cairo_create(surf);
        draw(cr);
        cairo_destroy(cr);
        cairo_surface_flush(surf);
        // Validation: a pixel in the Sahara (Algeria, 2°E 28°N) is a class fill, not background or outline.
        const unsigned char* data = cairo_image_surface_get_data(surf);
        const int stride = cairo_image_surface_get_stride(surf);
        // (a 5 x 5 block: an outline may pass through the point itself)
        PageXY at = w2_px({2.0, 28.0});
        bool is_fill = false;
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx) {
                std::uint32_t px;
                std::memcpy(&px, data + (int(at.y) + dy) * stride + (int(at.x) + dx) * 4, 4);
                for (const char* hex : kW2Palette) {
                    Colour c = *Colour::parse(hex);
                    std::uint32_t want = 0xff000000u | (std::uint32_t(std::lround(c.r * 255)) << 16) |
                                         (std::uint32_t(std::lround(c.g * 255)) << 8) |
                                         std::uint32_t(std::lround(c.b * 255));
                    is_fill = is_fill || px == want;
                }
            }
        if (!is_fill) {
            cairo_surface_destroy(surf);
            state.SkipWithError("W2 raster: no pixel near 2°E 28°N is a class colour");
            return;
        }
    }
    for (auto _ : state) {
        cairo_t* cr = cairo_create(surf);
        draw(cr);
        cairo_destroy(cr);
        cairo_surface_flush(surf);
    }
    cairo_surface_destroy(surf);
    GUARD_END
}
BENCHMARK(BM_W2FloorRasterOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The PNG encoder alone (render/png_encoder) on the W2 floor image, drawn once
// on one surface: filter + deflate in bands of 256 rows, on one thread, and
// the chunks around them. Validated: the IDAT chunks inflate to exactly the
// image's scanlines.
void BM_W2PngEncode(benchmark::State& state) {
    GUARD_BEGIN
    const auto& s = w2_floor_scene();
    cairo_surface_t* surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kW2Width, kW2Height);
    REQUIRE(cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS, "cairo surface");
    {
        cairo_t* cr = cairo_create(surf);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        for (const auto& it : s.layers[0].items) {
            const auto& p = std::get<layout::ScenePath>(it);
            for (const auto& r : p.rings) {
                cairo_move_to(cr, r[0].x, r[0].y);
                for (std::size_t i = 1; i < r.size(); ++i) cairo_line_to(cr, r[i].x, r[i].y);
                cairo_close_path(cr);
            }
            cairo_set_source_rgba(cr, p.fill->fill.r, p.fill->fill.g, p.fill->fill.b, 1);
            cairo_fill(cr);
        }
        cairo_destroy(cr);
        cairo_surface_flush(surf);
    }
    const unsigned char* data = cairo_image_surface_get_data(surf);
    const int stride = cairo_image_surface_get_stride(surf);
    auto encode = [&] {
        std::vector<render::detail::PngBand> bands;
        for (int y = 0; y < kW2Height; y += 256)
            bands.push_back(render::detail::deflate_band(data + std::ptrdiff_t(y) * stride, stride, kW2Width,
                                                         std::min(256, kW2Height - y), false, y + 256 >= kW2Height));
        return render::detail::assemble_png(kW2Width, kW2Height, false, 72, bands);
    };
    const std::string png = encode();
    REQUIRE(png_header(png, kW2Width, kW2Height), "W2 PNG: bad header or size");
    {
        std::string idat;
        for (std::size_t at = 8; at + 12 <= png.size();) {
            const std::uint32_t n = (std::uint32_t(static_cast<unsigned char>(png[at])) << 24) |
                                    (std::uint32_t(static_cast<unsigned char>(png[at + 1])) << 16) |
                                    (std::uint32_t(static_cast<unsigned char>(png[at + 2])) << 8) |
                                    std::uint32_t(static_cast<unsigned char>(png[at + 3]));
            if (png.compare(at + 4, 4, "IDAT") == 0) idat.append(png, at + 8, n);
            at += 12 + n;
        }
        const std::size_t expected = std::size_t(kW2Height) * (1 + 3 * std::size_t(kW2Width));
        std::vector<unsigned char> raw(expected + 1);
        uLongf got = raw.size();
        const int rc = uncompress(raw.data(), &got, reinterpret_cast<const Bytef*>(idat.data()), idat.size());
        REQUIRE(rc == Z_OK && got == expected, "W2 PNG: the IDAT stream does not inflate to the image's scanlines");
    }
    for (auto _ : state) benchmark::DoNotOptimize(encode());
    cairo_surface_destroy(surf);
    state.counters["bytes"] = double(png.size());
    state.counters["MB_in"] = double(kW2Height) * (1 + 3.0 * kW2Width) / 1e6;
    GUARD_END
}
BENCHMARK(BM_W2PngEncode)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
    // Data paths (geodata/, styles/) are relative to the source tree.
    if (::chdir(THREATMAP_SOURCE_DIR) != 0) return 1;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
