// Survivable problems (a repaired polygon, a folded region, a dropped label,
// an unmatched name with its closest match) collected during a run and
// printed once at the end. --strict turns warnings into a fatal error.
// Thread-safe: batch jobs report into one sink.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace threatmap::core {

enum class Severity { info, warning };

struct Diagnostic {
    Severity severity;
    std::string kind;     // short stable key, e.g. "join.fold", "geometry.repair"
    std::string message;  // full sentence with file/feature where known
};

class Diagnostics {
public:
    void info(std::string kind, std::string message);
    void warning(std::string kind, std::string message);
    // Every diagnostic of `other`, in its order and with its severity.
    void append(const Diagnostics& other);
    std::vector<Diagnostic> all() const;
    std::size_t warning_count() const;
    bool contains_kind(const std::string& kind) const;

private:
    void add(Diagnostic diagnostic);
    mutable std::mutex mutex_;
    std::vector<Diagnostic> items_;
};

}  // namespace threatmap::core
