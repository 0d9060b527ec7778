#include "batch/map_job.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/quantity.hpp"
#include "core/text.hpp"
#include "geometry/prepare.hpp"
#include "geometry/repair.hpp"
#include "join/join.hpp"
#include "layout/layout.hpp"

namespace threatmap::batch {
namespace {

// "11 September 2017" in the map's language, from an ISO date.
std::string long_date(const std::string& iso, const std::string& lang) {
    static const std::map<std::string, std::vector<std::string>> months = {
        {"en", {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}},
        {"nl", {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}},
        {"fr", {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}}};
    int y = 0, m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
    auto it = months.find(lang);
    const auto& names = it != months.end() ? it->second : months.at("en");
    return fmt::format("{} {} {}", d, names[static_cast<std::size_t>(m - 1)], y);
}

}  // namespace

const std::vector<std::string>& ui_word_keys() {
    static const std::vector<std::string> keys = {
        "legend", "change_legend", "raised", "unchanged", "lowered", "exposure", "area", "assessed", "capital", "sector_hq",
        "town", "event", "assumption", "source", "line", "total", "location", "detail", "dated",
        "threat_levels", "boundaries_rivers", "boundaries", "context_layers", "public_domain", "places", "was", "includes",
        "created_after_borders", "km_across",
        // the briefing page and pack (report.cpp)
        "map_of", "source_single", "hover_hint", "figure", "made_with", "briefing_pack",
        // a choropleth of any layer
        "layer_by_field", "feature_count", "no_value", "legend_more",
        // an assessment's regions no entry names, unless it words them itself
        "not_assessed"};
    return keys;
}

// "label: text" as the language punctuates it: French puts a no-break space
// before the colon.
std::string labelled(const std::string& label, const std::string& text, const std::string& lang) {
    return label + (lang == "fr" ? "\u00a0: " : ": ") + text;
}

namespace {
// Whom the places are from: the gazetteer's places_credit, else its file.
std::string places_credit(const Inputs& in, const std::string& lang) {
    if (!in.gazetteer) return "";
    if (!in.gazetteer->places_credit.text.empty()) return in.gazetteer->places_credit.in(lang);
    return std::filesystem::path(in.gazetteer->path).filename().string();
}
}  // namespace

std::string sources_text(const Inputs& in, const std::string& lang, const std::string& citation) {
    const UiWords& ui = in.ui;
    const std::string natural_earth = fmt::format("Natural Earth ({})", ui(lang, "public_domain"));
    auto credit = [&](const std::string& files) { return files.empty() ? natural_earth : files; };
    std::string layers;
    if (in.boundaries_credit.empty() && in.context_credit && in.context_credit->empty()) {
        layers = labelled(ui(lang, "boundaries_rivers"), natural_earth, lang);
    } else {
        layers = labelled(ui(lang, "boundaries"), credit(in.boundaries_credit), lang);
        if (in.context_credit) layers += ". " + labelled(ui(lang, "context_layers"), credit(*in.context_credit), lang);
    }
    return fmt::format("{} {}. {}. {}.", ui(lang, "threat_levels"), citation, layers,
                       labelled(ui(lang, "places"), places_credit(in, lang), lang));
}

std::string source_line(const Inputs& in, const std::string& lang, const std::string& citation) {
    return labelled(in.ui(lang, "source"), sources_text(in, lang, citation), lang);
}

namespace {

constexpr double kEarthRadiusM = 6371008.8;

// How far the map's scale strays across the frame from `centre_scale`, the
// east-west scale at its centre (metres per map unit, as the scale bar
// uses), as a fraction: the east-west scale at the middle of each edge and
// the north-south scale at the centre. Infinite where there is no scale to
// speak of (a pole, a point outside the projection's domain).
double scale_spread(const Projection& proj, const BoxXY& frame, double centre_scale) {
    const double w = frame.max_corner().x - frame.min_corner().x, h = frame.max_corner().y - frame.min_corner().y;
    const MapXY centre{frame.min_corner().x + w / 2, frame.min_corner().y + h / 2};
    // Metres per map unit along 0.1° east (or north) of `at`.
    auto scale = [&](const MapXY& at, bool north) {
        const LonLat ll = proj.inverse(at);
        const MapXY step = proj.forward(north ? LonLat{ll.lon, ll.lat + 0.1} : LonLat{ll.lon + 0.1, ll.lat});
        const double metres = 0.1 * M_PI / 180.0 * kEarthRadiusM * (north ? 1.0 : std::cos(ll.lat * M_PI / 180.0));
        const double units = std::hypot(step.x - at.x, step.y - at.y);
        return metres > 0 && units > 0 && std::isfinite(units) ? metres / units : std::numeric_limits<double>::quiet_NaN();
    };
    try {
        const double reference = centre_scale > 0 ? centre_scale : std::numeric_limits<double>::quiet_NaN();
        double spread = 0;
        for (const double s : {scale({centre.x, frame.max_corner().y - 0.02 * h}, false), scale({centre.x, frame.min_corner().y + 0.02 * h}, false),
                               scale({frame.min_corner().x + 0.02 * w, centre.y}, false), scale({frame.max_corner().x - 0.02 * w, centre.y}, false),
                               scale(centre, true)}) {
            if (!std::isfinite(s) || !std::isfinite(reference)) return std::numeric_limits<double>::infinity();
            spread = std::max(spread, std::max(s / reference, reference / s) - 1);
        }
        return spread;
    } catch (const Error&) {
        return std::numeric_limits<double>::infinity();
    }
}

// A shape the map's CRS cannot show (a world layer drawn in UTM 30N): the
// message names the point, where the shape came from, and what to do.
template <typename Shape>
auto forward_or_explain(const Projection& proj, const Shape& shape, const std::function<SourceLocation()>& source) {
    try {
        return proj.forward(shape);
    } catch (const UnprojectablePoint& e) {
        throw Error(source(), fmt::format("{}; the map's CRS must cover everything the map draws: choose another --crs "
                                          "(EPSG:4326 shows any layer)", e.detail()));
    }
}

}  // namespace

std::string level_name(const std::vector<Level>& scale, std::optional<std::size_t> level, const Translated& not_assessed,
                       const std::string& lang) {
    return level ? scale[*level].name.in(lang) : not_assessed.in(lang);
}

void project_context(Inputs& in, const ProjectionFactory& projections, unsigned threads) {
    // Countries, rivers, then (generic mode) the boundary features: one list of
    // shapes shared out among the threads, each with a projection of its own
    // (a Projection is not thread-safe).
    const std::size_t countries = in.neighbours.size(), rivers = in.rivers.size();
    const std::size_t features = in.assessment ? 0 : in.boundaries.features.size();
    in.neighbours_xy.assign(countries, {});
    in.rivers_xy.assign(rivers, {});
    auto boundaries_xy = std::make_shared<std::vector<MultiPolygonXY>>(features);
    core::parallel_for_each_index_with(
        countries + rivers + features, threads, [&] { return projections("EPSG:4326", in.map_crs); },
        [&](const std::unique_ptr<Projection>& proj, std::size_t i) {
            if (i < countries) {
                const NamedArea& country = in.neighbours[i];
                in.neighbours_xy[i] = forward_or_explain(*proj, country.geometry, [&] {
                    return SourceLocation{in.neighbours_path, fmt::format("country '{}'", country.name)};
                });
            } else if (i < countries + rivers) {
                in.rivers_xy[i - countries] = forward_or_explain(*proj, in.rivers[i - countries], [&] {
                    return SourceLocation{in.rivers_path, fmt::format("river {}", i - countries)};
                });
            } else {
                auto& feature = in.boundaries.features[i - countries - rivers];
                (*boundaries_xy)[i - countries - rivers] = forward_or_explain(*proj, feature.geometry, [&] {
                    const auto names = join::feature_names(feature);
                    return SourceLocation{in.boundaries.path,
                                          fmt::format("layer '{}', feature {}{}", in.boundaries.layer, feature.fid,
                                                      names.empty() ? "" : " ('" + names.front() + "')")};
                });
                MultiPolygonLL().swap(feature.geometry);
            }
        });
    if (!in.assessment) in.boundaries_xy = std::move(boundaries_xy);
}

CategoryData derive_category(const Inputs& in, const std::string& category_id, const ProjectionFactory& projections,
                             core::Diagnostics& diagnostics) {
    CategoryData d;
    if (in.assessment) {
        const Category* cat = in.assessment->find_category(category_id);
        if (!cat) {
            std::vector<std::string> ids;
            for (const auto& c : in.assessment->categories) ids.push_back(c.id);
            throw Error({in.assessment->path, ""}, fmt::format("no category \"{}\" (categories: {})", category_id,
                                                                fmt::join(ids, ", ")));
        }
        d.areas = join::join_category(in.boundaries, *in.assessment, *cat, *in.gazetteer, diagnostics, &d.report);
        geometry::carve_city_zones(d.areas, projections);
        d.operating_areas = geometry::build_operating_areas(*in.gazetteer, in.country_outline, projections);
        // Exposure is of the operating areas: a case without any has none (no
        // empty table on its maps, in its briefing or in its manifest).
        auto extent = bg::return_envelope<Box<LonLat>>(in.country_outline);
        if (!d.operating_areas.empty())
            d.exposure = geometry::measure_exposure(d.areas, d.operating_areas, geometry::equal_area_crs_for(extent), projections);
    } else {
        // Drawn in the map CRS only: projected straight from the features below.
        d.areas = join::classify_by_field(in.boundaries, in.class_field, in.class_order, diagnostics, in.map_crs.empty());
        // The join says "no value" in English; the map says it in its language.
        if (const auto words = in.ui.words.find("no_value"); words != in.ui.words.end())
            d.areas.not_assessed_label = Translated{words->second};
    }
    if (!in.map_crs.empty()) {
        auto proj = projections("EPSG:4326", in.map_crs);
        if (in.assessment) {
            auto areas_xy = std::make_shared<std::vector<MultiPolygonXY>>();
            areas_xy->reserve(d.areas.areas.size());
            for (const auto& a : d.areas.areas)
                areas_xy->push_back(forward_or_explain(*proj, a.geometry, [&] {
                    return SourceLocation{a.zone ? in.gazetteer->path : in.boundaries.path, fmt::format("area '{}'", a.name)};
                }));
            d.areas_xy = std::move(areas_xy);
        } else {
            if (!in.boundaries_xy) throw Error("internal: boundary layer not projected to the map CRS (project_context)");
            d.areas_xy = in.boundaries_xy;
        }
        d.country_outline_xy = proj->forward(in.country_outline);
        for (const auto& o : d.operating_areas) d.operating_areas_xy.push_back(proj->forward(o.geometry));
        if (in.assessment && !in.neighbours_xy.empty() && !d.country_outline_xy.empty()) {
            // Locator inset: the country in its region, about 3 x 2.5 its own size.
            BoxXY ext = bg::return_envelope<BoxXY>(d.country_outline_xy);
            double w = ext.max_corner().x - ext.min_corner().x, h = ext.max_corner().y - ext.min_corner().y;
            d.inset_extent = BoxXY{{ext.min_corner().x - w * 1.1, ext.min_corner().y - h * 0.9},
                                   {ext.max_corner().x + w * 1.1, ext.max_corner().y + h * 0.6}};
            double tol = (d.inset_extent.max_corner().x - d.inset_extent.min_corner().x) / 400;
            d.inset_countries_xy = geometry::prepare_projected(in.neighbours_xy, d.inset_extent, tol);
            d.inset_highlight_xy = geometry::prepare_projected({d.country_outline_xy}, d.inset_extent, tol).front();
        }
    }
    return d;
}

std::string names_listed(std::vector<std::string> names, const UiWords& ui, const std::string& lang, std::size_t max_named) {
    if (max_named > 0 && names.size() > max_named) {
        const std::size_t more = names.size() - max_named;
        names.resize(max_named);
        names.back() += " " + core::replace_all(ui(lang, "legend_more"), "{count}", std::to_string(more));
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

namespace {
// Change since the previous assessment: -1 lowered, 0 same, 1 raised, 2 unknown.
int change_of(const join::ClassifiedArea& a) {
    if (!a.level || !a.previous_level) return 2;
    return *a.level > *a.previous_level ? 1 : *a.level < *a.previous_level ? -1 : 0;
}
}  // namespace

namespace {
// A measurer that passes measurements through and keeps each text with
// characters no installed font has: fontconfig draws those as boxes ("tofu"),
// without a word, and a briefing map with "北京市" as four boxes is wrong.
class UncoveredTexts : public layout::TextMeasurer {
public:
    explicit UncoveredTexts(const layout::TextMeasurer& measurer) : measurer_(measurer) {}
    layout::TextExtent measure(const std::string& text, const layout::TextStyle& style, double max_width_pt) const override {
        layout::TextExtent extent = measurer_.measure(text, style, max_width_pt);
        if (extent.unknown_glyphs > 0 && std::find(texts_.begin(), texts_.end(), text) == texts_.end()) texts_.push_back(text);
        return extent;
    }
    std::string family_drawn(const std::string& family) const override { return measurer_.family_drawn(family); }
    // One warning (text.uncovered) naming the first few texts, if any.
    void report(core::Diagnostics& diagnostics) const {
        if (texts_.empty()) return;
        diagnostics.warning("text.uncovered",
                            fmt::format("{} text(s) have characters that no installed font has, drawn as boxes: {} "
                                        "(install a font that has them, e.g. Debian's fonts-noto-cjk for Chinese, "
                                        "Japanese and Korean, or fonts-noto-core)",
                                        texts_.size(), core::quoted_list(texts_, 5)));
    }

private:
    const layout::TextMeasurer& measurer_;
    mutable std::vector<std::string> texts_;  // in the order measured, each once
};
}  // namespace

std::vector<LegendRowNames> areas_by_legend_row(const Inputs& in, const CategoryData& d, MapKind kind, const std::string& lang) {
    const auto& scale = d.areas.scale;
    const std::size_t none = scale.size();
    std::vector<std::string> rows;  // the legend's labels, as build_scene writes them
    if (kind == MapKind::change) {
        rows = {in.ui(lang, "raised"), in.ui(lang, "unchanged"), in.ui(lang, "lowered")};
    } else {
        for (std::size_t k = 0; k < none; ++k) rows.push_back(scale[d.areas.scale_is_ordinal ? none - 1 - k : k].name.in(lang));
    }
    rows.push_back(d.areas.not_assessed_label.in(lang));
    auto row_of = [&](const join::ClassifiedArea& a) -> std::size_t {
        if (kind == MapKind::change) {
            const int ch = change_of(a);
            return ch == 1 ? 0 : ch == 0 ? 1 : ch == -1 ? 2 : 3;
        }
        if (!a.level) return none;
        return d.areas.scale_is_ordinal ? none - 1 - *a.level : *a.level;
    };
    std::vector<std::vector<std::string>> names(rows.size());
    for (const auto& a : d.areas.areas) names[row_of(a)].push_back(a.label.in(lang));
    std::vector<LegendRowNames> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        if (!names[r].empty()) out.push_back({rows[r], std::move(names[r])});
    return out;
}

std::string generic_map_title(const Inputs& in, const std::string& lang) {
    if (!in.title.empty()) return in.title;
    return core::replace_all(core::replace_all(in.ui(lang, "layer_by_field"), "{layer}", in.boundaries.layer), "{field}",
                             in.class_field);
}

void warn_if_font_missing(const Style& style, const layout::TextMeasurer& measurer, core::Diagnostics& diagnostics) {
    const std::string drawn = measurer.family_drawn(style.font_family);
    if (core::font_family_honoured(style.font_family, drawn)) return;
    diagnostics.warning("style.font_missing",
                        fmt::format("{}: font \"{}\" is not installed: text is drawn in {} instead (install it, or "
                                    "name an installed family in the style's `font`; `fc-list : family` lists them)",
                                    style.path.empty() ? "style" : style.path, style.font_family,
                                    drawn.empty() ? "no font" : "\"" + drawn + "\""));
}

std::string exposure_csv(const geometry::Exposure& e, const std::string& lang) {
    std::string out = "category,operating_area,class,km2,percent\n";
    for (const auto& row : e.rows)
        for (std::size_t c = 0; c < row.km2_per_class.size(); ++c) {
            std::string cls = c < e.scale.size() ? e.scale[c].id : "not_assessed";
            double pct = row.total_km2 > 0 ? 100.0 * row.km2_per_class[c] / row.total_km2 : 0;
            out += fmt::format("{},{},{},{:.1f},{:.2f}\n", e.category_id, row.operating_area_id, cls, row.km2_per_class[c], pct);
        }
    (void)lang;
    return out;
}

std::string exposure_json(const geometry::Exposure& e, const std::string& lang) {
    nlohmann::ordered_json j;
    j["category"] = e.category_id;
    j["equal_area_crs"] = e.equal_area_crs;
    j["operating_areas"] = nlohmann::ordered_json::array();
    for (const auto& row : e.rows) {
        nlohmann::ordered_json r;
        r["id"] = row.operating_area_id;
        r["label"] = row.label.in(lang);
        r["total_km2"] = std::round(row.total_km2 * 10) / 10;
        r["classes"] = nlohmann::ordered_json::array();
        for (std::size_t c = 0; c < row.km2_per_class.size(); ++c) {
            nlohmann::ordered_json k;
            k["class"] = c < e.scale.size() ? e.scale[c].id : "not_assessed";
            k["km2"] = std::round(row.km2_per_class[c] * 10) / 10;
            k["percent"] = row.total_km2 > 0 ? std::round(1e4 * row.km2_per_class[c] / row.total_km2) / 100 : 0.0;
            r["classes"].push_back(k);
        }
        j["operating_areas"].push_back(r);
    }
    return j.dump(2) + "\n";
}

layout::Scene build_scene(const Inputs& in, const CategoryData& d, MapKind kind, const layout::PagePreset& page,
                          const ProjectionFactory& projections, const layout::TextMeasurer& measurer,
                          core::Diagnostics& diagnostics, unsigned threads) {
    const std::string& lang = in.lang;
    // Interface words come from styles/i18n.toml (Inputs::ui); the level names from the assessment.
    const UiWords& ui = in.ui;
    auto proj = projections("EPSG:4326", in.map_crs);
    layout::MapDocument doc;
    doc.page = page;
    doc.style = in.style;
    doc.draw_labels = in.labels;

    // Frame: the mapped areas plus a margin, at the aspect of the map area of the page.
    if (!d.areas_xy || d.areas_xy->size() != d.areas.areas.size()) throw Error("internal: category not projected to the map CRS");
    const std::vector<MultiPolygonXY>& projected_areas = *d.areas_xy;
    // (A frame given in the map CRS needs no pass over every vertex: W2, 4 ms of CPU.)
    const bool nothing = std::all_of(projected_areas.begin(), projected_areas.end(), [](const MultiPolygonXY& s) {
        return std::all_of(s.begin(), s.end(), [](const Polygon<MapXY>& p) { return p.outer().empty(); });
    });
    if (nothing) throw Error("nothing to map: the boundary layer has no polygons after repair");
    doc.bare = in.bare;
    const layout::Rect map_rect = layout::map_rect_for(page, in.bare);
    const double map_w = map_rect.w;
    doc.frame = in.extent ? geometry::frame_for(*in.extent, map_w / map_rect.h, 0.0)
                          : geometry::frame_for(geometry::envelope_of(projected_areas, threads), map_w / map_rect.h,
                                                in.bare ? 0.0 : 0.03);
    const double fw = doc.frame.max_corner().x - doc.frame.min_corner().x;
    const double px = fw / (map_w * page.dpi / 72.0);  // map units per output pixel
    const double tolerance = in.simplify_px * px;

    // Areas: one topology for all of them, so shared borders stay shared.
    geometry::PrepareStats stats;
    auto prepared = geometry::prepare_projected(projected_areas, doc.frame, tolerance, &stats, threads);
    if (stats.rings_dropped)
        diagnostics.info("prepare.rings_dropped", fmt::format("{} ring(s) smaller than {:.2g} px² vanished at this resolution",
                                                              stats.rings_dropped, in.simplify_px * in.simplify_px));

    const auto& scale = d.areas.scale;
    // An ordered scale the style names no level of takes its ramp, if it has
    // one (a layer's classes 1 to 5 darken with the number, not a rainbow).
    const bool ramped = d.areas.scale_is_ordinal && in.style.ramps(scale);
    std::size_t fallback = 0;
    std::vector<FillStyle> class_fill = ramped ? in.style.ramp_fills(scale.size()) : std::vector<FillStyle>{};
    for (std::size_t k = class_fill.size(); k < scale.size(); ++k) {
        const bool named = in.style.levels.count(scale[k].id) > 0;
        class_fill.push_back(in.style.for_level(scale[k].id, named ? 0 : fallback++));
    }
    if (const std::size_t distinct = in.style.distinct_class_fills(); fallback > distinct)
        diagnostics.warning("style.classes_alike",
                            fmt::format("{} classes take the style's palette, which tells {} apart (its colours, then each with a "
                                        "hatch): some classes look alike (give fewer with --classes)",
                                        fallback, distinct));
    for (std::size_t i = 0; i < d.areas.areas.size(); ++i) {
        const auto& a = d.areas.areas[i];
        layout::MapArea ma;
        ma.id = a.id;
        ma.geometry = std::move(prepared[i]);
        ma.label = a.zone ? "" : a.label.in(lang);
        std::string level_text = level_name(scale, a.level, d.areas.not_assessed_label, lang);
        if (kind == MapKind::levels) {
            ma.fill = a.level ? class_fill[*a.level] : in.style.not_assessed;
        } else {
            int ch = change_of(a);
            ma.fill = ch == 1 ? in.style.raised : ch == -1 ? in.style.lowered : ch == 0 ? in.style.unchanged : in.style.not_assessed;
        }
        std::string tip = labelled(a.label.in(lang), level_text, lang);
        if (a.previous_level && *a.previous_level != a.level.value_or(99))
            tip += fmt::format(" ({} {})", ui(lang, "was"), scale[*a.previous_level].name.in(lang));
        for (const auto& j : a.justifications)
            tip += fmt::format("\n“{}” ({} {})", j.quote, ui(lang, "line"), j.source_line);
        for (const auto& f : a.folded_units)
            tip += fmt::format("\n{} {} ({})", ui(lang, "includes"), f, ui(lang, "created_after_borders"));
        if (a.zone) tip += "\n" + labelled(ui(lang, "assumption"), a.zone->assumption.in(lang), lang);
        ma.tooltip = tip;
        doc.areas.push_back(std::move(ma));
    }

    // Context: neighbours and rivers, clipped to the frame.
    auto neighbours = geometry::prepare_projected(in.neighbours_xy, doc.frame, tolerance);
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        if (!neighbours[i].empty())
            doc.neighbours.push_back({in.gazetteer ? in.gazetteer->neighbour_label(in.neighbours[i].name, lang) : in.neighbours[i].name,
                                      std::move(neighbours[i])});
    doc.rivers = geometry::prepare_projected_lines(in.rivers_xy, doc.frame, tolerance);
    if (!d.country_outline_xy.empty())
        doc.country_outline = geometry::prepare_projected({d.country_outline_xy}, doc.frame, tolerance).front();

    // Scale and orientation at the frame centre.
    MapXY centre{(doc.frame.min_corner().x + doc.frame.max_corner().x) / 2, (doc.frame.min_corner().y + doc.frame.max_corner().y) / 2};
    LonLat c_ll = proj->inverse(centre);
    MapXY north = proj->forward(LonLat{c_ll.lon, c_ll.lat + 0.1});
    MapXY east = proj->forward(LonLat{c_ll.lon + 0.1, c_ll.lat});
    doc.north_angle_rad = std::atan2(north.x - centre.x, north.y - centre.y);
    const double east_m = 0.1 * M_PI / 180.0 * kEarthRadiusM * std::cos(c_ll.lat * M_PI / 180.0);
    doc.metres_per_unit = east_m / std::hypot(east.x - centre.x, east.y - centre.y);
    // One scale bar is right where the scale is about the same across the
    // map; on a world map in lon/lat it held along the equator alone.
    constexpr double kMaxScaleSpread = 0.25;
    if (const double spread = scale_spread(*proj, doc.frame, doc.metres_per_unit); !in.bare && spread > kMaxScaleSpread) {
        doc.scale_bar = false;
        diagnostics.info("layout.no_scale_bar",
                         spread < 10  // (beyond: points off the earth, where inverse projections return anything)
                             ? fmt::format("{}: no scale bar: the map's scale varies by {:.0f}% across it", page.name, spread * 100)
                             : fmt::format("{}: no scale bar: the map reaches a pole or beyond its projection", page.name));
    }
    doc.crs_wkt = in.map_crs;

    // Legend.
    if (kind == MapKind::levels) {
        doc.legend_title = in.assessment ? ui(lang, "legend") : in.class_field;
        doc.legend_more = ui(lang, "legend_more");
        // A scale from the highest level down; classes without an order (names) as they sort.
        for (std::size_t k = 0; k < scale.size(); ++k) {
            const std::size_t l = d.areas.scale_is_ordinal ? scale.size() - 1 - k : k;
            doc.legend.push_back({scale[l].name.in(lang), class_fill[l]});
        }
        doc.legend.push_back({d.areas.not_assessed_label.in(lang), in.style.not_assessed});
    } else {
        doc.legend_title = ui(lang, "change_legend");
        doc.legend.push_back({ui(lang, "raised"), in.style.raised});
        doc.legend.push_back({ui(lang, "unchanged"), in.style.unchanged});
        doc.legend.push_back({ui(lang, "lowered"), in.style.lowered});
        doc.legend.push_back({d.areas.not_assessed_label.in(lang), in.style.not_assessed});
    }

    if (in.assessment) {
        const Assessment& as = *in.assessment;
        const Gazetteer& gz = *in.gazetteer;
        const Category& cat = *as.find_category(d.areas.category_id);
        doc.title = cat.title.in(lang) + (kind == MapKind::change ? " — " + ui(lang, "change_legend") : "");
        doc.subtitle = as.source_kind
            ? fmt::format("{} — {} {} {}", as.title.in(lang), as.source_kind->in(lang), ui(lang, "dated"),
                          long_date(as.date, lang))
            : fmt::format("{} — {}", as.title.in(lang), long_date(as.date, lang));
        for (std::size_t oi = 0; oi < d.operating_areas.size(); ++oi) {
            const auto& o = d.operating_areas[oi];
            auto it = in.style.operating_lines.find(o.line_style);
            LineStyle line = it != in.style.operating_lines.end() ? it->second : LineStyle{in.style.text, 1.5, {}};
            auto geom = geometry::prepare_projected({d.operating_areas_xy[oi]}, doc.frame, tolerance).front();
            doc.operating_areas.push_back({o.id, o.label.in(lang), line, std::move(geom),
                                           fmt::format("{}\n“{}” ({} {})\n{}", o.label.in(lang), o.quote, ui(lang, "line"),
                                                       o.source_line, labelled(ui(lang, "assumption"), o.assumption.in(lang), lang))});
            doc.legend_lines.push_back({o.label.in(lang), line});
        }
        for (const auto& p : gz.places) {
            layout::MapPlace mp;
            mp.id = p.id;
            mp.label = p.label.in(lang);
            mp.position = proj->forward(p.position);
            mp.role = p.kind == PlaceKind::capital ? layout::PlaceRole::capital
                      : p.sector_hq               ? layout::PlaceRole::sector_hq
                      : p.kind == PlaceKind::event ? layout::PlaceRole::event
                                                   : layout::PlaceRole::town;
            const std::string role = p.role.in(lang);
            mp.tooltip = fmt::format("{}{} — {}", mp.label, role.empty() ? "" : " (" + role + ")", p.source);
            if (p.kind == PlaceKind::event) {
                for (const auto& e : gz.events)
                    if (e.place == p.id) mp.label = e.label.in(lang);
            }
            doc.places.push_back(mp);
        }
        // Events at a town already marked: a diamond of its own just north-east of the town.
        for (const auto& e : gz.events) {
            const Place* p = gz.find_place(e.place);
            if (!p || p->kind == PlaceKind::event) continue;
            layout::MapPlace mp;
            mp.id = e.id;
            mp.label = e.label.in(lang);
            MapXY at = proj->forward(p->position);
            // 9 pt up and right of the town, whatever the resolution: beside its marker, not on it.
            const double unit_per_pt = fw / layout::map_rect_for(page, in.bare).w;
            mp.position = {at.x + unit_per_pt * 9, at.y + unit_per_pt * 9};
            mp.role = layout::PlaceRole::event;
            mp.tooltip = labelled(fmt::format("{} ({})", mp.label, p->label.in(lang)),
                                  fmt::format("“{}” ({} {})", e.quote, ui(lang, "line"), e.source_line), lang);
            doc.places.push_back(mp);
        }
        // Areas too small to see at this scale (city zones; the Bamako district, ~15 km
        // across, is hidden under its own capital marker): a magnified view of each.
        const double page_pt_per_unit = layout::map_rect_for(page, in.bare).w / fw;
        for (std::size_t ai = 0; ai < d.areas.areas.size(); ++ai) {
            const auto& a = d.areas.areas[ai];
            if (!a.level || projected_areas[ai].empty()) continue;
            BoxXY box = bg::return_envelope<BoxXY>(projected_areas[ai]);
            const double w_units = box.max_corner().x - box.min_corner().x, h_units = box.max_corner().y - box.min_corner().y;
            const bool small = std::max(w_units, h_units) * page_pt_per_unit < 18.0;
            if (!a.zone && !small) continue;
            layout::DetailView dv;
            dv.title = fmt::format("{} ({})", a.label.in(lang), ui(lang, "detail"));
            MapXY c = a.zone ? proj->forward(a.zone->centre)
                             : MapXY{(box.min_corner().x + box.max_corner().x) / 2, (box.min_corner().y + box.max_corner().y) / 2};
            const double half = a.zone ? a.zone->radius_km * 1000.0 * 2.6 / std::max(doc.metres_per_unit, 1e-12)
                                       : std::max(w_units, h_units) * 1.3;
            dv.extent = BoxXY{{c.x - half, c.y - half}, {c.x + half, c.y + half}};
            std::vector<const layout::MapArea*> src;
            for (std::size_t i = 0; i < d.areas.areas.size(); ++i) src.push_back(&doc.areas[i]);
            auto detail = geometry::prepare_projected(projected_areas, dv.extent, 2 * half / 600);
            for (std::size_t i = 0; i < detail.size(); ++i) {
                if (detail[i].empty()) continue;
                layout::MapArea ma = *src[i];
                ma.geometry = std::move(detail[i]);
                dv.areas.push_back(std::move(ma));
            }
            // The places inside the view, with their own markers.
            for (const auto& p : gz.places) {
                MapXY at = proj->forward(p.position);
                if (!bg::within(at, dv.extent) || p.kind == PlaceKind::event) continue;
                layout::MapPlace mp;
                mp.id = p.id + "-detail";
                mp.label = p.label.in(lang);
                mp.position = at;
                mp.role = p.kind == PlaceKind::capital ? layout::PlaceRole::capital
                          : p.sector_hq               ? layout::PlaceRole::sector_hq
                                                      : layout::PlaceRole::town;
                dv.places.push_back(mp);
            }
            doc.details.push_back(std::move(dv));
        }
        doc.inset_title = ui(lang, "location");
        doc.km_across = ui(lang, "km_across");
        // A row for each kind of place the map shows, in the case's words if
        // its gazetteer has them (a map without sector headquarters has no row for them).
        for (const auto& [key, role] : {std::pair{"capital", layout::PlaceRole::capital}, std::pair{"sector_hq", layout::PlaceRole::sector_hq},
                                        std::pair{"town", layout::PlaceRole::town}, std::pair{"event", layout::PlaceRole::event}}) {
            if (std::none_of(doc.places.begin(), doc.places.end(), [role = role](const layout::MapPlace& p) { return p.role == role; }))
                continue;
            const auto own = gz.legend_words.find(key);
            doc.legend_markers.push_back({own != gz.legend_words.end() ? own->second.in(lang) : ui(lang, key), role});
        }
        if (d.exposure && kind == MapKind::levels) {
            layout::Table t;
            t.title = ui(lang, "exposure");
            t.header.push_back(ui(lang, "area"));
            for (std::size_t l = scale.size(); l-- > 0;) t.header.push_back(scale[l].short_or_name().in(lang));
            t.header.push_back(d.areas.not_assessed_label.in(lang));
            for (const auto& row : d.exposure->rows) {
                // A no-break space keeps the figure with its unit when the cell wraps.
                std::vector<std::string> cells{fmt::format("{} ({}\u00a0km²)", row.label.in(lang), core::format_km2(row.total_km2, lang))};
                for (std::size_t l = scale.size(); l-- > 0;)
                    cells.push_back(core::format_share(row.km2_per_class[l], row.total_km2, lang));
                cells.push_back(core::format_share(row.km2_per_class.back(), row.total_km2, lang));
                t.rows.push_back(std::move(cells));
            }
            doc.table = std::move(t);
        }
        for (const auto& z : gz.city_zones) doc.notes.push_back(labelled(ui(lang, "assumption"), z.assumption.in(lang), lang) + ".");
        for (const auto& o : gz.operating_areas) doc.notes.push_back(labelled(ui(lang, "assumption"), o.assumption.in(lang), lang) + ".");
        const std::string boundary_note = gz.boundary_note.in(lang);
        if (!d.report.folded.empty() && !boundary_note.empty()) doc.notes.push_back(boundary_note);
        doc.source_line = source_line(in, lang, as.citation);
        doc.metadata.title = doc.title;
        doc.metadata.subject = doc.subtitle;
        doc.metadata.author = "threatmap";
        doc.metadata.keywords = fmt::format("{}, {}, {}", as.id, cat.id, as.citation);
    } else {
        doc.title = generic_map_title(in, lang);
        doc.subtitle = core::replace_all(ui(lang, "feature_count"), "{count}", std::to_string(in.boundaries.features.size()));
        doc.source_line = labelled(ui(lang, "source_single"), in.boundaries.path, lang);
        doc.metadata.title = doc.title;
        doc.metadata.author = "threatmap";
    }
    doc.metadata.creator = "threatmap " THREATMAP_VERSION;
    // Alt text: which regions are in which class, as the legend lists them.
    std::string desc = doc.title + ". ";
    for (const auto& row : areas_by_legend_row(in, d, kind, lang))
        desc += fmt::format("{}: {}. ", row.row, names_listed(row.names, ui, lang));
    doc.metadata.description = desc;

    // Inset: the neighbours and the country, whole, with the main frame marked.
    if (in.assessment && !d.inset_countries_xy.empty()) {
        layout::Inset inset;
        inset.countries = d.inset_countries_xy;
        inset.highlight = d.inset_highlight_xy;
        const auto& f = doc.frame;
        inset.main_frame = {{f.min_corner().x, f.max_corner().y}, {f.max_corner().x, f.max_corner().y},
                            {f.max_corner().x, f.min_corner().y}, {f.min_corner().x, f.min_corner().y},
                            {f.min_corner().x, f.max_corner().y}};
        inset.extent = d.inset_extent;
        doc.inset = std::move(inset);
    }
    const UncoveredTexts checked(measurer);
    layout::Scene scene = layout::layout_map(doc, checked, diagnostics);
    checked.report(diagnostics);
    return scene;
}

}  // namespace threatmap::batch
