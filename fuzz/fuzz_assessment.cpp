// libFuzzer target: io::read_assessment on arbitrary bytes. A threatmap::Error
// is the expected answer to a bad file; any other exception (it escapes and
// aborts), a crash, a hang or a sanitizer report is a bug.
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "io/assessment_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = threatmap::fuzz::write_scratch(".toml", data, size);
    try {
        threatmap::Assessment a = threatmap::io::read_assessment(path);
        // What the reader promises for ids that end up in file names.
        if (!threatmap::io::is_safe_id(a.id)) __builtin_trap();
        for (const auto& c : a.categories)
            if (!threatmap::io::is_safe_id(c.id) || c.areas.empty()) __builtin_trap();
    } catch (const threatmap::Error&) {
    }
    return 0;
}
