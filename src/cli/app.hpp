// The tool as a callable function (GDAL's *_lib.cpp pattern): parses the
// arguments, loads the inputs, runs the command, prints diagnostics once and
// returns the exit code: 0 success, 1 error (message on `err`), 2 usage.
#pragma once

#include <iosfwd>
#include <memory>
#include <vector>

namespace threatmap::cli {

// What a render allocated (its inputs and results), handed to the caller
// instead of freed when `run` returns. main leaves with _exit, and the kernel
// takes the memory back at once, where freeing W2's inputs block by block
// (30,000 attribute maps, 4,646 regions' coordinates) took ~7 ms of one core
// at the end of a 0.4 s run. A caller that goes on (the tests) passes none,
// and everything is freed before `run` returns.
using RunLeftovers = std::vector<std::shared_ptr<void>>;

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err, RunLeftovers* leftovers = nullptr);

}  // namespace threatmap::cli
