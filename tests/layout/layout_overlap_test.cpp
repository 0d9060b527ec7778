// Nothing overlaps on a real map page (layout.hpp's promise), checked on the
// Scenes the CLI would render: the embedded inputs loaded as `threatmap
// render` loads them, every page preset x category x map kind, text measured
// with Pango through the pinned test fonts. For every label (SceneText of the
// "place-labels" and "region-labels" layers) the box it draws into is
// computed from its lines, line height, box width and alignment, and checked:
//   - no two labels overlap;
//   - every label lies inside the map frame (never across its edge);
//   - no label covers a marker of the "places" layer (its bounding square,
//     outline included) or the scale bar / north arrow;
//   - every item of the "panel" layer lies inside the page and outside the map
//     frame (so no label can reach the panel either).
// A stress case adds 60 places on a grid over Mali: the same holds, and labels
// with no free position are reported (layout.label_dropped), not drawn.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <stdlib.h>

#include "batch/map_job.hpp"
#include "cli/load_inputs.hpp"
#include "cli/options.hpp"
#include "core/diagnostics.hpp"
#include "core/projection.hpp"
#include "io/crs.hpp"
#include "layout/page.hpp"
#include "layout/scene.hpp"
#include "render/pango_text_measurer.hpp"

namespace threatmap::test {
namespace {

namespace fs = std::filesystem;

const ProjectionFactory projections = [](const std::string& from, const std::string& to) {
    return io::make_projection(from, to);
};

// The options `threatmap render` starts from (cli::run in src/cli/app.cpp).
cli::Options render_defaults() {
    cli::Options o = cli::embedded_data_options();
    o.command = "render";
    return o;
}

// Inputs as run_render prepares them: map CRS and projected context layers.
batch::Inputs load_render_inputs(const cli::Options& o, core::Diagnostics& d) {
    batch::Inputs in = cli::load_inputs(o, d);
    in.map_crs = "EPSG:32630";
    batch::project_context(in, projections);
    return in;
}

struct Box {
    double x0, y0, x1, y1;
    std::string what;
};

bool overlap(const Box& a, const Box& b, double eps = 1e-6) {
    return a.x0 < b.x1 - eps && b.x0 < a.x1 - eps && a.y0 < b.y1 - eps && b.y0 < a.y1 - eps;
}
bool inside(const Box& a, const Box& outer, double eps = 1e-6) {
    return a.x0 >= outer.x0 - eps && a.y0 >= outer.y0 - eps && a.x1 <= outer.x1 + eps && a.y1 <= outer.y1 + eps;
}
std::string str(const Box& b) { return fmt::format("\"{}\" [{:.2f},{:.2f} .. {:.2f},{:.2f}]", b.what, b.x0, b.y0, b.x1, b.y1); }

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : " / ") + l;
    return s;
}

// The box a SceneText draws into: lines of line_height_pt from the origin; each
// line as wide as Pango measures it, placed by the alignment within box_width_pt.
Box text_box(const layout::SceneText& t, const layout::TextMeasurer& m) {
    Box b{t.origin.x, t.origin.y, t.origin.x + t.box_width_pt, t.origin.y + t.line_height_pt * t.lines.size(), joined(t.lines)};
    for (const auto& line : t.lines) {
        const double w = m.measure(line, t.style).width_pt;
        double x0 = t.origin.x;
        if (t.align == layout::SceneText::Align::centre) x0 = t.origin.x + (t.box_width_pt - w) / 2;
        if (t.align == layout::SceneText::Align::right) x0 = t.origin.x + t.box_width_pt - w;
        b.x0 = std::min(b.x0, x0);
        b.x1 = std::max(b.x1, x0 + w);
    }
    return b;
}

Box path_box(const layout::ScenePath& p, const std::string& what) {
    Box b{1e300, 1e300, -1e300, -1e300, what};
    for (const auto& ring : p.rings)
        for (const auto& q : ring) {
            b.x0 = std::min(b.x0, q.x);
            b.y0 = std::min(b.y0, q.y);
            b.x1 = std::max(b.x1, q.x);
            b.y1 = std::max(b.y1, q.y);
        }
    return b;
}

