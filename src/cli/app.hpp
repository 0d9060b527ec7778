// The tool as a callable function (GDAL's *_lib.cpp pattern): parses the
// arguments, loads the inputs, runs the command, prints diagnostics once and
// returns the exit code: 0 success, 1 error (message on `err`), 2 usage.
#pragma once

#include <iosfwd>

namespace threatmap::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace threatmap::cli
