// threatmap: the command is a function (cli::run); main only hands over argv.
#include <malloc.h>

#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // glibc reserves a 64 MB heap arena per thread; two are plenty for our
    // workers and keep the address space small under `ulimit -v`.
    mallopt(M_ARENA_MAX, 2);
    return threatmap::cli::run(argc, argv, std::cout, std::cerr);
}
