// Areas as the reader of a briefing expects them: whole km², digits grouped
// in thousands the way the map's language groups them (en 25,928; nl 25.928;
// fr 25 928 with a narrow no-break space), "< 1" for a sliver that would
// round to nothing, "0" for none. One function, so that the map's table and
// the report say the same number the same way.
#pragma once

#include <string>

namespace threatmap::core {

std::string format_km2(double km2, const std::string& lang);

}  // namespace threatmap::core
