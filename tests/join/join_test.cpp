// join: the MINUSMA assessment against the Natural Earth regions (9 units,
// Ménaka and Taoudénit folded) and against a synthetic file with all eleven
// units (tests/data/boundaries/mali-eleven-units.geojson: 1x2 degree boxes
// named like the OCHA layer, ADM1_FR/ADM1_PCODE, no ISO codes). Expected
// levels are the letter's (../shared/source/FACTS.md, threat table).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/assessment_reader.hpp"
#include "io/boundary_reader.hpp"
#include "io/gazetteer_reader.hpp"
#include "join/join.hpp"

namespace threatmap::join {
namespace {

const std::string kData = THREATMAP_TEST_DATA;
const std::string kNaturalEarth = "geodata/boundaries/mali-admin1.fgb";
const std::string kEleven = kData + "/boundaries/mali-eleven-units.geojson";

constexpr std::size_t kVerwaarloosbaar = 0, kMatig = 1, kSignificant = 2;

class Join : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        core::Diagnostics d;
        assessment_ = new Assessment(io::read_assessment("geodata/assessments/minusma-2017.toml"));
        gazetteer_ = new Gazetteer(io::read_gazetteer("geodata/gazetteer/mali.toml"));
        natural_earth_ = new Boundaries(io::read_boundaries(kNaturalEarth, {}, d));
        eleven_ = new Boundaries(io::read_boundaries(kEleven, {}, d));
    }
    static void TearDownTestSuite() {
        delete assessment_;
        delete gazetteer_;
        delete natural_earth_;
        delete eleven_;
    }

    ClassifiedAreas join(const Boundaries& b, const std::string& category, JoinReport* report = nullptr) {
        return join_category(b, *assessment_, *assessment_->find_category(category), *gazetteer_, diagnostics_, report);
    }

    static const ClassifiedArea& area(const ClassifiedAreas& areas, const std::string& id) {
        const ClassifiedArea* a = areas.find(id);
        if (!a) throw std::runtime_error("no area " + id);
        return *a;
    }

