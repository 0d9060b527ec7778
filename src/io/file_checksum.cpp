#include "io/file_checksum.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace threatmap::io {

std::string input_file_sha256(const std::string& path, const std::atomic<bool>* stop) {
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

}  // namespace threatmap::io
