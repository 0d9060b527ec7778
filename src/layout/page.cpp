#include "layout/page.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace threatmap::layout {

const std::vector<PagePreset>& page_presets() {
    constexpr double mm = 72.0 / 25.4;
    static const std::vector<PagePreset> presets = {
        {"slide", 960, 540, 144},                    // 16:9 slide, 1920 x 1080 px
        {"a4-landscape", 297 * mm, 210 * mm, 300},   // 3508 x 2480 px
        {"a4-portrait", 210 * mm, 297 * mm, 300},    // 2480 x 3508 px
        {"column", 160 * mm, 150 * mm, 300},         // report column, 1890 x 1772 px
    };
    return presets;
}

PagePreset find_page_preset(const std::string& name) {
    std::vector<std::string> names;
    for (const auto& p : page_presets()) {
        if (p.name == name) return p;
        names.push_back(p.name);
    }
    auto near = core::closest_names(name, names, 1);
    throw Error(fmt::format("unknown page preset \"{}\"{} (expected one of: {})", name,
                            near.empty() ? "" : fmt::format(", did you mean \"{}\"?", near.front()), core::join_alternatives(names)));
}

}  // namespace threatmap::layout