    static Assessment* assessment_;
    static Gazetteer* gazetteer_;
    static Boundaries* natural_earth_;
    static Boundaries* eleven_;
    core::Diagnostics diagnostics_;
};
Assessment* Join::assessment_ = nullptr;
Gazetteer* Join::gazetteer_ = nullptr;
Boundaries* Join::natural_earth_ = nullptr;
Boundaries* Join::eleven_ = nullptr;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Join, IedOnNaturalEarth) {
    JoinReport report;
    ClassifiedAreas ied = join(*natural_earth_, "ied", &report);
    EXPECT_EQ(ied.category_id, "ied");
    ASSERT_EQ(ied.scale.size(), 3u);
    ASSERT_EQ(ied.areas.size(), 10u);  // 9 regions + the Gao city zone
    EXPECT_TRUE(std::is_sorted(ied.areas.begin(), ied.areas.end(), [](const auto& a, const auto& b) { return a.id < b.id; }));

    for (const char* id : {"ML-4", "ML-5", "ML-7", "ML-8"}) EXPECT_EQ(area(ied, id).level, kSignificant) << id;
    EXPECT_EQ(area(ied, "ML-4").name, "Ségou");
    EXPECT_EQ(area(ied, "ML-6").name, "Tombouctou");
    EXPECT_EQ(area(ied, "ML-6").level, kMatig);
    EXPECT_EQ(area(ied, "ML-6").label.in("en"), "Timbuktu");
    EXPECT_EQ(area(ied, "ML-BKO").level, kVerwaarloosbaar);
    for (const char* id : {"ML-1", "ML-2", "ML-3"}) {
        EXPECT_EQ(area(ied, id).level, std::nullopt) << id;
        EXPECT_TRUE(area(ied, id).justifications.empty()) << id;
    }
    EXPECT_FALSE(ied.find("ML-9"));
    EXPECT_FALSE(ied.find("ML-10"));

    const ClassifiedArea& zone = area(ied, "gao-city");
    EXPECT_EQ(zone.level, kMatig);
    ASSERT_TRUE(zone.zone);
    EXPECT_EQ(zone.zone->carve_from_id, "ML-7");
    EXPECT_EQ(zone.zone->place_id, "gao");
    EXPECT_DOUBLE_EQ(zone.zone->radius_km, 8);
    EXPECT_TRUE(zone.geometry.empty());
    ASSERT_EQ(zone.justifications.size(), 1u);
    EXPECT_EQ(zone.justifications[0].area_as_written, "Gao-stad");
    EXPECT_EQ(zone.justifications[0].source_line, 868);

    // Folds: Ménaka into Gao, Taoudénit into Tombouctou, each reported once.
    ASSERT_EQ(report.folded.size(), 2u);
    auto fold_of = [&](const std::string& unit) {
        for (const auto& f : report.folded)
            if (f.rfind(unit, 0) == 0) return f;
        return std::string();
    };
    std::string menaka = fold_of("Ménaka"), taoudenit = fold_of("Taoudénit");
    EXPECT_TRUE(contains(menaka, "Ménaka (ML-9)") && contains(menaka, "shown within Gao (ML-7)")) << menaka;
    EXPECT_TRUE(contains(menaka, kNaturalEarth) && contains(menaka, "2016")) << menaka;
    EXPECT_TRUE(contains(taoudenit, "Taoudénit (ML-10)") && contains(taoudenit, "shown within Tombouctou (ML-6)")) << taoudenit;
    EXPECT_EQ(area(ied, "ML-7").folded_units, std::vector<std::string>{"Ménaka"});
    EXPECT_EQ(area(ied, "ML-6").folded_units, std::vector<std::string>{"Taoudénit"});
    EXPECT_TRUE(diagnostics_.contains_kind("join.fold"));
    EXPECT_EQ(diagnostics_.warning_count(), 0u);  // folded units carry their host's level here
    // Gao carries its own sentence and Ménaka's.
    EXPECT_EQ(area(ied, "ML-7").justifications.size(), 2u);

    std::vector<std::string> not_assessed = report.not_assessed;
    std::sort(not_assessed.begin(), not_assessed.end());
    EXPECT_EQ(not_assessed, (std::vector<std::string>{"Kayes", "Koulikoro", "Sikasso"}));
    EXPECT_TRUE(contains(report.text(), "folded    Ménaka (ML-9)"));
    EXPECT_TRUE(contains(report.text(), "matched   Ségou -> feature 7 'Ségou' (ML-4)"));
}

TEST_F(Join, GeneralOnNaturalEarth) {
    JoinReport report;
    ClassifiedAreas general = join(*natural_earth_, "general", &report);
    for (const char* id : {"ML-6", "ML-5", "ML-4", "gao-city"}) {
        EXPECT_EQ(area(general, id).level, kSignificant) << id;
        EXPECT_EQ(area(general, id).previous_level, kMatig) << id << ": raised from matig";
    }
    for (const char* id : {"ML-7", "ML-8"}) {
        EXPECT_EQ(area(general, id).level, kSignificant) << id;
        EXPECT_EQ(area(general, id).previous_level, kSignificant) << id;
    }
    EXPECT_EQ(area(general, "ML-BKO").level, kMatig);
    EXPECT_EQ(area(general, "ML-BKO").previous_level, kMatig);
    for (const char* id : {"ML-1", "ML-2", "ML-3"}) EXPECT_EQ(area(general, id).level, std::nullopt) << id;
    // The general section does not name Ménaka: only Taoudénit is folded.
    ASSERT_EQ(report.folded.size(), 1u);
    EXPECT_TRUE(contains(report.folded[0], "Taoudénit (ML-10)")) << report.folded[0];
    EXPECT_TRUE(area(general, "ML-7").folded_units.empty());
}

// Level and previous level per area id, for comparing two joins.
std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> levels_by_id(const ClassifiedAreas& c) {
    std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> out;
    for (const auto& a : c.areas) out[a.id] = {a.level, a.previous_level};
    return out;
}

