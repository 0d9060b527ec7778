#include "core/stage_times.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace threatmap::core {

void StageTimes::add(const std::string &stage, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry &e) { return e.stage == stage; });
  if (it == entries_.end())
    it = entries_.insert(entries_.end(), Entry{stage, 0, 0});
  it->seconds += seconds;
  ++it->count;
}

std::vector<StageTimes::Entry> StageTimes::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_;
}

std::string StageTimes::table() const {
  std::string out;
  std::size_t width = 0;
  const auto all = entries();
  for (const auto &e : all)
    width = std::max(width, e.stage.size());
  for (const auto &e : all)
    out += fmt::format("  {:<{}}  {:8.1f} ms  ({}×)\n", e.stage, width,
                       e.seconds * 1e3, e.count);
  return out;
}

} // namespace threatmap::core
