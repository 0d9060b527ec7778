// The process's address-space limit (`ulimit -v`, RLIMIT_AS), which several
// stages plan around: main caps glibc's arenas under it, cli refuses a limit
// too small for Pango, io does not memory-map files against it.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <optional>

namespace threatmap::core {

// The soft limit in bytes, or nothing when there is none.
inline std::optional<std::uint64_t> address_space_limit() {
    struct rlimit limit {};
    if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
    return static_cast<std::uint64_t>(limit.rlim_cur);
}

}  // namespace threatmap::core
