// Areas as the reader of a briefing expects them: whole km², digits grouped
// in thousands the way the map's language groups them (en 25,928; nl 25.928;
// fr 25 928 with a narrow no-break space), "< 1" for a sliver that would
// round to nothing, "0" for none. One function, so that the map's table and
// the report say the same number the same way.
#pragma once

#include <string>

namespace threatmap::core {

std::string format_km2(double km2, const std::string& lang);

// The share `part_km2` is of `total_km2`, in whole percent as the map's
// language writes it (en and nl 99%; fr 99 % with a narrow no-break space).
// Never a misleading round number: "< 1%" for a part of at least 1 km² that
// would round to 0, "> 99%" for a whole that is not all of it; "0%" for a
// part that is both under 1 km² and under 0.5 % (a sliver left by the
// overlay, as format_km2 says "< 1"), "–" when the total is nothing.
std::string format_share(double part_km2, double total_km2, const std::string& lang);

}  // namespace threatmap::core