TEST_F(Join, ElevenUnitsJoinUnchangedWithoutFolds) {
    ASSERT_EQ(eleven_->features.size(), 11u);
    for (const char* category : {"ied", "general"}) {
        SCOPED_TRACE(category);
        core::Diagnostics d;
        JoinReport report;
        ClassifiedAreas on_eleven = join_category(*eleven_, *assessment_, *assessment_->find_category(category),
                                                  *gazetteer_, d, &report);
        ClassifiedAreas on_ne = join(*natural_earth_, category);
        EXPECT_TRUE(report.folded.empty()) << report.text();
        EXPECT_FALSE(d.contains_kind("join.fold"));
        EXPECT_EQ(on_eleven.areas.size(), 12u);
        std::vector<std::string> ids;
        for (const auto& a : on_eleven.areas) {
            ids.push_back(a.id);
            EXPECT_TRUE(a.folded_units.empty()) << a.id;
        }
        EXPECT_EQ(ids, (std::vector<std::string>{"ML-1", "ML-10", "ML-2", "ML-3", "ML-4", "ML-5", "ML-6", "ML-7",
                                                 "ML-8", "ML-9", "ML-BKO", "gao-city"}));
        // Every area the Natural Earth join has gets the same level here.
        auto eleven_levels = levels_by_id(on_eleven);
        for (const auto& [id, levels] : levels_by_id(on_ne)) {
            ASSERT_EQ(eleven_levels.count(id), 1u) << id;
            EXPECT_EQ(eleven_levels[id], levels) << id;
        }
        EXPECT_EQ(area(on_eleven, "gao-city").zone->carve_from_id, "ML-7");
        EXPECT_EQ(area(on_eleven, "ML-9").name, "Ménaka");
        EXPECT_EQ(area(on_eleven, "ML-10").name, "Taoudénit");
    }
    ClassifiedAreas ied = join(*eleven_, "ied");
    EXPECT_EQ(area(ied, "ML-9").level, kSignificant);
    EXPECT_EQ(area(ied, "ML-10").level, kMatig);
    ASSERT_EQ(area(ied, "ML-10").justifications.size(), 1u);
    EXPECT_EQ(area(ied, "ML-10").justifications[0].area_as_written, "Taoudenni");
    ClassifiedAreas general = join(*eleven_, "general");
    EXPECT_EQ(area(general, "ML-10").level, kSignificant);
    EXPECT_EQ(area(general, "ML-10").previous_level, kMatig);
    EXPECT_EQ(area(general, "ML-9").level, std::nullopt) << "the letter's general section does not name Ménaka";
}

TEST_F(Join, FoldedUnitWithAHigherLevelRaisesItsHostAndWarns) {
    Assessment a = *assessment_;
    Category& ied = a.categories[0];
    for (auto& e : ied.areas)
        if (e.area == "Taoudenni") e.level = "significant";
    ClassifiedAreas ne = join_category(*natural_earth_, a, ied, *gazetteer_, diagnostics_);
    EXPECT_EQ(area(ne, "ML-6").level, kSignificant);
    EXPECT_TRUE(diagnostics_.contains_kind("join.fold_level"));
    // Where the entry is, as every message of ours names a place: file:line:col.
    std::string taoudenni_at;
    for (const auto& e : ied.areas)
        if (e.area == "Taoudenni") taoudenni_at = e.defined_at.where;
    for (const auto& d : diagnostics_.all())
        if (d.kind == "join.fold_level")
            EXPECT_EQ(d.message.rfind("geodata/assessments/minusma-2017.toml:" + taoudenni_at + ": \"Taoudenni\" (significant) "
                                      "is folded into ", 0),
                      0u)
                << d.message;
    core::Diagnostics d;
    ClassifiedAreas eleven = join_category(*eleven_, a, ied, *gazetteer_, d);
    EXPECT_EQ(area(eleven, "ML-6").level, kMatig);
    EXPECT_EQ(area(eleven, "ML-10").level, kSignificant);
    EXPECT_EQ(d.warning_count(), 0u);
}

