// The manifest's checksums of a run's input files, computed beside the run:
// each starts on a thread of its own as soon as load_inputs names the file
// (before reading it), at the lowest priority, so that it takes the cycles
// the single-threaded steps leave idle (opening the file, the topology's
// serial steps) rather than a share of the cores the reading and drawing
// use. A run that fails stops them instead of waiting for a checksum of a
// large file. Files are read as GDAL reads them (io::input_file_sha256), so
// a layer given by a GDAL virtual path (/vsizip/...) has its checksum too.
// A file hashed in an earlier run and unchanged since is not read again
// (io::ChecksumCache).
#pragma once

#include <atomic>
#include <future>
#include <string>
#include <vector>

#include "io/checksum_cache.hpp"

namespace threatmap::cli {

class InputChecksums {
public:
    // Without a cache, or with the cache kept in `cache_file` ("" for none).
    explicit InputChecksums(const std::string& cache_file = "");
    InputChecksums(const InputChecksums&) = delete;
    InputChecksums& operator=(const InputChecksums&) = delete;
    ~InputChecksums();

    // Starts the checksum of `path` (on this thread when no thread can be started).
    void start(const std::string& path);
    // "sha256  path" for each file, in the order started; waits for them,
    // then saves the cache. Throws threatmap::Error for a file that could
    // not be read.
    std::vector<std::string> collect();

private:
    io::ChecksumCache cache_;
    std::atomic<bool> stop_{false};
    std::vector<std::future<std::string>> running_;
};

}  // namespace threatmap::cli
