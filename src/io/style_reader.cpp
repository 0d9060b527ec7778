#include "io/style_reader.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "io/toml_doc.hpp"

namespace threatmap::io {
namespace {

Colour colour(const TomlView& t, const std::string& key) {
    std::string text = t.string(key);
    auto c = Colour::parse(text);
    if (!c) t.fail(key, fmt::format("\"{}\" is not a colour (expected \"#rrggbb\" or \"#rrggbbaa\")", text));
    return *c;
}

Colour colour_or(const TomlView& t, const std::string& key, Colour fallback) {
    return t.has(key) ? colour(t, key) : fallback;
}

FillStyle fill_style(const TomlView& t) {
    t.allow_only({"fill", "hatch", "hatch_colour", "hatch_spacing", "hatch_width"});
    FillStyle f;
    f.fill = colour(t, "fill");
    if (t.has("hatch")) {
        std::string h = t.string("hatch");
        auto parsed = parse_hatch(h);
        if (!parsed) {
            auto near = core::closest_names(h, hatch_names(), 1);
            t.fail("hatch", fmt::format("unknown hatch \"{}\"{} (expected one of: {})", h,
                                        near.empty() ? "" : fmt::format(", did you mean \"{}\"?", near.front()),
                                        core::join_alternatives(hatch_names())));
        }
        f.hatch = *parsed;
    }
    f.hatch_colour = colour_or(t, "hatch_colour", f.hatch_colour);
    f.hatch_spacing_pt = t.number_in_or("hatch_spacing", 0.5, 50, f.hatch_spacing_pt);
    f.hatch_width_pt = t.number_in_or("hatch_width", 0.05, 10, f.hatch_width_pt);
    return f;
}

LineStyle line_style(const TomlView& t, LineStyle fallback = {}) {
    t.allow_only({"colour", "width", "dash"});
    LineStyle l = fallback;
    l.colour = colour_or(t, "colour", l.colour);
    l.width_pt = t.number_in_or("width", 0, 20, l.width_pt);
    if (t.has("dash")) {
        l.dash_pt = t.numbers_or_empty("dash");
        for (double d : l.dash_pt)
            if (d <= 0) t.fail("dash", "dash lengths must be positive");
    }
    return l;
}

}  // namespace

Style read_style(const std::string& path) {
    toml::table doc = parse_toml_file(path);
    TomlView root(doc, path, "");
    root.allow_only({"name", "font", "levels", "ramp", "not_assessed", "categorical", "change", "lines", "operating",
                     "text", "sizes", "colours", "neighbour"});
    Style s;
    s.path = path;
    s.name = root.string("name");
    s.font_family = root.string_or("font", s.font_family);

    TomlView levels = root.table("levels");
    for (const auto& key : levels.keys()) s.levels[key] = fill_style(levels.table(key));
    if (root.has("ramp")) {
        for (const auto& hex : root.strings_or_empty("ramp")) {
            const auto c = Colour::parse(hex);
            if (!c) root.fail("ramp", fmt::format("\"{}\" is not a colour (expected \"#rrggbb\" or \"#rrggbbaa\")", hex));
            s.ramp.push_back(*c);
        }
        if (s.ramp.size() < 2)
            root.fail("ramp", fmt::format("a ramp needs at least its lowest and highest colour ({} given)", s.ramp.size()));
    }
    s.not_assessed = fill_style(root.table("not_assessed"));
    for (const auto& c : root.tables("categorical")) s.categorical.push_back(fill_style(c));
    if (s.categorical.empty()) {
        // ColorBrewer Set2 (colour-blind friendly qualitative palette).
        for (const char* hex : {"#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3"})
            s.categorical.push_back(FillStyle{*Colour::parse(hex)});
    }
    TomlView change = root.table("change");
    change.allow_only({"raised", "unchanged", "lowered"});
    s.raised = fill_style(change.table("raised"));
    s.unchanged = fill_style(change.table("unchanged"));
    s.lowered = fill_style(change.table("lowered"));

    TomlView lines = root.table("lines");
    lines.allow_only({"region", "country", "neighbour", "river", "frame", "panel"});
    s.region_outline = line_style(lines.table("region"));
    s.country_outline = line_style(lines.table("country"));
    s.neighbour_outline = line_style(lines.table("neighbour"));
    s.river = line_style(lines.table("river"));
    s.frame = line_style(lines.table("frame"));
    s.panel_outline = line_style(lines.table("panel"));
    TomlView operating = root.table("operating");
    for (const auto& key : operating.keys()) s.operating_lines[key] = line_style(operating.table(key));

    TomlView text = root.table("text");
    text.allow_only({"colour", "muted", "halo", "halo_width"});
    s.text = colour_or(text, "colour", s.text);
    s.muted_text = colour_or(text, "muted", s.muted_text);
    s.halo = colour_or(text, "halo", s.halo);
    s.halo_width_pt = text.number_in_or("halo_width", 0, 10, s.halo_width_pt);

    TomlView sizes = root.table("sizes");
    sizes.allow_only({"title", "subtitle", "region_label", "place_label", "legend", "note", "neighbour_label"});
    s.title_pt = sizes.number_in_or("title", 4, 72, s.title_pt);
    s.subtitle_pt = sizes.number_in_or("subtitle", 3, 48, s.subtitle_pt);
    s.region_label_pt = sizes.number_in_or("region_label", 3, 48, s.region_label_pt);
    s.place_label_pt = sizes.number_in_or("place_label", 3, 48, s.place_label_pt);
    s.legend_pt = sizes.number_in_or("legend", 3, 48, s.legend_pt);
    s.note_pt = sizes.number_in_or("note", 3, 48, s.note_pt);
    s.neighbour_label_pt = sizes.number_in_or("neighbour_label", 3, 48, s.neighbour_label_pt);

    TomlView colours = root.table("colours");
    colours.allow_only({"page", "water", "surroundings", "marker", "marker_outline", "hq", "event", "panel"});
    s.page_background = colour_or(colours, "page", s.page_background);
    s.water = colour_or(colours, "water", s.water);
    s.surroundings = colour_or(colours, "surroundings", s.surroundings);
    s.marker_fill = colour_or(colours, "marker", s.marker_fill);
    s.marker_outline = colour_or(colours, "marker_outline", s.marker_outline);
    s.hq_fill = colour_or(colours, "hq", s.hq_fill);
    s.event_fill = colour_or(colours, "event", s.event_fill);
    s.panel_fill = colour_or(colours, "panel", s.panel_fill);
    s.neighbour = fill_style(root.table("neighbour"));
    return s;
}

}  // namespace threatmap::io
