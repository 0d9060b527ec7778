#include "io/file_checksum.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace threatmap::io {

namespace {

std::string read_contents_sha256(const std::string& path, const std::atomic<bool>* stop) {
    struct Closer {
        void operator()(VSILFILE* f) const { VSIFCloseL(f); }
    };
    std::unique_ptr<VSILFILE, Closer> file(VSIFOpenL(path.c_str(), "rb"));
    if (!file) throw Error({path, ""}, "cannot read file");
    return core::sha256_pieces(
        [&](char* buffer, std::size_t capacity) -> std::size_t {
            // A short read is not the end (an archive member comes in pieces); 0 is. A
            // failed read is reported by GDAL as an error (this thread's own state).
            CPLErrorReset();
            const std::size_t n = VSIFReadL(buffer, 1, capacity, file.get());
            if (CPLGetLastErrorType() >= CE_Failure)
                throw Error({path, ""}, std::string("read error while computing its checksum: ") + CPLGetLastErrorMsg());
            return n;
        },
        stop);
}

// From the cache while the file is unchanged; else read, and remembered
// when the file was the same before and after.
std::string contents_sha256(const std::string& path, const std::atomic<bool>* stop, ChecksumCache* cache) {
    const auto before = cache ? identity_of(path) : std::nullopt;
    if (!before) return read_contents_sha256(path, stop);
    if (auto known = cache->find(*before)) return *known;
    const auto began = ChecksumCache::Clock::now();
    std::string sum = read_contents_sha256(path, stop);
    std::error_code ec;  // the path is only a note for a reader of the cache
    const std::string absolute = std::filesystem::absolute(path, ec).string();
    if (!sum.empty() && identity_of(path) == before) cache->remember(ec ? path : absolute, *before, sum, began);
    return sum;
}

bool is_regular_file(const std::string& path) {
    VSIStatBufL entry;
    return VSIStatL(path.c_str(), &entry) == 0 && VSI_ISREG(entry.st_mode);
}

// The checksum of the lines "<sha256>  <name>" of `files` (in `folder`),
// sorted by name: what `sha256sum <files> | sha256sum` prints there.
std::string listing_sha256(const std::string& folder, std::vector<std::string> files, const std::atomic<bool>* stop,
                           ChecksumCache* cache) {
    std::sort(files.begin(), files.end());
    std::string listing;
    for (const auto& name : files) {
        const std::string sum = contents_sha256(folder + "/" + name, stop, cache);
        if (sum.empty()) return "";  // stopped
        listing += sum + "  " + name + "\n";
    }
    return core::sha256_hex(listing);
}

std::string upper_case(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// The files of a layer in a format that splits it, by the extension of the
// file one names (either case), as GDAL's drivers read them: a shapefile's
// classes are in its .dbf, its CRS in the .prj, its encoding in the .cpg; a
// MapInfo table's attributes in the .dat, its shapes in the .map (and .id);
// a MIF file's attributes in the .mid. Spatial indexes (.qix, .ind) are left
// out: they change no map.
const std::vector<const char*>* parts_of_format(const std::string& extension) {
    struct SplitFormat {
        const char* extension;  // upper case
        std::vector<const char*> parts;
    };
    static const SplitFormat kFormats[] = {
        {"SHP", {"shp", "shx", "dbf", "prj", "cpg"}},  // shapefile
        {"TAB", {"tab", "dat", "map", "id"}},          // MapInfo table
        {"MIF", {"mif", "mid"}},                       // MapInfo interchange
    };
    const std::string wanted = upper_case(extension);
    for (const SplitFormat& format : kFormats)
        if (wanted == format.extension) return &format.parts;
    return nullptr;
}

}  // namespace

std::string input_file_sha256(const std::string& path, const std::atomic<bool>* stop, ChecksumCache* cache) {
    VSIStatBufL stat;
    if (VSIStatL(path.c_str(), &stat) == 0 && VSI_ISDIR(stat.st_mode)) {
        // A folder GDAL reads as one dataset (shapefiles): all its files.
        std::unique_ptr<char*, decltype(&CSLDestroy)> names(VSIReadDir(path.c_str()), &CSLDestroy);
        std::vector<std::string> files;
        for (char** n = names.get(); n && *n; ++n)
            if (std::string name = *n; name != "." && name != ".." && is_regular_file(path + "/" + name)) files.push_back(name);
        return listing_sha256(path, files, stop, cache);
    }
    // A layer whose format keeps it in several files beside each other.
    const std::size_t dot = path.find_last_of('.'), slash = path.find_last_of('/');
    const std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
    if (dot != std::string::npos && dot >= name_start && is_regular_file(path))
        if (const auto* parts = parts_of_format(path.substr(dot + 1))) {
            const std::string folder = name_start == 0 ? "." : path.substr(0, slash);
            const std::string stem = path.substr(name_start, dot - name_start);
            std::vector<std::string> files;
            for (const char* part : *parts)
                for (const std::string& extension : {std::string(part), upper_case(part)})
                    if (is_regular_file(folder + "/" + stem + "." + extension)) files.push_back(stem + "." + extension);
            return listing_sha256(folder, files, stop, cache);
        }
    return contents_sha256(path, stop, cache);
}

}  // namespace threatmap::io
