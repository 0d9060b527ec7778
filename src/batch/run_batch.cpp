#include "batch/run_batch.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <condition_variable>
#include <optional>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/error.hpp"
#include "core/huge_pages.hpp"
#include "core/sha256.hpp"
#include "io/atomic_file.hpp"
#include "io/crs.hpp"
#include "render/cairo_renderer.hpp"
#include "render/georef.hpp"
#include "render/pango_text_measurer.hpp"
#include "render/svg_writer.hpp"

namespace threatmap::batch {

std::string Job::stem() const { return category + (kind == MapKind::change ? "-change" : "") + "-" + preset; }

BatchResult run_batch(const Inputs& inputs, const std::vector<Job>& jobs, const BatchOptions& options,
                      const ProjectionFactory& projections, core::Diagnostics& diagnostics) {
    BatchResult result;
    // Derive each category once (join, carve-outs, statistics), in parallel;
    // jobs share the results read-only.
    std::vector<std::string> categories;
    for (const auto& job : jobs)
        if (std::find(categories.begin(), categories.end(), job.category) == categories.end()) categories.push_back(job.category);
    std::vector<std::optional<CategoryData>> derived(categories.size());
    std::vector<std::string> derive_errors(categories.size());
    std::atomic<std::size_t> next_category{0};
    auto derive_worker = [&] {
        for (std::size_t i = next_category++; i < categories.size(); i = next_category++) {
            try {
                core::ScopedStage timing(options.times, "derive category (join, carve, stats)");
                derived[i] = derive_category(inputs, categories[i], projections, diagnostics);
            } catch (const std::bad_alloc&) {
                derive_errors[i] = "out of memory";
            } catch (const std::exception& e) {
                derive_errors[i] = e.what();
            }
        }
    };
    std::mutex mutex;
    std::atomic<std::size_t> next{0}, done{0};
    // Cores not taken by a job of their own help the jobs: they simplify and
    // clip part of the geometry and draw bands of a PNG (one job on two cores:
    // each core draws half the image). The bytes do not depend on it.
    const unsigned workers = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(jobs.size())));
    const unsigned job_threads = std::max(1u, options.threads / workers);
    std::string crs_wkt = io::crs_to_wkt(inputs.map_crs);
    // A job's scene is built by the thread that takes the job; its formats
    // (PNG, SVG, PDF) are then taken one at a time, by that thread or by one
    // that has no job left: the last maps of a run finish together instead of
    // one core waiting while the other renders a whole job (up to 40 ms of
    // a Mali run's 200). The first failure stops a job's remaining formats,
    // and a failed job's files are not listed, as when one thread did it all.
    struct JobRun {
        std::shared_ptr<const layout::Scene> scene;
        std::atomic<std::size_t> next_format{0};
        std::atomic<std::size_t> unfinished{0};
        std::atomic<bool> failed{false};
        std::string error;                     // the first failure (under `mutex`)
        std::vector<WrittenFile> written;      // by format index; path empty if not written
    };
    std::vector<JobRun> runs(jobs.size());
    std::vector<std::size_t> open_runs;  // jobs with formats nobody has taken (under `mutex`)
    auto finish_job = [&](std::size_t i) {
        JobRun& run = runs[i];
        const std::string name = options.prefix + jobs[i].stem();
        run.scene.reset();
        std::lock_guard<std::mutex> lock(mutex);
        if (run.failed) result.failures.push_back({name, run.error});
        else
            for (auto& w : run.written)
                if (!w.path.empty()) result.files.push_back(std::move(w));
        const std::size_t d = ++done;
        if (options.progress) options.progress(d, jobs.size(), name);
    };
    auto fail_job = [&](std::size_t i, const std::string& error) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!runs[i].failed.exchange(true)) runs[i].error = error;
    };
    auto render_format = [&](std::size_t i, std::size_t f) {
        const Job& job = jobs[i];
        JobRun& run = runs[i];
        if (!run.failed) {
            const layout::Scene& scene = *run.scene;
            const std::string& format = job.formats[f];
            const std::string name = options.prefix + job.stem();
            try {
                core::ScopedStage render_timing(options.times, "render " + format);
                std::string bytes = format == "png" ? render::render_png(scene, job_threads)
                                    : format == "pdf" ? render::render_pdf(scene)
                                                      : render::render_svg(scene);
                render_timing.stop();
                core::ScopedStage write_timing(options.times, "write files");
                std::string path = options.out_dir + "/" + name + "." + format;
                if (format == "png") {
                    // Sidecars first: a PNG never appears without its georeference.
                    const std::string world_file = render::world_file(scene), aux_xml = render::aux_xml(scene, crs_wkt);
                    io::write_files_atomically({{options.out_dir + "/" + name + ".pgw", world_file},
                                                {path + ".aux.xml", aux_xml},
                                                {options.out_dir + "/" + name + ".prj", crs_wkt},
                                                {path, bytes}});
                } else {
                    io::write_file_atomically(path, bytes);
                }
                run.written[f] = {path, name + "." + format, job.category, job.kind == MapKind::change ? "change" : "levels", format,
                                  job.preset, format == "png" ? scene.pixel_width() : 0, format == "png" ? scene.pixel_height() : 0,
                                  core::sha256_hex(bytes)};
            } catch (const std::bad_alloc&) {
                fail_job(i, "out of memory");
            } catch (const std::exception& e) {
                fail_job(i, e.what());
            }
        }
        if (--run.unfinished == 0) finish_job(i);
    };
    // The next format nobody has taken, of any job whose scene is built.
    auto take_open_format = [&](std::size_t& job, std::size_t& format) {
        std::lock_guard<std::mutex> lock(mutex);
        while (!open_runs.empty()) {
            const std::size_t i = open_runs.front();
            const std::size_t f = runs[i].next_format++;
            if (f < jobs[i].formats.size()) {
                job = i, format = f;
                return true;
            }
            open_runs.erase(open_runs.begin());
        }
        return false;
    };
    std::once_flag font_checked;
    auto worker = [&] {
        render::PangoTextMeasurer measurer;  // one per thread: Pango contexts are not shared
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            const Job& job = jobs[i];
            JobRun& run = runs[i];
            run.written.resize(job.formats.size());
            run.unfinished = job.formats.size() + 1;  // + the scene
            try {
                auto cat = result.categories.find(job.category);
                if (cat == result.categories.end()) throw Error("category could not be prepared (see above)");
                layout::PagePreset page = inputs.custom_page && inputs.custom_page->name == job.preset
                                              ? *inputs.custom_page
                                              : layout::find_page_preset(job.preset);
                core::ScopedStage scene_timing(options.times, "build scene (prepare, layout)");
                run.scene = std::make_shared<const layout::Scene>(
                    build_scene(inputs, cat->second, job.kind, page, projections, measurer, diagnostics, job_threads));
                // Once per run, by a thread whose font map has just measured
                // the map's text (a bare map has none: fontconfig is not started for it).
                if (!inputs.bare) std::call_once(font_checked, [&] { warn_if_font_missing(inputs.style, measurer, diagnostics); });
            } catch (const std::bad_alloc&) {
                fail_job(i, "out of memory");
            } catch (const std::exception& e) {
                fail_job(i, e.what());
            }
            if (run.failed) {
                run.next_format = job.formats.size();
                run.unfinished = 1;
            } else {
                std::lock_guard<std::mutex> lock(mutex);
                open_runs.push_back(i);
            }
            // This job's formats first, then (below) any other's.
            for (std::size_t f; (f = run.next_format++) < job.formats.size();) render_format(i, f);
            if (--run.unfinished == 0) finish_job(i);
        }
        for (std::size_t i = 0, f = 0; take_open_format(i, f);) render_format(i, f);
    };
    // The same threads derive the categories and then render the jobs: PROJ
    // and Pango keep state per thread (PROJ's context, Pango's font map with
    // its fontconfig matches), which a second set of threads set up again.
    const unsigned derivers =
        std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(categories.size())));
    const unsigned helpers = std::max(derivers, workers) - 1;
    std::mutex phase_mutex;
    std::condition_variable phase_changed;
    std::size_t helpers_derived = 0;
    bool jobs_open = false;
    auto helper = [&](unsigned t) {
        core::advise_huge_pages_for_this_threads_heap();  // its arena (core/huge_pages.hpp)
        if (t < derivers) derive_worker();
        std::unique_lock<std::mutex> lock(phase_mutex);
        ++helpers_derived;
        phase_changed.notify_all();
        phase_changed.wait(lock, [&] { return jobs_open; });
        lock.unlock();
        if (t < workers) worker();
    };
    auto open_jobs = [&] {
        {
            std::lock_guard<std::mutex> lock(phase_mutex);
            jobs_open = true;
        }
        phase_changed.notify_all();
    };
    std::vector<std::thread> threads;
    try {
        // Fewer threads if no more can be started: the calling thread takes
        // whatever categories and jobs are left.
        try {
            for (unsigned t = 1; t <= helpers; ++t) threads.emplace_back(helper, t);
        } catch (const std::system_error&) {
        }
        derive_worker();
        {
            std::unique_lock<std::mutex> lock(phase_mutex);
            phase_changed.wait(lock, [&] { return helpers_derived == threads.size(); });
            for (std::size_t i = 0; i < categories.size(); ++i) {
                if (derived[i]) result.categories.emplace(categories[i], std::move(*derived[i]));
                else result.failures.push_back({categories[i], derive_errors[i]});
            }
        }
        open_jobs();
        worker();
    } catch (...) {
        open_jobs();  // no helper is left waiting (their jobs fail: no category)
        for (auto& t : threads) t.join();
        throw;
    }
    for (auto& t : threads) t.join();
    std::sort(result.files.begin(), result.files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::sort(result.failures.begin(), result.failures.end(), [](const auto& a, const auto& b) { return a.job < b.job; });
    return result;
}

