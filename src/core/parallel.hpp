// Splits [0, n) into `threads` contiguous chunks and runs f(begin, end, chunk)
// on each, the first on the calling thread. For stages whose items are
// independent (arcs to simplify, shapes to assemble); the caller decides how
// many cores are free (a batch job shares them with other jobs). An exception
// in any chunk is rethrown on the caller once all chunks have ended.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

#include "core/huge_pages.hpp"

namespace threatmap::core {

// Runs work(w) for w in [0, workers), w = 0 on the calling thread; rethrows
// the first exception (by w) once all have ended. When no more threads can
// be started (a process at its thread limit), the calling thread runs the
// workers that did not start, after its own: fewer threads, same result.
template <typename Work>
void run_workers(std::size_t workers, Work&& work) {
    std::vector<std::exception_ptr> errors(workers);
    auto run = [&](std::size_t w) {
        try {
            if (w > 0) advise_huge_pages_for_this_threads_heap();  // a new thread's arena (huge_pages.hpp)
            work(w);
        } catch (...) {
            errors[w] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(workers - 1);
    std::size_t started = 1;
    try {
        for (; started < workers; ++started) helpers.emplace_back(run, started);
    } catch (const std::system_error&) {
        // No thread to be had: the rest run below, on this one.
    }
    run(0);
    for (std::size_t w = started; w < workers; ++w) run(w);
    for (auto& t : helpers) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

template <typename F>
void parallel_chunks(std::size_t n, unsigned threads, F&& f) {
    const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64 + 1));
    if (chunks == 1) {
        f(std::size_t{0}, n, std::size_t{0});
        return;
    }
    run_workers(chunks, [&](std::size_t c) { f(n * c / chunks, n * (c + 1) / chunks, c); });
}

// As parallel_for_each_index (below), with state per thread: each thread makes its own with
// make_state() (only if it gets an item) and passes it to every f(state, i)
// it runs, for what one thread at a time may use (a Projection, say).
template <typename MakeState, typename F>
void parallel_for_each_index_with(std::size_t n, unsigned threads, MakeState&& make_state, F&& f) {
    const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, n));
    std::atomic<std::size_t> next{0};
    run_workers(workers, [&](std::size_t) {
        try {
            std::size_t i = next++;
            if (i >= n) return;
            auto state = make_state();
            for (; i < n; i = next++) f(state, i);
        } catch (...) {
            next = n;  // the others stop after their current item
            throw;
        }
    });
}

// Runs f(i) for every i in [0, n) on up to `threads` threads (the calling
// thread one of them), each taking the next index nobody has taken: for
// items of uneven cost (bands of an image, some dense, some empty). After an
// exception no new item starts; it is rethrown once all threads have ended.
template <typename F>
void parallel_for_each_index(std::size_t n, unsigned threads, F&& f) {
    parallel_for_each_index_with(n, threads, [] { return 0; }, [&](int, std::size_t i) { f(i); });
}

// Runs f(begin, end) on non-empty contiguous chunks of [0, n) that each hold about the
// same total weight (weight(i) >= 0, e.g. an item's vertex count), several
// chunks per thread, each thread taking the next chunk nobody has taken: for
// items of very uneven cost in index order (W2's arcs: from a few vertices to a whole coast,
// the long coasts bunched together), where halves by count left one core
// working alone at the end. After an exception no new chunk starts; it is
// rethrown once all threads have ended.
template <typename Weight, typename F>
void parallel_weighted_chunks(std::size_t n, unsigned threads, Weight&& weight, F&& f) {
    constexpr std::size_t kChunksPerThread = 8;
    if (n == 0) return;
    const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(std::size_t{threads} * kChunksPerThread, n / 64 + 1));
    if (chunks == 1) {
        f(std::size_t{0}, n);
        return;
    }
    // Chunk c ends at the first index whose running weight reaches c + 1
    // shares of the total.
    std::vector<double> running(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) running[i] = total += static_cast<double>(weight(i));
    std::vector<std::size_t> cut(chunks + 1, n);
    cut[0] = 0;
    for (std::size_t c = 1; c < chunks; ++c) {
        const double share = total * static_cast<double>(c) / static_cast<double>(chunks);
        cut[c] = std::max(cut[c - 1], static_cast<std::size_t>(std::lower_bound(running.begin(), running.end(), share) - running.begin()));
    }
    parallel_for_each_index(chunks, threads, [&](std::size_t c) {
        if (cut[c] < cut[c + 1]) f(cut[c], cut[c + 1]);
    });
}

}  // namespace threatmap::core