// Joins the first category of an assessment file under tests/data/assessments/ and returns the error.
threatmap::Error join_error(const std::string& file, const Boundaries& b, const Gazetteer& g) {
    Assessment a = io::read_assessment(kData + "/assessments/" + file);
    core::Diagnostics d;
    try {
        join_category(b, a, a.categories.at(0), g, d);
    } catch (const threatmap::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error joining " << file;
    return threatmap::Error("no error");
}

TEST_F(Join, UnmatchedAreaSuggestsClosestNames) {
    const std::string path = kData + "/assessments/unmatched_area.toml";
    for (const Boundaries* b : {natural_earth_, eleven_}) {
        SCOPED_TRACE(b->path);
        auto e = join_error("unmatched_area.toml", *b, *gazetteer_);
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, path);
        EXPECT_EQ(e.location().where, "18:12");
        EXPECT_TRUE(contains(msg, "area \"Timbuctoo\" matches no region, alias, code or city zone")) << msg;
        // The closest names are spellings of Timbuktu, and nothing else.
        auto open = msg.find("(closest names: ");
        ASSERT_NE(open, std::string::npos) << msg;
        const std::string names = msg.substr(open);
        EXPECT_TRUE(contains(names, "Timbouctou")) << msg;  // a gazetteer alias of Tombouctou
        for (const char* other : {"Kidal", "Gao", "Mopti", "Taoud"}) EXPECT_FALSE(contains(names, other)) << msg;
    }
    // Without Natural Earth's many alternative spellings the suggestions are the gazetteer's names.
    auto e = join_error("unmatched_area.toml", *eleven_, *gazetteer_);
    EXPECT_TRUE(contains(e.what(), "(closest names: Timbouctou, Tombouctou or Timbuktu)")) << e.what();
}

// A region the gazetteer knows but the layer lacks: the message says what was
// looked for and suggests the layer's own names when one is close (a
// misspelling in the layer), else shows what the layer holds (another
// country's layer); the gazetteer's spellings of the region are no help.
TEST_F(Join, RegionMissingFromTheLayerSaysWhatWasLookedForAndWhatTheLayerHas) {
    Boundaries misspelt = *eleven_;
    for (auto& f : misspelt.features)
        if (f.attribute("ADM1_FR") == "Ségou") {
            f.attributes["ADM1_FR"] = "Segouu";
            f.attributes.erase("ADM1_PCODE");
        }
    // The message of the error joining `layer`'s IED levels.
    auto join_message = [this](const Boundaries& layer) -> std::string {
        try {
            join(layer, "ied");
        } catch (const Error& e) {
            return e.what();
        }
        ADD_FAILURE() << "no error joining " << layer.path;
        return "";
    };
    std::string msg = join_message(misspelt);
    EXPECT_TRUE(contains(msg, "area \"Ségou\" (ML-4) matches no feature of ")) << msg;
    EXPECT_TRUE(contains(msg, "no feature has the code ML-4 or the name Ségou or an alias of it")) << msg;
    EXPECT_TRUE(contains(msg, "(the layer's closest names: Segouu")) << msg;

    Boundaries elsewhere = *eleven_;
    // Two parts of Ain (an island and the mainland, say): named once.
    const char* const french[] = {"Ain", "Ain", "Aisne", "Allier"};
    for (std::size_t i = 0; i < elsewhere.features.size(); ++i) {
        elsewhere.features[i].attributes = {{"ADM1_FR", i < 4 ? french[i] : "Département " + std::to_string(i)}};
    }
    msg = join_message(elsewhere);
    EXPECT_TRUE(contains(msg, "matches no feature of ")) << msg;
    EXPECT_TRUE(contains(msg, "(the layer names regions such as Ain, Aisne or Allier: is it the assessment's country?)")) << msg;
    EXPECT_FALSE(contains(msg, "closest names")) << msg;
}

