// A page of text for the briefing pack: title, then sections with a heading,
// paragraphs and an optional table, flowed top to bottom. Text that does not
// fit on the page is reported, never drawn over the margin.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/style.hpp"
#include "layout/map_document.hpp"
#include "layout/page.hpp"
#include "layout/scene.hpp"
#include "layout/text_metrics.hpp"

namespace threatmap::layout {

struct TextSection {
    std::string heading;
    std::vector<std::string> paragraphs;
    std::optional<Table> table;
};

struct TextPage {
    PagePreset page;
    Style style;
    std::string title;
    std::vector<TextSection> sections;
};

// Throws threatmap::Error if the content does not fit on the page.
Scene layout_text_page(const TextPage& page, const TextMeasurer& measurer);

}  // namespace threatmap::layout
