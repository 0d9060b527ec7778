// Reads every input a command needs into batch::Inputs: assessment,
// gazetteer, style, boundaries (repaired, with a report of each repair),
// neighbouring countries and rivers. Default paths are the embedded data.
#pragma once

#include "batch/map_job.hpp"
#include "cli/options.hpp"
#include "core/diagnostics.hpp"

namespace threatmap::cli {

// The path as given if it exists, else relative to the source tree (so the
// tool finds its embedded data when run from another folder).
std::string resolve_data_path(const std::string& path);

batch::Inputs load_inputs(const Options& options, core::Diagnostics& diagnostics);

}  // namespace threatmap::cli
