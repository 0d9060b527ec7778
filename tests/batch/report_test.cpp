// batch/report: the briefing page, the PDF pack and the figure snippets of
// `render --report`, on the embedded assessment, in each language: what the
// text says (every area's level in the alt text, what changed since the
// previous assessment, the exposure table, the sources) and that a Dutch or
// French briefing carries no English words of ours (the letter's citation
// and the analysts' quotes stay as written).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "../cli/cli_support.hpp"

namespace threatmap::test {
namespace {

struct Briefing {
    std::string html, tex, md, pack_text;
    std::vector<std::string> files;
};

Briefing render_briefing(const TempDir& dir, const std::string& lang) {
    const RunResult r = run_cli({"render", "-q", "--report", "--change", "--lang", lang, "--out", dir.path()});
    EXPECT_EQ(r.code, 0) << r.err;
    Briefing b;
    b.html = read_file(dir.path() + "/minusma-2017-briefing.html");
    b.tex = read_file(dir.path() + "/minusma-2017-figures.tex");
    b.md = read_file(dir.path() + "/minusma-2017-figures.md");
    b.files = files_in(dir.path());
    if (have_tool("pdftotext"))
        b.pack_text = run_shell("pdftotext -q '" + dir.path() + "/minusma-2017-briefing.pdf' - 2>/dev/null");
    return b;
}

// The page's own text: the inline SVG maps (whose labels and tooltips the
// map tests check), the style sheet and the markup taken out. (By hand:
// std::regex recurses per character and overflows the stack on a page.)
std::string without_blocks(std::string html, const std::string& open, const std::string& close) {
    for (std::size_t at; (at = html.find(open)) != std::string::npos;) {
        const std::size_t end = html.find(close, at);
        html.replace(at, end == std::string::npos ? std::string::npos : end + close.size() - at, " ");
    }
    return html;
}
std::string page_text(const std::string& html) {
    const std::string stripped = without_blocks(without_blocks(html, "<svg", "</svg>"), "<style>", "</style>");
    std::string text;
    bool in_tag = false;
    for (char c : stripped) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) text += c;
    }
    return text;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Report, EnglishBriefingSaysEveryLevelWhatChangedAndItsSources) {
    TempDir dir;
    const Briefing b = render_briefing(dir, "en");
    const std::string text = page_text(b.html);
    EXPECT_TRUE(has(b.html, "<html lang=\"en\">"));
    // Alt text and caption: every area at its level, highest first.
    EXPECT_TRUE(has(text, "Map of IED threat: significant — Ségou, Mopti, Gao, Kidal; moderate — Timbuktu, Gao city; "
                          "negligible — Bamako; not assessed — Kayes, Koulikoro, Sikasso."))
        << text;
    EXPECT_TRUE(has(text, "Raised: Ségou (moderate → significant), Mopti (moderate → significant), Timbuktu (moderate → "
                          "significant), Gao city (moderate → significant). Unchanged: Gao, Kidal, Bamako."))
        << text;
    EXPECT_TRUE(has(text, "Figure 1.") && has(text, "Figure 2.")) << text;
    EXPECT_TRUE(has(text, "Operating areas by threat level (km², equal-area)")) << text;
    EXPECT_TRUE(has(text, "Source: Kamerstuk 29 521, nr. AB, 11 September 2017. Hover over an area")) << text;
    EXPECT_TRUE(has(text, "Sources: threat levels Kamerstuk 29 521, nr. AB, 11 September 2017. Boundaries and rivers: "
                          "Natural Earth (public domain). Places: GeoNames (CC BY 4.0). Made with threatmap"))
        << text;
    // The snippets pick up maps this batch wrote, by file name.
    for (const char* category : {"ied", "general"}) {
        const std::string pdf = std::string("minusma-2017-") + category + "-slide.pdf";
        const std::string png = std::string("minusma-2017-") + category + "-slide.png";
        EXPECT_TRUE(has(b.tex, "\\includegraphics[width=\\linewidth]{" + pdf + "}")) << b.tex;
        EXPECT_TRUE(has(b.tex, std::string("\\label{fig:threatmap-") + category + "}")) << b.tex;
        EXPECT_TRUE(has(b.md, "](" + png + ")")) << b.md;
        EXPECT_NE(std::find(b.files.begin(), b.files.end(), pdf), b.files.end()) << pdf;
        EXPECT_NE(std::find(b.files.begin(), b.files.end(), png), b.files.end()) << png;
    }
    EXPECT_TRUE(has(b.tex, "\\caption{IED threat. Map of IED threat: significant")) << b.tex;
    if (!b.pack_text.empty()) {
        EXPECT_TRUE(has(b.pack_text, "Threat levels Kamerstuk 29 521")) << b.pack_text;
        EXPECT_TRUE(has(b.pack_text, "IED threat")) << b.pack_text;
    }
}

