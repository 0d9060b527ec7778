#include "layout/text_page.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace threatmap::layout {

Scene layout_text_page(const TextPage& tp, const TextMeasurer& measurer) {
    Scene scene;
    scene.width_pt = tp.page.width_pt;
    scene.height_pt = tp.page.height_pt;
    scene.dpi = tp.page.dpi;
    scene.background = Colour{1, 1, 1, 1};
    scene.layers.push_back({"text", {}});
    auto& items = scene.layers.back().items;
    const double margin = 48, width = scene.width_pt - 2 * margin;
    double y = margin;
    auto style = [&](double size, bool bold) {
        TextStyle t;
        t.family = tp.style.font_family;
        t.size_pt = size;
        t.bold = bold;
        t.colour = Colour{0.1, 0.1, 0.1, 1};
        return t;
    };
    auto text = [&](const std::string& s, const TextStyle& ts, double x, double w, SceneText::Align align = SceneText::Align::left) {
        TextExtent e = measurer.measure(s, ts, w);
        items.push_back(text_item(e, ts, {x, y}, w, align));
        return e.height_pt;
    };
    y += text(tp.title, style(18, true), margin, width) + 14;
    for (const auto& section : tp.sections) {
        y += text(section.heading, style(12, true), margin, width) + 6;
        for (const auto& p : section.paragraphs) y += text(p, style(9, false), margin, width) + 4;
        if (section.table) {
            const Table& t = *section.table;
            y += 4;
            const std::size_t cols = t.header.size();
            const double first = width * 0.34, other = (width - first) / static_cast<double>(std::max<std::size_t>(cols - 1, 1));
            auto row = [&](const std::vector<std::string>& cells, bool bold) {
                double h = 0;
                TextStyle ts = style(8.5, bold);
                double y0 = y;
                h = std::max(h, text(cells[0], ts, margin, first - 6));
                for (std::size_t c = 1; c < cols; ++c) {
                    y = y0;
                    h = std::max(h, text(cells[c], ts, margin + first + other * static_cast<double>(c - 1), other - 4, SceneText::Align::right));
                }
                y = y0 + h + 3;
            };
            row(t.header, true);
            for (const auto& r : t.rows) row(r, false);
        }
        y += 12;
    }
    if (y > scene.height_pt - margin / 2)
        throw Error(fmt::format("briefing pack: the text page needs {:.0f} pt but the page is {:.0f} pt high", y, scene.height_pt));
    return scene;
}

}  // namespace threatmap::layout
