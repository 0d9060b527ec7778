#include "cli/input_checksums.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <system_error>

#include "io/file_checksum.hpp"

namespace threatmap::cli {

InputChecksums::InputChecksums(const std::string& cache_file) : cache_(cache_file) {}

// Stopped checksums return early; the futures then wait only for that.
InputChecksums::~InputChecksums() { stop_ = true; }

void InputChecksums::start(const std::string& path) {
    auto task = [path, stop = &stop_, cache = &cache_] {
        // Lowest priority for this thread alone (Linux: a thread's own nice value).
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 19);
        return io::input_file_sha256(path, stop, cache) + "  " + path;
    };
    try {
        running_.push_back(std::async(std::launch::async, task));
    } catch (const std::system_error&) {  // no thread to be had: computed when collected
        running_.push_back(std::async(std::launch::deferred, task));
    }
}

std::vector<std::string> InputChecksums::collect() {
    std::vector<std::string> out;
    for (auto& r : running_) out.push_back(r.get());
    running_.clear();
    cache_.save();  // or not: only a later run's time depends on it
    return out;
}

}  // namespace threatmap::cli
