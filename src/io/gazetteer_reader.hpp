// Reads a gazetteer TOML file (geodata/gazetteer/*.toml): admin units with
// aliases, places with sourced coordinates, events, and the analyst's city
// zones and operating areas. Cross-references (a zone's place, a corridor's
// ends) are checked here so that later stages can rely on them.
#pragma once

#include <string>

#include "core/gazetteer.hpp"

namespace threatmap::io {

Gazetteer read_gazetteer(const std::string& path);

}  // namespace threatmap::io
