#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

#include "core/error.hpp"

namespace threatmap::core {
namespace {

// OpenSSL's SHA-256 (EVP): it uses the CPU's SHA extensions where there are
// any, about ten times the speed of portable code. That matters: the
// checksum of a large input layer is computed beside the rendering, on a
// core the rendering would otherwise have.
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw Error("cannot start a SHA-256 checksum (OpenSSL)");
    }
    void update(const void* data, std::size_t n) {
        if (n > 0 && EVP_DigestUpdate(ctx_.get(), data, n) != 1) throw Error("SHA-256 checksum failed (OpenSSL)");
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest, &len) != 1) throw Error("SHA-256 checksum failed (OpenSSL)");
        static const char* digits = "0123456789abcdef";
        std::string out;
        out.reserve(2 * len);
        for (unsigned int i = 0; i < len; ++i) {
            out += digits[digest[i] >> 4];
            out += digits[digest[i] & 0xf];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    Sha256 sha;
    sha.update(bytes.data(), bytes.size());
    return sha.hex();
}

// In 256 KiB pieces: an input layer can be hundreds of MB, and its checksum
// must not hold a copy of it in memory.
std::string sha256_pieces(const std::function<std::size_t(char*, std::size_t)>& read, const std::atomic<bool>* stop) {
    Sha256 sha;
    std::vector<char> buffer(1 << 18);
    for (;;) {
        if (stop && *stop) return "";
        const std::size_t n = read(buffer.data(), buffer.size());
        if (n == 0) return sha.hex();
        sha.update(buffer.data(), n);
    }
}

std::string sha256_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error({path, ""}, "cannot read file");
    return sha256_pieces(
        [&](char* buffer, std::size_t capacity) -> std::size_t {
            in.read(buffer, static_cast<std::streamsize>(capacity));
            if (in.bad()) throw Error({path, ""}, "read error while computing its checksum");
            return static_cast<std::size_t>(in.gcount());
        });
}

}  // namespace threatmap::core
