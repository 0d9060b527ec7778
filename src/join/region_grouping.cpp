#include "join/region_grouping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "join/join.hpp"

namespace threatmap::join {

namespace {

// The field that names the region a feature lies in, codes before names (a
// code is one spelling): OCHA's common operational datasets, geoBoundaries'
// humanitarian edition, GADM.
const std::vector<std::string> kRegionFields = {"ADM1_PCODE", "adm1_pcode", "admin1Pcode", "GID_1",         "HASC_1",
                                                "ADM1_EN",    "ADM1_FR",    "admin1Name",  "admin1Name_en", "admin1Name_fr",
                                                "NAME_1"};
// The feature's own region code (Natural Earth's, geoBoundaries'): features
// sharing one are one region in several parts (an island kept apart), which
// the join would otherwise find twice ("area Gao matches 2 boundary features").
const std::vector<std::string> kOwnCodeFields = {"iso_3166_2", "ISO_3166_2", "shapeISO"};

// Fields of a unit below a region: a layer with one of them and no region field cannot be grouped.
const std::vector<std::string> kFinerFields = {"ADM2_EN", "ADM2_FR", "ADM2_PCODE", "admin2Name", "admin2Pcode", "NAME_2", "GID_2"};

// The fields grouped by, in this order: those naming the region, then the feature's own code.
const std::vector<std::string>& grouping_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> out = kRegionFields;
        out.insert(out.end(), kOwnCodeFields.begin(), kOwnCodeFields.end());
        return out;
    }();
    return fields;
}

bool is_code(const std::string& value) { return !value.empty() && value.front() != '-' && value.back() != '-'; }

bool has_field(const Boundaries& layer, const std::string& field) {
    return std::find(layer.fields.begin(), layer.fields.end(), field) != layer.fields.end();
}

// The attributes every member has with the same value.
std::map<std::string, std::string> shared_attributes(const Boundaries& layer, const std::vector<std::size_t>& members) {
    std::map<std::string, std::string> shared = layer.features[members.front()].attributes;
    for (std::size_t m = 1; m < members.size(); ++m) {
        const auto& other = layer.features[members[m]].attributes;
        for (auto it = shared.begin(); it != shared.end();) {
            const auto found = other.find(it->first);
            it = found == other.end() || found->second != it->second ? shared.erase(it) : std::next(it);
        }
    }
    return shared;
}

}  // namespace

const std::vector<std::string>& level_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> out = grouping_fields();
        out.push_back("shapeType");  // geoBoundaries: "ADM1", "ADM2", ...
        return out;
    }();
    return fields;
}

std::string RegionGrouping::describe() const {
    return fmt::format("its {} features are grouped by {} into {} regions, each drawn and assessed as one", features, field,
                       members.size());
}

std::optional<RegionGrouping> region_grouping(const Boundaries& layer, const Gazetteer& gazetteer) {
    const auto& features = layer.features;
    for (const auto& field : grouping_fields()) {
        if (!has_field(layer, field)) continue;
        // A region field must name every feature's region; a feature without
        // its own code (or with a placeholder) is a region of its own.
        const bool own_code = std::find(kOwnCodeFields.begin(), kOwnCodeFields.end(), field) != kOwnCodeFields.end();
        const bool every_feature_says =
            std::all_of(features.begin(), features.end(), [&](const BoundaryFeature& f) { return !f.attribute(field).empty(); });
        if (!own_code && !every_feature_says) continue;
        RegionGrouping g;
        g.field = field;
        g.features = features.size();
        std::map<std::string, std::size_t> group_of;
        for (std::size_t i = 0; i < features.size(); ++i) {
            const std::string value = features[i].attribute(field);
            // No code, or a placeholder for one ("ML-", "-99", as Natural Earth
            // has them): the feature is a region of its own.
            if (own_code && !is_code(value)) {
                g.members.push_back({i});
                continue;
            }
            const auto [it, added] = group_of.emplace(value, g.members.size());
            if (added) g.members.emplace_back();
            g.members[it->second].push_back(i);
        }
        // One feature per region: a layer of regions, as the join expects.
        if (g.members.size() == features.size()) return std::nullopt;
        // The groups are the gazetteer's regions, at least as many as the
        // features themselves are (a gazetteer of districts keeps its districts).
        std::vector<BoundaryFeature> groups(g.members.size());
        for (std::size_t k = 0; k < g.members.size(); ++k) groups[k].attributes = shared_attributes(layer, g.members[k]);
        const std::size_t by_group = units_known(groups, gazetteer);
        if (by_group == 0 || by_group < units_known(features, gazetteer)) return std::nullopt;
        return g;
    }
    return std::nullopt;
}

void group_features(Boundaries& layer, const RegionGrouping& grouping,
                    const std::function<MultiPolygonLL(std::vector<MultiPolygonLL>)>& merge) {
    std::vector<BoundaryFeature> grouped;
    grouped.reserve(grouping.members.size());
    for (const auto& members : grouping.members) {
        BoundaryFeature region;
        region.fid = layer.features[members.front()].fid;
        region.attributes = shared_attributes(layer, members);
        std::vector<MultiPolygonLL> parts;
        parts.reserve(members.size());
        for (std::size_t i : members) parts.push_back(std::move(layer.features[i].geometry));
        region.geometry = members.size() == 1 ? std::move(parts.front()) : merge(std::move(parts));
        grouped.push_back(std::move(region));
    }
    layer.features = std::move(grouped);
}

std::string finer_level_warning(const Boundaries& layer) {
    for (const auto& field : kRegionFields)
        if (has_field(layer, field)) return "";  // grouped, or a gazetteer of the units themselves
    std::string level;
    for (const auto& f : layer.features) {
        const std::string type = f.attribute("shapeType");
        if (type.size() == 4 && type.compare(0, 3, "ADM") == 0 && type[3] >= '2' && type[3] <= '9') {
            level = fmt::format("admin level {} units (shapeType \"{}\")", type[3], type);
            break;
        }
    }
    if (level.empty())
        for (const auto& field : kFinerFields)
            if (has_field(layer, field)) {
                level = fmt::format("units below a region (field {})", field);
                break;
            }
    if (level.empty()) return "";
    return fmt::format("{}: its features are {} and no field says which region each lies in: an area of the assessment "
                       "takes only the unit of its name, and the rest of its region is shown not assessed; give the "
                       "layer of regions (admin level 1)",
                       layer.path, level);
}

}  // namespace threatmap::join
