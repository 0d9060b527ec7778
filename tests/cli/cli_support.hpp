// Helpers for the end-to-end tests: run the tool in process, fresh temporary
// folders, whole-file reads, PNG decoding (libpng's simplified API) and the
// world file. Header-only, included by tests/cli and tests/batch.
#pragma once

#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <stdlib.h>

#include "cli/app.hpp"
#include "../temp_dir.hpp"

namespace threatmap::test {

namespace fs = std::filesystem;

struct RunResult {
    int code = -1;
    std::string out, err;
};

// threatmap::cli::run with argv = {"threatmap", args...}; `leftovers` as run takes it.
inline RunResult run_cli(std::vector<std::string> args, threatmap::cli::RunLeftovers* leftovers = nullptr) {
    // Pinned fonts when the test binary is run by hand (ctest sets this already).
    ::setenv("FONTCONFIG_FILE", THREATMAP_TEST_DATA "/fonts.conf", 0);
    args.insert(args.begin(), "threatmap");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    RunResult r;
    r.code = threatmap::cli::run(static_cast<int>(argv.size()), argv.data(), out, err, leftovers);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// What `command` prints on stdout (its exit status ignored).
inline std::string run_shell(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

inline bool have_tool(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

struct Rgb {
    int r = 0, g = 0, b = 0;
};
inline Rgb hex(const char* h) {  // "#b30000"
    unsigned v = static_cast<unsigned>(std::strtoul(h + 1, nullptr, 16));
    return {static_cast<int>(v >> 16 & 255), static_cast<int>(v >> 8 & 255), static_cast<int>(v & 255)};
}
inline int channel_distance(Rgb a, Rgb b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}
inline std::string to_string(Rgb c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    Rgb at(int x, int y) const {
        const unsigned char* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
        return {p[0], p[1], p[2]};
    }
    bool contains(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
};

inline Image decode_png_file(const std::string& path) {
    std::string bytes = read_file(path);
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    Image d;
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
        ADD_FAILURE() << path << ": libpng cannot read it: " << image.message;
        return d;
    }
    image.format = PNG_FORMAT_RGBA;
    d.width = static_cast<int>(image.width);
    d.height = static_cast<int>(image.height);
    d.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, d.rgba.data(), 0, nullptr)) {
        ADD_FAILURE() << path << ": libpng cannot decode it: " << image.message;
        d = Image{};
    }
    return d;
}

inline bool write_png_file(const std::string& path, const Image& img) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(img.width);
    image.height = static_cast<png_uint_32>(img.height);
    image.format = PNG_FORMAT_RGBA;
    return png_image_write_to_file(&image, path.c_str(), 0, img.rgba.data(), 0, nullptr) != 0;
}

// The six numbers of a world file: A, D, B, E, C, F.
inline std::vector<double> read_world_file(const std::string& path) {
    std::istringstream in(read_file(path));
    std::vector<double> v;
    double x;
    while (in >> x) v.push_back(x);
    return v;
}

// Map CRS coordinates → pixel (column, row) through a world file (C, F = centre of pixel 0,0).
inline std::array<int, 2> pixel_of(const std::vector<double>& wf, double x, double y) {
    return {static_cast<int>(std::floor((x - wf[4]) / wf[0] + 0.5)), static_cast<int>(std::floor((y - wf[5]) / wf[3] + 0.5))};
}

// A small well-formedness check for the XML we write (as in
// tests/render/svg_writer_test.cpp): tags close in order, attributes are
// quoted, '&' starts an entity, one root element. Returns "" when fine.
inline std::string xml_well_formed_error(const std::string& xml) {
    std::vector<std::string> stack;
    int roots = 0;
    std::size_t i = 0;
    auto name_at = [&](std::size_t k) {
        std::size_t e = k;
        while (e < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[e])) || xml[e] == '-' || xml[e] == ':' ||
                                  xml[e] == '_' || xml[e] == '.'))
            ++e;
        return xml.substr(k, e - k);
    };
    auto is_entity = [&](std::size_t k) {
        for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"})
            if (xml.compare(k, std::strlen(e), e) == 0) return true;
        return false;
    };
    while (i < xml.size()) {
        if (xml[i] == '&') {
            if (!is_entity(i)) return "bad entity at " + std::to_string(i);
            ++i;
            continue;
        }
        if (xml[i] != '<') {
            if (xml[i] == '>') return "stray '>' at " + std::to_string(i);
            ++i;
            continue;
        }
        if (xml.compare(i, 4, "<!--") == 0) {
            i = xml.find("-->", i);
            if (i == std::string::npos) return "unclosed comment";
            i += 3;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0 || xml.compare(i, 2, "<!") == 0) {
            i = xml.find('>', i);
            if (i == std::string::npos) return "unclosed declaration";
            ++i;
            continue;
        }
        if (xml.compare(i, 2, "</") == 0) {
            std::string name = name_at(i + 2);
            if (stack.empty() || stack.back() != name) return "mismatched </" + name + "> at " + std::to_string(i);
            stack.pop_back();
            i = xml.find('>', i) + 1;
            continue;
        }
        std::string name = name_at(i + 1);
        if (name.empty()) return "bad tag at " + std::to_string(i);
        std::size_t k = i + 1 + name.size();
        bool self_closing = false;
        for (;;) {
            while (k < xml.size() && std::isspace(static_cast<unsigned char>(xml[k]))) ++k;
            if (k >= xml.size()) return "unterminated tag " + name;
            if (xml.compare(k, 2, "/>") == 0) { self_closing = true; k += 2; break; }
            if (xml[k] == '>') { ++k; break; }
            std::string attr = name_at(k);
            if (attr.empty() || k + attr.size() + 1 >= xml.size() || xml[k + attr.size()] != '=' ||
                (xml[k + attr.size() + 1] != '"' && xml[k + attr.size() + 1] != '\''))
                return "bad attribute in <" + name + "> at " + std::to_string(k);
            const char quote = xml[k + attr.size() + 1];
            std::size_t close = xml.find(quote, k + attr.size() + 2);
            if (close == std::string::npos) return "unterminated attribute in <" + name + ">";
            std::string value = xml.substr(k + attr.size() + 2, close - (k + attr.size() + 2));
            if (value.find('<') != std::string::npos) return "'<' in attribute of <" + name + ">";
            k = close + 1;
        }
        if (stack.empty()) ++roots;
        if (!self_closing) stack.push_back(name);
        i = k;
    }
    if (!stack.empty()) return "unclosed <" + stack.back() + ">";
    if (roots != 1) return "expected one root element, found " + std::to_string(roots);
    return "";
}

}  // namespace threatmap::test
