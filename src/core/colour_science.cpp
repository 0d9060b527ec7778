#include "core/colour_science.hpp"

#include <algorithm>
#include <cmath>

namespace threatmap::core {
namespace {

constexpr double kPi = 3.14159265358979323846;
double deg(double rad) { return rad * 180.0 / kPi; }
double rad(double deg) { return deg * kPi / 180.0; }

using Matrix = std::array<std::array<double, 3>, 3>;

Rgb apply(const Matrix& m, const Rgb& v) {
    Rgb out{};
    for (std::size_t i = 0; i < 3; ++i) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
    return out;
}

// Machado, Oliveira & Fernandes (2009), severity 1.0 (the last row of each of
// their published tables).
const Matrix kProtanopia{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
const Matrix kDeuteranopia{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
const Matrix kTritanopia{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};

// Linear sRGB -> CIE XYZ (D65), IEC 61966-2-1.
const Matrix kRgbToXyz{{{0.4124564, 0.3575761, 0.1804375}, {0.2126729, 0.7151522, 0.0721750}, {0.0193339, 0.1191920, 0.9503041}}};
constexpr double kWhiteX = 0.95047, kWhiteY = 1.0, kWhiteZ = 1.08883;

// CIE XYZ (D65) -> linear sRGB: the inverse of kRgbToXyz.
const Matrix kXyzToRgb{{{3.2404542, -1.5371385, -0.4985314}, {-0.9692660, 1.8760108, 0.0415560}, {0.0556434, -0.2040259, 1.0572252}}};

double lab_f(double t) {
    constexpr double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
    return t > e ? std::cbrt(t) : (k * t + 16.0) / 116.0;
}

double lab_f_inverse(double f) {
    constexpr double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
    return f * f * f > e ? f * f * f : (116.0 * f - 16.0) / k;
}

}  // namespace

double srgb_to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

double linear_to_srgb(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055; }

Lab lab_from_linear_rgb(const Rgb& linear) {
    Rgb xyz = apply(kRgbToXyz, linear);
    double fx = lab_f(xyz[0] / kWhiteX), fy = lab_f(xyz[1] / kWhiteY), fz = lab_f(xyz[2] / kWhiteZ);
    return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

Lab lab_from_colour(const Colour& c) {
    return lab_from_linear_rgb({srgb_to_linear(c.r), srgb_to_linear(c.g), srgb_to_linear(c.b)});
}

Colour colour_from_lab(const Lab& lab) {
    const double fy = (lab.L + 16.0) / 116.0, fx = fy + lab.a / 500.0, fz = fy - lab.b / 200.0;
    const Rgb linear = apply(kXyzToRgb, {kWhiteX * lab_f_inverse(fx), kWhiteY * lab_f_inverse(fy), kWhiteZ * lab_f_inverse(fz)});
    auto component = [](double c) { return std::clamp(linear_to_srgb(std::clamp(c, 0.0, 1.0)), 0.0, 1.0); };
    return Colour{component(linear[0]), component(linear[1]), component(linear[2]), 1};
}

double ciede2000(const Lab& x, const Lab& y) {
    // Equation numbers refer to Sharma, Wu & Dalal (2005).
    const double c1 = std::hypot(x.a, x.b), c2 = std::hypot(y.a, y.b);  // (2)
    const double c_bar = (c1 + c2) / 2;                                   // (3)
    const double c_bar7 = std::pow(c_bar, 7);
    const double g = 0.5 * (1 - std::sqrt(c_bar7 / (c_bar7 + std::pow(25.0, 7))));  // (4)
    const double a1p = (1 + g) * x.a, a2p = (1 + g) * y.a;                          // (5)
    const double c1p = std::hypot(a1p, x.b), c2p = std::hypot(a2p, y.b);            // (6)
    auto hue = [](double b, double ap) {                                            // (7), degrees 0..360
        if (b == 0 && ap == 0) return 0.0;
        double h = deg(std::atan2(b, ap));
        return h < 0 ? h + 360 : h;
    };
    const double h1p = hue(x.b, a1p), h2p = hue(y.b, a2p);

    const double dLp = y.L - x.L;  // (8)
    const double dCp = c2p - c1p;  // (9)
    double dhp = 0;                // (10)
    if (c1p * c2p != 0) {
        dhp = h2p - h1p;
        if (dhp > 180) dhp -= 360;
        else if (dhp < -180) dhp += 360;
    }
    const double dHp = 2 * std::sqrt(c1p * c2p) * std::sin(rad(dhp / 2));  // (11)

    const double Lp_bar = (x.L + y.L) / 2;  // (12)
    const double Cp_bar = (c1p + c2p) / 2;  // (13)
    double hp_bar = h1p + h2p;              // (14)
    if (c1p * c2p != 0) {
        if (std::abs(h1p - h2p) <= 180) hp_bar = (h1p + h2p) / 2;
        else if (h1p + h2p < 360) hp_bar = (h1p + h2p + 360) / 2;
        else hp_bar = (h1p + h2p - 360) / 2;
    }
    const double t = 1 - 0.17 * std::cos(rad(hp_bar - 30)) + 0.24 * std::cos(rad(2 * hp_bar)) +
                     0.32 * std::cos(rad(3 * hp_bar + 6)) - 0.20 * std::cos(rad(4 * hp_bar - 63));  // (15)
    const double d_theta = 30 * std::exp(-std::pow((hp_bar - 275) / 25, 2));                          // (16)
    const double Cp_bar7 = std::pow(Cp_bar, 7);
    const double rc = 2 * std::sqrt(Cp_bar7 / (Cp_bar7 + std::pow(25.0, 7)));  // (17)
    const double l50 = (Lp_bar - 50) * (Lp_bar - 50);
    const double sl = 1 + 0.015 * l50 / std::sqrt(20 + l50);  // (18)
    const double sc = 1 + 0.045 * Cp_bar;                     // (19)
    const double sh = 1 + 0.015 * Cp_bar * t;                 // (20)
    const double rt = -std::sin(rad(2 * d_theta)) * rc;       // (21)
    const double l = dLp / sl, c = dCp / sc, h = dHp / sh;
    return std::sqrt(l * l + c * c + h * h + rt * c * h);  // (22)
}

const char* vision_name(Vision v) {
    switch (v) {
        case Vision::normal: return "normal vision";
        case Vision::protanopia: return "protanopia";
        case Vision::deuteranopia: return "deuteranopia";
        case Vision::tritanopia: return "tritanopia";
    }
    return "?";
}

Rgb simulate_linear(const Rgb& linear, Vision v) {
    Rgb out = linear;
    switch (v) {
        case Vision::normal: return out;
        case Vision::protanopia: out = apply(kProtanopia, linear); break;
        case Vision::deuteranopia: out = apply(kDeuteranopia, linear); break;
        case Vision::tritanopia: out = apply(kTritanopia, linear); break;
    }
    for (double& c : out) c = std::clamp(c, 0.0, 1.0);
    return out;
}

Lab perceived_lab(const Colour& c, Vision v) {
    return lab_from_linear_rgb(simulate_linear({srgb_to_linear(c.r), srgb_to_linear(c.g), srgb_to_linear(c.b)}, v));
}

}  // namespace threatmap::core
