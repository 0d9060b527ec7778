// A command-line usage error (exit 2) as a sentence a user can act on, from
// CLI11's parse error: the command or option meant where a misspelt one is
// close to a real one.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace threatmap::cli {

// `app` as it stands after the failed parse of argv.
std::string usage_error(CLI::App& app, const CLI::ParseError& error, int argc, const char* const* argv);

}  // namespace threatmap::cli