// Bounding square of a marker of any shape, outline included.
Box marker_box(const layout::SceneMarker& mk) {
    const double r = mk.size_pt / 2 + mk.outline_width_pt / 2;
    return {mk.centre.x - r, mk.centre.y - r, mk.centre.x + r, mk.centre.y + r, "marker " + mk.id};
}

const layout::SceneLayer* find_layer(const layout::Scene& s, const std::string& id) {
    for (const auto& l : s.layers)
        if (l.id == id) return &l;
    return nullptr;
}

std::vector<Box> label_boxes(const layout::Scene& s, const layout::TextMeasurer& m) {
    std::vector<Box> out;
    for (const char* id : {"place-labels", "region-labels"}) {
        const layout::SceneLayer* l = find_layer(s, id);
        if (!l) continue;
        for (const auto& item : l->items)
            if (const auto* t = std::get_if<layout::SceneText>(&item)) out.push_back(text_box(*t, m));
    }
    return out;
}

// Every no-overlap promise of layout.hpp on one scene; `what` names the case in messages.
void expect_nothing_overlaps(const layout::Scene& s, const layout::TextMeasurer& m, const std::string& what) {
    SCOPED_TRACE(what);
    const Box map{s.map_x_pt, s.map_y_pt, s.map_x_pt + s.map_w_pt, s.map_y_pt + s.map_h_pt, "map frame"};
    const Box page{0, 0, s.width_pt, s.height_pt, "page"};
    ASSERT_GT(s.map_w_pt, 0);
    ASSERT_GT(s.map_h_pt, 0);
    for (const char* id : {"places", "place-labels", "region-labels", "panel", "scale-north"})
        ASSERT_NE(find_layer(s, id), nullptr) << "no layer " << id;

    const std::vector<Box> labels = label_boxes(s, m);
    EXPECT_GE(labels.size(), 5u) << "suspiciously few labels";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        EXPECT_GT(labels[i].x1 - labels[i].x0, 0) << str(labels[i]);
        EXPECT_GT(labels[i].y1 - labels[i].y0, 0) << str(labels[i]);
        EXPECT_TRUE(inside(labels[i], map)) << "label crosses the map frame edge: " << str(labels[i]) << " frame "
                                            << str(map);
        for (std::size_t j = i + 1; j < labels.size(); ++j)
            EXPECT_FALSE(overlap(labels[i], labels[j])) << "labels overlap: " << str(labels[i]) << " and " << str(labels[j]);
    }

    std::size_t markers = 0;
    for (const auto& item : find_layer(s, "places")->items) {
        const auto* mk = std::get_if<layout::SceneMarker>(&item);
        if (!mk) continue;
        ++markers;
        const Box mb = marker_box(*mk);
        EXPECT_TRUE(inside(mb, map)) << "marker outside the map frame: " << str(mb);
        for (const auto& l : labels) EXPECT_FALSE(overlap(l, mb)) << "label covers a marker: " << str(l) << " over " << str(mb);
    }
    EXPECT_GT(markers, 0u);

    // Scale bar (its backing panel and texts) and north arrow: reserved, never under a label.
    for (const auto& item : find_layer(s, "scale-north")->items) {
        Box b;
        if (const auto* p = std::get_if<layout::ScenePath>(&item)) b = path_box(*p, "scale/north path");
        else if (const auto* t = std::get_if<layout::SceneText>(&item)) b = text_box(*t, m);
        else b = marker_box(std::get<layout::SceneMarker>(item));
        for (const auto& l : labels)
            EXPECT_FALSE(overlap(l, b)) << "label over the scale bar / north arrow: " << str(l) << " over " << str(b);
    }

    // The panel: inside the page, outside the map frame (so disjoint from every label).
    std::size_t panel_items = 0;
    for (const auto& item : find_layer(s, "panel")->items) {
        Box b;
        if (const auto* p = std::get_if<layout::ScenePath>(&item)) {
            if (p->rings.empty()) continue;
            b = path_box(*p, p->title.empty() ? "panel path" : "panel path " + p->title);
        } else if (const auto* t = std::get_if<layout::SceneText>(&item)) {
            if (t->lines.empty()) continue;
            b = text_box(*t, m);
        } else {
            b = marker_box(std::get<layout::SceneMarker>(item));
        }
        ++panel_items;
        EXPECT_TRUE(inside(b, page)) << "panel item outside the page: " << str(b) << " page " << str(page);
        EXPECT_FALSE(overlap(b, map)) << "panel item inside the map frame: " << str(b) << " frame " << str(map);
        for (const auto& l : labels) EXPECT_FALSE(overlap(l, b)) << "label over the panel: " << str(l) << " over " << str(b);
    }
    EXPECT_GT(panel_items, 5u);
}