std::string manifest_json(const Inputs& inputs, const BatchResult& result) {
    nlohmann::ordered_json j;
    j["tool"] = "threatmap";
    j["version"] = THREATMAP_VERSION;
    j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& s : inputs.source_checksums) {
        auto sep = s.find("  ");
        j["inputs"].push_back({{"path", s.substr(sep + 2)}, {"sha256", s.substr(0, sep)}});
    }
    j["files"] = nlohmann::ordered_json::array();
    for (const auto& f : result.files) {
        nlohmann::ordered_json e;
        e["path"] = f.name;
        e["category"] = f.category;
        e["kind"] = f.kind;
        e["format"] = f.format;
        e["preset"] = f.preset;
        if (f.width_px) {
            e["width_px"] = f.width_px;
            e["height_px"] = f.height_px;
        }
        e["sha256"] = f.sha256;
        j["files"].push_back(e);
    }
    j["exposure"] = nlohmann::ordered_json::object();
    for (const auto& [cat, data] : result.categories)
        if (data.exposure) j["exposure"][cat] = nlohmann::ordered_json::parse(exposure_json(*data.exposure, inputs.lang));
    j["failures"] = nlohmann::ordered_json::array();
    for (const auto& f : result.failures) j["failures"].push_back({{"job", f.job}, {"error", f.error}});
    return j.dump(2) + "\n";
}

