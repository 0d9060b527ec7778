// Helpers shared by the fuzz targets: the readers take a path, so the fuzz
// bytes go to one temporary file per process, rewritten for every input.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace threatmap::fuzz {

inline const std::string& scratch_path(const char* suffix) {
    static const std::string path = [suffix] {
        const char* dir = std::getenv("TMPDIR");
        std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/threatmap-fuzz-XXXXXX" + suffix;
        int fd = ::mkstemps(tmpl.data(), static_cast<int>(std::string(suffix).size()));
        if (fd < 0) { std::perror("mkstemps"); std::abort(); }
        ::close(fd);
        // Removed at exit; a crash leaves it in TMPDIR, which is harmless.
        static struct Remover { std::string p; ~Remover() { ::unlink(p.c_str()); } } remover{tmpl};
        return tmpl;
    }();
    return path;
}

inline const std::string& write_scratch(const char* suffix, const std::uint8_t* data, std::size_t size) {
    const std::string& path = scratch_path(suffix);
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
    if (fd < 0) { std::perror("open"); std::abort(); }
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) { std::perror("write"); std::abort(); }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return path;
}

}  // namespace threatmap::fuzz
