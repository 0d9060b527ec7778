// core::parallel_chunks and parallel_for_each_index(_with): every index visited
// exactly once, chunks contiguous, an exception from a helper thread reaches
// the caller (and stops the taking of new items).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <utility>
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

TEST(ParallelWeightedChunks, VisitsEveryIndexOnceInContiguousChunks) {
    for (std::size_t n : {0u, 1u, 63u, 64u, 1000u, 19000u})
        for (unsigned threads : {1u, 2u, 3u, 8u}) {
            std::vector<std::atomic<int>> seen(n);
            parallel_weighted_chunks(n, threads, [](std::size_t i) { return i % 7 == 0 ? 1000 : 3; },
                                     [&](std::size_t begin, std::size_t end) {
                                         ASSERT_LT(begin, end);
                                         for (std::size_t i = begin; i < end; ++i) seen[i]++;
                                     });
            for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << "n " << n << " threads " << threads;
        }
}

TEST(ParallelWeightedChunks, ChunksHoldEqualWeightsNotEqualCounts) {
    // The heavy items all at the end (long coasts in ring order): chunks by
    // count would give the last thread nearly all the work.
    const std::size_t n = 4000;
    auto weight = [](std::size_t i) { return i >= 3800 ? 500.0 : 1.0; };
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += weight(i);
    std::mutex mutex;
    std::vector<std::pair<std::size_t, std::size_t>> chunks;
    parallel_weighted_chunks(n, 2, weight, [&](std::size_t begin, std::size_t end) {
        std::lock_guard<std::mutex> lock(mutex);
        chunks.emplace_back(begin, end);
    });
    ASSERT_GE(chunks.size(), 4u);
    for (const auto& [begin, end] : chunks) {
        double w = 0;
        for (std::size_t i = begin; i < end; ++i) w += weight(i);
        // Each chunk at most its share plus one item.
        EXPECT_LE(w, total / static_cast<double>(chunks.size()) + 500.0 + 1e-9) << begin << ".." << end;
    }
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

TEST(ParallelForEachIndexWith, EachThreadMakesItsStateOnceAndUsesOnlyIt) {
    for (std::size_t n : {0u, 1u, 5u, 200u})
        for (unsigned threads : {1u, 2u, 4u}) {
            std::atomic<int> made{0};
            std::vector<std::atomic<int>> seen(n);
            std::vector<int> state_of(n, -1);
            parallel_for_each_index_with(
                n, threads,
                [&] {
                    // A state belongs to one thread: it carries its own id and
                    // notices if another thread uses it at the same time.
                    return std::make_unique<std::pair<int, std::atomic<int>>>(made++, 0);
                },
                [&](std::unique_ptr<std::pair<int, std::atomic<int>>>& state, std::size_t i) {
                    ASSERT_EQ(state->second++, 0) << "state used by two threads at once";
                    seen[i]++;
                    state_of[i] = state->first;
                    state->second--;
                });
            for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i].load(), 1) << "n " << n << " threads " << threads;
            // No state without an item to use it on, and no more than one per thread.
            EXPECT_LE(made.load(), static_cast<int>(std::min<std::size_t>(threads, n)));
            EXPECT_EQ(made.load() == 0, n == 0);
            for (std::size_t i = 0; i < n; ++i) EXPECT_GE(state_of[i], 0);
        }
}

TEST(ParallelForEachIndexWith, AFailureToMakeTheStateReachesTheCaller) {
    EXPECT_THROW(parallel_for_each_index_with(
                     10, 2, []() -> int { throw std::runtime_error("no state"); }, [](int, std::size_t) {}),
                 std::runtime_error);
}

}  // namespace
}  // namespace threatmap::core
