#include "cli/load_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/sha256.hpp"
#include "geometry/derive.hpp"
#include "geometry/repair.hpp"
#include "io/assessment_reader.hpp"
#include "io/boundary_reader.hpp"
#include "io/gazetteer_reader.hpp"
#include "io/i18n_reader.hpp"
#include "io/style_reader.hpp"
#include "join/join.hpp"
#include "join/layer_choice.hpp"
#include "join/region_grouping.hpp"
#include "join/select_country.hpp"

namespace threatmap::cli {
namespace fs = std::filesystem;

std::string resolve_data_path(const std::string& path) {
    if (path.empty() || fs::exists(path) || fs::path(path).is_absolute()) return path;
    fs::path embedded = fs::path(THREATMAP_SOURCE_DIR) / path;
    return fs::exists(embedded) ? embedded.string() : path;
}

namespace {

bool options_draw_only(const Options& o) { return o.command == "render"; }

void require_setup(const std::string& path) {
    if (!fs::exists(path) && path.find("geodata/") != std::string::npos)
        throw Error({path, ""}, "missing; the third-party boundary data is fetched by the set-up step: "
                                "run `bash scripts/setup.sh` (or scripts/fetch_geodata.sh)");
}

// Who the layers are from, for the source line (batch::Inputs::boundaries_credit,
// context_credit): the embedded layers are Natural Earth's
// (scripts/fetch_geodata.sh), an analyst's own are named by their files.
void credit_layers(const Options& o, batch::Inputs& in) {
    const Options embedded = embedded_data_options();
    auto file_credit = [](const std::string& given, const std::string& embedded_path) {
        return given == embedded_path ? std::string() : fs::path(given).filename().string();
    };
    in.boundaries_credit = file_credit(o.boundaries, embedded.boundaries);
    std::vector<std::string> context_files;
    for (const auto& [given, embedded_path] : {std::pair{o.neighbours, embedded.neighbours}, std::pair{o.rivers, embedded.rivers}})
        if (!given.empty()) {
            const std::string credit = file_credit(given, embedded_path);
            if (std::find(context_files.begin(), context_files.end(), credit) == context_files.end()) context_files.push_back(credit);
        }
    if (context_files.empty()) return;  // no context layers, no credit
    // Natural Earth's alone, or the analyst's files (with Natural Earth's among them if one is embedded).
    const bool all_embedded = std::all_of(context_files.begin(), context_files.end(), [](const auto& c) { return c.empty(); });
    for (auto& c : context_files)
        if (c.empty()) c = "Natural Earth";
    in.context_credit = all_embedded ? "" : fmt::format("{}", fmt::join(context_files, ", "));
}

// The assessment's layer, repaired, made ready for every category: districts
// grouped into the regions the assessment names (their union needs valid
// polygons), and the country's outline, which every map draws and clips its
// operating areas to, dissolved once (a detailed layer takes a while).
void regions_and_outline(batch::Inputs& in, core::Diagnostics& diagnostics, core::StageTimes* times) {
    if (auto grouping = join::region_grouping(in.boundaries, *in.gazetteer)) {
        core::ScopedStage group(times, "group the layer's units into regions");
        join::group_features(in.boundaries, *grouping,
                             [](std::vector<MultiPolygonLL> parts) { return geometry::dissolve(std::move(parts)); });
        diagnostics.info("join.group", fmt::format("{}: {}", in.boundaries.path, grouping->describe()));
        in.region_grouping = std::move(grouping);
    } else if (const std::string warning = join::finer_level_warning(in.boundaries); !warning.empty()) {
        diagnostics.warning("join.finer_level", warning);
    }
    if (in.labels)
        if (const std::string warning = join::repeated_names_warning(in.boundaries, *in.gazetteer); !warning.empty())
            diagnostics.warning("join.repeated_name", warning);
    if (in.boundaries.features.empty()) return;
    core::ScopedStage outline(times, "dissolve the country's outline");
    std::vector<MultiPolygonLL> parts;
    parts.reserve(in.boundaries.features.size());
    for (const auto& f : in.boundaries.features) parts.push_back(f.geometry);
    in.country_outline = geometry::dissolve(std::move(parts));
}

}  // namespace

io::BoundaryReadOptions boundary_read_options(const Options& o, const Gazetteer* gazetteer, core::Diagnostics& diagnostics) {
    io::BoundaryReadOptions read;
    read.layer = o.layer;
    read.assume_crs = o.assume_crs;
    read.threads = run_threads(o);
    if (!o.class_field.empty()) read.required_field = o.class_field;
    read.attributes = join::attribute_fields_read(o.class_field);
    if (gazetteer) {
        // A file of several layers (a country's admin levels): the maps use the
        // layer of the gazetteer's regions, not the first (often the country).
        const std::string path = resolve_data_path(o.boundaries);
        read.choose_among_layers = [gazetteer, path, &diagnostics](const std::vector<LayerAttributes>& layers)
            -> std::optional<std::string> {
            const auto choice = join::layer_of_regions(layers, *gazetteer);
            diagnostics.info("boundary.layer", join::describe_layer_choice(path, layers, choice));
            if (!choice) return std::nullopt;
            return layers[choice->index].name;
        };
    }
    return read;
}

batch::Inputs load_inputs(const Options& o, core::Diagnostics& diagnostics, core::StageTimes* times,
                          const std::function<void(const std::string&)>& on_source_file) {
    batch::Inputs in;
    in.lang = o.lang;
    in.labels = !o.no_labels;
    in.simplify_px = o.simplify_px;
    auto checksum = [&](const std::string& path) {
        in.source_paths.push_back(path);
        if (on_source_file) on_source_file(path);
    };
    const bool generic = !o.class_field.empty();
    const std::string boundaries = resolve_data_path(o.boundaries);
    require_setup(boundaries);
    core::ScopedStage read_data(times, "read assessment, gazetteer, style");
    if (!generic) {
        in.assessment = io::read_assessment(resolve_data_path(o.assessment));
        checksum(in.assessment->path);
        in.gazetteer = io::read_gazetteer(resolve_data_path(o.gazetteer));
        checksum(in.gazetteer->path);
    }
    // The style and the map's words make the maps as much as the data do: the
    // manifest names them with their checksums too.
    in.style = io::read_style(resolve_data_path(o.style));
    checksum(in.style.path);
    // The languages --lang accepts (cli/app.cpp); each needs every word.
    const std::string i18n = resolve_data_path("styles/i18n.toml");
    in.ui = io::read_i18n(i18n, batch::ui_word_keys(), {"en", "nl", "fr"});
    checksum(i18n);
    // An assessment that does not word its unassessed regions gets the map's
    // words for them, in each language ("niet beoordeeld" on a Dutch map).
    if (in.assessment && !in.assessment->not_assessed_given)
        if (const auto words = in.ui.words.find("not_assessed"); words != in.ui.words.end())
            in.assessment->not_assessed = Translated{words->second};
    read_data.stop();
    const io::BoundaryReadOptions read = boundary_read_options(o, in.gazetteer ? &*in.gazetteer : nullptr, diagnostics);

    // Context layers (optional for the generic mode, expected for the
    // embedded data) are read on a second thread while this one reads and
    // repairs the boundaries: a third of a Mali run's reading. Their notes
    // follow the boundaries' in the report, as if read after them.
    auto context_path = [&](const std::string& p) { return p.empty() ? p : resolve_data_path(p); };
    const std::string neighbours = context_path(o.neighbours), rivers = context_path(o.rivers);
    if (!neighbours.empty()) require_setup(neighbours);
    if (!rivers.empty()) require_setup(rivers);
    struct Context {
        Boundaries neighbours;
        std::vector<LineStringLL> rivers;
        core::Diagnostics diagnostics;
    };
    std::future<std::unique_ptr<Context>> context_read = std::async(std::launch::async, [&] {
        core::ScopedStage read_context(times, "read context layers");
        auto c = std::make_unique<Context>();
        if (!neighbours.empty()) c->neighbours = io::read_boundaries(neighbours, {}, c->diagnostics);
        if (!rivers.empty()) c->rivers = io::read_lines(rivers, c->diagnostics);
        return c;
    });
    core::ScopedStage read_boundaries(times, "read boundaries");
    checksum(boundaries);
    in.boundaries = io::read_boundaries(boundaries, read, diagnostics);
    read_boundaries.stop();
    if (!generic) {
        // Before repairing: another country's invalid polygon is not this map's concern.
        core::ScopedStage select(times, "select the country's features");
        in.country_selection = join::select_country(in.boundaries, *in.gazetteer);
        if (in.country_selection)
            diagnostics.info("join.country", fmt::format("{}: the layer holds regions of more than one country; the maps "
                                                         "use {}", boundaries, in.country_selection->describe()));
    }
    core::ScopedStage repair_boundaries(times, "repair boundaries");
    if (generic && options_draw_only(o)) {
        // Only drawn, never overlaid: the linear-time normalisation is enough (see repair.hpp).
        // Features are independent: on a large layer (W2: 1.28 M vertices, 5 ms) the
        // cores share them instead of one working while the others wait.
        auto& features = in.boundaries.features;
        core::parallel_chunks(features.size(), read.threads, [&](std::size_t begin, std::size_t end, std::size_t) {
            for (std::size_t i = begin; i < end; ++i) geometry::normalize(features[i].geometry);
        });
    } else {
        for (auto& f : in.boundaries.features)
            geometry::repair(f.geometry, fmt::format("{}: layer '{}', feature {}", boundaries, in.boundaries.layer, f.fid), diagnostics);
    }
    if (in.assessment) {
        // The style names every level of the scale, or none and has a ramp
        // for them (another assessment's scale); one it names in part is a
        // typo or a level left out, which the map would otherwise hide.
        const auto& levels = in.assessment->scale.levels;
        const bool ramped = in.style.ramps(levels);
        if (ramped) {
            std::vector<std::string> ids;
            for (const auto& l : levels) ids.push_back(l.id);
            diagnostics.info("style.ramp", fmt::format("{} names none of the levels of {} ({}): they take its ramp, lowest "
                                                       "to highest (name them with [levels.<id>] to choose their colours)",
                                                       in.style.path, in.assessment->path, fmt::join(ids, ", ")));
        }
        for (const auto& l : levels)
            if (!in.style.levels.count(l.id) && !ramped) {
                std::vector<std::string> named;
                for (const auto& [k, v] : in.style.levels) named.push_back(k);
                throw Error({in.style.path, "levels"},
                            fmt::format("the style has no colour for level \"{}\" of {} (it names: {}); add [levels.{}]",
                                        l.id, in.assessment->path, fmt::join(named, ", "), l.id));
            }
    }
    repair_boundaries.stop();
    if (in.assessment) regions_and_outline(in, diagnostics, times);
    in.class_field = o.class_field;
    in.title = o.title;
    in.class_order = o.classes;

    const std::unique_ptr<Context> context = context_read.get();
    diagnostics.append(context->diagnostics);
    core::ScopedStage select_context(times, "select and repair context layers");
    if (!neighbours.empty()) {
        auto env = bg::return_envelope<Box<LonLat>>(in.boundaries.features.front().geometry);
        for (const auto& f : in.boundaries.features) bg::expand(env, bg::return_envelope<Box<LonLat>>(f.geometry));
        // The maps show the layer with a margin, and the locator inset about three
        // times its size: countries beyond 1.5 times its width and height on each
        // side are never drawn, and repairing, projecting and simplifying the whole
        // world for each map cost most of the context work. A frame given with
        // --extent can be anywhere: then every country is kept.
        const double reach_x = 1.5 * (env.max_corner().lon - env.min_corner().lon) + 1;
        const double reach_y = 1.5 * (env.max_corner().lat - env.min_corner().lat) + 1;
        const Box<LonLat> reach{{env.min_corner().lon - reach_x, env.min_corner().lat - reach_y},
                                {env.max_corner().lon + reach_x, env.max_corner().lat + reach_y}};
        checksum(neighbours);
        LonLat probe;
        const bool probe_country = in.gazetteer && !in.boundaries.features.empty();
        if (probe_country) bg::centroid(in.boundaries.features.front().geometry.front(), probe);
        auto& features = context->neighbours.features;
        std::vector<char> keep(features.size(), 0);
        std::vector<core::Diagnostics> repairs(features.size());
        // Each country on its own, on every core (thirty at full resolution,
        // tested for Mali's centroid and cleaned); notes in feature order.
        core::parallel_for_each_index(features.size(), run_threads(o), [&](std::size_t i) {
            auto& f = features[i];
            // The mapped country itself is drawn from the boundaries, not from the context layer.
            if (o.extent.empty() && bg::disjoint(bg::return_envelope<Box<LonLat>>(f.geometry), reach)) return;
            if (probe_country && bg::covered_by(probe, f.geometry)) return;
            // Context shapes are only drawn, never overlaid: cleaned in linear time,
            // not repaired to validity, and a change is a note, not a warning that
            // would fail --strict on the embedded data.
            geometry::clean_for_drawing(f.geometry, fmt::format("{}: feature {}", neighbours, f.fid), repairs[i]);
            keep[i] = 1;
        });
        for (std::size_t i = 0; i < features.size(); ++i) {
            for (const auto& d : repairs[i].all()) diagnostics.info(d.kind, d.message);
            if (keep[i]) in.neighbours.push_back({features[i].attribute("name"), std::move(features[i].geometry)});
        }
    }
    in.neighbours_path = neighbours;
    in.rivers_path = rivers;
    credit_layers(o, in);
    if (!rivers.empty()) {
        in.rivers = std::move(context->rivers);
        checksum(rivers);
    }
    return in;
}

}  // namespace threatmap::cli