// English words of ours that must not appear in a Dutch or French briefing.
const std::vector<std::string> english_words = {"Map of",        "Raised",          "Lowered",      "Unchanged",
                                                "Hover over",    "Operating areas", "Boundaries",   "Made with",
                                                "Change since",  "Source:",         "Places:",      "Threat levels",
                                                "threat level",  "briefing pack"};

void expect_no_english(const Briefing& b, const std::string& language) {
    const std::string text = page_text(b.html);
    for (const auto& english : english_words) {
        EXPECT_FALSE(has(text, english)) << "\"" << english << "\" in the " << language << " page:\n" << text;
        EXPECT_FALSE(has(b.tex, english)) << "\"" << english << "\" in the " << language << " LaTeX snippets:\n" << b.tex;
        EXPECT_FALSE(has(b.md, english)) << "\"" << english << "\" in the " << language << " Markdown snippets:\n" << b.md;
        EXPECT_FALSE(has(b.pack_text, english)) << "\"" << english << "\" in the " << language << " PDF pack:\n" << b.pack_text;
    }
}

TEST(Report, FrenchBriefingSpeaksFrench) {
    TempDir dir;
    const Briefing b = render_briefing(dir, "fr");
    const std::string text = page_text(b.html);
    EXPECT_TRUE(has(b.html, "<html lang=\"fr\">"));
    // French punctuation: a no-break space before the colon, narrow ones inside the guillemets.
    EXPECT_TRUE(has(text, "Carte «\u202fMenace des engins explosifs improvisés\u202f»\u00a0: significative — Ségou, Mopti, "
                          "Gao, Kidal; modérée — Tombouctou, Gao ville;"))
        << text;
    EXPECT_TRUE(has(text, "Relevé\u00a0: Ségou (modérée → significative)")) << text;
    EXPECT_TRUE(has(text, "Inchangé\u00a0: Gao, Kidal, Bamako.")) << text;
    EXPECT_TRUE(has(text, "Évolution depuis l’évaluation précédente.")) << text;
    EXPECT_TRUE(has(text, "Zones d’opération par niveau de menace")) << text;
    EXPECT_TRUE(has(text, "Source\u00a0: Kamerstuk 29 521, nr. AB, 11 September 2017. Survolez une zone")) << text;
    EXPECT_TRUE(has(text, "Réalisé avec threatmap")) << text;
    EXPECT_TRUE(has(b.html, "<th>Zone</th><th>km²</th>")) << "the exposure table's header";
    expect_no_english(b, "French");
}

