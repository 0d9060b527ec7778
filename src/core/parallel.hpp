// Splits [0, n) into `threads` contiguous chunks and runs f(begin, end, chunk)
// on each, the first on the calling thread. For stages whose items are
// independent (arcs to simplify, shapes to assemble); the caller decides how
// many cores are free (a batch job shares them with other jobs). An exception
// in any chunk is rethrown on the caller once all chunks have ended.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace threatmap::core {

template <typename F>
void parallel_chunks(std::size_t n, unsigned threads, F&& f) {
    const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 64 + 1));
    if (chunks == 1) {
        f(std::size_t{0}, n, std::size_t{0});
        return;
    }
    std::vector<std::exception_ptr> errors(chunks);
    auto run = [&](std::size_t c) {
        try {
            f(n * c / chunks, n * (c + 1) / chunks, c);
        } catch (...) {
            errors[c] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(chunks - 1);
    for (std::size_t c = 1; c < chunks; ++c) helpers.emplace_back(run, c);
    run(0);
    for (auto& t : helpers) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace threatmap::core
