// SHA-256 of a byte string, as lower-case hex. For the manifest and for
// reporting which exact inputs a map was made from (FIPS 180-4).
#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace threatmap::core {

std::string sha256_hex(std::string_view bytes);
// Of a file's contents; throws threatmap::Error if unreadable. When `stop`
// (may be null) becomes true, gives up between pieces and returns "".
std::string sha256_file(const std::string& path, const std::atomic<bool>* stop = nullptr);

}  // namespace threatmap::core
