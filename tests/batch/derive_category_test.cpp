// derive_category on the embedded data (MINUSMA 2017 letter, Natural Earth
// admin-1): the join, the Gao city zone and the exposure statistics that the
// map's table prints, checked against what the letter and the gazetteer's
// assumptions imply.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <string>

#include "embedded_options.hpp"
#include "batch/map_job.hpp"
#include "cli/load_inputs.hpp"
#include "core/error.hpp"
#include "io/crs.hpp"
#include "../temp_dir.hpp"

namespace threatmap::batch {
namespace {

const ProjectionFactory projections = [](const std::string& from, const std::string& to) {
    return io::make_projection(from, to);
};

Inputs embedded_inputs(core::Diagnostics& d) {
    cli::Options o = test::embedded_options();
    return cli::load_inputs(o, d);
}

std::size_t level_index(const geometry::Exposure& e, const std::string& id) {
    for (std::size_t i = 0; i < e.scale.size(); ++i)
        if (e.scale[i].id == id) return i;
    ADD_FAILURE() << "no level " << id;
    return 0;
}

const geometry::ExposureRow* row(const geometry::Exposure& e, const std::string& id) {
    for (const auto& r : e.rows)
        if (r.operating_area_id == id) return &r;
    return nullptr;
}

class DeriveEmbedded : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        core::Diagnostics d;
        inputs_ = new Inputs(embedded_inputs(d));
        ied_ = new CategoryData(derive_category(*inputs_, "ied", projections, d));
    }
    static void TearDownTestSuite() {
        delete ied_;
        delete inputs_;
    }
    static Inputs* inputs_;
    static CategoryData* ied_;
};
Inputs* DeriveEmbedded::inputs_ = nullptr;
CategoryData* DeriveEmbedded::ied_ = nullptr;

// The letter (line 704) says the reconnaissance unit operated "mainly around
// Gao and Kidal"; the gazetteer's assumption makes that 60 km circles plus a
// 20 km wide corridor. All of it lies in the Gao and Kidal regions (IED:
// significant) except the Gao city zone (IED: matig, 8 km radius → π·8² ≈ 201
// km²) and whatever crosses into Tombouctou west of Gao. Expected: about 99%
// significant; the city zone alone is 201 km² of ≈ 24 000 km² (two 60 km
// circles, 2·π·60² ≈ 22 600, plus the corridor between them) ≈ 0.8%.
TEST_F(DeriveEmbedded, MainlyOperatingAreaIsAbout99PercentSignificantForIed) {
    ASSERT_TRUE(ied_->exposure);
    const auto& e = *ied_->exposure;
    const auto* mainly = row(e, "mainly");
    ASSERT_NE(mainly, nullptr);
    const double significant = mainly->km2_per_class[level_index(e, "significant")] / mainly->total_km2;
    const double matig = mainly->km2_per_class[level_index(e, "matig")] / mainly->total_km2;
    EXPECT_GT(significant, 0.98) << "significant share of 'mainly'";
    EXPECT_LT(significant, 0.995);
    // The city zone is matig and lies entirely inside 'mainly' (8 km ≪ 60 km):
    // at least its area; its 90-gon is 0.08% short of π·8².
    EXPECT_GE(mainly->km2_per_class[level_index(e, "matig")], M_PI * 64 * 0.998);
    EXPECT_LT(matig, 0.02);
    EXPECT_NEAR(mainly->km2_per_class[level_index(e, "verwaarloosbaar")], 0.0, 1e-6);  // Bamako is 1000 km away
    EXPECT_GT(mainly->total_km2, 2 * M_PI * 60 * 60);  // two disjoint 60 km circles (Gao–Kidal ≈ 300 km) + corridor
    EXPECT_LT(mainly->total_km2, 2 * M_PI * 60 * 60 + 20 * 320);
}

TEST_F(DeriveEmbedded, ExposureClassesAddUpToEachOperatingAreasTotal) {
    // The regions partition the country and the operating areas are clipped to it:
    // classes sum to the total. 1e-6 relative: overlay rounding, nowhere near a
    // missing sliver (a 1 px sliver at slide scale is ~1e-4).
    const auto& e = *ied_->exposure;
    ASSERT_EQ(e.rows.size(), 2u);
    for (const auto& r : e.rows) {
        double sum = std::accumulate(r.km2_per_class.begin(), r.km2_per_class.end(), 0.0);
        EXPECT_NEAR(sum / r.total_km2, 1.0, 1e-6) << r.operating_area_id;
    }
}

