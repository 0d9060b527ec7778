// libFuzzer target: io::read_style on arbitrary bytes. A threatmap::Error is
// the expected answer to a bad file; anything else is a bug.
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "io/style_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = threatmap::fuzz::write_scratch(".toml", data, size);
    try {
        threatmap::Style style = threatmap::io::read_style(path);
        (void)style;
    } catch (const threatmap::Error&) {
    }
    return 0;
}
