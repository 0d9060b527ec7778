// threatmap: the command is a function (cli::run); main only hands over argv.
#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) { return threatmap::cli::run(argc, argv, std::cout, std::cerr); }
