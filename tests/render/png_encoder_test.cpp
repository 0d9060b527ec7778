// render::detail PNG encoder: an image cut into bands, each deflated on its
// own, is one valid PNG (libpng decodes it, every chunk's CRC checked) with
// exactly the pixels given, whatever the cut; RGBA un-premultiplies alpha.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <png.h>

#include "core/error.hpp"
#include "render/png_encoder.hpp"

namespace threatmap::render::detail {
namespace {

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint32_t> argb;  // premultiplied, as Cairo draws
    const unsigned char* row(int y) const { return reinterpret_cast<const unsigned char*>(&argb[std::size_t(y) * width]); }
    std::ptrdiff_t stride() const { return std::ptrdiff_t(width) * 4; }
};

// Flat areas (which deflate well) with noise (which does not) and, when
// `translucent`, some pixels with alpha.
Image test_image(int width, int height, bool translucent) {
    Image im{width, height, std::vector<std::uint32_t>(std::size_t(width) * height)};
    std::mt19937 rng(7);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint32_t a = 255, r = (x / 17) * 40 % 256, g = (y / 5) * 30 % 256, b = 128;
            if (x % 13 == 0) r = rng() % 256, g = rng() % 256, b = rng() % 256;
            if (translucent && (x + y) % 7 == 0) {
                a = 100;
                r = r * a / 255, g = g * a / 255, b = b * a / 255;
            }
            im.argb[std::size_t(y) * width + x] = a << 24 | r << 16 | g << 8 | b;
        }
    return im;
}

std::string encode(const Image& im, int rows_per_band, bool alpha) {
    std::vector<PngBand> bands;
    for (int y = 0; y < im.height; y += rows_per_band) {
        const int rows = std::min(rows_per_band, im.height - y);
        bands.push_back(deflate_band(im.row(y), im.stride(), im.width, rows, alpha, y + rows == im.height));
    }
    return assemble_png(im.width, im.height, alpha, 144, bands);
}

struct Decoded {
    bool ok = false;
    int width = 0, height = 0;
    png_uint_32 format = 0;
    std::vector<unsigned char> rgba;
};

Decoded decode(const std::string& bytes) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    Decoded d;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
        ADD_FAILURE() << "libpng: " << image.message;
        return d;
    }
    d.format = image.format;
    image.format = PNG_FORMAT_RGBA;
    d.width = int(image.width), d.height = int(image.height);
    d.rgba.resize(PNG_IMAGE_SIZE(image));
    d.ok = png_image_finish_read(&image, nullptr, d.rgba.data(), 0, nullptr) != 0;
    if (!d.ok) ADD_FAILURE() << "libpng: " << image.message;
    return d;
}

TEST(PngEncoder, OneBandDecodesToTheGivenPixels) {
    const Image im = test_image(97, 41, false);
    const Decoded d = decode(encode(im, im.height, false));
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.width, 97);
    EXPECT_EQ(d.height, 41);
    EXPECT_EQ(d.format & PNG_FORMAT_FLAG_ALPHA, 0u) << "opaque image written as RGB";
    for (int y = 0; y < im.height; ++y)
        for (int x = 0; x < im.width; ++x) {
            const std::uint32_t px = im.argb[std::size_t(y) * im.width + x];
            const unsigned char* got = &d.rgba[(std::size_t(y) * im.width + x) * 4];
            ASSERT_EQ(got[0], (px >> 16) & 0xff) << x << "," << y;
            ASSERT_EQ(got[1], (px >> 8) & 0xff) << x << "," << y;
            ASSERT_EQ(got[2], px & 0xff) << x << "," << y;
            ASSERT_EQ(got[3], 255) << x << "," << y;
        }
}

TEST(PngEncoder, AnyCutIntoBandsDecodesToTheSamePixels) {
    const Image im = test_image(300, 200, false);
    const Decoded whole = decode(encode(im, im.height, false));
    ASSERT_TRUE(whole.ok);
    for (int rows : {1, 2, 3, 64, 199}) {
        const std::string png = encode(im, rows, false);
        const Decoded d = decode(png);
        ASSERT_TRUE(d.ok) << rows;
        EXPECT_TRUE(d.rgba == whole.rgba) << rows << " rows per band";
    }
}

TEST(PngEncoder, TranslucentPixelsAreUnpremultipliedRgba) {
    const Image im = test_image(50, 30, true);
    const Decoded d = decode(encode(im, 8, true));
    ASSERT_TRUE(d.ok);
    EXPECT_NE(d.format & PNG_FORMAT_FLAG_ALPHA, 0u);
    // (x + y) % 7 == 0 has alpha 100; x = 14, y = 0: r = (14 / 17) * 40 = 0,
    // g = 0, b = 128 before premultiplying: back to 128 within rounding.
    const unsigned char* p = &d.rgba[14 * 4];
    EXPECT_EQ(p[3], 100);
    EXPECT_NEAR(p[2], 128, 2);
    const unsigned char* q = &d.rgba[1 * 4];  // opaque
    EXPECT_EQ(q[3], 255);
}

TEST(PngEncoder, HasTranslucentPixelLooksAtEveryRow) {
    Image im = test_image(20, 10, false);
    EXPECT_FALSE(has_translucent_pixel(im.row(0), im.stride(), im.width, im.height));
    im.argb[9 * 20 + 19] = 0;  // last pixel fully transparent
    EXPECT_TRUE(has_translucent_pixel(im.row(0), im.stride(), im.width, im.height));
    EXPECT_FALSE(has_translucent_pixel(im.row(0), im.stride(), im.width, 9));
}

TEST(PngEncoder, ChunksAreSignatureIhdrPhysIdatIend) {
    const Image im = test_image(10, 10, false);
    const std::string png = encode(im, 3, false);
    ASSERT_EQ(png.compare(0, 8, "\x89PNG\r\n\x1a\n"), 0);
    std::vector<std::string> types;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        auto u = [&](std::size_t i) { return std::uint32_t(static_cast<unsigned char>(png[i])); };
        const std::uint32_t length = u(at) << 24 | u(at + 1) << 16 | u(at + 2) << 8 | u(at + 3);
        types.push_back(png.substr(at + 4, 4));
        at += 12 + length;
    }
    EXPECT_EQ(types, (std::vector<std::string>{"IHDR", "pHYs", "IDAT", "IDAT", "IDAT", "IDAT", "IEND"}));
    EXPECT_NE(png.find("pHYs\x00\x00\x16\x25\x00\x00\x16\x25\x01", 0, 4 + 9), std::string::npos)
        << "144 dpi is 5669 pixels per metre";
}

TEST(PngEncoder, NoBandsIsAnError) { EXPECT_THROW(assemble_png(1, 1, false, 72, {}), Error); }

}  // namespace
}  // namespace threatmap::render::detail
