#include "io/checksum_cache.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace threatmap::io {
namespace {

constexpr const char* kHeader = "threatmap checksum cache 1";

std::int64_t nanoseconds(const timespec& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

bool is_hex_sha256(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "<sha256>\t<device> <inode> <size> <mtime ns> <ctime ns>\t<path>"
std::optional<std::pair<FileIdentity, std::string>> parse_line(const std::string& line, std::string& path) {
    std::istringstream in(line);
    std::string sha;
    FileIdentity id;
    if (!std::getline(in, sha, '\t') || !is_hex_sha256(sha)) return std::nullopt;
    if (!(in >> id.device >> id.inode >> id.size >> id.mtime_ns >> id.ctime_ns) || in.get() != '\t') return std::nullopt;
    std::getline(in, path);
    return std::make_pair(id, sha);
}

}  // namespace

std::optional<FileIdentity> identity_of(const std::string& path) {
    if (path.rfind("/vsi", 0) == 0) return std::nullopt;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return FileIdentity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                        static_cast<std::uint64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)};
}

ChecksumCache::ChecksumCache(std::string file) : file_(std::move(file)) {
    std::ifstream in(file_);
    std::string line, path;
    if (!std::getline(in, line) || line != kHeader) return;  // none yet, or another format: started afresh
    while (std::getline(in, line))
        if (auto parsed = parse_line(line, path)) entries_.push_back({parsed->first, parsed->second, path});
}

std::string ChecksumCache::default_file() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/') return std::string(xdg) + "/threatmap/checksums.tsv";
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/') return std::string(home) + "/.cache/threatmap/checksums.tsv";
    return "";
}

std::optional<std::string> ChecksumCache::find(const FileIdentity& id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto e = entries_.rbegin(); e != entries_.rend(); ++e)
        if (e->id == id) return e->sha256;
    return std::nullopt;
}

void ChecksumCache::remember(const std::string& path, const FileIdentity& id, const std::string& sha256,
                             Clock::time_point hashing_began) {
    const std::int64_t began = std::chrono::duration_cast<std::chrono::nanoseconds>(hashing_began.time_since_epoch()).count();
    const std::int64_t window = std::chrono::duration_cast<std::chrono::nanoseconds>(kRacyWindow).count();
    if (std::max(id.mtime_ns, id.ctime_ns) > began - window) return;  // racily clean: not to be trusted
    if (!is_hex_sha256(sha256) || path.find_first_of("\t\n\r") != std::string::npos) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    // One entry per file (device and inode): the newest.
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                  [&](const Entry& e) { return e.id.device == id.device && e.id.inode == id.inode; }),
                   entries_.end());
    entries_.push_back({id, sha256, path});
    if (entries_.size() > kMaxEntries) entries_.erase(entries_.begin(), entries_.end() - kMaxEntries);
    changed_ = true;
}

bool ChecksumCache::save() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!changed_ || file_.empty()) return true;
    std::error_code ec;  // a folder that cannot be made fails the write below
    std::filesystem::create_directories(std::filesystem::path(file_).parent_path(), ec);
    std::string bytes = std::string(kHeader) + "\n";
    for (const Entry& e : entries_) {
        const FileIdentity& i = e.id;
        bytes += e.sha256 + "\t" + std::to_string(i.device) + " " + std::to_string(i.inode) + " " + std::to_string(i.size) + " " +
                 std::to_string(i.mtime_ns) + " " + std::to_string(i.ctime_ns) + "\t" + e.path + "\n";
    }
    try {
        write_file_atomically(file_, bytes);  // a reader sees the old cache or the new one
    } catch (const Error&) {
        return false;
    }
    changed_ = false;
    return true;
}

}  // namespace threatmap::io
