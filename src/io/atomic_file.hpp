// Writes a file so that readers see either the old file or the complete new
// one, never a part: the bytes go to a temporary file in the same folder,
// are flushed to disk, then renamed over the target. On any failure the
// temporary file is removed and the old file is untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace threatmap::io {

// Throws threatmap::Error naming the path and the system's reason.
void write_file_atomically(const std::string& path, std::string_view bytes);

struct FileToWrite {
    std::string path;
    std::string_view bytes;
};

// Several files, each as write_file_atomically writes one, as a group: all
// are written and flushed to disk before the first is renamed into place,
// then they are renamed in the order given (a map's georeference before the
// map, so that a reader never finds the map without it). A failure while
// writing or flushing replaces none of them; a rename that fails leaves the
// files before it replaced and those after it as they were. Either way no
// temporary file is left.
void write_files_atomically(const std::vector<FileToWrite>& files);

// Checks that `dir` exists (creating it if `create`), is a folder and is
// writable, before any work is done. Throws threatmap::Error otherwise.
// Returns the outermost folder it created ("out" for "out/maps" where neither
// existed), or "" when `dir` was there already.
std::string ensure_writable_folder(const std::string& dir, bool create);

// Removes `dir` and its parents up to and including `outermost` (as
// ensure_writable_folder returned it), each only while it is empty: a run that
// fails leaves no folder it made behind, and never one with a file in it.
void remove_folders_left_empty(const std::string& dir, const std::string& outermost);

}  // namespace threatmap::io
