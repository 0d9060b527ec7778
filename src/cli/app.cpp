#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <thread>

#include "batch/report.hpp"
#include "batch/run_batch.hpp"
#include "cli/input_checksums.hpp"
#include "cli/inspect.hpp"
#include "cli/load_inputs.hpp"
#include "cli/print_diagnostics.hpp"
#include "cli/usage_error.hpp"
#include "core/address_space.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "geometry/derive.hpp"
#include "io/assessment_reader.hpp"
#include "io/atomic_file.hpp"
#include "io/boundary_reader.hpp"
#include "io/checksum_cache.hpp"
#include "io/crs.hpp"
#include "join/join.hpp"
#include "layout/page.hpp"

namespace threatmap::cli {
namespace {

// The map CRS fitted to the assessment's country: the envelopes of its polygons.
std::string fitted_map_crs(const Boundaries& layer) {
    std::vector<Box<LonLat>> parts;
    for (const auto& f : layer.features)
        for (const auto& polygon : f.geometry) parts.push_back(bg::return_envelope<Box<LonLat>>(polygon.outer()));
    return geometry::map_crs_for(parts);
}

void add_data_options(CLI::App& cmd, Options& o) {
    cmd.add_option("--assessment", o.assessment, "Assessment file (TOML), or a folder of them (render: each in turn)")->capture_default_str();
    cmd.add_option("--gazetteer", o.gazetteer, "Gazetteer: units, places, analyst rules (TOML)")->capture_default_str();
    cmd.add_option("--boundaries", o.boundaries, "Boundary polygons, any OGR vector format")->capture_default_str();
    cmd.add_option("--layer", o.layer, "Layer of the boundary file (default: its only one; of several, the one of the gazetteer's regions, or with --class-field the first polygon layer with that field)");
    cmd.add_option("--assume-crs", o.assume_crs, "CRS of a boundary file that carries none (e.g. EPSG:4326)");
    cmd.add_option("--class-field", o.class_field, "Generic choropleth: the attribute holding each feature's class");
    cmd.add_option("--classes", o.classes, "Generic choropleth: class order, lowest first")->delimiter(',');
    cmd.add_option("--neighbours", o.neighbours, "Context polygons (neighbouring countries)");
    cmd.add_option("--rivers", o.rivers, "Context lines (rivers)");
    cmd.add_option("--style", o.style, "Style file (TOML)")->capture_default_str();
    cmd.add_option("--lang", o.lang, "Language of labels, legend and title")->check(CLI::IsMember({"en", "nl", "fr"}))->capture_default_str();
    cmd.add_option("--crs", o.crs, "Map projection: EPSG code, PROJ string or WKT (default: the gazetteer's map_crs, else the UTM zone of the assessment's country, EPSG:32630 for Mali; for a generic layer its own CRS when projected, else EPSG:4326)");
    cmd.add_flag("--strict", o.strict, "Treat warnings (repairs, folds, dropped labels) as errors");
    cmd.add_flag("-q,--quiet", o.quiet, "Print warnings and errors only (no notes, join report or progress)");
    cmd.add_flag("--timings", o.timings, "Print the time spent per stage (reading, deriving, layout, each format, writing)");
}

std::vector<std::string> all_categories(const batch::Inputs& in) {
    std::vector<std::string> out;
    if (in.assessment)
        for (const auto& c : in.assessment->categories) out.push_back(c.id);
    else
        out.push_back(in.class_field);
    return out;
}

// The texts of one file that are given per language but not in the map's,
// named for the user (category "ied", place "gao" role); the map shows
// another language there, beside i18n's words in its own.
class LackingLanguage {
public:
    explicit LackingLanguage(std::string lang) : lang_(std::move(lang)) {}
    void check(const Translated& text, std::string what) {
        if (text.lacks(lang_)) lacking_.push_back(std::move(what));
    }
    void report(const std::string& path, core::Diagnostics& diagnostics) const {
        if (lacking_.empty()) return;
        constexpr std::size_t kListed = 6;
        diagnostics.warning("wording.missing_language",
                            fmt::format("{}: no '{}' text for {}: the maps in '{}' show these in another language "
                                        "(add {} = \"…\" to each)",
                                        path, lang_, core::counted_list(lacking_, kListed), lang_, lang_));
    }

private:
    std::string lang_;
    std::vector<std::string> lacking_;
};

void check_languages(const Assessment& assessment, const Gazetteer& gazetteer, const std::vector<std::string>& categories,
                     const std::string& lang, core::Diagnostics& diagnostics) {
    LackingLanguage of_assessment(lang);
    of_assessment.check(assessment.title, "the title");
    if (assessment.source_kind) of_assessment.check(*assessment.source_kind, "source_kind");
    if (assessment.not_assessed_given) of_assessment.check(assessment.not_assessed, "not_assessed");
    for (const auto& l : assessment.scale.levels) {
        of_assessment.check(l.name, fmt::format("level \"{}\"", l.id));
        if (l.short_name) of_assessment.check(*l.short_name, fmt::format("level \"{}\" short", l.id));
    }
    for (const auto& id : categories)
        if (const Category* c = assessment.find_category(id)) of_assessment.check(c->title, fmt::format("category \"{}\"", id));
    of_assessment.report(assessment.path, diagnostics);

    LackingLanguage of_gazetteer(lang);
    for (const auto& u : gazetteer.units) of_gazetteer.check(u.label, fmt::format("region \"{}\"", u.name));
    for (const auto& p : gazetteer.places) {
        of_gazetteer.check(p.label, fmt::format("place \"{}\"", p.id));
        of_gazetteer.check(p.role, fmt::format("place \"{}\" role", p.id));
    }
    for (const auto& e : gazetteer.events) of_gazetteer.check(e.label, fmt::format("event \"{}\"", e.id));
    for (const auto& z : gazetteer.city_zones) {
        of_gazetteer.check(z.label, fmt::format("city zone \"{}\"", z.id));
        of_gazetteer.check(z.assumption, fmt::format("city zone \"{}\" assumption", z.id));
    }
    for (const auto& o : gazetteer.operating_areas) {
        of_gazetteer.check(o.label, fmt::format("operating area \"{}\"", o.id));
        of_gazetteer.check(o.assumption, fmt::format("operating area \"{}\" assumption", o.id));
    }
    of_gazetteer.check(gazetteer.boundary_note, "boundary_note");
    for (const auto& n : gazetteer.neighbours) of_gazetteer.check(n.label, fmt::format("neighbour \"{}\"", n.name));
    for (const auto& [kind, words] : gazetteer.legend_words) of_gazetteer.check(words, fmt::format("legend word \"{}\"", kind));
    of_gazetteer.check(gazetteer.places_credit, "places_credit");
    of_gazetteer.report(gazetteer.path, diagnostics);
}

// What the assessment's words would make of the maps, said before they are
// drawn: texts lacking the map's language mix languages on it; a category
// without a title is headed by its bare id ("general"), seldom what the
// analyst meant to show; a long level name heads a narrow column of the
// operating-areas table, where it wraps to a word a line.
void check_wording(const Assessment& assessment, const Gazetteer& gazetteer, const std::vector<std::string>& categories,
                   const std::string& lang, core::Diagnostics& diagnostics) {
    check_languages(assessment, gazetteer, categories, lang, diagnostics);
    for (const auto& id : categories)
        if (const Category* c = assessment.find_category(id); c && !c->titled)
            diagnostics.warning("assessment.untitled_category",
                                format_location_message(
                                    c->defined_at, fmt::format("category \"{}\" has no title: its maps are headed \"{}\" "
                                                               "(add title = \"…\", or one per language: title = {{ en = "
                                                               "\"…\", nl = \"…\" }})",
                                                               c->id, c->id)));
    if (gazetteer.operating_areas.empty()) return;  // no table
    constexpr std::size_t kLongHeader = 20;  // characters
    for (const auto& l : assessment.scale.levels) {
        const std::string name = l.name.in(lang);
        const auto characters = static_cast<std::size_t>(std::count_if(
            name.begin(), name.end(), [](char b) { return (static_cast<unsigned char>(b) & 0xC0) != 0x80; }));
        if (!l.short_name && characters > kLongHeader)
            diagnostics.info("assessment.long_level_name",
                             fmt::format("{}: level \"{}\" heads a column of the operating areas' table with its "
                                         "{}-character name; give it a short one for that (short = \"…\")",
                                         assessment.path, l.id, characters));
    }
}

// GLib aborts the process (no exception, no message of ours) when Pango cannot
// start its font threads, which happens below ~300 MB of address space. Refuse
// such a limit up front with a message instead. 384 MB: measured need ~300 MB.
void check_address_space() {
    constexpr std::uint64_t kNeeded = std::uint64_t{384} << 20;
    if (const auto limit = core::address_space_limit(); limit && *limit < kNeeded)
        throw Error(fmt::format("out of memory: the address-space limit (ulimit -v) is {} MB; threatmap needs at least {} MB",
                                *limit >> 20, kNeeded >> 20));
}

int run_render_one(const Options& o, std::ostream& out, std::ostream& err, RunLeftovers* leftovers) {
    check_address_space();
    for (const auto& f : o.formats)
        if (f != "png" && f != "svg" && f != "pdf")
            throw Error(fmt::format("unknown format \"{}\" (expected png, svg or pdf)", f));
    if ((o.width_px > 0) != (o.height_px > 0)) throw Error("--width and --height go together");
    if (!o.title.empty() && o.class_field.empty())
        throw Error("--title is for a map of any layer (with --class-field); the assessment's maps take their "
                    "titles from its categories");
    std::vector<std::string> presets = o.presets;
    if (o.width_px > 0) presets = {fmt::format("{}x{}", o.width_px, o.height_px)};
    else for (const auto& p : o.presets) layout::find_page_preset(p);
    if (!o.extent.empty() && (o.extent[0] >= o.extent[2] || o.extent[1] >= o.extent[3]))
        throw Error("--extent must be minx,miny,maxx,maxy with min < max");
    // Fail before any work if the output folder is unusable. Folders made
    // here for a run that then fails are taken away again, each only if it
    // is still empty: a mistyped --out or a bad input leaves nothing behind.
    struct RemoveFoldersLeftEmpty {
        std::string dir, outermost;
        ~RemoveFoldersLeftEmpty() { io::remove_folders_left_empty(dir, outermost); }
    } made{o.out_dir, io::ensure_writable_folder(o.out_dir, true)};

    core::Diagnostics diagnostics;
    core::StageTimes stage_times;
    core::StageTimes* times = o.timings ? &stage_times : nullptr;
    const auto run_start = std::chrono::steady_clock::now();
    InputChecksums checksums(o.no_checksum_cache ? "" : io::ChecksumCache::default_file());
    batch::Inputs in = load_inputs(o, diagnostics, times, [&](const std::string& path) { checksums.start(path); });
    // Unless --crs says otherwise: the gazetteer's CRS, else one fitted to the
    // country (its UTM zone: 30N for Mali); a generic layer in its own CRS when
    // that is projected (drawn as its maker projected it), else in lon/lat.
    if (!o.crs.empty()) in.map_crs = o.crs;
    else if (in.assessment) in.map_crs = !in.gazetteer->map_crs.empty() ? in.gazetteer->map_crs : fitted_map_crs(in.boundaries);
    else in.map_crs = in.boundaries.projected_crs.empty() ? "EPSG:4326" : in.boundaries.projected_crs;
    in.bare = o.bare;
    if (o.extent.size() == 4) in.extent = BoxXY{{o.extent[0], o.extent[1]}, {o.extent[2], o.extent[3]}};
    if (o.width_px > 0) {
        double dpi = o.dpi > 0 ? o.dpi : 144;
        in.custom_page = layout::PagePreset{fmt::format("{}x{}", o.width_px, o.height_px), o.width_px * 72.0 / dpi,
                                            o.height_px * 72.0 / dpi, dpi};
    }
    io::crs_to_wkt(in.map_crs);  // unknown CRS: error now, not in every job
    io::ProjectionMaker projection_maker;
    // Made once here, where PROJ is open already: an identity is then known
    // before the threads that project each make their own.
    projection_maker("EPSG:4326", in.map_crs);
    auto projections = [&projection_maker](const std::string& from, const std::string& to) { return projection_maker(from, to); };
    {
        core::ScopedStage timing(times, "project context layers");
        batch::project_context(in, projections, run_threads(o));
    }

    std::vector<std::string> categories = o.categories.empty() ? all_categories(in) : o.categories;
    if (in.assessment) {
        // An unknown category is an error before any file is written.
        for (const auto& cat : categories)
            if (!in.assessment->find_category(cat)) {
                std::vector<std::string> ids;
                for (const auto& c : in.assessment->categories) ids.push_back(c.id);
                throw Error({in.assessment->path, ""},
                            fmt::format("no category \"{}\" (categories: {})", cat, fmt::join(ids, ", ")));
            }
        check_wording(*in.assessment, *in.gazetteer, categories, o.lang, diagnostics);
    }
    std::vector<batch::Job> jobs;
    for (const auto& cat : categories) {
        if (!io::is_safe_id(cat) && in.assessment)
            throw Error(fmt::format("category \"{}\" is not a valid id (it would become part of a file name)", cat));
        for (const auto& preset : presets) {
            jobs.push_back({cat, batch::MapKind::levels, preset, o.formats});
            if (o.change && in.assessment) {
                const Category* c = in.assessment->find_category(cat);
                if (c && c->has_previous()) jobs.push_back({cat, batch::MapKind::change, preset, o.formats});
            }
        }
    }
    std::string manifest_name = "manifest.json";
    if (!o.shard.empty()) {
        unsigned k = 0, n = 0;
        char slash = 0;
        std::istringstream in_shard(o.shard);
        if (!(in_shard >> k >> slash >> n) || slash != '/' || !in_shard.eof())
            throw Error(fmt::format("--shard \"{}\": expected K/N, e.g. --shard 2/8", o.shard));
        jobs = batch::select_shard(jobs, k, n);
        manifest_name = fmt::format("manifest-shard-{}-of-{}.json", k, n);
    }
    batch::BatchOptions bo;
    bo.out_dir = o.out_dir;
    bo.prefix = in.assessment ? in.assessment->id + "-" : "";
    bo.threads = run_threads(o);
    bo.times = times;
    const bool tty = ::isatty(2);
    if (!o.quiet)
        bo.progress = [&](std::size_t done, std::size_t total, const std::string& what) {
            if (tty) err << fmt::format("\r[{}/{}] {:<40}", done, total, what) << (done == total ? "\n" : "") << std::flush;
            else err << fmt::format("[{}/{}] {}\n", done, total, what);
        };
    batch::BatchResult result = batch::run_batch(in, jobs, bo, projections, diagnostics);
    {
        core::ScopedStage timing(times, "input checksums (waiting)");
        in.source_checksums = checksums.collect();
    }
    if (o.report) {
        core::ScopedStage timing(times, "report");
        try {
            auto report = batch::write_report(in, result, o.out_dir, bo.prefix, presets.front(), projections, diagnostics);
            for (auto& f : report.files) result.files.push_back(std::move(f));
        } catch (const Error& e) {
            result.failures.push_back({bo.prefix + "briefing", e.what()});
        }
    }
    // The manifest describes the maps in the folder. A run that wrote none left
    // the previous maps as they were, so it leaves their manifest too (the
    // failures are on stderr and in the exit code).
    const bool wrote_nothing = result.files.empty() && !result.failures.empty();
    if (!wrote_nothing) {
        core::ScopedStage timing(times, "manifest");
        io::write_file_atomically(o.out_dir + "/" + bo.prefix + manifest_name, batch::manifest_json(in, result));
    }
    if (times)
        err << fmt::format("threatmap: time per stage (summed over {} thread(s); run {:.1f} ms after start-up):\n",
                           bo.threads, std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count() * 1e3)
            << times->table();

    if (!o.quiet) {
        for (const auto& [cat, data] : result.categories) {
            if (data.report.folded.empty() && data.report.not_assessed.empty()) continue;
            err << "threatmap: join of category '" << cat << "':\n" << data.report.text();
        }
    }
    print_diagnostics(diagnostics, o, err);
    for (const auto& f : result.failures) err << "threatmap: error: " << f.job << ": " << f.error << "\n";
    if (wrote_nothing) err << "threatmap: no map was written; files already in " << o.out_dir << "/ are unchanged\n";
    if (!o.quiet)
        out << fmt::format("threatmap: wrote {} file(s) to {}/ ({} job(s), {} failed)\n", result.files.size(), o.out_dir,
                           jobs.size(), result.failures.size());
    int code = 0;
    if (!result.failures.empty()) code = 1;
    else if (o.strict && diagnostics.warning_count() > 0) {
        err << "threatmap: error: --strict: " << diagnostics.warning_count() << " warning(s)\n";
        code = 1;
    }
    if (leftovers) {
        leftovers->push_back(std::make_shared<batch::Inputs>(std::move(in)));
        leftovers->push_back(std::make_shared<batch::BatchResult>(std::move(result)));
    }
    return code;
}

// --assessment may name a folder (e.g. one assessment per year): each *.toml in
// it is rendered in turn into the same output folder, its files prefixed by its id.
int run_render(const Options& o, std::ostream& out, std::ostream& err, RunLeftovers* leftovers) {
    namespace fs = std::filesystem;
    const std::string path = resolve_data_path(o.assessment);
    std::error_code ec;
    if (o.class_field.empty() && fs::is_directory(path, ec)) {
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(path))
            if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) throw Error({path, ""}, "the folder holds no assessment (*.toml) files");
        int worst = 0;
        for (const auto& f : files) {
            Options one = o;
            one.assessment = f;
            int code = 1;
            try {
                // Each assessment's data is freed before the next is read.
                code = run_render_one(one, out, err, nullptr);
            } catch (const Error& e) {
                err << "threatmap: error: " << e.what() << "\n";
            }
            worst = std::max(worst, code);
        }
        return worst;
    }
    return run_render_one(o, out, err, leftovers);
}

