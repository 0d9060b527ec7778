// Joins boundary features with an assessment category: each entry is matched
// to a feature by ISO code, name or alias (case and accents ignored) through
// the gazetteer; units created after the boundary data are folded into the
// unit they were part of, and reported; city zones become areas of their own.
// Fatal (threatmap::Error at the entry's file:line:col): an entry that matches
// nothing (closest names suggested), an entry matching two features, one
// region given two different levels.
#pragma once

#include <string>

#include "core/assessment.hpp"
#include "core/boundaries.hpp"
#include "core/diagnostics.hpp"
#include "core/gazetteer.hpp"
#include "join/classified_areas.hpp"

namespace threatmap::join {

ClassifiedAreas join_category(const Boundaries& boundaries, const Assessment& assessment, const Category& category,
                              const Gazetteer& gazetteer, core::Diagnostics& diagnostics, JoinReport* report = nullptr);

// The generic choropleth: the class of each feature is the value of `class_field`.
// Class order: `class_order` if given, else sorted values. Features without a
// value are not assessed. Areas are in feature order; with_geometry = false
// leaves their geometry empty (the caller projects the features' own, and a
// large layer is not copied once more).
ClassifiedAreas classify_by_field(const Boundaries& boundaries, const std::string& class_field,
                                  const std::vector<std::string>& class_order, core::Diagnostics& diagnostics,
                                  bool with_geometry = true);

// Names a feature is known by (fields name, name_alt split on '|', NAME_1,
// ADM1_EN, ADM1_FR, ...) and its codes (iso_3166_2, ADM1_PCODE, ...).
std::vector<std::string> feature_names(const BoundaryFeature& feature);
std::vector<std::string> feature_codes(const BoundaryFeature& feature);

// The gazetteer unit a feature is, by one of its codes or names (the first
// unit that matches), or null.
const AdminUnit* unit_of_feature(const BoundaryFeature& feature, const Gazetteer& gazetteer);
// How many of the gazetteer's units the features are (each counted once).
std::size_t units_known(const std::vector<BoundaryFeature>& features, const Gazetteer& gazetteer);

// A warning when two features of the layer bear one name (their gazetteer
// unit's, else their own), each labelled on the maps: one region in several
// features, or one misnamed (Natural Earth's Afghanistan: two "Parwan", one
// of them Panjshir); "" otherwise.
std::string repeated_names_warning(const Boundaries& layer, const Gazetteer& gazetteer);

// Every attribute the join, the classification and the names on a map read
// from a boundary feature: the name and code fields above, and `class_field`
// when one is given, else the country fields of select_country.hpp. A reader
// may leave the others out.
std::vector<std::string> attribute_fields_read(const std::string& class_field = "");

}  // namespace threatmap::join