// The checker itself finds what it is meant to find (a vacuous check would pass anything).
TEST(LayoutOverlapChecker, ReportsOverlapsOnAHandMadeScene) {
    ::setenv("FONTCONFIG_FILE", THREATMAP_TEST_DATA "/fonts.conf", 0);
    render::PangoTextMeasurer m;
    layout::Scene s;
    s.width_pt = 400;
    s.height_pt = 200;
    s.map_x_pt = 10, s.map_y_pt = 10, s.map_w_pt = 250, s.map_h_pt = 180;
    auto text = [&](const std::string& t, double x, double y) {
        layout::SceneText st;
        st.lines = {t};
        st.origin = {x, y};
        st.line_height_pt = 10;
        st.box_width_pt = m.measure(t, st.style).width_pt;
        return st;
    };
    layout::SceneMarker marker;
    marker.centre = {200, 150};
    marker.size_pt = 6;
    layout::SceneLayer places{"places", {marker}};
    layout::SceneLayer place_labels{"place-labels", {text("Alpha", 20, 20), text("Beta", 25, 24),        // overlap
                                                     text("Gamma", 198, 146),                            // on the marker
                                                     text("Delta", 250, 100),                            // across the frame edge
                                                     text("Epsilon", 100, 100)}};
    layout::SceneLayer region_labels{"region-labels", {}};
    layout::SceneLayer scale{"scale-north", {}};
    layout::SceneLayer panel{"panel", {text("Title", 270, 10), text("a", 270, 30), text("b", 270, 50), text("c", 270, 70),
                                       text("d", 270, 90), text("in the map", 150, 170)}};  // the last one inside the frame
    s.layers = {places, place_labels, region_labels, scale, panel};

    ::testing::TestPartResultArray failures;
    {
        ::testing::ScopedFakeTestPartResultReporter reporter(::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD,
                                                             &failures);
        expect_nothing_overlaps(s, m, "hand-made");
    }
    auto count = [&](const std::string& needle) {
        int n = 0;
        for (int i = 0; i < failures.size(); ++i) n += std::string(failures.GetTestPartResult(i).message()).find(needle) != std::string::npos;
        return n;
    };
    EXPECT_EQ(count("labels overlap"), 1);
    EXPECT_EQ(count("label covers a marker"), 1);
    EXPECT_EQ(count("label crosses the map frame edge"), 1);
    EXPECT_EQ(count("panel item inside the map frame"), 1);
    EXPECT_EQ(count("Alpha"), 1);
}

const std::vector<std::string> presets = {"slide", "a4-landscape", "a4-portrait", "column"};

class LayoutOverlap : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ::setenv("FONTCONFIG_FILE", THREATMAP_TEST_DATA "/fonts.conf", 0);
        core::Diagnostics d;
        inputs_ = std::make_unique<batch::Inputs>(load_render_inputs(render_defaults(), d));
        for (const char* cat : {"ied", "general"})
            categories_.push_back(batch::derive_category(*inputs_, cat, projections, d));
        measurer_ = std::make_unique<render::PangoTextMeasurer>();
    }
    static void TearDownTestSuite() {
        measurer_.reset();
        categories_.clear();
        inputs_.reset();
    }
    static std::unique_ptr<batch::Inputs> inputs_;
    static std::vector<batch::CategoryData> categories_;
    static std::unique_ptr<render::PangoTextMeasurer> measurer_;
};
std::unique_ptr<batch::Inputs> LayoutOverlap::inputs_;
std::vector<batch::CategoryData> LayoutOverlap::categories_;
std::unique_ptr<render::PangoTextMeasurer> LayoutOverlap::measurer_;

