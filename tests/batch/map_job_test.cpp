// build_scene on the embedded data: the map's notes and source line speak the
// map's language, punctuated as that language does (French: a no-break space
// before a colon, guillemets, "99 %"), and the English map says what it said.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "embedded_options.hpp"
#include "../temp_dir.hpp"
#include "batch/map_job.hpp"
#include "core/text.hpp"
#include "cli/load_inputs.hpp"
#include "io/crs.hpp"
#include "layout/labels.hpp"
#include "layout/page.hpp"
#include "render/pango_text_measurer.hpp"

namespace threatmap::batch {
namespace {

const ProjectionFactory projections = [](const std::string& from, const std::string& to) {
    return io::make_projection(from, to);
};

layout::Scene slide_scene(const std::string& lang, MapKind kind = MapKind::levels, const std::string& category = "ied") {
    core::Diagnostics d;
    cli::Options o = cli::embedded_data_options();  // as `threatmap render`: with the neighbours and rivers
    o.lang = lang;
    Inputs in = cli::load_inputs(o, d);
    in.map_crs = "EPSG:32630";
    project_context(in, projections);
    const CategoryData data = derive_category(in, category, projections, d);
    render::PangoTextMeasurer measurer;
    return build_scene(in, data, kind, layout::find_page_preset("slide"), projections, measurer, d, 1);
}

// Calls f(item) for every item of type Item in the scene's layers.
template <typename Item, typename F>
void for_each_item(const layout::Scene& scene, F&& f) {
    for (const auto& layer : scene.layers)
        for (const auto& item : layer.items)
            if (const auto* it = std::get_if<Item>(&item)) f(*it);
}

// All text of the scene, each SceneText's lines joined by spaces (the layout
// breaks lines at spaces), one SceneText per line of the result.
std::string scene_text(const std::string& lang) {
    std::string all;
    for_each_item<layout::SceneText>(slide_scene(lang), [&](const layout::SceneText& t) {
        std::string joined;
        for (const auto& line : t.lines) joined += (joined.empty() ? "" : " ") + line;
        all += joined + "\n";
    });
    return all;
}

// The scene's text, one line per SceneText, of the embedded ied slide with
// the inputs (the gazetteer, the assessment) changed by `change` first.
std::string scene_text_with(const std::function<void(Inputs&)>& change) {
    core::Diagnostics d;
    Inputs in = cli::load_inputs(cli::embedded_data_options(), d);
    change(in);
    in.map_crs = "EPSG:32630";
    project_context(in, projections);
    const CategoryData data = derive_category(in, "ied", projections, d);
    render::PangoTextMeasurer measurer;
    std::string all;
    for_each_item<layout::SceneText>(build_scene(in, data, MapKind::levels, layout::find_page_preset("slide"), projections,
                                                 measurer, d, 1),
                                     [&](const layout::SceneText& t) {
                                         std::string joined;
                                         for (const auto& line : t.lines) joined += (joined.empty() ? "" : " ") + line;
                                         all += joined + "\n";
                                     });
    return all;
}

// The legend lists the kinds of place the map shows, in the gazetteer's words
// for this case (MINUSMA's) or, without them, in words for any case; a kind
// the map does not show (no sector headquarters, no attacks) has no row, and
// without operating areas there is no exposure table. (Another case's map
// listed "MINUSMA sector HQ" and an empty table.)
TEST(BuildScene, LegendListsTheKindsOfPlaceShownInTheCasesWords) {
    const std::string minusma = scene_text_with([](Inputs&) {});
    for (const char* row : {"\nCapital, MINUSMA HQ\n", "\nMINUSMA sector HQ\n", "\nTown named in the letter\n",
                            "\nAttack named in the letter\n", "Operating areas by threat level"})
        EXPECT_NE(minusma.find(row), std::string::npos) << row << "\n" << minusma;

    const std::string other = scene_text_with([](Inputs& in) {
        Gazetteer& g = *in.gazetteer;
        g.legend_words.clear();
        g.events.clear();
        g.operating_areas.clear();
        for (auto& p : g.places) p.sector_hq = false;
        g.places.erase(std::remove_if(g.places.begin(), g.places.end(), [](const Place& p) { return p.kind == PlaceKind::event; }),
                       g.places.end());
    });
    EXPECT_NE(other.find("\nCapital\n"), std::string::npos) << other;
    EXPECT_NE(other.find("\nTown named in the source\n"), std::string::npos) << other;
    for (const char* absent : {"MINUSMA HQ", "MINUSMA sector HQ", "Sector headquarters", "Event named", "Attack named",
                               "Operating areas by threat level"})
        EXPECT_EQ(other.find(absent), std::string::npos) << absent << "\n" << other;
}

// The subtitle names the kind of source the assessment gives, in the map's
// language, or gives the date alone (another case's maps said "letter of").
TEST(BuildScene, SubtitleNamesTheKindOfSourceOrTheDateAlone) {
    EXPECT_NE(scene_text_with([](Inputs&) {}).find("\nThreat levels in Mali (MINUSMA) — letter of 11 September 2017\n"),
              std::string::npos);
    EXPECT_NE(scene_text("fr").find("\nNiveaux de menace au Mali (MINUSMA) — lettre du 11 septembre 2017\n"),
              std::string::npos);
    const std::string report = scene_text_with([](Inputs& in) { in.assessment->source_kind = Translated{{{"en", "report"}}}; });
    EXPECT_NE(report.find("(MINUSMA) — report of 11 September 2017\n"), std::string::npos) << report;
    const std::string none = scene_text_with([](Inputs& in) { in.assessment->source_kind.reset(); });
    EXPECT_NE(none.find("\nThreat levels in Mali (MINUSMA) — 11 September 2017\n"), std::string::npos) << none;
    EXPECT_EQ(none.find("letter of"), std::string::npos) << none;
}

// A level's short name heads its column of the operating areas' table, where
// a long name wrapped to a word a line; the legend keeps the whole name.
TEST(BuildScene, TableHeadsALevelsColumnWithItsShortName) {
    const std::string long_name = "Significant: complex attacks expected on the main supply routes";
    const std::string text = scene_text_with([&](Inputs& in) {
        auto& significant = in.assessment->scale.levels.back();
        significant.name = Translated{{{"en", long_name}}};
        significant.short_name = Translated{{{"en", "Sig."}}};
    });
    EXPECT_NE(text.find("\nSig.\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n" + long_name + "\n"), std::string::npos) << text;  // the legend
    EXPECT_NE(text.find("\nmoderate\n"), std::string::npos) << text;  // no short name: the name
}

TEST(BuildScene, FrenchMapSpeaksFrench) {
    const std::string text = scene_text("fr");
    EXPECT_NE(text.find("Hypothèse d’analyste\u00a0: Gao ville = rayon de 8 km"), std::string::npos) << text;
    EXPECT_NE(text.find("«\u202fomgeving\u202f» (environs) de Gao et de Kidal"), std::string::npos) << text;
    EXPECT_NE(text.find("Limites régionales antérieures à 2016"), std::string::npos) << text;
    EXPECT_NE(text.find("Sources\u00a0: niveaux de menace Kamerstuk 29 521"), std::string::npos) << text;
    EXPECT_NE(text.find("Lieux\u00a0: GeoNames"), std::string::npos) << text;
    EXPECT_NE(text.find("99\u202f%"), std::string::npos) << "the exposure table\n" << text;
    EXPECT_EQ(text.find("Analyst assumption"), std::string::npos) << text;
    EXPECT_EQ(text.find("Boundaries and rivers"), std::string::npos) << text;
    // The neighbours and the detail views' widths too.
    EXPECT_NE(text.find("\nAlgérie\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nMauritanie\n"), std::string::npos) << text;
    EXPECT_NE(text.find("km de large\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("Algeria"), std::string::npos) << text;
    EXPECT_EQ(text.find("km across"), std::string::npos) << text;
}

TEST(BuildScene, DutchMapSpeaksDutch) {
    const std::string text = scene_text("nl");
    EXPECT_NE(text.find("Aanname analist: Gao-stad = straal van 8 km"), std::string::npos) << text;
    EXPECT_NE(text.find("Regiogrenzen van vóór 2016"), std::string::npos) << text;
    EXPECT_NE(text.find("Bronnen: dreigingsniveaus Kamerstuk"), std::string::npos) << text;
    EXPECT_EQ(text.find("Analyst assumption"), std::string::npos) << text;
    EXPECT_NE(text.find("\nAlgerije\n"), std::string::npos) << text;
    EXPECT_NE(text.find("km breed\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("Algeria"), std::string::npos) << text;
    EXPECT_EQ(text.find("km across"), std::string::npos) << text;
}

// The markers' tooltips (SVG <title>) of a scene, one per line.
std::string marker_titles(const std::string& lang) {
    std::string all;
    for_each_item<layout::SceneMarker>(slide_scene(lang), [&](const layout::SceneMarker& m) {
        if (!m.title.empty()) all += m.title + "\n";
    });
    return all;
}

TEST(BuildScene, PlaceTooltipsSayTheRoleAndTheEventInTheMapsLanguage) {
    const std::string fr = marker_titles("fr");
    EXPECT_NE(fr.find("Gao (QG du secteur Est) — GeoNames 2457163\n"), std::string::npos) << fr;
    EXPECT_NE(fr.find("Tombouctou (QG du secteur Ouest)"), std::string::npos) << fr;
    EXPECT_NE(fr.find("Attaque 15 août 2017 (Tombouctou)\u00a0: “Zo werd op 15 augustus"), std::string::npos) << fr;
    EXPECT_EQ(fr.find("Sector HQ"), std::string::npos) << fr;
    const std::string nl = marker_titles("nl");
    EXPECT_NE(nl.find("Timboektoe (sectorhoofdkwartier West)"), std::string::npos) << nl;
    const std::string en = marker_titles("en");
    EXPECT_NE(en.find("Timbuktu (Sector HQ West) — GeoNames 2449067\n"), std::string::npos) << en;
    EXPECT_NE(en.find("Attack 15 Aug 2017 (Timbuktu): “Zo werd"), std::string::npos) << en;
}

// The source line credits Natural Earth for the embedded layers only: an
// analyst's own boundary layer is named by its file, as are the places of a
// gazetteer without places_credit, and a map without rivers or countries
// credits none. (It said "Natural Earth" and "GeoNames" whatever the layers were.)
TEST(BuildScene, SourceLineCreditsTheAnalystsOwnLayersByTheirFiles) {
    test::TempDir dir;
    const std::string own = dir / "own-regions.fgb";
    std::filesystem::copy_file("geodata/boundaries/mali-admin1.fgb", own);
    cli::Options o = cli::embedded_data_options();
    o.boundaries = own;
    core::Diagnostics d;
    Inputs in = cli::load_inputs(o, d);
    EXPECT_EQ(sources_text(in, "en", "the letter"),
              "threat levels the letter. Boundaries: own-regions.fgb. Countries and rivers: Natural Earth (public domain). "
              "Places: GeoNames (CC BY 4.0).");
    in.gazetteer->places_credit = {};
    in.context_credit.reset();  // no --neighbours, no --rivers
    EXPECT_EQ(sources_text(in, "fr", "la lettre"),
              "niveaux de menace la lettre. Limites\u00a0: own-regions.fgb. Lieux\u00a0: mali.toml.");

    const std::string rivers = dir / "own-rivers.fgb";
    std::filesystem::copy_file("geodata/context/rivers.fgb", rivers);
    o = cli::embedded_data_options();
    o.rivers = rivers;
    in = cli::load_inputs(o, d);
    EXPECT_EQ(sources_text(in, "en", "the letter"),
              "threat levels the letter. Boundaries: Natural Earth (public domain). Countries and rivers: Natural Earth, "
              "own-rivers.fgb. Places: GeoNames (CC BY 4.0).");
}

TEST(BuildScene, EnglishMapSaysWhatItSaid) {
    const std::string text = scene_text("en");
    EXPECT_NE(text.find("Analyst assumption: Gao city = 8 km radius around the centre of Gao"), std::string::npos) << text;
    EXPECT_NE(text.find("Region borders before 2016: Ménaka shown within Gao"), std::string::npos) << text;
    EXPECT_NE(text.find("Sources: threat levels Kamerstuk 29 521, nr. AB, 11 September 2017. Boundaries and rivers: "
                        "Natural Earth (public domain). Places: GeoNames (CC BY 4.0)."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("99%"), std::string::npos) << text;
    EXPECT_NE(text.find("\nAlgeria\n"), std::string::npos) << text;
    EXPECT_NE(text.find("km across\n"), std::string::npos) << text;
    // The exposure table's area figure keeps its unit when the cell wraps.
    EXPECT_NE(text.find("Reconnaissance unit: mainly (25,928\u00a0km²)"), std::string::npos) << text;
}

// The operating areas' outlines of a scene, and the texts of one of its
// layers that `wanted` accepts.
std::vector<std::vector<PageXY>> operating_outlines(const layout::Scene& scene) {
    std::vector<std::vector<PageXY>> outlines;
    for (const auto& layer : scene.layers)
        for (const auto& item : layer.items)
            if (const auto* p = std::get_if<layout::ScenePath>(&item); p && p->id.rfind("operating-", 0) == 0)
                outlines.insert(outlines.end(), p->rings.begin(), p->rings.end());
    return outlines;
}
template <typename Wanted>
std::vector<const layout::SceneText*> texts_of(const layout::Scene& scene, const std::string& layer_id, Wanted wanted) {
    std::vector<const layout::SceneText*> out;
    for (const auto& layer : scene.layers)
        if (layer.id == layer_id)
            for (const auto& item : layer.items)
                if (const auto* t = std::get_if<layout::SceneText>(&item); t && wanted(*t)) out.push_back(t);
    return out;
}
// A text's box on the page (all its lines).
layout::PageBox box_of(const layout::SceneText& t) {
    const double h = t.line_height_pt > 0 ? t.line_height_pt : t.style.size_pt * 1.2;
    return {t.origin, {t.origin.x + t.box_width_pt, t.origin.y + h * static_cast<double>(t.lines.size())}};
}

// The attack at Timbuktu: its label's preferred place (right of the marker)
// lies across the corridor's outline, and a free place clear of it exists.
TEST(BuildScene, PlaceLabelsKeepOffOperatingOutlinesWhereAFreePlaceAllows) {
    const layout::Scene scene = slide_scene("en");
    const auto outlines = operating_outlines(scene);
    const auto attacks = texts_of(scene, "place-labels", [](const layout::SceneText& t) {
        return t.lines.size() == 1 && t.lines[0] == "Attack 15 Aug 2017";
    });
    ASSERT_EQ(outlines.empty(), false);
    ASSERT_EQ(attacks.size(), 2u);
    const layout::SceneText* north = attacks[0]->origin.y < attacks[1]->origin.y ? attacks[0] : attacks[1];
    EXPECT_FALSE(layout::crosses_any_ring(box_of(*north), outlines)) << "label at " << north->origin.x << "," << north->origin.y;
}

// Region names too: at its pole of inaccessibility Kidal's name lay across the
// Kidal circle's outline; every region has room for its name clear of them.
TEST(BuildScene, RegionLabelsKeepOffOperatingOutlinesWhereTheRegionAllows) {
    for (const char* lang : {"en", "nl"}) {
        const layout::Scene scene = slide_scene(lang);
        const auto outlines = operating_outlines(scene);
        const auto names = texts_of(scene, "region-labels", [](const layout::SceneText&) { return true; });
        ASSERT_FALSE(outlines.empty());
        ASSERT_GE(names.size(), 8u) << lang;
        for (const auto* t : names)
            EXPECT_FALSE(layout::crosses_any_ring(box_of(*t), outlines))
                << lang << ": region label \"" << t->lines.front() << "\" at " << t->origin.x << "," << t->origin.y;
    }
}

// The context layers projected on several threads are the shapes projected on
// one, in the same order (countries, then rivers).
// A measurer that draws every family in one, as fontconfig substitutes a missing one.
class OneFontMeasurer : public layout::TextMeasurer {
public:
    explicit OneFontMeasurer(std::string family) : family_(std::move(family)) {}
    layout::TextExtent measure(const std::string&, const layout::TextStyle&, double) const override { return {}; }
    std::string family_drawn(const std::string&) const override { return family_; }

private:
    std::string family_;
};

TEST(WarnIfFontMissing, NamesTheStyleTheFontAndWhatIsDrawnInstead) {
    Style style;
    style.path = "styles/house.toml";
    style.font_family = "Comic Nonexistent";
    core::Diagnostics d;
    warn_if_font_missing(style, OneFontMeasurer("DejaVu Sans"), d);
    ASSERT_EQ(d.warning_count(), 1u);
    EXPECT_TRUE(d.contains_kind("style.font_missing"));
    const std::string message = d.all().front().message;
    for (const char* part : {"styles/house.toml: ", "font \"Comic Nonexistent\" is not installed",
                             "drawn in \"DejaVu Sans\" instead", "fc-list"})
        EXPECT_NE(message.find(part), std::string::npos) << part << " in: " << message;
}

TEST(WarnIfFontMissing, SilentWhenTheFontIsDrawn) {
    Style style;
    style.font_family = "DejaVu Sans";
    core::Diagnostics d;
    warn_if_font_missing(style, OneFontMeasurer("DejaVu Sans"), d);
    render::PangoTextMeasurer pango;  // and with the real font system (DejaVu is what the tests' fonts.conf offers)
    warn_if_font_missing(style, pango, d);
    EXPECT_EQ(d.warning_count(), 0u);
    style.font_family = "Comic Nonexistent";
    warn_if_font_missing(style, pango, d);
    EXPECT_EQ(d.warning_count(), 1u);
}

TEST(ProjectContext, ThreadsChangeNothing) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.neighbours = std::string(THREATMAP_SOURCE_DIR) + "/geodata/context/countries.fgb";
    o.rivers = std::string(THREATMAP_SOURCE_DIR) + "/geodata/context/rivers.fgb";
    Inputs one = cli::load_inputs(o, d);
    one.map_crs = "EPSG:32630";
    Inputs many = one;
    project_context(one, projections, 1);
    project_context(many, projections, 3);
    ASSERT_FALSE(one.neighbours_xy.empty());
    ASSERT_FALSE(one.rivers_xy.empty());
    ASSERT_EQ(one.neighbours_xy.size(), one.neighbours.size());
    ASSERT_EQ(one.rivers_xy.size(), one.rivers.size());
    ASSERT_EQ(many.neighbours_xy.size(), one.neighbours_xy.size());
    ASSERT_EQ(many.rivers_xy.size(), one.rivers_xy.size());
    for (std::size_t i = 0; i < one.neighbours_xy.size(); ++i)
        EXPECT_TRUE(bg::equals(one.neighbours_xy[i], many.neighbours_xy[i])) << one.neighbours[i].name;
    for (std::size_t i = 0; i < one.rivers_xy.size(); ++i) EXPECT_TRUE(bg::equals(one.rivers_xy[i], many.rivers_xy[i]));
    // Projected, not copied: Mali's neighbours lie hundreds of km from UTM 30N's origin.
    EXPECT_GT(std::abs(bg::get<0>(one.neighbours_xy.front().front().outer().front())), 1000.0);
}

// Generic mode: the boundary layer is projected once per run, on any number
// of threads to the same shapes in feature order, and its lon/lat geometry is
// released (the layer is held once); every job's areas are that one copy.
TEST(ProjectContext, GenericLayerProjectedOnceAndReleased) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.class_field = "name";
    Inputs loaded = cli::load_inputs(o, d);
    ASSERT_FALSE(loaded.assessment);
    loaded.map_crs = "EPSG:32630";
    std::vector<MultiPolygonXY> expected;
    {
        auto proj = projections("EPSG:4326", loaded.map_crs);
        for (const auto& f : loaded.boundaries.features) expected.push_back(proj->forward(f.geometry));
    }
    for (unsigned threads : {1u, 3u}) {
        Inputs in = loaded;
        project_context(in, projections, threads);
        ASSERT_TRUE(in.boundaries_xy);
        ASSERT_EQ(in.boundaries_xy->size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_TRUE(bg::equals((*in.boundaries_xy)[i], expected[i])) << "feature " << i << ", " << threads << " threads";
            EXPECT_TRUE(in.boundaries.features[i].geometry.empty()) << "lon/lat of feature " << i << " kept";
        }
        const CategoryData data = derive_category(in, o.class_field, projections, d);
        EXPECT_EQ(data.areas_xy.get(), in.boundaries_xy.get());
    }
}

// The legend's labels, in order (each swatch "legend-N" is followed by its label).
std::vector<std::string> legend_labels(const layout::Scene& scene) {
    std::vector<std::string> out;
    for (const auto& layer : scene.layers) {
        bool label_next = false;
        for (const auto& item : layer.items) {
            if (const auto* p = std::get_if<layout::ScenePath>(&item)) label_next = p->id.rfind("legend-", 0) == 0;
            else if (const auto* t = std::get_if<layout::SceneText>(&item); t && label_next) {
                out.push_back(t->lines.empty() ? "" : t->lines.front());
                label_next = false;
            }
        }
    }
    return out;
}

// The slide scene of a choropleth of `o`'s layer by o.class_field, in `crs`
// (embedded_options gives Mali's regions; no context layers unless set).
layout::Scene choropleth_scene(cli::Options o, const std::string& crs, core::Diagnostics& d) {
    Inputs in = cli::load_inputs(o, d);
    in.map_crs = crs;
    project_context(in, projections);
    const CategoryData data = derive_category(in, o.class_field, projections, d);
    render::PangoTextMeasurer measurer;
    return build_scene(in, data, MapKind::levels, layout::find_page_preset("slide"), projections, measurer, d, 1);
}

// A layer classed by its names lists them in the legend as they sort (A at
// the top), not the other way round as a scale of levels is listed.
TEST(BuildScene, LegendListsNamesFromTheTopAndLevelsFromTheHighest) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.class_field = "name";
    const auto labels = legend_labels(choropleth_scene(o, "EPSG:32630", d));
    ASSERT_GE(labels.size(), 4u);
    EXPECT_EQ(labels.front(), "Bamako");
    EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end() - 1, core::natural_less)) << ::testing::PrintToString(labels);
    EXPECT_EQ(labels.back(), "no value");
    const auto levels = legend_labels(slide_scene("en"));
    ASSERT_GE(levels.size(), 4u);
    EXPECT_EQ(levels.front(), "significant");  // the highest of the letter's scale first
}

// A layer of `n` squares of 0.1° named "Square 1".., too small for their
// names on a slide, spread over 10° x 6° by one large unnamed square.
std::string write_small_squares(const test::TempDir& dir, int n) {
    const std::string path = dir / ("squares-" + std::to_string(n) + ".geojson");
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)";
    out << R"({"type":"Feature","properties":{"cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,2],[0,2],[0,0]]]}})";
    for (int i = 0; i < n; ++i) {
        const double x = 5 + (i % 10) * 0.5, y = (i / 10) * 0.5;
        out << fmt::format(R"(,{{"type":"Feature","properties":{{"name":"Square {}","cls":"b"}},"geometry":{{"type":"Polygon",)"
                           R"("coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}})",
                           i + 1, x, y, x + 0.1, y, x + 0.1, y + 0.1, x, y + 0.1, x, y);
    }
    out << "]}";
    return path;
}

