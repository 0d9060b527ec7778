// Writes a file so that readers see either the old file or the complete new
// one, never a part: the bytes go to a temporary file in the same folder,
// are flushed to disk, then renamed over the target. On any failure the
// temporary file is removed and the old file is untouched.
#pragma once

#include <string>
#include <string_view>

namespace threatmap::io {

// Throws threatmap::Error naming the path and the system's reason.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Checks that `dir` exists (creating it if `create`), is a folder and is
// writable, before any work is done. Throws threatmap::Error otherwise.
void ensure_writable_folder(const std::string& dir, bool create);

}  // namespace threatmap::io