std::vector<Job> select_shard(const std::vector<Job>& jobs, unsigned k, unsigned n) {
    if (n == 0 || k == 0 || k > n) throw Error(fmt::format("--shard {}/{}: expected K/N with 1 <= K <= N", k, n));
    std::vector<Job> out;
    for (std::size_t i = k - 1; i < jobs.size(); i += n) out.push_back(jobs[i]);
    return out;
}

std::string merge_manifests(const std::vector<std::string>& texts, const std::vector<std::string>& names) {
    using json = nlohmann::ordered_json;
    json merged;
    std::map<std::string, json> files;
    std::map<std::string, json> exposure;
    json failures = json::array();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        json m;
        try {
            m = json::parse(texts[i]);
        } catch (const json::parse_error& e) {
            throw Error({names[i], fmt::format("byte {}", e.byte)}, "not a JSON manifest");
        }
        if (!m.contains("tool") || m["tool"] != "threatmap" || !m.contains("files"))
            throw Error({names[i], ""}, "not a threatmap manifest");
        if (merged.is_null()) {
            merged["tool"] = m["tool"];
            merged["version"] = m["version"];
            merged["inputs"] = m["inputs"];
        } else {
            if (m["version"] != merged["version"])
                throw Error({names[i], "version"}, fmt::format("made by threatmap {}, the first shard by {}", m["version"].dump(), merged["version"].dump()));
            if (m["inputs"] != merged["inputs"])
                throw Error({names[i], "inputs"}, "made from other inputs than the first shard (checksums differ)");
        }
        for (const auto& f : m["files"]) {
            std::string path = f["path"];
            if (files.count(path)) throw Error({names[i], path}, "file listed by two shards");
            files[path] = f;
        }
        if (m.contains("exposure"))
            for (const auto& [cat, e] : m["exposure"].items()) exposure[cat] = e;
        if (m.contains("failures"))
            for (const auto& f : m["failures"]) failures.push_back(f);
    }
    merged["files"] = json::array();
    for (auto& [path, f] : files) merged["files"].push_back(f);
    merged["exposure"] = json::object();
    for (auto& [cat, e] : exposure) merged["exposure"][cat] = e;
    std::sort(failures.begin(), failures.end(), [](const json& a, const json& b) { return a["job"] < b["job"]; });
    merged["failures"] = failures;
    return merged.dump(2) + "\n";
}

}  // namespace threatmap::batch
