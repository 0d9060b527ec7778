#include "core/huge_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

// The end of the program's data: the break heap starts above it (man 3 end).
extern char end;

namespace threatmap::core {
namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
// glibc (x86-64) maps each thread arena's heap as one region of
// HEAP_MAX_SIZE = 2 x DEFAULT_MMAP_THRESHOLD_MAX = 64 MiB, aligned to its
// size, and grows it in place (mprotect); the main arena grows the break.
constexpr std::uintptr_t arena_heap = std::uintptr_t{64} << 20;

[[maybe_unused]] void advise(std::uintptr_t from, std::uintptr_t to) {  // unused under sanitizers
    from = (from + huge_page - 1) & ~(huge_page - 1);
    to &= ~(huge_page - 1);
    // A hint: where it cannot be followed (THP off, no such mapping) nothing changes.
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

}  // namespace

void reserve_main_heap_for_huge_pages(unsigned long reserve_bytes) {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    mallopt(M_TOP_PAD, static_cast<int>(reserve_bytes));
    // Grow the break now: a block larger than all free memory (fordblks) can
    // only come from extending it, by the block and the pad.
    // (Through a volatile: the compiler may drop a malloc whose block is only freed.)
    void* volatile block = std::malloc(mallinfo2().fordblks + 4096);
    std::free(block);
#else
    (void)reserve_bytes;
#endif
}

void advise_huge_pages_for_this_threads_heap() {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // A block from the arena this thread allocates from tells which it is.
    // Large enough to make the main arena grow the break (by the block and
    // M_TOP_PAD) when its free top is smaller; small enough for any arena.
    void* volatile probe = std::malloc(64 << 10);
    if (!probe) return;
    const auto at = reinterpret_cast<std::uintptr_t>(probe);
    const auto heap_end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    std::free(probe);
    if (at >= reinterpret_cast<std::uintptr_t>(&end) && at < heap_end) {
        advise(at, heap_end);  // the main arena: from the probe to the break
    } else {
        const std::uintptr_t heap = at & ~(arena_heap - 1);
        advise(heap, heap + arena_heap);  // a thread's arena: its whole heap
    }
#endif
}

}  // namespace threatmap::core
