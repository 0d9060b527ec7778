// Runs a list of map jobs (category x kind x preset, each in several formats)
// in parallel, writes every file atomically (temporary file + rename) with its
// georeferencing sidecars, and returns what was written and what failed. A
// failed job does not stop the others.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "batch/map_job.hpp"
#include "core/stage_times.hpp"

namespace threatmap::batch {

struct Job {
    std::string category;
    MapKind kind = MapKind::levels;
    std::string preset = "slide";
    std::vector<std::string> formats{"png", "svg", "pdf"};
    std::string stem() const;  // file name without extension, e.g. "ied-slide" or "general-change-slide"
};

struct WrittenFile {
    std::string path;  // as written (out_dir/name)
    std::string name;  // relative to the output folder, as the manifest lists it
    std::string category, kind, format, preset;
    int width_px = 0, height_px = 0;
    std::string sha256;
};

struct FailedJob {
    std::string job;
    std::string error;
};

struct BatchOptions {
    std::string out_dir = "output";
    std::string prefix;  // e.g. the assessment id: "minusma-2017-"
    unsigned threads = 1;
    std::function<void(std::size_t done, std::size_t total, const std::string& what)> progress;
    core::StageTimes* times = nullptr;  // where the time goes (render --timings); may be null
};

struct BatchResult {
    std::vector<WrittenFile> files;
    std::vector<FailedJob> failures;
    std::map<std::string, CategoryData> categories;
};

BatchResult run_batch(const Inputs& inputs, const std::vector<Job>& jobs, const BatchOptions& options,
                      const ProjectionFactory& projections, core::Diagnostics& diagnostics);

// The manifest (JSON) of a batch: every file with its checksum, the inputs and statistics.
std::string manifest_json(const Inputs& inputs, const BatchResult& result);

// Jobs of shard k (1-based) of n: every n-th job of the full list, starting at
// k-1. The list is ordered deterministically, so n shards cover it exactly once.
std::vector<Job> select_shard(const std::vector<Job>& jobs, unsigned k, unsigned n);

// Joins the manifests of shards into the manifest the whole batch would have
// written (files sorted by name, exposure of every category). Throws if the
// shards were made from different inputs or tool versions.
std::string merge_manifests(const std::vector<std::string>& manifest_texts, const std::vector<std::string>& names);

}  // namespace threatmap::batch