struct RegionLabels {
    std::size_t leader_lines = 0, labels = 0;
    std::vector<std::string> dropped;  // the label_dropped warnings
};

RegionLabels region_labels_of(const std::string& layer) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.boundaries = layer;
    o.class_field = "cls";
    const layout::Scene scene = choropleth_scene(o, "EPSG:4326", d);
    RegionLabels out;
    for (const auto& layer : scene.layers) {
        if (layer.id != "region-labels") continue;
        for (const auto& item : layer.items) {
            if (const auto* p = std::get_if<layout::ScenePath>(&item); p && !p->closed) ++out.leader_lines;
            if (std::holds_alternative<layout::SceneText>(item)) ++out.labels;
        }
    }
    for (const auto& x : d.all())
        if (x.kind == "layout.label_dropped") out.dropped.push_back(x.message);
    return out;
}

// A few areas too small for their names are named by leader lines; many are
// not (a thousand callouts covered a world map), and their dropped names are
// one warning, not one each. An unnamed area has no label to drop.
TEST(BuildScene, LeaderLinesForAFewSmallAreasNotForMany) {
    test::TempDir dir;
    const RegionLabels few = region_labels_of(write_small_squares(dir, 12));
    EXPECT_GT(few.leader_lines, 0u);
    EXPECT_EQ(few.leader_lines + few.dropped.size(), 12u);
    const RegionLabels many = region_labels_of(write_small_squares(dir, 60));
    EXPECT_EQ(many.leader_lines, 0u);
    EXPECT_EQ(many.labels, 0u);
    ASSERT_EQ(many.dropped.size(), 1u) << ::testing::PrintToString(many.dropped);
    EXPECT_NE(many.dropped[0].find("slide: no room for 60 of the 60 region labels; dropped (\"Square 1\", "), std::string::npos)
        << many.dropped[0];
    EXPECT_NE(many.dropped[0].find(" and 55 more)"), std::string::npos) << many.dropped[0];
}

