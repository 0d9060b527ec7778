// Transparent huge pages for the heap, as glibc's own `glibc.malloc.hugetlb=1`
// tunable gives them, which only an environment variable read at start-up
// can turn on.
//
// Why: every 4 KiB page the heap touches for the first time is a page fault.
// On the virtual machines this runs on a fault costs 2.5 to 12 us; W2 takes
// about 17,000 of them, most on freshly allocated heap memory (the decoded
// rings, the topology's tables, the bands of pixels): 40 to 180 ms of CPU in
// a 0.4 s run. Where the kernel hands out huge pages on request (THP mode
// "madvise", the common default), memory advised with MADV_HUGEPAGE faults
// once per 2 MiB instead: W2 7,000 faults, 0.44 -> 0.38 s (medians of 15,
// interleaved, on a machine with 12 us faults; the tunable gave the same).
// The pages are only advised, never touched here: the resident memory is what
// the program uses, as before. Where THP is off or always on, the advice
// changes nothing.
#pragma once

namespace threatmap::core {

// Advises huge pages for the heap memory the calling thread allocates from:
// the 64 MiB heap of its glibc arena (a thread's), or the free top of the
// program's break (the main thread's, which main() first grows by
// `reserve_bytes` of address space). Call at the start of every thread that
// allocates much (core::run_workers does), and once in main(). Does nothing in
// sanitizer builds, whose allocators are not glibc's.
void advise_huge_pages_for_this_threads_heap();

// main() only, before any other thread starts: lets the break grow in steps
// of `reserve_bytes` (glibc's M_TOP_PAD), so that the main heap has free room
// above what is in use for the advice to cover.
void reserve_main_heap_for_huge_pages(unsigned long reserve_bytes);

}  // namespace threatmap::core
