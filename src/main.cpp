// threatmap: the command is a function (cli::run); main only hands over argv.
#include <malloc.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/app.hpp"
#include "core/address_space.hpp"
#include "core/huge_pages.hpp"

int main(int argc, char** argv) {
    // glibc reserves 64 MB of address space for each thread's heap arena. Under
    // `ulimit -v` two arenas leave the room to the data; otherwise every thread
    // keeps an arena of its own (glibc's default, up to 8 per core): threads
    // sharing one wait on its lock at each allocation (W2's two reading threads
    // and the input checksums on 2 arenas: reading took 85 ms instead of 57).
    //
    // Without such a limit, blocks up to 32 MiB (a region's coordinates, the
    // topology's tables, a band of pixels) come from the heap and freed memory
    // stays there for the next: by default glibc maps each block above a
    // threshold on its own (128 KiB at first) and unmaps it when freed, so
    // the next block faults its pages in afresh (W2: 7,000 of its 25,000 page
    // faults, 20-40 ms of system time; peak RSS +4 MiB).
    if (threatmap::core::address_space_limit()) {
        mallopt(M_ARENA_MAX, 2);
    } else {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's ceiling on 64-bit
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
        // Huge pages for the heap (core/huge_pages.hpp): the break grows 64 MiB
        // of address space at a time, advised, as each thread's arena is.
        threatmap::core::reserve_main_heap_for_huge_pages(64ul << 20);
        threatmap::core::advise_huge_pages_for_this_threads_heap();
    }
    // SQLite (GDAL's GeoPackage and SQLite drivers, PROJ's database) counts
    // every allocation under one process-wide mutex, for statistics nothing
    // here reads: the two connections reading a GeoPackage and the threads
    // opening proj.db wait on each other at each malloc (W2's read stage 42.7
    // -> 39.4 ms, medians of 30). Only possible before SQLite starts; if it
    // has, the call fails and nothing changes.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // The run's inputs and results are left here, not freed (app.hpp).
    threatmap::cli::RunLeftovers leftovers;
    const int code = threatmap::cli::run(argc, argv, std::cout, std::cerr, &leftovers);
    // Every output is written (atomically) and every file closed by now: leave
    // without freeing the leftovers or running the libraries' destructors
    // (GDAL's, PROJ's, fontconfig's: 5 ms of a 0.4 s W2 run that free memory
    // the kernel reclaims anyway). Sanitizer builds take the normal way out,
    // freeing everything, so that leaks are still reported.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return code;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    _exit(code);
#endif
}
