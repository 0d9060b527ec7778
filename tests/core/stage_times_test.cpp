// StageTimes: sums per stage in first-run order, thread-safe, and a null
// target makes ScopedStage a no-op (the default: timings off).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/stage_times.hpp"

namespace threatmap::core {
namespace {

TEST(StageTimes, SumsPerStageInTheOrderStagesFirstRan) {
    StageTimes t;
    t.add("read", 0.5);
    t.add("draw", 0.25);
    t.add("read", 0.25);
    auto e = t.entries();
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].stage, "read");
    EXPECT_DOUBLE_EQ(e[0].seconds, 0.75);
    EXPECT_EQ(e[0].count, 2u);
    EXPECT_EQ(e[1].stage, "draw");
    EXPECT_EQ(e[1].count, 1u);
    const std::string table = t.table();
    EXPECT_NE(table.find("read"), std::string::npos) << table;
    EXPECT_NE(table.find("750.0 ms  (2×)"), std::string::npos) << table;
}

TEST(StageTimes, ScopedStageAddsOnceAndNullIsANoOp) {
    StageTimes t;
    {
        ScopedStage s(&t, "work");
        s.stop();
    }  // the destructor after stop() adds nothing more
    ASSERT_EQ(t.entries().size(), 1u);
    EXPECT_EQ(t.entries()[0].count, 1u);
    EXPECT_GE(t.entries()[0].seconds, 0.0);
    ScopedStage off(nullptr, "ignored");
    off.stop();
    EXPECT_EQ(t.entries().size(), 1u);
}

TEST(StageTimes, ThreadsAddingAtOnceLoseNothing) {
    StageTimes t;
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) t.add(i % 2 ? "odd" : "even", 0.001);
        });
    for (auto& th : threads) th.join();
    unsigned total = 0;
    for (const auto& e : t.entries()) total += e.count;
    EXPECT_EQ(total, 4000u);
}

}  // namespace
}  // namespace threatmap::core
