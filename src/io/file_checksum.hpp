// The SHA-256 of an input file as GDAL reads it: a plain path, or one of
// GDAL's virtual paths (/vsizip/, /vsigzip/, /vsitar/, /vsicurl/, ...) that
// --boundaries and the context layers accept, whose bytes only GDAL can
// reach. For the manifest's record of the inputs a map was made from.
#pragma once

#include <atomic>
#include <string>

#include "io/checksum_cache.hpp"

namespace threatmap::io {

// Lower-case hex; throws threatmap::Error naming the path if it cannot be
// read. A dataset of several files is checksummed whole: for a folder
// (shapefiles GDAL reads as one dataset), a .shp (with its .shx, .dbf, .prj,
// .cpg), a MapInfo .tab (with its .dat, .map, .id) and a .mif (with its
// .mid), the checksum of the lines "<sha256>  <name>" of its files,
// sorted by name (bytewise), as sha256sum prints them: `sha256sum * |
// sha256sum` in the folder. When `stop` (may be null) becomes true, gives up
// and returns "". With a `cache`, a local file's checksum is taken from it
// while the file is unchanged, and remembered there when it was read.
std::string input_file_sha256(const std::string& path, const std::atomic<bool>* stop = nullptr,
                              ChecksumCache* cache = nullptr);

}  // namespace threatmap::io
