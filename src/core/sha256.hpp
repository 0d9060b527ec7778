// SHA-256 of a byte string, as lower-case hex. For the manifest and for
// reporting which exact inputs a map was made from (FIPS 180-4).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace threatmap::core {

std::string sha256_hex(std::string_view bytes);
// Of bytes read piece by piece: read(buffer, capacity) fills the buffer with
// up to `capacity` bytes and returns how many, 0 at the end (it may throw).
// When `stop` (may be null) becomes true, gives up between pieces and returns "".
std::string sha256_pieces(const std::function<std::size_t(char*, std::size_t)>& read,
                          const std::atomic<bool>* stop = nullptr);
// Of a file's contents; throws threatmap::Error if unreadable.
std::string sha256_file(const std::string& path);

}  // namespace threatmap::core
