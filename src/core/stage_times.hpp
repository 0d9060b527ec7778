// Wall time per pipeline stage, summed over jobs and threads, for
// `render --timings` (where does a run spend its time?) and the benchmarks.
// Thread-safe; a stage that never ran is not listed.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace threatmap::core {

class StageTimes {
public:
  struct Entry {
    std::string stage;
    double seconds = 0;
    unsigned count = 0;
  };

  void add(const std::string &stage, double seconds);
  std::vector<Entry> entries() const; // in the order stages first ran
  // "stage  12.3 ms  (n×)" lines; stages run in parallel threads add up, so
  // their sum can exceed the wall time of the run.
  std::string table() const;

private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// Adds the time from construction to destruction (or stop()) to `times`
// under `stage`; does nothing when `times` is null.
class ScopedStage {
public:
  ScopedStage(StageTimes *times, std::string stage)
      : times_(times), stage_(std::move(stage)),
        start_(std::chrono::steady_clock::now()) {}
  ScopedStage(const ScopedStage &) = delete;
  ScopedStage &operator=(const ScopedStage &) = delete;
  ~ScopedStage() { stop(); }
  void stop() {
    if (!times_)
      return;
    times_->add(stage_, std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start_)
                            .count());
    times_ = nullptr;
  }

private:
  StageTimes *times_;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace threatmap::core