// A choropleth of any layer speaks the map's language too: its title,
// subtitle, the legend's "no value" and the source line were English.
TEST(BuildScene, ChoroplethOfAnyLayerSpeaksTheMapsLanguage) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.class_field = "name";
    o.classes = {"Gao", "Kidal"};  // the other regions have no class: "no value"
    o.lang = "fr";
    std::string text;
    for_each_item<layout::SceneText>(choropleth_scene(o, "EPSG:32630", d), [&](const layout::SceneText& t) {
        for (const auto& line : t.lines) text += line + "\n";
    });
    for (const std::string expected : {" par name", "9 entités", "sans valeur", "Source\u00a0: "})
        EXPECT_NE(text.find(expected), std::string::npos) << "missing \"" << expected << "\" in:\n" << text;
    for (const std::string english : {" by name", "features", "no value", "Source: "})
        EXPECT_EQ(text.find(english), std::string::npos) << "English \"" << english << "\" in:\n" << text;
}

// The map's description (SVG <desc>, read out by screen readers) lists the
// levels as the legend does, from the highest, "not assessed" last; it went
// by the levels' names in alphabetical order ("moderate" first).
TEST(BuildScene, DescriptionListsLevelsInTheLegendsOrder) {
    const std::string desc = slide_scene("en").metadata.description;
    const auto significant = desc.find("significant: "), moderate = desc.find("moderate: "),
               negligible = desc.find("negligible: "), none = desc.find("not assessed: ");
    ASSERT_NE(none, std::string::npos) << desc;
    EXPECT_LT(significant, moderate) << desc;
    EXPECT_LT(moderate, negligible) << desc;
    EXPECT_LT(negligible, none) << desc;
    EXPECT_EQ(desc.rfind("IED threat. significant: ", 0), 0u) << desc;

    // A change map says what changed, in its legend's words (the letter raised
    // the general threat in Ségou, Mopti, Timbuktu and Gao city).
    const std::string change = slide_scene("en", MapKind::change, "general").metadata.description;
    EXPECT_NE(change.find(". raised: Ségou, Mopti, Timbuktu, Gao city. unchanged: "), std::string::npos) << change;
    EXPECT_NE(change.find("not assessed: "), std::string::npos) << change;
    EXPECT_EQ(change.find("significant"), std::string::npos) << change;
}

