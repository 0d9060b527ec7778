// `threatmap inspect`: a boundary file's layers, fields and CRS, the validity
// of every feature of the chosen layer (each one that cannot be repaired
// listed, where a render stops at the first), and the join dry-run of the
// assessment's categories against it.
#pragma once

#include <iosfwd>

#include "cli/options.hpp"

namespace threatmap::cli {

// Exit code: 0, or 1 when a feature cannot be repaired and the layer is for
// an assessment (without --class-field). Throws threatmap::Error on input
// errors, as every command does.
int run_inspect(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace threatmap::cli
