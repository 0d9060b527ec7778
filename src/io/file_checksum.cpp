#include "io/file_checksum.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace threatmap::io {

namespace {

std::string contents_sha256(const std::string& path, const std::atomic<bool>* stop) {
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

}  // namespace

std::string input_file_sha256(const std::string& path, const std::atomic<bool>* stop) {
    VSIStatBufL stat;
    if (VSIStatL(path.c_str(), &stat) == 0 && VSI_ISDIR(stat.st_mode)) {
        // A folder GDAL reads as one dataset (shapefiles): the checksum of the
        // list of its files, by name, each with its own checksum.
        std::unique_ptr<char*, decltype(&CSLDestroy)> names(VSIReadDir(path.c_str()), &CSLDestroy);
        std::vector<std::string> files;
        for (char** n = names.get(); n && *n; ++n) {
            const std::string name = *n;
            VSIStatBufL entry;
            if (name != "." && name != ".." && VSIStatL((path + "/" + name).c_str(), &entry) == 0 && VSI_ISREG(entry.st_mode))
                files.push_back(name);
        }
        std::sort(files.begin(), files.end());
        std::string listing;
        for (const auto& name : files) {
            const std::string sum = contents_sha256(path + "/" + name, stop);
            if (sum.empty()) return "";  // stopped
            listing += sum + "  " + name + "\n";
        }
        return core::sha256_hex(listing);
    }
    return contents_sha256(path, stop);
}

}  // namespace threatmap::io
