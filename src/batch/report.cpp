#include "batch/report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "core/quantity.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "io/atomic_file.hpp"
#include "layout/layout.hpp"
#include "layout/text_page.hpp"
#include "render/cairo_renderer.hpp"
#include "render/pango_text_measurer.hpp"
#include "render/svg_writer.hpp"

namespace threatmap::batch {
namespace {

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string latex_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': case '%': case '$': case '#': case '_': case '{': case '}': out += '\\'; out += c; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '\\': out += "\\textbackslash{}"; break;
            default: out += c;
        }
    }
    return out;
}

// Several SVGs inline in one page share one id space: prefix every id and reference.
std::string prefix_svg_ids(const std::string& svg, const std::string& prefix) {
    static const std::regex id_attr(R"re(\bid="([^"]+)")re"), url_ref(R"re(url\(#([^)]+)\))re"),
        href_ref(R"re(href="#([^"]+)")re");
    std::string out = std::regex_replace(svg, id_attr, "id=\"" + prefix + "$1\"");
    out = std::regex_replace(out, url_ref, "url(#" + prefix + "$1)");
    out = std::regex_replace(out, href_ref, "href=\"#" + prefix + "$1\"");
    // The XML declaration is not allowed inside HTML.
    if (out.rfind("<?xml", 0) == 0) out.erase(0, out.find("?>") + 2);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error({path, ""}, "cannot read the map written by this batch");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The word as a sentence starts it ("raised" -> "Raised"; every interface
// word starts with an ASCII letter or is left as it is).
std::string capitalised(std::string word) {
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
    return word;
}

// "Map of IED threat", "Carte « Menace … »": the interface word with the title in place of {title}.
std::string map_of(const Inputs& in, const std::string& title) {
    std::string pattern = in.ui(in.lang, "map_of");
    const std::string slot = "{title}";
    const auto at = pattern.find(slot);
    return at == std::string::npos ? pattern + " " + title : pattern.replace(at, slot.size(), title);
}

// The figure's title: the category's (the assessment's maps), or the map's own
// title (a map of any layer, whose category is only its class field).
std::string figure_title(const Inputs& in, const CategoryData& d) {
    return in.assessment ? d.areas.category_title.in(in.lang) : generic_map_title(in, in.lang);
}

struct Figure {
    std::string category, title, svg_name, pdf_name, png_name, alt, change;
    const CategoryData* data;
};

}  // namespace

std::string alt_text(const Inputs& in, const CategoryData& d) {
    std::string levels;
    // As the legend lists them; a level of a large layer is named by its first
    // names and counted ("… and 84 more"): a screen reader reads every name.
    for (const auto& row : areas_by_legend_row(in, d, MapKind::levels, in.lang))
        levels += fmt::format("{}{} — {}", levels.empty() ? "" : "; ", row.row, names_listed(row.names, in.ui, in.lang));
    return labelled(map_of(in, figure_title(in, d)), levels, in.lang) + ".";
}

std::string change_summary(const Inputs& in, const CategoryData& d) {
    std::vector<std::string> raised, lowered, same;
    for (const auto& a : d.areas.areas) {
        if (!a.level || !a.previous_level) continue;
        std::string name = a.label.in(in.lang);
        if (*a.level > *a.previous_level)
            raised.push_back(fmt::format("{} ({} → {})", name, d.areas.scale[*a.previous_level].name.in(in.lang),
                                         d.areas.scale[*a.level].name.in(in.lang)));
        else if (*a.level < *a.previous_level)
            lowered.push_back(fmt::format("{} ({} → {})", name, d.areas.scale[*a.previous_level].name.in(in.lang),
                                          d.areas.scale[*a.level].name.in(in.lang)));
        else
            same.push_back(name);
    }
    if (raised.empty() && lowered.empty() && same.empty()) return "";
    std::string out;
    for (const auto& [word, names] : {std::pair{"raised", &raised}, std::pair{"lowered", &lowered}, std::pair{"unchanged", &same}})
        if (!names->empty())
            out += (out.empty() ? "" : " ") + labelled(capitalised(in.ui(in.lang, word)), fmt::format("{}", fmt::join(*names, ", ")), in.lang) + ".";
    return out;
}

ReportFiles write_report(const Inputs& in, const BatchResult& result, const std::string& out_dir, const std::string& prefix,
                         const std::string& preset, const ProjectionFactory& projections, core::Diagnostics& diagnostics) {
    ReportFiles written;
    auto find_file = [&](const std::string& category, const std::string& format) -> const WrittenFile* {
        for (const auto& f : result.files)
            if (f.category == category && f.format == format && f.kind == "levels" && f.preset == preset) return &f;
        return nullptr;
    };
    std::vector<Figure> figures;
    for (const auto& [category, data] : result.categories) {
        const WrittenFile* svg = find_file(category, "svg");
        if (!svg) throw Error(fmt::format("report: no SVG map of category \"{}\" at preset \"{}\" in this batch "
                                          "(render with --format svg and that --preset)", category, preset));
        const WrittenFile* pdf = find_file(category, "pdf");
        const WrittenFile* png = find_file(category, "png");
        figures.push_back({category, figure_title(in, data), svg->name, pdf ? pdf->name : "",
                           png ? png->name : "", alt_text(in, data), change_summary(in, data), &data});
    }
    const std::string citation = in.assessment ? in.assessment->citation : in.boundaries.path;
    const std::string title = in.assessment ? in.assessment->title.in(in.lang) : generic_map_title(in, in.lang);
    auto word = [&](const std::string& key) { return in.ui(in.lang, key); };
    const std::string source = labelled(word("source_single"), citation, in.lang) + ".";

    // HTML briefing page.
    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
        "<style>body{{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:2em auto;color:#1a1a1a}}"
        "figure{{margin:2em 0}}figure svg{{width:100%;height:auto;border:1px solid #ccc}}"
        "table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #bbb;padding:.25em .6em;text-align:right}}"
        "td:first-child,th:first-child{{text-align:left}}.source{{color:#555;font-size:.9em}}</style>\n</head>\n<body>\n"
        "<h1>{}</h1>\n<p class=\"source\">{} {}</p>\n",
        in.lang, html_escape(title), html_escape(title), html_escape(source), html_escape(word("hover_hint")));
    int n = 0;
    for (const auto& f : figures) {
        ++n;
        std::string svg = prefix_svg_ids(read_file(out_dir + "/" + f.svg_name), fmt::format("f{}-", n));
        html += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n<figure id=\"figure-{}\" role=\"group\" aria-describedby=\"alt-{}\">\n"
                            "<div role=\"img\" aria-label=\"{}\">{}</div>\n<figcaption id=\"alt-{}\"><strong>{} {}.</strong> "
                            "{} {}</figcaption>\n</figure>\n",
                            f.category, html_escape(f.title), f.category, f.category, html_escape(f.alt), svg, f.category,
                            html_escape(word("figure")), n, html_escape(f.alt), html_escape(source));
        if (!f.change.empty())
            html += fmt::format("<p class=\"change\"><strong>{}.</strong> {}</p>\n", html_escape(word("change_legend")), html_escape(f.change));
        if (f.data->exposure) {
            const auto& e = *f.data->exposure;
            html += fmt::format("<table class=\"exposure\">\n<caption>{}</caption>\n<tr><th>{}</th><th>km²</th>",
                                html_escape(word("exposure")), html_escape(word("area")));
            for (std::size_t l = e.scale.size(); l-- > 0;) html += "<th>" + html_escape(e.scale[l].short_or_name().in(in.lang)) + "</th>";
            html += "<th>" + html_escape(e.not_assessed_label.in(in.lang)) + "</th></tr>\n";
            for (const auto& row : e.rows) {
                html += "<tr><td>" + html_escape(row.label.in(in.lang)) + "</td><td>" + core::format_km2(row.total_km2, in.lang) + "</td>";
                for (std::size_t l = e.scale.size(); l-- > 0;)
                    html += fmt::format("<td>{}</td>", core::format_km2(row.km2_per_class[l], in.lang));
                html += fmt::format("<td>{}</td></tr>\n", core::format_km2(row.km2_per_class.back(), in.lang));
            }
            html += "</table>\n";
        }
        html += "</section>\n";
    }
    html += fmt::format("<footer class=\"source\"><p>{} {} threatmap {}.</p></footer>\n</body>\n</html>\n",
                        html_escape(source_line(in, in.lang, citation)), html_escape(word("made_with")), THREATMAP_VERSION);
    const std::string html_name = prefix + "briefing.html";
    io::write_file_atomically(out_dir + "/" + html_name, html);
    written.files.push_back({out_dir + "/" + html_name, html_name, "", "report", "html", preset, 0, 0, core::sha256_hex(html)});

    // PDF briefing pack: one A4 landscape page per category, then the tables and sources.
    render::PangoTextMeasurer measurer;
    std::vector<layout::Scene> pages;
    layout::PagePreset a4 = layout::find_page_preset("a4-landscape");
    for (const auto& f : figures) pages.push_back(build_scene(in, *f.data, MapKind::levels, a4, projections, measurer, diagnostics));
    layout::TextPage text;
    text.page = a4;
    text.style = in.style;
    text.title = title;
    for (const auto& f : figures) {
        layout::TextSection section;
        section.heading = f.title;
        section.paragraphs.push_back(f.alt);
        if (!f.change.empty()) section.paragraphs.push_back(f.change);
        if (f.data->exposure) {
            const auto& e = *f.data->exposure;
            layout::Table t;
            t.title = word("exposure");
            t.header = {word("area"), "km²"};
            for (std::size_t l = e.scale.size(); l-- > 0;) t.header.push_back(e.scale[l].short_or_name().in(in.lang));
            t.header.push_back(e.not_assessed_label.in(in.lang));
            for (const auto& row : e.rows) {
                std::vector<std::string> cells{row.label.in(in.lang), core::format_km2(row.total_km2, in.lang)};
                for (std::size_t l = e.scale.size(); l-- > 0;) cells.push_back(core::format_km2(row.km2_per_class[l], in.lang));
                cells.push_back(core::format_km2(row.km2_per_class.back(), in.lang));
                t.rows.push_back(cells);
            }
            section.table = t;
        }
        text.sections.push_back(section);
    }
    layout::TextSection sources;
    sources.heading = word("source");
    sources.paragraphs.push_back(capitalised(sources_text(in, in.lang, citation)));
    for (const auto& s : in.source_checksums) sources.paragraphs.push_back(s);
    text.sections.push_back(sources);
    layout::Scene table_page = layout::layout_text_page(text, measurer);
    table_page.metadata = pages.empty() ? table_page.metadata : pages.front().metadata;
    pages.push_back(std::move(table_page));
    if (!pages.empty()) {
        pages.front().metadata.title = title + " — " + word("briefing_pack");
        std::string pdf = render::render_pdf_pages(pages);
        const std::string pdf_name = prefix + "briefing.pdf";
        io::write_file_atomically(out_dir + "/" + pdf_name, pdf);
        written.files.push_back({out_dir + "/" + pdf_name, pdf_name, "", "report", "pdf", "a4-landscape", 0, 0, core::sha256_hex(pdf)});
    }

    // Snippets: a report picks the maps up by file name.
    std::string tex = "% Figures made by threatmap; \\usepackage{graphicx} needed.\n";
    std::string md = "<!-- Figures made by threatmap -->\n";
    for (const auto& f : figures) {
        std::string file = f.pdf_name.empty() ? f.png_name : f.pdf_name;
        tex += fmt::format("\\begin{{figure}}[htbp]\n  \\centering\n  \\includegraphics[width=\\linewidth]{{{}}}\n"
                           "  \\caption{{{}. {} {}}}\n  \\label{{fig:threatmap-{}}}\n\\end{{figure}}\n\n",
                           file, latex_escape(f.title), latex_escape(f.alt), latex_escape(source), f.category);
        md += fmt::format("![{}]({})\n\n*{}. {}*\n\n", f.alt, f.png_name.empty() ? f.svg_name : f.png_name, f.title, source);
    }
    for (const auto& [name, text_out] : {std::pair{prefix + "figures.tex", tex}, std::pair{prefix + "figures.md", md}}) {
        io::write_file_atomically(out_dir + "/" + name, text_out);
        written.files.push_back({out_dir + "/" + name, name, "", "report", name.substr(name.rfind('.') + 1), preset, 0, 0,
                                 core::sha256_hex(text_out)});
    }
    return written;
}

}  // namespace threatmap::batch
