// What the analyst knows about the places and areas a map shows, independent
// of any boundary file: administrative units with their codes and aliases (and
// which older unit they were part of), places with coordinates and sources,
// city zones and operating areas defined by explicit, stated assumptions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "core/geo_types.hpp"

namespace threatmap {

struct AdminUnit {
    std::string iso;                  // ISO 3166-2, e.g. "ML-6"
    std::string name;                 // preferred display name, e.g. "Tombouctou"
    std::vector<std::string> aliases; // other spellings, in any language
    Translated label;                 // region label on the map per language
    std::string part_of_before;       // ISO of the unit it was part of before `created`
    std::string created;              // year the unit was created, e.g. "2016"
};

enum class PlaceKind { capital, town, village, camp, event };

struct Place {
    std::string id;
    std::string name;
    std::vector<std::string> aliases;
    Translated label;
    LonLat position;
    PlaceKind kind = PlaceKind::town;
    Translated role;      // e.g. "Sector HQ East", per language; no text when none
    bool sector_hq = false;
    std::string source;   // where the coordinates come from
};

struct EventMark {
    std::string id;
    std::string date;
    std::string place;    // Place id
    Translated label;
    std::string quote;
    int source_line = 0;
};

// A city zone: a circle around a place, an area of its own in the assessment
// and carved out of the region around it.
struct CityZone {
    std::string id;
    std::string name;
    std::vector<std::string> aliases;
    Translated label;
    std::string place;       // Place id of the centre
    double radius_km = 0;
    Translated assumption;  // why this radius, shown in the map's note (in the map's language)
};

struct Corridor {
    std::string from;  // Place ids
    std::string to;
    double half_width_km = 0;
};

struct AroundPlace {
    std::string place;
    double radius_km = 0;
};

// An operating area: union of circles around places and corridors between them.
struct OperatingArea {
    std::string id;
    Translated label;
    std::string line_style;  // key into Style::operating_lines, e.g. "mainly"
    std::vector<AroundPlace> around;
    std::vector<Corridor> corridors;
    std::string quote;
    int source_line = 0;
    Translated assumption;
};

// A neighbouring country's label: the context layer names countries in
// English only (world-atlas' `name`); a map in Dutch or French says Algerije
// or Algérie.
struct NeighbourLabel {
    std::string name;  // as the context layer's `name` field spells it
    Translated label;
};

struct Gazetteer {
    std::string path;
    std::string country;  // ISO 3166-1 alpha-2 of the mapped country
    // The maps' CRS when --crs gives none (a national grid, say); empty: one
    // fitted to the boundary layer (geometry::map_crs_for).
    std::string map_crs;
    std::vector<AdminUnit> units;
    std::vector<Place> places;
    std::vector<EventMark> events;
    std::vector<CityZone> city_zones;
    std::vector<OperatingArea> operating_areas;
    Translated boundary_note;  // e.g. that borders predate 2016
    std::vector<NeighbourLabel> neighbours;
    // The legend's words for the kinds of place, where this case has its own
    // ("Capital, MINUSMA HQ"; keys capital, sector_hq, town, event); a kind
    // not given says what styles/i18n.toml says ("Capital").
    std::map<std::string, Translated> legend_words;
    // Whom the places' coordinates are from, for the source line ("GeoNames
    // (CC BY 4.0)"); without it the line names the gazetteer's file.
    Translated places_credit;
    const Place* find_place(const std::string& id) const;
    // The label of the neighbouring country the context layer calls `name`,
    // in `lang`; the name itself for a country the gazetteer does not list.
    std::string neighbour_label(const std::string& name, const std::string& lang) const;
};

}  // namespace threatmap