TEST_F(Join, AreaMatchingTwoFeaturesNamesBoth) {
    Boundaries doubled = *eleven_;
    BoundaryFeature copy;
    for (const auto& f : doubled.features)
        if (f.attribute("ADM1_FR") == "Gao") copy = f;
    ASSERT_EQ(copy.fid, 5);
    copy.fid = 11;
    doubled.features.push_back(copy);
    try {
        join(doubled, "ied");
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        const std::string msg = e.what();
        const AreaLevel& gao_entry = assessment_->find_category("ied")->areas[2];
        ASSERT_EQ(gao_entry.area, "Gao");
        EXPECT_EQ(e.location().file, "geodata/assessments/minusma-2017.toml");
        EXPECT_EQ(e.location().where, gao_entry.defined_at.where);
        EXPECT_TRUE(contains(msg, "area \"Gao\" matches 2 boundary features")) << msg;
        EXPECT_TRUE(contains(msg, "feature 5 'Gao' and feature 11 'Gao'")) << msg;
        EXPECT_TRUE(contains(msg, kEleven)) << msg;
        EXPECT_TRUE(contains(msg, "when they share its code in iso_3166_2, shapeISO or ADM1_PCODE")) << msg;
    }
}

TEST_F(Join, OneRegionTwoLevelsThroughTwoAliases) {
    for (const Boundaries* b : {natural_earth_, eleven_}) {
        SCOPED_TRACE(b->path);
        auto e = join_error("alias_two_levels.toml", *b, *gazetteer_);
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, kData + "/assessments/alias_two_levels.toml");
        EXPECT_EQ(e.location().where, "19:12");
        EXPECT_TRUE(contains(msg, "region Tombouctou is given two levels in category \"ied\"")) << msg;
        EXPECT_TRUE(contains(msg, "\"significant\" (as \"Timbuktu\", at 18:12)")) << msg;
        EXPECT_TRUE(contains(msg, "\"matig\" (as \"Tombouctou\")")) << msg;
    }
}

TEST_F(Join, CityZoneOutsideEveryFeature) {
    Boundaries without_gao = *eleven_;
    without_gao.features.erase(std::remove_if(without_gao.features.begin(), without_gao.features.end(),
                                              [](const auto& f) { return f.attribute("ADM1_FR") == "Gao"; }),
                               without_gao.features.end());
    Category c;
    c.id = "ied";
    c.areas.push_back({"Gao-stad", "matig", std::nullopt, "q", 868, {"test.toml", "3:4"}});
    try {
        join_category(without_gao, *assessment_, c, *gazetteer_, diagnostics_);
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("test.toml:3:4: city zone \"Gao-stad\": its centre Gao", 0), 0u) << e.what();
        EXPECT_TRUE(contains(e.what(), "lies in no boundary feature")) << e.what();
    }
}

TEST(FeatureNames, NamesSplitOnBarAndCountryPrefixIsNoCode) {
    BoundaryFeature f;
    f.attributes = {{"name", "Timbuktu"}, {"name_alt", "Timbouctou|Tombouctou"}, {"iso_3166_2", "ML-"},
                    {"ADM1_PCODE", "ML06"}};
    EXPECT_EQ(feature_names(f), (std::vector<std::string>{"Timbuktu", "Timbouctou", "Tombouctou"}));
    EXPECT_EQ(feature_codes(f), std::vector<std::string>{"ML06"});
}

