#include "render/png_encoder.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "core/error.hpp"

namespace threatmap::render::detail {

namespace {

// One row of premultiplied ARGB32 as a PNG scanline: filter byte 0, then RGB
// or un-premultiplied RGBA.
void filter_row(const unsigned char* src, unsigned char* dst, int width, bool alpha) {
    *dst++ = 0;
    for (int x = 0; x < width; ++x) {
        std::uint32_t px;
        std::memcpy(&px, src + 4 * x, 4);
        unsigned a = px >> 24, r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
        if (a != 255 && a != 0) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        *dst++ = static_cast<unsigned char>(r);
        *dst++ = static_cast<unsigned char>(g);
        *dst++ = static_cast<unsigned char>(b);
        if (alpha) *dst++ = static_cast<unsigned char>(a);
    }
}

class Deflater {
public:
    Deflater() {
        // Raw deflate (negative window bits): the zlib header and trailer are
        // written once for the whole image by assemble_png.
        if (deflateInit2(&z_, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error("PNG encoding: cannot start zlib (out of memory?)");
    }
    ~Deflater() { deflateEnd(&z_); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    // Deflates `size` bytes with `flush`, appending the output to `out`.
    void put(const unsigned char* data, std::size_t size, int flush, std::string& out) {
        z_.next_in = const_cast<Bytef*>(data);
        z_.avail_in = static_cast<uInt>(size);
        for (;;) {
            z_.next_out = buffer_;
            z_.avail_out = sizeof buffer_;
            const int rc = deflate(&z_, flush);
            out.append(reinterpret_cast<const char*>(buffer_), sizeof buffer_ - z_.avail_out);
            if (rc == Z_STREAM_END) return;
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                throw Error(std::string("PNG encoding: zlib failed: ") + (z_.msg ? z_.msg : "unknown error"));
            // Done when zlib took all the input and did not fill the output
            // (a full output may mean more to come); Z_FINISH only at the end.
            if (z_.avail_in == 0 && z_.avail_out != 0 && flush != Z_FINISH) return;
        }
    }

private:
    z_stream z_{};
    Bytef buffer_[64 * 1024];
};

void put_be32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    out.append(b, 4);
}

// A chunk whose data is the pieces one after another.
void put_chunk(std::string& out, const char type[5], std::initializer_list<std::string_view> pieces) {
    std::size_t length = 0;
    for (auto p : pieces) length += p.size();
    put_be32(out, static_cast<std::uint32_t>(length));
    out.append(type, 4);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
    for (auto p : pieces) {
        if (p.empty()) continue;  // crc32 of a null pointer is its initial value, not a no-op
        out.append(p);
        // crc32 takes at most 4 GiB at once; a band is far smaller (see the caller).
        crc = crc32(crc, reinterpret_cast<const Bytef*>(p.data()), static_cast<uInt>(p.size()));
    }
    put_be32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

PngBand deflate_band(const unsigned char* argb, std::ptrdiff_t stride, int width, int rows, bool alpha, bool last) {
    PngBand band;
    const std::size_t row_bytes = 1 + static_cast<std::size_t>(width) * (alpha ? 4 : 3);
    std::vector<unsigned char> row(row_bytes);
    Deflater deflater;
    band.deflated.reserve(static_cast<std::size_t>(rows) * row_bytes / 16);
    uLong adler = adler32(0L, Z_NULL, 0);
    for (int y = 0; y < rows; ++y) {
        filter_row(argb + y * stride, row.data(), width, alpha);
        adler = adler32(adler, row.data(), static_cast<uInt>(row_bytes));
        // The band's end: byte-aligned (Z_SYNC_FLUSH) so that the next band's
        // blocks follow on, or the end of the stream (Z_FINISH).
        const int flush = y + 1 < rows ? Z_NO_FLUSH : (last ? Z_FINISH : Z_SYNC_FLUSH);
        deflater.put(row.data(), row_bytes, flush, band.deflated);
    }
    band.adler32 = static_cast<std::uint32_t>(adler);
    band.filtered_bytes = row_bytes * static_cast<std::size_t>(rows);
    return band;
}

bool has_translucent_pixel(const unsigned char* argb, std::ptrdiff_t stride, int width, int rows) {
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint32_t px;
            std::memcpy(&px, argb + y * stride + 4 * x, 4);
            if ((px >> 24) != 255) return true;
        }
    return false;
}

std::string assemble_png(int width, int height, bool alpha, double dpi, const std::vector<PngBand>& bands) {
    if (bands.empty()) throw Error("PNG encoding: no rows");
    std::string out("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    put_be32(ihdr, static_cast<std::uint32_t>(width));
    put_be32(ihdr, static_cast<std::uint32_t>(height));
    ihdr += std::string{8, static_cast<char>(alpha ? 6 : 2), 0, 0, 0};  // depth, colour type, deflate, filter, no interlace
    put_chunk(out, "IHDR", {ihdr});
    std::string phys;
    const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
    put_be32(phys, ppm);
    put_be32(phys, ppm);
    phys += '\x01';  // unit: metre
    put_chunk(out, "pHYs", {phys});

    // zlib header: deflate, 32 KiB window, fastest level, no dictionary.
    const std::string_view header("\x78\x01", 2);
    uLong adler = adler32(0L, Z_NULL, 0);
    for (const auto& b : bands) adler = adler32_combine(adler, b.adler32, static_cast<z_off_t>(b.filtered_bytes));
    std::string trailer;
    put_be32(trailer, static_cast<std::uint32_t>(adler));
    std::size_t total = 0;
    for (const auto& b : bands) total += b.deflated.size();
    out.reserve(out.size() + total + 12 * bands.size() + 64);
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const bool first = i == 0, last = i + 1 == bands.size();
        put_chunk(out, "IDAT", {first ? header : std::string_view{}, bands[i].deflated,
                                last ? std::string_view(trailer) : std::string_view{}});
    }
    put_chunk(out, "IEND", {});
    return out;
}

}  // namespace threatmap::render::detail
