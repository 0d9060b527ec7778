// libFuzzer target for the geometry stages (input layout and pipeline in
// geometry_case.hpp). A threatmap::Error (a polygon refused by repair) is an
// expected result; a crash, a hang, a sanitizer report, any other exception
// or a broken contract (repair returning an invalid polygon, shapes lost on
// the way) is a bug.
#include <cstdint>
#include <cstdio>

#include "geometry_case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string broken = threatmap::fuzz::run_geometry_case(data, size);
    if (!broken.empty()) {
        std::fprintf(stderr, "fuzz_geometry: contract broken: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
