// One map from loaded inputs: derive the category's areas (join, carve-outs,
// operating areas, exposure), prepare geometry for a page preset, lay it out
// and render it. The stages run in order; this file only wires them and
// decides what a threat map or a change map shows (fills, legend, notes).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "core/boundaries.hpp"
#include "core/diagnostics.hpp"
#include "core/gazetteer.hpp"
#include "core/projection.hpp"
#include "core/style.hpp"
#include "geometry/derive.hpp"
#include "io/i18n_reader.hpp"
#include "join/classified_areas.hpp"
#include "join/region_grouping.hpp"
#include "join/select_country.hpp"
#include "layout/page.hpp"
#include "layout/scene.hpp"
#include "layout/text_metrics.hpp"

namespace threatmap::batch {

struct NamedArea {
    std::string name;
    MultiPolygonLL geometry;
};

// Everything read from disk, once per run. Plain values, shared read-only by jobs.
struct Inputs {
    std::optional<Assessment> assessment;  // absent in the generic choropleth mode
    std::optional<Gazetteer> gazetteer;
    Style style;
    Boundaries boundaries;
    // When the layer held other countries' regions too: which features were kept.
    std::optional<join::CountrySelection> country_selection;
    std::optional<join::RegionGrouping> region_grouping;  // a layer of districts grouped into regions
    // The assessment's country: the boundary features dissolved, once per run
    // (load_inputs) rather than once per category; empty in the generic mode.
    MultiPolygonLL country_outline;
    std::vector<NamedArea> neighbours;
    std::vector<LineStringLL> rivers;
    std::string neighbours_path, rivers_path;  // the context layers' files, for messages
    // Who the layers are from, for the source line: empty for the embedded
    // files (Natural Earth), else the names of the analyst's own files; no
    // context credit when the map has no context layers.
    std::string boundaries_credit;
    std::optional<std::string> context_credit;
    std::string map_crs;       // map projection
    std::string lang = "en";
    UiWords ui;                // interface words by key and language (styles/i18n.toml)
    std::string class_field;   // generic mode: the class attribute
    std::vector<std::string> class_order;
    std::string title;         // generic mode: the map's title, empty for "<layer> by <field>"
    double simplify_px = 0.5;  // simplification tolerance in output pixels
    bool labels = true;
    bool bare = false;                     // map only, no panel
    std::optional<BoxXY> extent;           // fixed frame in the map CRS
    std::optional<layout::PagePreset> custom_page;  // --width/--height instead of a preset
    std::vector<std::string> source_paths;      // every input file read
    std::vector<std::string> source_checksums;  // "sha256  path" of every input, for the manifest
    // The context layers in the map CRS, projected once per run (project_context).
    std::vector<MultiPolygonXY> neighbours_xy;
    std::vector<LineStringXY> rivers_xy;
    // Generic mode: the boundary layer in the map CRS, one entry per feature,
    // projected once per run (project_context), shared by every job. The
    // features' lon/lat geometry is released as they are projected: a layer is
    // held in memory once, not twice (W2: 20 MB).
    std::shared_ptr<const std::vector<MultiPolygonXY>> boundaries_xy;
};

// Projects the context layers into inputs.map_crs (once, shared by every job),
// and in the generic mode (no assessment) the boundary layer too, releasing
// its lon/lat geometry. `threads`: cores to project on (shapes are independent).
void project_context(Inputs& inputs, const ProjectionFactory& projections, unsigned threads = 1);

enum class MapKind { levels, change };

struct CategoryData {
    join::ClassifiedAreas areas;
    join::JoinReport report;
    std::vector<geometry::OperatingAreaGeometry> operating_areas;
    std::optional<geometry::Exposure> exposure;
    // The areas in the map CRS, projected once for every job of the category
    // (in the generic mode, Inputs::boundaries_xy itself).
    std::shared_ptr<const std::vector<MultiPolygonXY>> areas_xy;
    MultiPolygonXY country_outline_xy;
    std::vector<MultiPolygonXY> operating_areas_xy;
    // The locator inset (page-independent), prepared once for every job.
    std::vector<MultiPolygonXY> inset_countries_xy;
    MultiPolygonXY inset_highlight_xy;
    BoxXY inset_extent;
};

CategoryData derive_category(const Inputs& inputs, const std::string& category_id, const ProjectionFactory& projections,
                             core::Diagnostics& diagnostics);

// `threads`: cores this job may use for preparing the geometry.
layout::Scene build_scene(const Inputs& inputs, const CategoryData& data, MapKind kind, const layout::PagePreset& page,
                          const ProjectionFactory& projections, const layout::TextMeasurer& measurer,
                          core::Diagnostics& diagnostics, unsigned threads = 1);

// The title of a map of any layer (no assessment): --title, else "<layer> by
// <field>" in `lang`. The layer's name, not its path: a briefing's reader has
// no use for the analyst's folders (the source line names the file).
std::string generic_map_title(const Inputs& inputs, const std::string& lang);

// "A, B, C" for a text a reader (or a screen reader) reads out: beyond
// `max_named` names, the first ones and a count ("A, B … and 84 more").
std::string names_listed(std::vector<std::string> names, const UiWords& ui, const std::string& lang,
                         std::size_t max_named = 20);

// A warning (style.font_missing) when the style's font is not installed and
// its text would be drawn in another family, which fontconfig substitutes
// without a word: labels and legend then look unlike the style's.
void warn_if_font_missing(const Style& style, const layout::TextMeasurer& measurer, core::Diagnostics& diagnostics);

// The names of the map's areas by the row of its legend they are drawn as, in
// the legend's order: a scale from its highest level (classes that are names
// from A), or raised / unchanged / lowered on a change map; "not assessed"
// last. Rows no area is in are left out. For the map's description and the
// briefing's alt text, which a screen reader reads out as the legend reads.
struct LegendRowNames {
    std::string row;  // the legend's label
    std::vector<std::string> names;
};
std::vector<LegendRowNames> areas_by_legend_row(const Inputs& inputs, const CategoryData& data, MapKind kind,
                                                const std::string& lang);

// The exposure table as CSV (one row per operating area and class) or JSON.
std::string exposure_csv(const geometry::Exposure& exposure, const std::string& lang);
std::string exposure_json(const geometry::Exposure& exposure, const std::string& lang);

// The keys of the interface words build_scene uses (each must be in styles/i18n.toml).
const std::vector<std::string>& ui_word_keys();

// "label: text" as the language punctuates it (French: a no-break space before the colon).
std::string labelled(const std::string& label, const std::string& text, const std::string& lang);

// The sources of an assessment's map in `lang`: "threat levels <citation>.
// Boundaries and rivers: Natural Earth (public domain). Places: GeoNames (CC
// BY 4.0)." for the embedded data (an analyst's own layers are named by their
// files, the places by the gazetteer's places_credit or its file), and that
// after "Sources: " (the maps' note, the briefing page).
std::string sources_text(const Inputs& in, const std::string& lang, const std::string& citation);
std::string source_line(const Inputs& in, const std::string& lang, const std::string& citation);

// Text of a level in a language, e.g. "significant".
std::string level_name(const std::vector<Level>& scale, std::optional<std::size_t> level, const Translated& not_assessed,
                       const std::string& lang);

}  // namespace threatmap::batch
