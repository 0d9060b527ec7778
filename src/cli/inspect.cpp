#include "cli/inspect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "batch/map_job.hpp"
#include "cli/load_inputs.hpp"
#include "cli/print_diagnostics.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "geometry/repair.hpp"
#include "io/boundary_reader.hpp"
#include "io/gazetteer_reader.hpp"
#include "join/join.hpp"

namespace threatmap::cli {
namespace {

// What repair makes of each feature of a layer, as the assessment's maps need
// them valid: how many it repairs, and why each of the others cannot be used.
// Every feature is tried (render stops at the first it cannot repair).
struct RepairSurvey {
    std::size_t repaired = 0;
    std::vector<std::string> unrepairable;  // the error of each, in feature order
};
// The repairs' warnings go to `diagnostics`, in feature order.
RepairSurvey survey_repairs(const Boundaries& layer, unsigned threads, core::Diagnostics& diagnostics) {
    const auto& features = layer.features;
    std::vector<char> repaired(features.size(), 0);
    std::vector<std::string> errors(features.size());
    std::vector<core::Diagnostics> repairs(features.size());
    core::parallel_for_each_index(features.size(), threads, [&](std::size_t i) {
        MultiPolygonLL geometry = features[i].geometry;
        core::Diagnostics& d = repairs[i];
        try {
            geometry::repair(geometry, fmt::format("{}: layer '{}', feature {}", layer.path, layer.layer, features[i].fid), d);
            repaired[i] = d.warning_count() > 0;
        } catch (const Error& e) {
            // One line per feature, without the path and layer the list's heading
            // names, nor the advice on fixing them, which it gives once.
            const std::string& what = e.detail();
            errors[i] = fmt::format("feature {}: {}", features[i].fid, what.substr(0, what.find(" (fix it with")));
        } catch (const std::exception& e) {
            errors[i] = fmt::format("feature {}: {}", features[i].fid, e.what());
        }
    });
    for (const auto& d : repairs) diagnostics.append(d);
    RepairSurvey survey;
    survey.repaired = static_cast<std::size_t>(std::count(repaired.begin(), repaired.end(), 1));
    for (auto& e : errors)
        if (!e.empty()) survey.unrepairable.push_back(std::move(e));
    return survey;
}

}  // namespace

int run_inspect(const Options& o, std::ostream& out, std::ostream& err) {
    core::Diagnostics diagnostics;
    const std::string path = resolve_data_path(o.boundaries);
    out << io::describe_vector_file(path);
    const bool generic = !o.class_field.empty();
    // Validity first, of every feature: one that cannot be repaired stops an
    // assessment's maps, and the analyst wants the whole list, not the first.
    // The layer render would read: of several, the one of the gazetteer's
    // regions (or, with --class-field, the first with that field).
    std::optional<Gazetteer> gazetteer;
    if (!generic) gazetteer = io::read_gazetteer(resolve_data_path(o.gazetteer));
    io::BoundaryReadOptions read = boundary_read_options(o, gazetteer ? &*gazetteer : nullptr, diagnostics);
    read.attributes.reset();  // every field: the survey names features by any of them
    const Boundaries layer = io::read_boundaries(path, read, diagnostics);
    const RepairSurvey survey = survey_repairs(layer, read.threads, diagnostics);
    const std::string counts = fmt::format("{} features, {} vertices in layer '{}'", layer.features.size(),
                                           layer.vertex_count(), layer.layer);
    if (survey.unrepairable.empty()) {
        out << fmt::format("{}: all valid{}\n", counts,
                           survey.repaired ? fmt::format(" after repair ({} repaired)", survey.repaired) : "");
    } else {
        out << fmt::format("{}: {} cannot be repaired safely{} (fix them with ogr2ogr -makevalid, or in QGIS with "
                           "'Fix geometries'):\n",
                           counts, survey.unrepairable.size(),
                           survey.repaired ? fmt::format(", {} repaired", survey.repaired) : "");
        constexpr std::size_t kListed = 20;
        for (std::size_t i = 0; i < std::min(kListed, survey.unrepairable.size()); ++i)
            out << "  " << survey.unrepairable[i] << "\n";
        if (survey.unrepairable.size() > kListed) out << fmt::format("  … and {} more\n", survey.unrepairable.size() - kListed);
        if (!generic) {
            print_diagnostics(diagnostics, o, err);
            err << fmt::format("threatmap: error: {}: {} feature(s) cannot be repaired safely (listed above); an "
                               "assessment's maps need every polygon valid (a map of any layer, with --class-field, "
                               "draws them as they are)\n",
                               path, survey.unrepairable.size());
            return 1;
        }
        diagnostics.warning("inspect.unrepairable",
                            fmt::format("{}: {} feature(s) cannot be repaired safely: a map of any layer draws them as "
                                        "read; an assessment's maps would refuse them", path, survey.unrepairable.size()));
    }
    if (!generic) {
        // The join of each category against this layer, as render would make it.
        Options lo = o;
        lo.neighbours.clear();
        lo.rivers.clear();
        lo.layer = layer.layer;  // chosen above, and said so
        core::Diagnostics loading;  // the layer's own notes are in `diagnostics` already
        batch::Inputs in = load_inputs(lo, loading);
        // What render would warn of the layer as the join sees it (districts
        // with no region field, two features of one name) belongs in the dry-run.
        for (const auto& d : loading.all())
            if (d.severity == core::Severity::warning && d.kind.rfind("join.", 0) == 0) diagnostics.warning(d.kind, d.message);
        if (in.country_selection)
            out << fmt::format("the layer holds regions of more than one country: the maps use {}\n",
                               in.country_selection->describe());
        if (in.region_grouping)
            out << fmt::format("the layer's units are finer than the assessment's regions: {}\n", in.region_grouping->describe());
        for (const auto& c : in.assessment->categories) {
            join::JoinReport report;
            join::join_category(in.boundaries, *in.assessment, c, *in.gazetteer, diagnostics, &report);
            out << "join dry-run, category '" << c.id << "':\n" << report.text();
        }
    }
    print_diagnostics(diagnostics, o, err);
    return 0;
}

}  // namespace threatmap::cli
