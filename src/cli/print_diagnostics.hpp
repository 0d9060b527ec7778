// The run's diagnostics on the error stream, once, at the end of a command:
// "threatmap: warning: ..." and "threatmap: note: ..." (notes left out by -q).
#pragma once

#include <iosfwd>

#include "cli/options.hpp"
#include "core/diagnostics.hpp"

namespace threatmap::cli {

void print_diagnostics(const core::Diagnostics& diagnostics, const Options& options, std::ostream& err);

}  // namespace threatmap::cli