int run_stats(const Options& o, std::ostream& out, std::ostream& err) {
    core::Diagnostics diagnostics;
    Options lo = o;
    lo.neighbours.clear();
    lo.rivers.clear();
    batch::Inputs in = load_inputs(lo, diagnostics);
    if (!in.assessment) throw Error("stats needs an assessment (exposure of the operating areas)");
    if (in.gazetteer->operating_areas.empty())
        throw Error({in.gazetteer->path, ""}, "has no operating areas ([[operating_area]]): stats measures the km² of each "
                                              "under each level");
    auto projections = [](const std::string& from, const std::string& to) { return io::make_projection(from, to); };
    std::vector<std::string> categories = o.categories.empty() ? all_categories(in) : o.categories;
    std::string text;
    if (o.stats_format == "json") text += "[\n";
    for (std::size_t i = 0; i < categories.size(); ++i) {
        auto data = batch::derive_category(in, categories[i], projections, diagnostics);
        if (o.stats_format == "csv") {
            std::string csv = batch::exposure_csv(*data.exposure, o.lang);
            text += i == 0 ? csv : csv.substr(csv.find('\n') + 1);
        } else {
            text += batch::exposure_json(*data.exposure, o.lang);
            if (i + 1 < categories.size()) text.insert(text.size() - 1, ",");
        }
    }
    if (o.stats_format == "json") text += "]\n";
    out << text;
    print_diagnostics(diagnostics, o, err);
    return 0;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, RunLeftovers* leftovers) {
    Options o = embedded_data_options();

    CLI::App app{"threatmap: threat assessments to briefing-quality maps (PNG, SVG, PDF)"};
    app.set_version_flag("--version", "threatmap " THREATMAP_VERSION);
    app.require_subcommand(1);
    auto* render = app.add_subcommand("render", "Render maps (default: every category of the embedded MINUSMA 2017 assessment)");
    add_data_options(*render, o);
    bool all = false;
    render->add_flag("--all", all, "Every category (the default when no --category is given)");
    render->add_option("--category", o.categories, "Categories to render (default: all)")->delimiter(',');
    render->add_option("--format", o.formats, "Formats: png, svg, pdf")->delimiter(',')->capture_default_str();
    render->add_option("--preset", o.presets, "Page presets: slide, a4-landscape, a4-portrait, column")->delimiter(',')->capture_default_str();
    render->add_flag("--change", o.change, "Also render change maps (raised / unchanged / lowered) where the source gives previous levels");
    render->add_option("--out", o.out_dir, "Output folder")->capture_default_str();
    render->add_option("-j,--jobs", o.jobs, "Parallel jobs (default: cores available)")->check(CLI::Range(1u, 256u));
    render->add_flag("--no-labels", o.no_labels, "No labels (for benchmarks and base maps)");
    render->add_flag("--no-checksum-cache", o.no_checksum_cache,
                     "Hash every input file for the manifest anew (by default a file unchanged since an earlier run - same "
                     "inode, size, modification and change time - keeps its checksum, cached in $XDG_CACHE_HOME/threatmap)");
    render->add_option("--width", o.width_px, "Page width in pixels (with --height; instead of --preset)")->check(CLI::Range(16, 32000));
    render->add_option("--height", o.height_px, "Page height in pixels")->check(CLI::Range(16, 32000));
    render->add_option("--dpi", o.dpi, "Raster resolution for --width/--height (default 144; pixels stay as given)")->check(CLI::Range(24.0, 1200.0));
    render->add_option("--title", o.title, "Generic choropleth: the map's title (default: the layer's name by the class field)");
    render->add_flag("--bare", o.bare, "Map only: no panel, legend, title, labels, scale bar or north arrow");
    render->add_option("--extent", o.extent, "Map frame in the map CRS: minx,miny,maxx,maxy (default: the layer plus a margin)")
        ->delimiter(',')->expected(4);
    render->add_option("--simplify-px", o.simplify_px, "Simplification tolerance in output pixels")->check(CLI::Range(0.0, 10.0))->capture_default_str();
    auto* stats = app.add_subcommand("stats", "Exposure of the operating areas per threat level (km², equal-area)");
    add_data_options(*stats, o);
    stats->add_option("--category", o.categories, "Categories (default: all)")->delimiter(',');
    stats->add_option("--format", o.stats_format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
    render->add_flag("--report", o.report, "Also write the HTML briefing page, the PDF briefing pack and LaTeX/Markdown figure snippets");
    render->add_option("--shard", o.shard, "K/N: render only the K-th of N deterministic slices of the jobs (for Slurm arrays, "
                                         "Kubernetes Indexed Jobs, GNU parallel); join the manifests with merge-manifests");
    auto* merge = app.add_subcommand("merge-manifests", "Join the manifests of --shard runs into the manifest of the whole batch");
    merge->add_option("--out", o.merged_manifest, "Merged manifest to write")->required();
    merge->add_option("manifests", o.manifests, "Shard manifests")->required()->check(CLI::ExistingFile);
    auto* inspect = app.add_subcommand("inspect", "Layers, fields, CRS, validity and a join dry-run of a boundary file");
    add_data_options(*inspect, o);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version print and succeed; every other parse error is a usage error: 2.
        if (e.get_exit_code() == 0) return app.exit(e, out, err) == 0 ? 0 : 2;
        err << "threatmap: error: " << usage_error(app, e, argc, argv) << "\n";
        return 2;
    }
    o.command = app.get_subcommands().front()->get_name();
    if (!o.class_field.empty()) {
        // A generic layer: context layers only when asked for.
        if (render->count("--neighbours") == 0 && stats->count("--neighbours") == 0) o.neighbours.clear();
        if (render->count("--rivers") == 0 && stats->count("--rivers") == 0) o.rivers.clear();
    }
    try {
        if (o.command == "render") return run_render(o, out, err, leftovers);
        if (o.command == "stats") return run_stats(o, out, err);
        if (o.command == "merge-manifests") {
            std::vector<std::string> texts;
            for (const auto& m : o.manifests) {
                std::ifstream f(m, std::ios::binary);
                std::ostringstream ss;
                ss << f.rdbuf();
                texts.push_back(ss.str());
            }
            io::write_file_atomically(o.merged_manifest, batch::merge_manifests(texts, o.manifests));
            if (!o.quiet) out << "threatmap: merged " << o.manifests.size() << " manifest(s) into " << o.merged_manifest << "\n";
            return 0;
        }
        return run_inspect(o, out, err);
    } catch (const Error& e) {
        err << "threatmap: error: " << e.what() << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        err << "threatmap: error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        err << "threatmap: error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace threatmap::cli