TEST_F(LayoutOverlap, EveryPresetCategoryAndKindOfTheEmbeddedAssessment) {
    const std::vector<std::string> names = {"ied", "general"};
    int scenes = 0;
    for (const auto& preset : presets)
        for (std::size_t c = 0; c < categories_.size(); ++c)
            for (auto kind : {batch::MapKind::levels, batch::MapKind::change}) {
                const std::string what = fmt::format("{} {} {}", names[c], kind == batch::MapKind::levels ? "levels" : "change", preset);
                core::Diagnostics d;
                layout::Scene s = batch::build_scene(*inputs_, categories_[c], kind, layout::find_page_preset(preset),
                                                     projections, *measurer_, d);
                expect_nothing_overlaps(s, *measurer_, what);
                ++scenes;
            }
    EXPECT_EQ(scenes, 16);
}

// Titles and subtitles wrap into lines of about equal length, never leaving a
// word alone on the last line (the slide's subtitle once ended in a line
// "2017"), and no line opens with a dash; the lines keep the text as written
// (the no-break space that holds a dash to its word is not drawn).
TEST_F(LayoutOverlap, HeadingsWrapIntoBalancedLinesWithNoDashOpeningALine) {
    const std::string no_break_space = "\u00A0", dash = "\u2014";
    int wrapped = 0;
    for (const auto& preset : presets)
        for (std::size_t c = 0; c < categories_.size(); ++c)
            for (auto kind : {batch::MapKind::levels, batch::MapKind::change}) {
                core::Diagnostics d;
                layout::Scene s = batch::build_scene(*inputs_, categories_[c], kind, layout::find_page_preset(preset),
                                                     projections, *measurer_, d);
                const layout::SceneLayer* panel = nullptr;
                for (const auto& l : s.layers)
                    if (l.id == "panel") panel = &l;
                ASSERT_NE(panel, nullptr) << preset;
                // The panel's first two texts are the title and the subtitle.
                int headings = 0;
                for (const auto& item : panel->items) {
                    const auto* t = std::get_if<layout::SceneText>(&item);
                    if (!t || headings == 2) continue;
                    ++headings;
                    const std::string what = fmt::format("{} {}: \"{}\"", preset, headings == 1 ? "title" : "subtitle", joined(t->lines));
                    double shortest = 1e9, longest = 0;
                    for (const auto& line : t->lines) {
                        EXPECT_EQ(line.find(no_break_space), std::string::npos) << what;
                        EXPECT_NE(line.rfind(dash, 0), 0u) << what << ": a line opens with a dash";
                        const double w = measurer_->measure(line, t->style).width_pt;
                        shortest = std::min(shortest, w);
                        longest = std::max(longest, w);
                        EXPECT_LE(w, t->box_width_pt + 1e-6) << what;
                    }
                    if (t->lines.size() > 1) {
                        ++wrapped;
                        EXPECT_GE(shortest, 0.5 * longest) << what << ": unbalanced";
                    }
                }
                EXPECT_EQ(headings, 2) << preset;
            }
    EXPECT_GT(wrapped, 0) << "no heading wraps: the test checks nothing";
}

// The gazetteer with `extra` places spread over Mali on a regular grid (points
// inside the country's boundaries), written to `path`.
void write_crowded_gazetteer(const batch::Inputs& in, const std::string& path, int extra) {
    std::string base;
    {
        std::ifstream f(cli::resolve_data_path("geodata/gazetteer/mali.toml"), std::ios::binary);
        std::ostringstream s;
        s << f.rdbuf();
        base = s.str();
    }
    std::vector<LonLat> inside_mali;
    for (double lat = 10.5; lat <= 24.5; lat += 0.8)
        for (double lon = -11.8; lon <= 4.0; lon += 0.8) {
            LonLat p{lon, lat};
            for (const auto& f : in.boundaries.features)
                if (bg::covered_by(p, f.geometry)) {
                    inside_mali.push_back(p);
                    break;
                }
        }
    ASSERT_GE(inside_mali.size(), static_cast<std::size_t>(extra));
    std::string places;
    for (int i = 0; i < extra; ++i) {
        const LonLat& p = inside_mali[static_cast<std::size_t>(i) * inside_mali.size() / extra];
        places += fmt::format("[[place]]\nid = \"grid-{0:02d}\"\nname = \"Gridville {0:02d}\"\nkind = \"village\"\n"
                              "lat = {1:.4f}\nlon = {2:.4f}\nsource = \"test grid\"\n",
                              i + 1, p.lat, p.lon);
    }
    // Places go with the other places, before the first [[event]].
    const auto at = base.find("[[event]]");
    ASSERT_NE(at, std::string::npos);
    base.insert(at, places + "\n");
    std::ofstream(path, std::ios::binary) << base;
}

