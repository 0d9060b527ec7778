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
namespace {

// One file of a group on its way: its temporary file, open until flushed.
struct PendingFile {
    const FileToWrite* file = nullptr;
    std::string tmp;  // empty once renamed into place (or never created)
    int fd = -1;
};

// Closes and removes every temporary file not yet renamed into place.
void discard(std::vector<PendingFile>& pending) {
    for (auto& p : pending) {
        if (p.fd >= 0) ::close(p.fd);
        p.fd = -1;
        if (!p.tmp.empty()) ::unlink(p.tmp.c_str());
        p.tmp.clear();
    }
}

// The temporary file next to `file`, written in full and its writing to disk
// started (not waited for).
void write_temporary(const FileToWrite& file, PendingFile& out) {
    const std::string& path = file.path;
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw Error({path, ""}, fmt::format("cannot create a temporary file in {}: {}", dir.string(), std::strerror(errno)));
    out.fd = fd;
    out.tmp = name.data();
    auto fail = [&](const char* step) {
        throw Error({path, ""}, fmt::format("cannot write the file ({} failed: {}); the previous file, if any, is unchanged",
                                            step, std::strerror(errno)));
    };
    const char* p = file.bytes.data();
    std::size_t left = file.bytes.size();
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
    // Start writing the data to disk now, for every file of the group, so
    // that the fsyncs below wait on writes already under way instead of each
    // starting its own in turn (a PNG and its three sidecars: 8 ms -> 4).
    // Only a hint: where it is not supported, fsync does all the work.
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

}  // namespace

void write_files_atomically(const std::vector<FileToWrite>& files) {
    std::vector<PendingFile> pending(files.size());
    try {
        for (std::size_t i = 0; i < files.size(); ++i) {
            pending[i].file = &files[i];
            write_temporary(files[i], pending[i]);
        }
        for (auto& p : pending) {
            if (::fsync(p.fd) != 0)
                throw Error({p.file->path, ""}, fmt::format("cannot write the file (fsync failed: {}); the previous file, if any, is unchanged",
                                                            std::strerror(errno)));
            const int fd = p.fd;
            p.fd = -1;
            if (::close(fd) != 0)
                throw Error({p.file->path, ""}, fmt::format("cannot write the file (close failed: {})", std::strerror(errno)));
        }
        for (auto& p : pending) {
            if (::rename(p.tmp.c_str(), p.file->path.c_str()) != 0)
                throw Error({p.file->path, ""}, fmt::format("cannot replace the file: {}", std::strerror(errno)));
            p.tmp.clear();
        }
    } catch (...) {
        discard(pending);
        throw;
    }
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
    write_files_atomically({FileToWrite{path, bytes}});
}

namespace {

// `dir` as a path whose last element is the folder itself ("out/" -> "out").
fs::path folder_path(const std::string& dir) {
    fs::path p = fs::path(dir).lexically_normal();
    return p.has_filename() ? p : p.parent_path();
}

}  // namespace

std::string ensure_writable_folder(const std::string& dir, bool create) {
    std::error_code ec;
    std::string outermost_made;
    if (!fs::exists(dir, ec)) {
        if (!create) throw Error({dir, ""}, "the output folder does not exist");
        // The folders create_directories is about to make: `dir` and each missing parent.
        for (fs::path p = folder_path(dir); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
            outermost_made = p.string();
            if (p == p.parent_path()) break;
        }
        fs::create_directories(dir, ec);
        if (ec) throw Error({dir, ""}, fmt::format("cannot create the output folder: {}", ec.message()));
    }
    if (!fs::is_directory(dir, ec)) throw Error({dir, ""}, "the output path exists but is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw Error({dir, ""}, fmt::format("the output folder is not writable: {}", std::strerror(errno)));
    return outermost_made;
}

void remove_folders_left_empty(const std::string& dir, const std::string& outermost) {
    if (outermost.empty()) return;
    const fs::path top = folder_path(outermost);
    std::error_code ec;
    for (fs::path p = folder_path(dir); !p.empty(); p = p.parent_path()) {
        // fs::remove takes a folder only when it is empty (rmdir): one with a file stays.
        if (!fs::is_directory(p, ec) || !fs::is_empty(p, ec) || !fs::remove(p, ec)) return;
        if (p == top || p == p.parent_path()) return;
    }
}

}  // namespace threatmap::io
