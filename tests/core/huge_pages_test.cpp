// core/huge_pages: the heap memory a thread allocates from is advised for
// transparent huge pages (VmFlags "hg" in /proc/self/smaps), that of a new
// thread's arena and the main heap's free top, and nothing is touched (the
// advice does not make memory resident).
#include <gtest/gtest.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "core/huge_pages.hpp"

namespace threatmap::core {
namespace {

// The VmFlags of the mapping holding `address`, from /proc/self/smaps.
std::string vm_flags_at(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t from = 0, to = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> from >> dash >> to && dash == '-' && line.find(':') > line.find(' ')) {
            inside = from <= at && at < to;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            return line;
        }
    }
    return "";
}

bool huge_pages_available() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;  // the functions do nothing where the allocator is not glibc's
#else
    std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string text;
    std::getline(mode, text);
    return text.find("[never]") == std::string::npos && !text.empty();
#endif
}

TEST(HugePages, ANewThreadsArenaIsAdvised) {
    if (!huge_pages_available()) GTEST_SKIP() << "no transparent huge pages here (or a sanitizer build)";
    std::string flags;
    std::thread([&] {
        advise_huge_pages_for_this_threads_heap();
        // A block the thread allocates afterwards (below glibc's mmap
        // threshold, so from the arena) lies in advised memory.
        std::unique_ptr<char[]> block(new char[100 << 10]);
        flags = vm_flags_at(block.get() + (50 << 10));
    }).join();
    EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
}

TEST(HugePages, TheMainHeapsTopIsAdvisedAndNotTouched) {
    if (!huge_pages_available()) GTEST_SKIP() << "no transparent huge pages here (or a sanitizer build)";
    std::string flags;
    long resident_before = 0, resident_after = 0;
    auto resident_kib = [] {
        std::ifstream status("/proc/self/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return 0L;
    };
    // The main thread's arena, as main() does it (gtest's main thread is the
    // process's): blocks up to 32 MiB from the heap, then the reserve.
    resident_before = resident_kib();
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    reserve_main_heap_for_huge_pages(64ul << 20);
    advise_huge_pages_for_this_threads_heap();
    resident_after = resident_kib();
    const auto top = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    // The last huge page below the break: free top, advised.
    flags = vm_flags_at(reinterpret_cast<const void*>(((top - 1) & ~((std::uintptr_t{2} << 20) - 1)) - 1));
    EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
    // 64 MiB were reserved, not made resident.
    EXPECT_LT(resident_after - resident_before, 8 * 1024) << "KiB made resident";
}

}  // namespace
}  // namespace threatmap::core
