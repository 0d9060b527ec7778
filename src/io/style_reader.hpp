// Reads a style TOML file (styles/*.toml) into threatmap::Style. Colours are
// "#rrggbb[aa]", hatches one of none/diagonal/back-diagonal/cross/horizontal/
// vertical/dots, sizes in points. Unknown keys are errors with a suggestion.
#pragma once

#include <string>

#include "core/style.hpp"

namespace threatmap::io {

Style read_style(const std::string& path);

}  // namespace threatmap::io
