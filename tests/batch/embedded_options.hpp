// Options that point at the embedded data (MINUSMA 2017 letter, Mali gazetteer,
// Natural Earth admin-1, default style) by absolute path, for tests that run
// the pipeline from load_inputs on.
#pragma once

#include <string>

#include "cli/options.hpp"

namespace threatmap::test {

inline cli::Options embedded_options() {
    cli::Options o;
    const std::string root = THREATMAP_SOURCE_DIR;
    o.assessment = root + "/geodata/assessments/minusma-2017.toml";
    o.gazetteer = root + "/geodata/gazetteer/mali.toml";
    o.boundaries = root + "/geodata/boundaries/mali-admin1.fgb";
    o.style = root + "/styles/default.toml";
    return o;
}

}  // namespace threatmap::test
