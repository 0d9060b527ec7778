// threatmap: the command is a function (cli::run); main only hands over argv.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    // glibc reserves a 64 MB heap arena per thread; two are plenty for our
    // workers and keep the address space small under `ulimit -v`.
    mallopt(M_ARENA_MAX, 2);
    const int code = threatmap::cli::run(argc, argv, std::cout, std::cerr);
    // Every output is written (atomically) and every file closed by now: leave
    // without running the libraries' destructors (GDAL's, PROJ's, fontconfig's:
    // 5 ms of a 0.4 s W2 run that free memory the kernel reclaims anyway).
    // Sanitizer builds take the normal way out, so that leaks are still reported.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return code;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    _exit(code);
#endif
}
