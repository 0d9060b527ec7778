// core::parallel_chunks and parallel_for_each_index: every index visited
// exactly once, chunks contiguous, an exception from a helper thread reaches
// the caller (and stops the taking of new items).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "core/parallel.hpp"

namespace threatmap::core {
namespace {

TEST(ParallelChunks, VisitsEveryIndexOnceForAnyThreadCount) {
    for (std::size_t n : {0u, 1u, 63u, 64u, 1000u, 4647u})
        for (unsigned threads : {1u, 2u, 3u, 8u}) {
            std::vector<std::atomic<int>> seen(n);
            parallel_chunks(n, threads, [&](std::size_t begin, std::size_t end, std::size_t) {
                ASSERT_LE(begin, end);
                for (std::size_t i = begin; i < end; ++i) seen[i]++;
            });
            for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << "n " << n << " threads " << threads;
        }
}

TEST(ParallelChunks, SmallInputsStayOnTheCallingThread) {
    std::size_t calls = 0;  // not atomic: one chunk means no other thread
    parallel_chunks(10, 8, [&](std::size_t, std::size_t, std::size_t) { ++calls; });
    EXPECT_EQ(calls, 1u);
}

TEST(ParallelChunks, AnExceptionInAHelperReachesTheCaller) {
    EXPECT_THROW(parallel_chunks(1000, 2,
                                 [&](std::size_t begin, std::size_t, std::size_t chunk) {
                                     if (chunk == 1) throw std::runtime_error("chunk starting at " + std::to_string(begin));
                                 }),
                 std::runtime_error);
}

TEST(ParallelForEachIndex, VisitsEveryIndexOnceForAnyThreadCount) {
    for (std::size_t n : {0u, 1u, 2u, 7u, 100u})
        for (unsigned threads : {0u, 1u, 2u, 3u, 16u}) {
            std::vector<std::atomic<int>> seen(n);
            parallel_for_each_index(n, threads, [&](std::size_t i) { seen[i]++; });
            for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << "n " << n << " threads " << threads;
        }
}

TEST(ParallelForEachIndex, AnExceptionReachesTheCaller) {
    for (unsigned threads : {1u, 2u, 4u})
        EXPECT_THROW(parallel_for_each_index(1000, threads,
                                             [&](std::size_t i) {
                                                 if (i == 500) throw std::runtime_error("item 500");
                                             }),
                     std::runtime_error)
            << threads;
}

TEST(ParallelForEachIndex, NoItemStartsAfterAFailureOnOneThread) {
    std::size_t started = 0;  // one thread: no race
    EXPECT_THROW(parallel_for_each_index(100, 1,
                                         [&](std::size_t i) {
                                             ++started;
                                             if (i == 3) throw std::runtime_error("item 3");
                                         }),
                 std::runtime_error);
    EXPECT_EQ(started, 4u);
}

}  // namespace
}  // namespace threatmap::core