// A level's short name heads its column of the briefing's exposure tables (the
// page's and the PDF pack's), as on the map; the prose keeps the whole name.
TEST(Report, ExposureTableHeadsALevelsColumnWithItsShortName) {
    TempDir dir;
    std::string assessment = read_file("geodata/assessments/minusma-2017.toml");
    const std::string level = "id = \"significant\"\n";
    ASSERT_NE(assessment.find(level), std::string::npos);
    assessment.insert(assessment.find(level) + level.size(), "short = { en = \"sig.\", nl = \"sign.\" }\n");
    { std::ofstream(dir / "short.toml") << assessment; }
    const RunResult r = run_cli({"render", "-q", "--report", "--category", "ied", "--format", "svg", "--assessment",
                                 dir / "short.toml", "--out", dir / "out"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string html = read_file(dir / "out/minusma-2017-briefing.html");
    EXPECT_TRUE(has(html, "<th>sig.</th><th>moderate</th>")) << "the exposure table's header";
    EXPECT_TRUE(has(page_text(html), "significant — Ségou, Mopti")) << "the alt text keeps the name";
    if (have_tool("pdftotext")) {
        const std::string pack = run_shell("pdftotext -q '" + dir / "out/minusma-2017-briefing.pdf" + "' - 2>/dev/null");
        EXPECT_TRUE(has(pack, "sig.")) << pack;
    }
}

TEST(Report, DutchBriefingSpeaksDutch) {
    TempDir dir;
    const Briefing b = render_briefing(dir, "nl");
    const std::string text = page_text(b.html);
    EXPECT_TRUE(has(b.html, "<html lang=\"nl\">"));
    EXPECT_TRUE(has(text, "Kaart van Dreiging van IED's: significant — Ségou, Mopti, Gao, Kidal; matig — Timboektoe, Gao-stad;"))
        << text;
    EXPECT_TRUE(has(text, "Verhoogd: Ségou (matig → significant)")) << text;
    EXPECT_TRUE(has(text, "Figuur 1.")) << text;
    EXPECT_TRUE(has(text, "Bron: Kamerstuk 29 521")) << text;
    expect_no_english(b, "Dutch");
}

// The briefing of a map of any layer is titled as its map is (the layer's
// name by the field, or --title), not "threatmap briefing" with a caption
// naming only the field; a level of many areas names its first twenty and
// counts the rest, in the alt text a screen reader reads out.
TEST(Report, BriefingOfAnyLayerTakesTheMapsTitleAndCountsLongLists) {
    TempDir dir;
    const std::string layer = dir / "squares.geojson";
    {
        std::ofstream out(layer);
        out << R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < 30; ++i) {
            const double x = (i % 6) * 0.5, y = (i / 6) * 0.5;
            out << (i ? "," : "") << R"({"type":"Feature","properties":{"name":"Square )" << (i + 1)
                << R"(","cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[)" << x << "," << y << "],[" << x + 0.4
                << "," << y << "],[" << x + 0.4 << "," << y + 0.4 << "],[" << x << "," << y + 0.4 << "],[" << x << ","
                << y << "]]]}}";
        }
        out << "]}";
    }
    RunResult r = run_cli({"render", "-q", "--report", "--boundaries", layer, "--class-field", "cls", "--out", dir / "default"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string md = read_file(dir / "default/figures.md"), html = read_file(dir / "default/briefing.html");
    EXPECT_TRUE(has(html, "<title>squares by cls</title>")) << html.substr(0, 400);
    EXPECT_FALSE(has(html, "threatmap briefing"));
    EXPECT_TRUE(has(md, "*squares by cls. Source: ")) << md;
    EXPECT_TRUE(has(md, "Map of squares by cls: a — Square 1, Square 2, ")) << md;
    EXPECT_TRUE(has(md, "Square 20 … and 10 more.")) << md;
    EXPECT_FALSE(has(md, "Square 21")) << md;
    EXPECT_TRUE(has(read_file(dir / "default/figures.tex"), "\\caption{squares by cls. Map of squares by cls: a")) << md;

    r = run_cli({"render", "-q", "--report", "--boundaries", layer, "--class-field", "cls", "--title", "Thirty squares",
                 "--out", dir / "titled"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(read_file(dir / "titled/briefing.html"), "<h1>Thirty squares</h1>"));
    EXPECT_TRUE(has(read_file(dir / "titled/figures.md"), "*Thirty squares. Source: "));
}

}  // namespace
}  // namespace threatmap::test