TEST_F(LayoutOverlap, SixtyExtraPlacesStillNoOverlapAndDroppedLabelsAreReported) {
    std::string tmpl = (fs::temp_directory_path() / "threatmap-layout-XXXXXX").string();
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    ASSERT_NE(::mkdtemp(name.data()), nullptr);
    const std::string dir = name.data();
    const std::string gazetteer = dir + "/mali-crowded.toml";
    write_crowded_gazetteer(*inputs_, gazetteer, 60);
    if (HasFatalFailure()) return;

    cli::Options o = render_defaults();
    o.gazetteer = gazetteer;
    core::Diagnostics load;
    batch::Inputs in = load_render_inputs(o, load);
    ASSERT_EQ(in.gazetteer->places.size(), inputs_->gazetteer->places.size() + 60);
    batch::CategoryData ied = batch::derive_category(in, "ied", projections, load);

    std::size_t total_dropped = 0;
    for (const auto& preset : presets) {
        SCOPED_TRACE(preset);
        core::Diagnostics d;
        layout::Scene s = batch::build_scene(in, ied, batch::MapKind::levels, layout::find_page_preset(preset), projections,
                                             *measurer_, d);
        expect_nothing_overlaps(s, *measurer_, "crowded ied levels " + preset);

        std::vector<std::string> drawn;
        for (const auto& item : find_layer(s, "place-labels")->items)
            if (const auto* t = std::get_if<layout::SceneText>(&item)) drawn.push_back(joined(t->lines));
        std::vector<std::string> dropped_messages;
        for (const auto& x : d.all())
            if (x.kind == "layout.label_dropped") {
                EXPECT_EQ(x.severity, core::Severity::warning) << x.message;
                dropped_messages.push_back(x.message);
            }
        // Every grid place has its marker; its label is either drawn or reported as dropped, never both.
        std::size_t grid_markers = 0, grid_dropped = 0;
        for (const auto& item : find_layer(s, "places")->items) {
            const auto* mk = std::get_if<layout::SceneMarker>(&item);
            if (!mk || mk->id.rfind("place-grid-", 0) != 0) continue;
            ++grid_markers;
            const std::string label = "Gridville " + mk->id.substr(std::string("place-grid-").size());
            const bool is_drawn = std::count(drawn.begin(), drawn.end(), label) > 0;
            const bool is_reported = std::any_of(dropped_messages.begin(), dropped_messages.end(), [&](const std::string& m) {
                return m.find("\"" + label + "\"") != std::string::npos;
            });
            EXPECT_NE(is_drawn, is_reported) << label << (is_drawn ? ": drawn and reported as dropped" : ": neither drawn nor reported");
            grid_dropped += is_reported;
        }
        EXPECT_EQ(grid_markers, 60u) << "every grid place lies inside the frame";
        EXPECT_EQ(std::count(drawn.begin(), drawn.end(), std::string()), 0);
        // Each dropped message names a label that is not drawn.
        for (const auto& m : dropped_messages) {
            EXPECT_NE(m.find(preset), std::string::npos) << "message does not name the page: " << m;
            for (const auto& t : drawn) {
                if (t.rfind("Gridville", 0) != 0) continue;
                EXPECT_EQ(m.find("\"" + t + "\""), std::string::npos) << "drawn yet reported: " << m;
            }
        }
        total_dropped += grid_dropped;
        std::cerr << "[          ] " << preset << ": " << (grid_markers - grid_dropped) << " of " << grid_markers
                  << " grid labels placed, " << dropped_messages.size() << " label(s) dropped in all\n";
    }
    // Sixty labels in a country that fills a 300 pt column cannot all fit: the drop path is exercised.
    EXPECT_GT(total_dropped, 0u);
    if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace threatmap::test
