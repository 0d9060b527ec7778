#include "core/diagnostics.hpp"

#include <algorithm>

namespace threatmap::core {

void Diagnostics::add(Diagnostic diagnostic) {
    std::lock_guard<std::mutex> lock(mutex_);
    // The same problem reported by several jobs of a batch is printed once.
    for (const auto& d : items_)
        if (d.kind == diagnostic.kind && d.message == diagnostic.message) return;
    items_.push_back(std::move(diagnostic));
}

void Diagnostics::info(std::string kind, std::string message) {
    add({Severity::info, std::move(kind), std::move(message)});
}

void Diagnostics::warning(std::string kind, std::string message) {
    add({Severity::warning, std::move(kind), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
    for (auto& d : other.all()) add(std::move(d));
}

std::vector<Diagnostic> Diagnostics::all() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_;
}

std::size_t Diagnostics::warning_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
        return d.severity == Severity::warning;
    }));
}

bool Diagnostics::contains_kind(const std::string& kind) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) { return d.kind == kind; });
}

}  // namespace threatmap::core
