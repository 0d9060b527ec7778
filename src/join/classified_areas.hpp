// The output of the join: every area of the map with its class (a level of
// the scale, or not assessed) and the sentences that justify it. Plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "core/geo_types.hpp"

namespace threatmap::join {

struct Justification {
    std::string area_as_written;  // as the assessment names it
    std::string quote;
    int source_line = 0;
};

struct CityZoneRef {
    std::string place_id;
    LonLat centre;
    double radius_km = 0;
    std::string carve_from_id;  // id of the ClassifiedArea the zone is cut out of
    Translated assumption;
};

struct ClassifiedArea {
    std::string id;  // stable: ISO code, zone id or "fid-N"
    std::string name;
    Translated label;
    MultiPolygonLL geometry;  // empty for a city zone until geometry::derive
    std::optional<std::size_t> level;           // index into the scale; nullopt: not assessed
    std::optional<std::size_t> previous_level;  // where the source gives one
    std::vector<Justification> justifications;
    std::optional<CityZoneRef> zone;
    std::vector<std::string> folded_units;      // e.g. "Taoudénit" shown within this area
};

struct ClassifiedAreas {
    std::string category_id;
    Translated category_title;
    std::vector<Level> scale;  // ordered lowest to highest
    // False for classes that have no order of their own (a layer's names,
    // sorted only to be found): a legend lists them as they sort, not from
    // the highest down.
    bool scale_is_ordinal = true;
    Translated not_assessed_label;
    std::vector<ClassifiedArea> areas;  // sorted by id
    const ClassifiedArea* find(const std::string& id) const;
};

struct JoinReport {
    std::vector<std::string> matched;       // "Ségou -> feature 7 'Ségou' (ML-4)"
    std::vector<std::string> folded;        // "Taoudénit (ML-10) folded into Tombouctou: ..."
    std::vector<std::string> not_assessed;  // names of areas no entry mentions
    std::string text() const;
};

}  // namespace threatmap::join