// A reader keeps only attribute_fields_read(): a feature reduced to those
// fields has the same names and codes, and its class field when one is given.
TEST(FeatureNames, FieldsReadAreAllTheNamesAndCodesNeed) {
    BoundaryFeature f;
    f.attributes = {{"name", "Timbuktu"}, {"name_alt", "Timbouctou|Tombouctou"}, {"ADM1_EN", "Tombouctou"},
                    {"ADM1_PCODE", "ML06"},  {"HASC_1", "ML.TB"},         {"population", "681691"},
                    {"level", "high"}};
    const auto fields = attribute_fields_read("level");
    BoundaryFeature kept;
    for (const auto& [field, value] : f.attributes)
        if (std::find(fields.begin(), fields.end(), field) != fields.end()) kept.attributes[field] = value;
    EXPECT_EQ(feature_names(kept), feature_names(f));
    EXPECT_EQ(feature_codes(kept), feature_codes(f));
    EXPECT_EQ(kept.attribute("level"), "high");
    EXPECT_EQ(kept.attributes.count("population"), 0u);
    const auto without_class = attribute_fields_read();
    EXPECT_EQ(std::count(without_class.begin(), without_class.end(), "level"), 0);
}

Boundaries classed_features() {
    Boundaries b;
    b.path = "classes.geojson";
    const std::vector<std::pair<long long, std::string>> values = {{0, "low"}, {1, "high"}, {2, ""}, {3, "medium"}, {4, "-"}};
    for (const auto& [fid, value] : values) {
        BoundaryFeature f;
        f.fid = fid;
        f.attributes["name"] = "unit " + std::to_string(fid);
        if (value != "-") f.attributes["risk"] = value;  // "-": field not set at all
        b.features.push_back(f);
    }
    return b;
}

// The report lists the areas no entry mentions up to twenty, then counts the rest.
TEST(JoinReport, LongListOfAreasNotAssessedIsCut) {
    JoinReport report;
    for (int i = 0; i < 25; ++i) report.not_assessed.push_back("Area " + std::to_string(i));
    const std::string text = report.text();
    EXPECT_TRUE(contains(text, "  not assessed Area 19\n")) << text;
    EXPECT_FALSE(contains(text, "Area 20")) << text;
    EXPECT_TRUE(contains(text, "  not assessed ... and 5 more areas\n")) << text;
    report.not_assessed.resize(20);
    EXPECT_FALSE(contains(report.text(), "more areas"));
}

TEST(ClassifyByField, ClassesSortedAndMissingValuesNotAssessed) {
    core::Diagnostics d;
    ClassifiedAreas c = classify_by_field(classed_features(), "risk", {}, d);
    ASSERT_EQ(c.scale.size(), 3u);
    EXPECT_EQ(c.scale[0].id, "high");
    EXPECT_EQ(c.scale[1].id, "low");
    EXPECT_EQ(c.scale[2].id, "medium");
    ASSERT_EQ(c.areas.size(), 5u);
    EXPECT_EQ(c.areas[0].id, "fid-000000000");
    EXPECT_EQ(c.areas[0].name, "unit 0");
    EXPECT_EQ(c.areas[0].level, 1u);             // low
    EXPECT_EQ(c.areas[1].level, 0u);             // high
    EXPECT_EQ(c.areas[2].level, std::nullopt);   // empty value
    EXPECT_EQ(c.areas[3].level, 2u);             // medium
    EXPECT_EQ(c.areas[4].level, std::nullopt);   // no value
    ASSERT_EQ(d.all().size(), 1u);
    EXPECT_EQ(d.all()[0].kind, "join.no_class");
    EXPECT_TRUE(contains(d.all()[0].message, "classes.geojson: 2 feature(s) have no class in field 'risk'")) << d.all()[0].message;
}

