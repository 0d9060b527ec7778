// Reads every input a command needs into batch::Inputs: assessment,
// gazetteer, style, boundaries (repaired, with a report of each repair),
// neighbouring countries and rivers. Default paths are the embedded data.
#pragma once

#include <functional>
#include <string>

#include "batch/map_job.hpp"
#include "cli/options.hpp"
#include "core/diagnostics.hpp"
#include "core/stage_times.hpp"
#include "io/boundary_reader.hpp"

namespace threatmap::cli {

// The path as given if it exists, else relative to the source tree (so the
// tool finds its embedded data when run from another folder).
std::string resolve_data_path(const std::string& path);

// How the boundary file is read for `options`, as render and inspect both
// read it: its layer (--layer; else, of several, the layer of `gazetteer`'s
// regions, chosen as the file is opened with a note in `diagnostics`, or with
// --class-field the first polygon layer with the field), the attributes the
// join and the names need. `gazetteer` is null for a map of any layer; it and
// `diagnostics` must outlive the reading.
io::BoundaryReadOptions boundary_read_options(const Options& options, const Gazetteer* gazetteer,
                                              core::Diagnostics& diagnostics);

// `times` (may be null) receives the time spent reading each input.
// `on_source_file` (may be empty) is called with each input file's path, in
// the order of Inputs::source_paths, as soon as the path is known and before
// the file is read: the render command starts its checksum there.
batch::Inputs load_inputs(const Options& options, core::Diagnostics& diagnostics, core::StageTimes* times = nullptr,
                          const std::function<void(const std::string&)>& on_source_file = {});

}  // namespace threatmap::cli
