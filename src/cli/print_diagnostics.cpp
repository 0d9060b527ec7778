#include "cli/print_diagnostics.hpp"

#include <ostream>

namespace threatmap::cli {

void print_diagnostics(const core::Diagnostics& d, const Options& o, std::ostream& err) {
    for (const auto& x : d.all()) {
        if (o.quiet && x.severity == core::Severity::info) continue;
        err << "threatmap: " << (x.severity == core::Severity::warning ? "warning" : "note") << ": " << x.message << "\n";
    }
}

}  // namespace threatmap::cli