TEST_F(DeriveEmbedded, GaoCityIsCarvedOutOfGaoRegionConservingArea) {
    const auto* zone = ied_->areas.find("gao-city");
    ASSERT_NE(zone, nullptr);
    ASSERT_TRUE(zone->zone);
    const auto* region = ied_->areas.find(zone->zone->carve_from_id);
    ASSERT_NE(region, nullptr);
    EXPECT_EQ(region->name, "Gao");
    // Area of the Gao feature as read from the boundary file (plate carrée plane).
    double before = 0;
    for (const auto& f : inputs_->boundaries.features)
        if (f.attribute("name") == "Gao") before = bg::area(f.geometry);
    ASSERT_GT(before, 0);
    EXPECT_NEAR((bg::area(region->geometry) + bg::area(zone->geometry)) / before, 1.0, 1e-9);
    MultiPolygonLL overlap;
    bg::intersection(region->geometry, zone->geometry, overlap);
    EXPECT_LT(bg::area(overlap), 1e-9 * before);
    ASSERT_TRUE(zone->level);
    EXPECT_EQ(ied_->areas.scale[*zone->level].id, "matig");
    ASSERT_TRUE(region->level);
    EXPECT_EQ(ied_->areas.scale[*region->level].id, "significant");
}

// The country's outline, dissolved once per run as the inputs are loaded (it
// was dissolved again for every category): Mali in one piece, valid, with the
// regions' area and no holes (the regions leave no gap between them).
TEST_F(DeriveEmbedded, CountryOutlineIsTheRegionsDissolvedOnce) {
    const MultiPolygonLL& outline = inputs_->country_outline;
    ASSERT_EQ(outline.size(), 1u);
    EXPECT_TRUE(outline.front().inners().empty());
    std::string why;
    EXPECT_TRUE(bg::is_valid(outline, why)) << why;
    double regions = 0;
    for (const auto& f : inputs_->boundaries.features) regions += bg::area(f.geometry);
    EXPECT_NEAR(bg::area(outline) / regions, 1.0, 1e-9);
    // The operating areas are clipped to it: none reaches beyond.
    for (const auto& o : ied_->operating_areas) {
        MultiPolygonLL outside;
        bg::difference(o.geometry, outline, outside);
        EXPECT_LT(bg::area(outside), 1e-9 * bg::area(o.geometry)) << o.id;
    }
}

// GeoJSON coordinates of a ring, full precision.
std::string ring_json(const Ring<LonLat>& ring) {
    std::string out = "[";
    for (const auto& p : ring) out += fmt::format("{}[{:.17g},{:.17g}]", out.size() > 1 ? "," : "", p.lon, p.lat);
    return out + "]";
}

// The embedded regions cut into districts, west and east of each region's
// centre, as OCHA publishes a country's admin level 2: ADM2_EN for the
// district, ADM1_EN and ADM1_PCODE for its region.
std::string write_districts(const Inputs& embedded, const std::string& path) {
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)";
    int written = 0, region = 0;
    for (const auto& f : embedded.boundaries.features) {
        ++region;
        const auto box = bg::return_envelope<Box<LonLat>>(f.geometry);
        const double mid = (box.min_corner().lon + box.max_corner().lon) / 2;
        const Box<LonLat> halves[] = {{{box.min_corner().lon - 1, box.min_corner().lat - 1}, {mid, box.max_corner().lat + 1}},
                                      {{mid, box.min_corner().lat - 1}, {box.max_corner().lon + 1, box.max_corner().lat + 1}}};
        for (int h = 0; h < 2; ++h) {
            MultiPolygonLL half;
            bg::intersection(f.geometry, halves[h], half);
            if (half.empty()) continue;
            std::string polygons;
            for (const auto& poly : half) {
                polygons += (polygons.empty() ? "[" : ",[") + ring_json(poly.outer());
                for (const auto& inner : poly.inners()) polygons += "," + ring_json(inner);
                polygons += "]";
            }
            out << (written++ ? "," : "")
                << fmt::format(R"({{"type":"Feature","properties":{{"ADM2_EN":"{} {}","ADM1_EN":"{}","ADM1_PCODE":"ML{:02}"}},)"
                               R"("geometry":{{"type":"MultiPolygon","coordinates":[{}]}}}})",
                               f.attribute("name"), h == 0 ? "West" : "East", f.attribute("name"), region, polygons);
        }
    }
    out << "]}";
    return path;
}

