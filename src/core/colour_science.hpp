// Colour science for checking palettes: sRGB <-> linear RGB, CIE L*a*b* (D65),
// the CIEDE2000 colour difference and simulated colour-vision deficiency.
// Used by tests and checks, and to interpolate a style's ramp (Style::ramp_fills);
// the renderer paints sRGB as given.
// Deliberately no gamut mapping or chromatic adaptation: every input here is
// an sRGB colour from a style file.
#pragma once

#include <array>

#include "core/style.hpp"

namespace threatmap::core {

struct Lab {
    double L = 0, a = 0, b = 0;
};

using Rgb = std::array<double, 3>;  // components 0..1

// IEC 61966-2-1 sRGB transfer function and its inverse, per component.
double srgb_to_linear(double c);
double linear_to_srgb(double c);

// Linear sRGB (0..1) -> CIE L*a*b* relative to the D65 white of sRGB.
Lab lab_from_linear_rgb(const Rgb& linear);
Lab lab_from_colour(const Colour& c);  // alpha ignored
// CIE L*a*b* -> an opaque sRGB colour, each component clamped to 0..1.
Colour colour_from_lab(const Lab& lab);

// CIEDE2000 colour difference with kL = kC = kH = 1, implemented after
// G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference formula:
// implementation notes, supplementary test data, and mathematical
// observations", Color Research & Application 30(1), 2005, pp. 21-30.
double ciede2000(const Lab& x, const Lab& y);

enum class Vision { normal, protanopia, deuteranopia, tritanopia };
const char* vision_name(Vision v);

// Simulates dichromacy at severity 1.0 with the matrices of G. M. Machado,
// M. M. Oliveira and L. A. F. Fernandes, "A physiologically-based model for
// simulation of color vision deficiency", IEEE TVCG 15(6), 2009, applied to
// linear RGB; the result is clamped to 0..1 (still linear).
Rgb simulate_linear(const Rgb& linear, Vision v);

// The colour as a person with vision `v` would see it, as L*a*b*.
Lab perceived_lab(const Colour& c, Vision v);

}  // namespace threatmap::core