// An area's name is the first of the feature's names (feature_names' order):
// empty fields and empty alternatives are skipped; no name at all gives "feature N".
TEST(ClassifyByField, AreaNameIsTheFeaturesFirstName) {
    Boundaries b;
    b.path = "names.geojson";
    const std::vector<std::map<std::string, std::string>> attributes = {
        {{"name", "Timbuktu"}, {"name_alt", "Timbouctou"}},
        {{"name", ""}, {"name_alt", "|;Timbouctou|Tombouctou"}},
        {{"name", "||"}, {"NAME_1", "Gao;Gao region"}},
        {{"shapeName", "Kidal"}, {"risk", "high"}},
        {{"name", "|"}, {"other", "x"}},
    };
    for (std::size_t i = 0; i < attributes.size(); ++i) {
        BoundaryFeature f;
        f.fid = static_cast<long long>(10 + i);
        f.attributes = attributes[i];
        f.attributes["risk"] = "high";
        b.features.push_back(f);
    }
    core::Diagnostics d;
    ClassifiedAreas c = classify_by_field(b, "risk", {}, d);
    ASSERT_EQ(c.areas.size(), attributes.size());
    for (std::size_t i = 0; i < attributes.size(); ++i) {
        const auto names = feature_names(b.features[i]);
        EXPECT_EQ(c.areas[i].name, names.empty() ? "feature " + std::to_string(10 + i) : names.front()) << i;
    }
    EXPECT_EQ(c.areas[0].name, "Timbuktu");
    EXPECT_EQ(c.areas[1].name, "Timbouctou");
    EXPECT_EQ(c.areas[2].name, "Gao");
    EXPECT_EQ(c.areas[3].name, "Kidal");
    EXPECT_EQ(c.areas[4].name, "feature 14");
    // Named areas carry their name as the map's label; an unnamed one no label.
    EXPECT_EQ(c.areas[0].label.in("en"), "Timbuktu");
    EXPECT_EQ(c.areas[4].label.in("en"), "");
}

Boundaries features_valued(const std::vector<std::string>& values) {
    Boundaries b;
    b.path = "values.geojson";
    for (std::size_t i = 0; i < values.size(); ++i) {
        BoundaryFeature f;
        f.fid = static_cast<long long>(i);
        f.attributes["v"] = values[i];
        b.features.push_back(f);
    }
    return b;
}

std::vector<std::string> scale_ids(const ClassifiedAreas& c) {
    std::vector<std::string> ids;
    for (const auto& l : c.scale) ids.push_back(l.id);
    return ids;
}

// Numbers are classes in the order of their values (as strings, "10" came
// before "2"), and that order is a scale: a legend lists it from the top.
TEST(ClassifyByField, NumericValuesAreAScaleInTheirOrder) {
    core::Diagnostics d;
    ClassifiedAreas c = classify_by_field(features_valued({"10", "2", "-1.5", " 3", "2"}), "v", {}, d);
    EXPECT_EQ(scale_ids(c), (std::vector<std::string>{"-1.5", "2", " 3", "10"}));
    EXPECT_TRUE(c.scale_is_ordinal);
    EXPECT_EQ(c.areas[0].level, 3u);
    EXPECT_EQ(c.areas[1].level, 1u);
}

// Names are sorted as a reader looks them up (numbers in them by value,
// accents folded), and have no order of their own.
TEST(ClassifyByField, NamesSortAsReadAndAreNotAScale) {
    core::Diagnostics d;
    ClassifiedAreas c = classify_by_field(features_valued({"Sikasso", "zone 10", "Ségou", "zone 2", "10"}), "v", {}, d);
    EXPECT_EQ(scale_ids(c), (std::vector<std::string>{"10", "Ségou", "Sikasso", "zone 2", "zone 10"}));
    EXPECT_FALSE(c.scale_is_ordinal);
    // Classes given on the command line are an order, lowest first.
    EXPECT_TRUE(classify_by_field(features_valued({"b", "a"}), "v", {"b", "a"}, d).scale_is_ordinal);
}

TEST(ClassifyByField, GivenOrderIsKeptAndOtherValuesAreNotAssessed) {
    core::Diagnostics d;
    ClassifiedAreas c = classify_by_field(classed_features(), "risk", {"low", "high"}, d);
    ASSERT_EQ(c.scale.size(), 2u);
    EXPECT_EQ(c.scale[0].id, "low");
    EXPECT_EQ(c.areas[0].level, 0u);
    EXPECT_EQ(c.areas[1].level, 1u);
    EXPECT_EQ(c.areas[3].level, std::nullopt);  // "medium" is not a given class
    EXPECT_TRUE(contains(d.all().at(0).message, "3 feature(s)"));
}

}  // namespace
}  // namespace threatmap::join
