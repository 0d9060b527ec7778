// render_svg: checked structurally (style habit 7): well-formed XML, layers as
// groups, titles on items, real text, hatch patterns, escaping, determinism.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "render/svg_writer.hpp"

namespace threatmap::render {
namespace {

layout::Scene sample_scene() {
    layout::Scene s;
    s.width_pt = 200;
    s.height_pt = 150;
    s.map_x_pt = 10, s.map_y_pt = 10, s.map_w_pt = 180, s.map_h_pt = 130;
    s.metadata.title = "IED threat, Mali 2017";
    s.metadata.description = "Threat levels per region <from the 2017 letter> & notes";

    layout::SceneLayer areas;
    areas.id = "regions";
    layout::ScenePath gao;
    gao.rings = {{{20, 20}, {80.123, 20}, {80.123, 70.456}, {20, 70.456}},
                 {{30, 30}, {30, 40}, {40, 40}, {40, 30}}};  // a hole
    FillStyle fill;
    fill.fill = *Colour::parse("#fdae61");
    fill.hatch = Hatch::diagonal;
    fill.hatch_colour = *Colour::parse("#7f2704");
    fill.hatch_spacing_pt = 4;
    fill.hatch_width_pt = 0.6;
    gao.fill = fill;
    gao.stroke = LineStyle{{0.2, 0.2, 0.2, 1}, 0.8, {2, 1}};
    gao.id = "region-gao";
    gao.title = "Gao: significant — \"the threat is significant\" (letter, p. 3)";
    gao.clip_to_map = true;
    areas.items.push_back(gao);
    layout::ScenePath kidal = gao;  // same hatch: one pattern only
    kidal.id = "region-kidal";
    kidal.title = "Kidal";
    areas.items.push_back(kidal);
    FillStyle dots = fill;
    dots.hatch = Hatch::dots;
    layout::ScenePath other;
    other.rings = {{{100, 20}, {150, 20}, {150, 60}}};
    other.fill = dots;
    areas.items.push_back(other);
    s.layers.push_back(areas);

    layout::SceneLayer labels;
    labels.id = "labels";
    layout::SceneText segou;
    segou.lines = {"Ségou", "Mopti & <Djenné>"};
    segou.origin = {100, 80};
    segou.style.size_pt = 9;
    segou.style.bold = true;
    segou.style.halo = Colour{1, 1, 1, 1};
    segou.style.halo_width_pt = 1.5;
    segou.line_height_pt = 10.5;
    segou.align = layout::SceneText::Align::centre;
    segou.box_width_pt = 60;
    labels.items.push_back(segou);
    layout::SceneMarker hq;
    hq.centre = {50, 100};
    hq.shape = layout::MarkerShape::star;
    hq.size_pt = 8;
    hq.title = "Camp Castor";
    labels.items.push_back(hq);
    layout::SceneMarker sq = hq;
    sq.shape = layout::MarkerShape::square;
    sq.title.clear();
    labels.items.push_back(sq);
    s.layers.push_back(labels);
    return s;
}

// A tiny checker for the XML we write: every tag closes in order, attributes
// are quoted, '&' starts a known entity, and there is one root element.
std::string well_formed_error(const std::string& xml) {
    std::vector<std::string> stack;
    int roots = 0;
    std::size_t i = 0;
    auto name_at = [&](std::size_t k) {
        std::size_t e = k;
        while (e < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[e])) || xml[e] == '-' || xml[e] == ':' ||
                                  xml[e] == '_'))
            ++e;
        return xml.substr(k, e - k);
    };
    while (i < xml.size()) {
        if (xml[i] == '&') {
            static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
            if (!std::regex_search(xml.substr(i, 12), entity)) return "bad entity at " + std::to_string(i);
            ++i;
            continue;
        }
        if (xml[i] != '<') {
            if (xml[i] == '>') return "stray '>' at " + std::to_string(i);
            ++i;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0) {
            i = xml.find("?>", i);
            if (i == std::string::npos) return "unclosed <?";
            i += 2;
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
            if (attr.empty() || xml[k + attr.size()] != '=' || xml[k + attr.size() + 1] != '"')
                return "bad attribute in <" + name + "> at " + std::to_string(k);
            std::size_t close = xml.find('"', k + attr.size() + 2);
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

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

TEST(RenderSvg, IsWellFormed) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_EQ(well_formed_error(svg), "");
    // xmllint is not a build dependency; use it when present.
    if (std::system("xmllint --version > /dev/null 2>&1") == 0) {
        const std::string path = ::testing::TempDir() + "render_svg_test.svg";
        std::ofstream(path, std::ios::binary) << svg;
        EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0);
        std::remove(path.c_str());
    }
}