TEST(NamesListed, ListsUpToTheLimitThenCounts) {
    UiWords ui;
    ui.words["legend_more"]["en"] = "… and {count} more";
    ui.words["legend_more"]["nl"] = "… en nog {count}";
    EXPECT_EQ(names_listed({"Gao", "Kidal"}, ui, "en"), "Gao, Kidal");
    EXPECT_EQ(names_listed({}, ui, "en"), "");
    EXPECT_EQ(names_listed({"A", "B", "C", "D"}, ui, "en", 3), "A, B, C … and 1 more");
    EXPECT_EQ(names_listed({"A", "B", "C", "D"}, ui, "nl", 2), "A, B … en nog 2");
    EXPECT_EQ(names_listed({"A", "B", "C"}, ui, "en", 3), "A, B, C");
    std::vector<std::string> many;
    for (int i = 1; i <= 25; ++i) many.push_back("R" + std::to_string(i));
    EXPECT_EQ(names_listed(many, ui, "en").find("R21"), std::string::npos);
    EXPECT_NE(names_listed(many, ui, "en").find("R20 … and 5 more"), std::string::npos);
}

// A label with characters no installed font has (Chinese, with the tests'
// DejaVu-only fonts) is drawn as boxes: a warning names it, and no other.
TEST(BuildScene, TextNoFontCoversIsAWarning) {
    test::TempDir dir;
    const std::string path = dir / "cities.geojson";
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[)"
                        << R"({"type":"Feature","properties":{"name":"北京市","cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[116,39],[118,39],[118,41],[116,41],[116,39]]]}},)"
                        << R"({"type":"Feature","properties":{"name":"Москва","cls":"b"},"geometry":{"type":"Polygon","coordinates":[[[118,39],[120,39],[120,41],[118,41],[118,39]]]}}]})";
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.boundaries = path;
    o.class_field = "cls";
    o.neighbours.clear();
    o.rivers.clear();
    choropleth_scene(o, "EPSG:4326", d);
    ASSERT_TRUE(d.contains_kind("text.uncovered")) << ::testing::PrintToString(d.all().size());
    for (const auto& x : d.all())
        if (x.kind == "text.uncovered") {
            EXPECT_NE(x.message.find("1 text(s) have characters that no installed font has, drawn as boxes: \"北京市\""),
                      std::string::npos) << x.message;
            EXPECT_EQ(x.message.find("Москва"), std::string::npos) << x.message;
        }

    core::Diagnostics mali;
    cli::Options names = test::embedded_options();
    names.class_field = "name";  // Ségou, Tombouctou, Ménaka: all DejaVu's
    choropleth_scene(names, "EPSG:32630", mali);
    EXPECT_FALSE(mali.contains_kind("text.uncovered"));
}

