// PNG encoding of an image drawn as horizontal bands of rows, each band
// compressed on its own so that bands compress on all cores at once (as pigz
// does for gzip): every band is a run of raw deflate blocks ending on a byte
// boundary, the last band closes the stream, and the zlib header and the
// Adler-32 of all rows (combined from the bands') frame them into one valid
// zlib stream. libpng compresses a whole image on one thread, and encoding
// was a quarter of a 4096 x 2048 map's time; zlib does the compression.
//
// Pixels come as Cairo draws them (ARGB32: one native-endian 32-bit word per
// pixel, alpha premultiplied) but this module knows nothing of Cairo.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace threatmap::render::detail {

// One band of rows, filtered (PNG filter type 0) and deflated.
struct PngBand {
    std::string deflated;       // raw deflate blocks, no zlib header or trailer
    std::uint32_t adler32 = 1;  // of the band's filtered rows
    std::size_t filtered_bytes = 0;
};

// `rows` rows of `width` premultiplied ARGB32 pixels, `stride` bytes apart,
// as 8-bit RGB (or RGBA, un-premultiplied, when `alpha`) scanlines, deflated
// at level 1 (on flat-coloured maps as small as the default level, and about
// 4x faster). `last`: the image's last band, which closes the deflate stream.
// Throws threatmap::Error when zlib fails (out of memory).
PngBand deflate_band(const unsigned char* argb, std::ptrdiff_t stride, int width, int rows, bool alpha, bool last);

// Whether any of the rows has a pixel that is not fully opaque.
bool has_translucent_pixel(const unsigned char* argb, std::ptrdiff_t stride, int width, int rows);

// The PNG file: signature, IHDR (8-bit RGB, or RGBA when `alpha`), pHYs with
// the resolution, the bands (in order, the last made with last = true) as
// IDAT chunks, IEND. No time chunk: the same pixels give the same bytes.
std::string assemble_png(int width, int height, bool alpha, double dpi, const std::vector<PngBand>& bands);

}  // namespace threatmap::render::detail
