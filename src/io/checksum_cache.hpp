// Input checksums remembered between runs. A briefing map is redrawn many
// times from the same boundary file (each category, preset, language,
// assessment), and hashing it for the manifest each time is the one cost that
// grows with the file and not with the map: W2's 23 MB GeoPackage took ~21 ms
// of CPU per run beside the reading and the topology, a 2 GB layer seconds.
// A file's SHA-256 is reused while the file is the same one with the same
// size, modification and change times (device, inode, size, mtime, ctime to
// the nanosecond) - the test git and make trust. The change time cannot be
// set by a user; any write or rename sets it. A checksum is only remembered
// for a file whose times lie at least kRacyWindow before its hashing began,
// so that a file written in the same clock tick as it was hashed (a
// filesystem keeps times to a few milliseconds) is never trusted (git's
// "racily clean" rule).
//
// The cache is one small text file ($XDG_CACHE_HOME/threatmap/checksums.tsv,
// else ~/.cache/threatmap/...), written whole through a rename. It is only a
// hint: a missing, unreadable or damaged cache (or a line of it) is ignored,
// and one that cannot be written is left as it was.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace threatmap::io {

// What identifies a local file's contents without reading them.
struct FileIdentity {
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;  // since the epoch
    bool operator==(const FileIdentity& o) const {
        return device == o.device && inode == o.inode && size == o.size && mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns;
    }
    bool operator!=(const FileIdentity& o) const { return !(*this == o); }
};

// The identity of a local regular file; nothing for a GDAL virtual path
// (/vsizip/...), a folder, or a file that cannot be looked at.
std::optional<FileIdentity> identity_of(const std::string& path);

class ChecksumCache {
public:
    using Clock = std::chrono::system_clock;
    static constexpr std::chrono::seconds kRacyWindow{2};
    static constexpr std::size_t kMaxEntries = 512;  // the most recently remembered are kept

    // An empty cache that save() never writes.
    ChecksumCache() = default;
    // The cache kept in `file` (loaded now; a missing or unreadable file is an empty cache).
    explicit ChecksumCache(std::string file);
    ChecksumCache(const ChecksumCache&) = delete;
    ChecksumCache& operator=(const ChecksumCache&) = delete;

    // $XDG_CACHE_HOME/threatmap/checksums.tsv (an absolute XDG_CACHE_HOME),
    // else $HOME/.cache/threatmap/checksums.tsv, else "" (no cache).
    static std::string default_file();

    // The checksum remembered for the file with this identity.
    std::optional<std::string> find(const FileIdentity& id) const;
    // Remembers `sha256` of the file at `path` with identity `id`, whose
    // hashing began at `hashing_began`, unless the file changed less than
    // kRacyWindow before that (or its times lie after it).
    void remember(const std::string& path, const FileIdentity& id, const std::string& sha256, Clock::time_point hashing_began);
    // Writes the cache if anything was remembered since it was loaded (the
    // folder is created). Returns false if it could not be written; nothing
    // else happens then.
    bool save();

private:
    struct Entry {
        FileIdentity id;
        std::string sha256, path;
    };
    std::string file_;
    mutable std::mutex mutex_;  // checksums of several inputs run on threads of their own
    std::vector<Entry> entries_;  // oldest first
    bool changed_ = false;
};

}  // namespace threatmap::io