// The title of a choropleth names the layer, not the analyst's path to it
// (the source line does); --title replaces it.
TEST(BuildScene, ChoroplethTitleIsTheLayersNameOrTheOneGiven) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.class_field = "name";
    layout::Scene scene = choropleth_scene(o, "EPSG:32630", d);
    EXPECT_EQ(scene.metadata.title, "mali-admin1 by name");
    std::string text;
    for_each_item<layout::SceneText>(scene, [&](const layout::SceneText& t) {
        for (const auto& line : t.lines) text += line + "\n";
    });
    EXPECT_NE(text.find("Source: "), std::string::npos) << text;
    EXPECT_NE(text.find("/geodata/boundaries/mali-admin1.fgb"), std::string::npos) << "the source line names the file: " << text;

    o.title = "Regions of Mali, 2017";
    scene = choropleth_scene(o, "EPSG:32630", d);
    EXPECT_EQ(scene.metadata.title, "Regions of Mali, 2017");
}

// A layer of 300 classes (a field of codes): the legend fills the panel in
// columns, lists the first classes and "no value", and counts the others on
// a line of its own; both that and the palette's limit are warnings.
TEST(BuildScene, LegendOfManyClassesFitsThePanelAndCountsTheRest) {
    test::TempDir dir;
    const std::string path = dir / "many-classes.geojson";
    {
        std::ofstream out(path);
        out << R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < 300; ++i) {
            const double x = (i % 20) * 0.5, y = (i / 20) * 0.5;
            out << (i ? "," : "")
                << fmt::format(R"({{"type":"Feature","properties":{{"code":"C{:03d}"}},"geometry":{{"type":"Polygon",)"
                               R"("coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}})",
                               i, x, y, x + 0.4, y, x + 0.4, y + 0.4, x, y + 0.4, x, y);
        }
        out << "]}";
    }
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.boundaries = path;
    o.class_field = "code";
    const layout::Scene scene = choropleth_scene(o, "EPSG:4326", d);
    std::vector<std::string> swatches;
    double lowest = 0;
    for (const auto& layer : scene.layers)
        for (const auto& item : layer.items)
            if (const auto* p = std::get_if<layout::ScenePath>(&item); p && p->id.rfind("legend-", 0) == 0) {
                swatches.push_back(p->id);
                for (const auto& pt : p->rings.front()) lowest = std::max(lowest, pt.y);
            }
    ASSERT_GT(swatches.size(), 40u);  // in columns, more than one column holds
    ASSERT_LT(swatches.size(), 301u);
    EXPECT_EQ(swatches.back(), "legend-300");  // "no value" stays
    // Above the notes at the foot of the panel (the source line the last of them).
    double notes_top = scene.height_pt;
    for_each_item<layout::SceneText>(scene, [&](const layout::SceneText& t) {
        for (const auto& line : t.lines)
            if (line.rfind("Source: ", 0) == 0) notes_top = std::min(notes_top, t.origin.y);
    });
    ASSERT_LT(notes_top, scene.height_pt) << "no source line";
    EXPECT_LT(lowest, notes_top) << "the legend runs into the notes";
    const std::size_t left_out = 301 - swatches.size();
    const auto labels = legend_labels(scene);
    EXPECT_EQ(labels.front(), "C000");
    std::string text;
    for_each_item<layout::SceneText>(scene, [&](const layout::SceneText& t) {
        for (const auto& line : t.lines) text += line + "\n";
    });
    EXPECT_NE(text.find("… and " + std::to_string(left_out) + " more\n"), std::string::npos) << text;
    bool cut = false, alike = false;
    for (const auto& x : d.all()) {
        cut |= x.kind == "layout.legend_cut" &&
               x.message.find("lists " + std::to_string(301 - left_out) + " of the 301 classes") != std::string::npos;
        alike |= x.kind == "style.classes_alike" && x.message.find("300 classes") != std::string::npos;
    }
    EXPECT_TRUE(cut);
    EXPECT_TRUE(alike);
}

