// A layer of several countries' regions (Natural Earth's admin-1 of the
// world, a regional layer merged from national ones) given for one country's
// assessment: the maps are of that country, so its features are kept and the
// others left out before anything else reads the layer. Without this, the
// other countries' regions were areas of the map ("not assessed"): the
// frame and the UTM projection of Mali's maps failed on the world, after
// 25 s of dissolving it into a "country" outline.
//
// Which features are the country's is read from the layer itself, not from a
// table of country codes: the features the gazetteer knows as its regions
// (by code or name) agree on the value of a country field (iso_a2 "ML",
// adm0_a3 or iso3 "MLI", GID_0, shapeGroup, admin "Mali", ...); the features
// with that value are kept. A layer without such a field is told apart by its
// ISO 3166-2 codes' country prefix ("ML-4" against the gazetteer's "ML").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/boundaries.hpp"
#include "core/gazetteer.hpp"

namespace threatmap::join {

// The fields that name a feature's country, in the order they are tried.
const std::vector<std::string>& country_fields();

struct CountrySelection {
    std::string field;  // the field that told, or "" for the ISO 3166-2 codes' prefix
    std::string value;  // the country's value in it ("MLI"; the prefix "ML" for codes)
    std::size_t kept = 0;
    std::size_t left_out = 0;         // features of other countries
    std::size_t other_countries = 0;  // distinct other values
    // "the 8 features whose iso3 is \"MLI\" (...); 4,638 features of 250 other countries are left out"
    std::string describe() const;
};

// Keeps only the features of the gazetteer's country when `layer` holds
// regions of other countries too, and says what it did. Returns nothing, and
// leaves the layer as it is, when the layer is one country's (every map of
// the embedded data) or when no feature is a region the gazetteer knows (the
// join then says that no feature matches). Features keep their order.
std::optional<CountrySelection> select_country(Boundaries& layer, const Gazetteer& gazetteer);

}  // namespace threatmap::join
