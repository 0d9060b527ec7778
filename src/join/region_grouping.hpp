// An analyst's layer may be a level finer than the assessment's regions: the
// districts of a humanitarian common operational dataset (ADM2_EN, each with
// the ADM1_EN and ADM1_PCODE of its region), GADM's level 2 (NAME_2 within
// NAME_1, GID_1), a region split into islands. Joined feature by feature, a
// region's name then matched each of its districts ("area Gao matches 4
// boundary features; it must match one"), and a layer that gives no region
// field coloured only the district that shares the region's name.
//
// When the features say which region they lie in (a region field, or their
// own region code shared by the parts of one region), and the gazetteer's regions
// are those regions (not the features themselves: a gazetteer of districts
// keeps its districts), the features are grouped by it: each group becomes one
// feature, its geometry the union of its members' (made by the caller: join
// does no polygon work), its attributes those its members share. A layer of
// level-2 units that says nothing of their regions (geoBoundaries' ADM2) is
// named in a warning instead.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/boundaries.hpp"
#include "core/gazetteer.hpp"

namespace threatmap::join {

// The fields, beyond the join's names and codes, that tell a layer's level
// (read with the layer).
const std::vector<std::string>& level_fields();

struct RegionGrouping {
    std::string field;                              // the region field grouped by: "ADM1_PCODE"
    std::vector<std::vector<std::size_t>> members;  // per region, its features (layer order), regions by first member
    std::size_t features = 0;                       // before grouping
    // "its 56 features are grouped by ADM1_PCODE into 10 regions"
    std::string describe() const;
};

// How `layer`'s features group into the gazetteer's regions, or nothing when
// each feature is a region already (the embedded layer; every layer of
// regions, one feature each) or the layer names no region field.
std::optional<RegionGrouping> region_grouping(const Boundaries& layer, const Gazetteer& gazetteer);

// Replaces each group's members by one feature: the first member's fid, the
// attributes every member has with the same value, the geometry `merge`
// makes of the members' (a union). Features keep the order of their groups.
void group_features(Boundaries& layer, const RegionGrouping& grouping,
                    const std::function<MultiPolygonLL(std::vector<MultiPolygonLL>)>& merge);

// A warning when the layer's features are finer than regions and it has no
// region field to group them by (geoBoundaries' shapeType "ADM2"); "" otherwise.
std::string finer_level_warning(const Boundaries& layer);

}  // namespace threatmap::join