// "… km" texts of the scale bar.
std::size_t scale_bar_labels(const layout::Scene& scene) {
    std::size_t n = 0;
    for (const auto& layer : scene.layers)
        if (layer.id == "scale-north")
            for (const auto& item : layer.items)
                if (const auto* t = std::get_if<layout::SceneText>(&item); t && !t->lines.empty() && t->lines[0].find(" km") != std::string::npos) ++n;
    return n;
}

// One scale bar is right only where the map's scale is about the same all
// over it: Mali's regions in UTM or lon/lat have one; a layer spanning the
// world in lon/lat (where a bar held along the equator alone) has none, and
// says why.
TEST(BuildScene, ScaleBarOnlyWhereTheScaleHoldsAcrossTheMap) {
    core::Diagnostics d;
    cli::Options o = test::embedded_options();
    o.class_field = "name";
    EXPECT_EQ(scale_bar_labels(choropleth_scene(o, "EPSG:32630", d)), 1u);
    EXPECT_EQ(scale_bar_labels(choropleth_scene(o, "EPSG:4326", d)), 1u);
    EXPECT_FALSE(d.contains_kind("layout.no_scale_bar"));
    test::TempDir dir;
    o.boundaries = dir / "world.geojson";
    std::ofstream(o.boundaries) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"World"},)"
                                << R"("geometry":{"type":"Polygon","coordinates":[[[-170,-80],[170,-80],[170,80],[-170,80],[-170,-80]]]}}]})";
    EXPECT_EQ(scale_bar_labels(choropleth_scene(o, "EPSG:4326", d)), 0u);
    EXPECT_TRUE(d.contains_kind("layout.no_scale_bar"));
}

