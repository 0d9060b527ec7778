// Reads an assessment TOML file (format: geodata/assessments/*.toml) into a
// checked threatmap::Assessment. Everything that can be checked without the
// boundaries is checked here: the scale, level names, duplicate areas, ids.
#pragma once

#include <string>

#include "core/assessment.hpp"

namespace threatmap::io {

// Throws threatmap::Error naming file:line:col for any fault.
Assessment read_assessment(const std::string& path);

// True for ids that are safe as file name parts: [a-z0-9][a-z0-9_-]{0,63},
// and not a reserved device name (see is_reserved_device_name).
bool is_safe_id(const std::string& id);

// con, prn, aux, nul, com0-9, lpt0-9: names Windows resolves to devices.
bool is_reserved_device_name(const std::string& id);

}  // namespace threatmap::io