// A layer of districts gives the maps of the regions: grouped by ADM1_PCODE
// into the nine regions, each with the level and the area it has on the
// embedded layer (the region's name used to match two features: an error).
TEST_F(DeriveEmbedded, DistrictsLayerIsGroupedIntoTheRegions) {
    test::TempDir dir;
    cli::Options o = test::embedded_options();
    o.boundaries = write_districts(*inputs_, dir / "mali-adm2.geojson");
    core::Diagnostics d;
    const Inputs districts = cli::load_inputs(o, d);
    ASSERT_TRUE(districts.region_grouping.has_value());
    EXPECT_EQ(districts.region_grouping->field, "ADM1_PCODE");
    EXPECT_EQ(districts.region_grouping->features, 18u);
    EXPECT_EQ(districts.boundaries.features.size(), inputs_->boundaries.features.size());
    bool noted = false;
    for (const auto& m : d.all()) noted = noted || m.message.find("its 18 features are grouped by ADM1_PCODE into 9 regions") != std::string::npos;
    EXPECT_TRUE(noted);

    const CategoryData grouped = derive_category(districts, "ied", projections, d);
    ASSERT_EQ(grouped.areas.areas.size(), ied_->areas.areas.size());
    for (const auto& a : ied_->areas.areas) {
        SCOPED_TRACE(a.name);
        const join::ClassifiedArea* same = nullptr;
        for (const auto& g : grouped.areas.areas)
            if (g.name == a.name) same = &g;
        ASSERT_NE(same, nullptr);
        EXPECT_EQ(same->level, a.level);
        EXPECT_NEAR(bg::area(same->geometry) / bg::area(a.geometry), 1.0, 1e-9);
    }
    ASSERT_TRUE(grouped.exposure.has_value());
    EXPECT_NEAR(bg::area(districts.country_outline) / bg::area(inputs_->country_outline), 1.0, 1e-9);
}

// Exposure is of the operating areas: a gazetteer without any gives none, so
// no map, briefing or manifest carries an empty table.
TEST_F(DeriveEmbedded, NoOperatingAreasNoExposure) {
    ASSERT_TRUE(ied_->exposure.has_value());
    Inputs without = *inputs_;
    without.gazetteer->operating_areas.clear();
    core::Diagnostics d;
    const CategoryData data = derive_category(without, "ied", projections, d);
    EXPECT_TRUE(data.operating_areas.empty());
    EXPECT_FALSE(data.exposure.has_value());
    EXPECT_EQ(data.areas.areas.size(), ied_->areas.areas.size());
}

TEST_F(DeriveEmbedded, UnknownCategoryNamesTheFileAndListsCategories) {
    core::Diagnostics d;
    try {
        derive_category(*inputs_, "nosuch", projections, d);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("minusma-2017.toml"), std::string::npos) << msg;
        EXPECT_NE(msg.find("nosuch"), std::string::npos) << msg;
        EXPECT_NE(msg.find("ied, general"), std::string::npos) << msg;
    }
}

TEST_F(DeriveEmbedded, ExposureCsvAndJsonPercentagesAddUpTo100) {
    const auto& e = *ied_->exposure;
    std::string csv = exposure_csv(e, "en");
    EXPECT_EQ(csv.rfind("category,operating_area,class,km2,percent\n", 0), 0u) << csv;
    // 2 operating areas × (3 levels + not assessed) rows + header.
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 4);
    std::string json = exposure_json(e, "nl");
    EXPECT_NE(json.find("\"label\": \"Verkenningseenheid: vooral\""), std::string::npos) << json;
}

}  // namespace
}  // namespace threatmap::batch