// The neighbouring countries are selected and repaired on every core: the
// same countries, in the layer's order, with the same notes in the same order.
TEST(LoadInputs, ContextCountriesDoNotDependOnThreads) {
    auto load = [](unsigned jobs, core::Diagnostics& d) {
        cli::Options o = test::embedded_options();
        o.neighbours = std::string(THREATMAP_SOURCE_DIR) + "/geodata/context/countries.fgb";
        o.jobs = jobs;
        return cli::load_inputs(o, d);
    };
    core::Diagnostics d1, d4;
    const Inputs one = load(1, d1), four = load(4, d4);
    ASSERT_GT(one.neighbours.size(), 3u);
    ASSERT_EQ(four.neighbours.size(), one.neighbours.size());
    for (std::size_t i = 0; i < one.neighbours.size(); ++i) {
        EXPECT_EQ(four.neighbours[i].name, one.neighbours[i].name);
        EXPECT_TRUE(bg::equals(four.neighbours[i].geometry, one.neighbours[i].geometry)) << one.neighbours[i].name;
    }
    ASSERT_EQ(d4.all().size(), d1.all().size());
    for (std::size_t i = 0; i < d1.all().size(); ++i) EXPECT_EQ(d4.all()[i].message, d1.all()[i].message);
    // Mali itself is drawn from the boundaries, not from the context layer.
    for (const auto& n : one.neighbours) EXPECT_NE(n.name, "Mali");
}

}  // namespace
}  // namespace threatmap::batch