TEST(RenderSvg, SizeViewBoxTitleAndDescription) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200pt\" height=\"150pt\" "
                       "viewBox=\"0 0 200 150\">"),
              std::string::npos);
    EXPECT_NE(svg.find("<title>IED threat, Mali 2017</title>"), std::string::npos);
    EXPECT_NE(svg.find("<desc>Threat levels per region &lt;from the 2017 letter&gt; &amp; notes</desc>"),
              std::string::npos);
    EXPECT_NE(svg.find("<clipPath id=\"map-frame\"><rect x=\"10\" y=\"10\" width=\"180\" height=\"130\"/>"),
              std::string::npos);
}

TEST(RenderSvg, LayersAreGroupsAndItemsCarryIdAndTitle) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_NE(svg.find("<g id=\"regions\">"), std::string::npos);
    EXPECT_NE(svg.find("<g id=\"labels\">"), std::string::npos);
    EXPECT_LT(svg.find("<g id=\"regions\">"), svg.find("<g id=\"labels\">"));
    EXPECT_NE(svg.find("<g id=\"region-gao\" clip-path=\"url(#map-frame)\"><title>Gao: significant — "
                       "&quot;the threat is significant&quot; (letter, p. 3)</title>"),
              std::string::npos);
    EXPECT_NE(svg.find("<g><title>Camp Castor</title>"), std::string::npos);
}

TEST(RenderSvg, HatchIsOnePatternPerDistinctHatch) {
    const std::string svg = render_svg(sample_scene());
    const std::string id = "hatch-diagonal-7f2704-4-0p6";
    EXPECT_EQ(count(svg, "<pattern id=\"" + id + "\" patternUnits=\"userSpaceOnUse\""), 1u);
    EXPECT_EQ(count(svg, "<pattern id=\"hatch-dots-7f2704-4-0p6\""), 1u);
    EXPECT_EQ(count(svg, "<pattern "), 2u);
    EXPECT_EQ(count(svg, "fill=\"url(#" + id + ")\""), 2u);  // Gao and Kidal
    // The base colour is drawn underneath the hatch.
    EXPECT_LT(svg.find("fill=\"#fdae61\""), svg.find("fill=\"url(#" + id + ")\""));
}

TEST(RenderSvg, PathsUseNonzeroRingsAndTwoDecimals) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_NE(svg.find("d=\"M20,20 L80.12,20 L80.12,70.46 L20,70.46 Z M30,30 L30,40 L40,40 L40,30 Z\" "
                       "fill-rule=\"nonzero\""),
              std::string::npos);
    EXPECT_NE(svg.find("stroke-dasharray=\"2 1\""), std::string::npos);
    static const std::regex too_precise("[0-9]\\.[0-9]{3}");
    EXPECT_FALSE(std::regex_search(svg, too_precise));
}

TEST(RenderSvg, TextIsRealTextWithHaloUnderneath) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_NE(svg.find(">Ségou</tspan>"), std::string::npos);
    EXPECT_NE(svg.find(">Mopti &amp; &lt;Djenné&gt;</tspan>"), std::string::npos);
    EXPECT_EQ(count(svg, ">Ségou</tspan>"), 2u);  // halo + text
    const auto halo = svg.find("<text aria-hidden=\"true\"");
    const auto text = svg.find("<text font-family=\"DejaVu Sans\"");
    ASSERT_NE(halo, std::string::npos);
    ASSERT_NE(text, std::string::npos);
    EXPECT_LT(halo, text);
    EXPECT_NE(svg.find("stroke-width=\"3\" stroke-linejoin=\"round\"", halo), std::string::npos);
    EXPECT_NE(svg.find("font-weight=\"bold\" text-anchor=\"middle\"", text), std::string::npos);
    // Centre of the 60 pt box at x = 100; baselines 0.93 em below each line top.
    EXPECT_NE(svg.find("<tspan x=\"130\" y=\"88.37\">Ségou</tspan><tspan x=\"130\" y=\"98.87\">"), std::string::npos);
}

TEST(RenderSvg, MarkersAreShapes) {
    const std::string svg = render_svg(sample_scene());
    EXPECT_NE(svg.find("<polygon points=\""), std::string::npos);
    EXPECT_NE(svg.find("<rect x=\"46\" y=\"96\" width=\"8\" height=\"8\""), std::string::npos);
}

TEST(RenderSvg, InvalidUtf8AndControlCharactersStayWellFormed) {
    auto scene = sample_scene();
    scene.metadata.title = std::string("bad \xff byte\x01 and 'quote'");
    const std::string svg = render_svg(scene);
    EXPECT_NE(svg.find("<title>bad \xEF\xBF\xBD byte and &apos;quote&apos;</title>"), std::string::npos);
    EXPECT_EQ(well_formed_error(svg), "");
}

TEST(RenderSvg, Deterministic) { EXPECT_EQ(render_svg(sample_scene()), render_svg(sample_scene())); }

}  // namespace
}  // namespace threatmap::render
