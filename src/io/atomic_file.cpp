#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>
#include <fmt/format.h>

#include "core/error.hpp"

namespace threatmap::io {
namespace fs = std::filesystem;

void write_file_atomically(const std::string& path, std::string_view bytes) {
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    int fd = ::mkstemp(name.data());
    if (fd < 0) throw Error({path, ""}, fmt::format("cannot create a temporary file in {}: {}", dir.string(), std::strerror(errno)));
    const std::string tmp(name.data());
    auto fail = [&](const char* step) {
        int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        throw Error({path, ""}, fmt::format("cannot write the file ({} failed: {}); the previous file, if any, is unchanged",
                                            step, std::strerror(err)));
    };
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0) fail("chmod");
    if (::fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error({path, ""}, fmt::format("cannot write the file (close failed: {})", std::strerror(err)));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error({path, ""}, fmt::format("cannot replace the file: {}", std::strerror(err)));
    }
}

void ensure_writable_folder(const std::string& dir, bool create) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        if (!create) throw Error({dir, ""}, "the output folder does not exist");
        fs::create_directories(dir, ec);
        if (ec) throw Error({dir, ""}, fmt::format("cannot create the output folder: {}", ec.message()));
    }
    if (!fs::is_directory(dir, ec)) throw Error({dir, ""}, "the output path exists but is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw Error({dir, ""}, fmt::format("the output folder is not writable: {}", std::strerror(errno)));
}

}  // namespace threatmap::io
