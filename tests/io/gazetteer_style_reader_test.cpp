// io/gazetteer_reader and io/style_reader: the real files load; faults name
// file:line:col, the key and what would be valid.
#include <gtest/gtest.h>

#include <cctype>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/gazetteer_reader.hpp"
#include "io/style_reader.hpp"

namespace threatmap::io {
namespace {

const std::string kData = THREATMAP_TEST_DATA;

// Runs `read`, expects a threatmap::Error at path:where whose message holds every fragment.
template <typename Read>
void expect_error(Read read, const std::string& path, const std::string& where, const std::vector<std::string>& fragments) {
    try {
        read(path);
        ADD_FAILURE() << "no error for " << path;
    } catch (const threatmap::Error& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, path) << msg;
        EXPECT_EQ(e.location().where, where) << msg;
        // "file:14:9: " for a line and column, "file: key 'x': " for a place in words
        const bool line_and_column = !where.empty() && std::isdigit(static_cast<unsigned char>(where[0]));
        EXPECT_EQ(msg.rfind(path + (line_and_column ? ":" : ": ") + where + ": ", 0), 0u) << msg;
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    }
}

TEST(GazetteerReader, RealFileLoads) {
    Gazetteer g = read_gazetteer("geodata/gazetteer/mali.toml");
    EXPECT_EQ(g.country, "ML");
    ASSERT_EQ(g.units.size(), 11u);  // ML-1..ML-10 and ML-BKO (FACTS.md)
    std::vector<std::string> isos;
    for (const auto& u : g.units) isos.push_back(u.iso);
    for (const char* iso : {"ML-1", "ML-2", "ML-3", "ML-4", "ML-5", "ML-6", "ML-7", "ML-8", "ML-9", "ML-10", "ML-BKO"})
        EXPECT_NE(std::find(isos.begin(), isos.end(), iso), isos.end()) << iso;
    for (const auto& u : g.units) {
        if (u.iso == "ML-9") {
            EXPECT_EQ(u.part_of_before, "ML-7");
        }
        if (u.iso == "ML-10") {
            EXPECT_EQ(u.part_of_before, "ML-6");
        }
    }
    const Place* gao = g.find_place("gao");
    ASSERT_TRUE(gao);
    EXPECT_NEAR(gao->position.lat, 16.27, 0.01);
    EXPECT_NEAR(gao->position.lon, -0.04, 0.01);
    EXPECT_TRUE(gao->sector_hq);
    EXPECT_FALSE(g.find_place("nowhere"));
    ASSERT_EQ(g.city_zones.size(), 1u);
    EXPECT_EQ(g.city_zones[0].id, "gao-city");
    EXPECT_EQ(g.city_zones[0].place, "gao");
    EXPECT_DOUBLE_EQ(g.city_zones[0].radius_km, 8);
    EXPECT_FALSE(g.city_zones[0].assumption.in("en").empty());
    ASSERT_EQ(g.operating_areas.size(), 2u);
    for (const auto& o : g.operating_areas) {
        EXPECT_FALSE(o.assumption.in("en").empty()) << o.id;
        EXPECT_FALSE(o.around.empty()) << o.id;
    }
    EXPECT_EQ(g.events.size(), 3u);
    for (const auto& e : g.events) EXPECT_TRUE(g.find_place(e.place)) << e.id;
}

TEST(GazetteerReader, UnknownPlaceInZoneIsNamed) {
    expect_error(read_gazetteer, kData + "/gazetteer/unknown_zone_place.toml", "17:9",
                 {"zone[0].place", "unknown place \"gaoo\"", "closest: gao"});
}

TEST(GazetteerReader, UnknownPlaceInCorridorIsNamed) {
    expect_error(read_gazetteer, kData + "/gazetteer/unknown_corridor_place.toml", "14:36",
                 {"operating_area[0].corridors[0].to", "unknown place \"kidal\""});
}

TEST(GazetteerReader, LatitudeOutOfRange) {
    expect_error(read_gazetteer, kData + "/gazetteer/latitude_out_of_range.toml", "7:7",
                 {"place[0].lat", "96.2717 is out of range", "-90 to 90"});
}

TEST(GazetteerReader, BlankPlaceName) {
    expect_error(read_gazetteer, kData + "/gazetteer/blank_place_name.toml", "6:8",
                 {"place[0].name: the text is empty: the maps would show a blank where it goes"});
}

TEST(GazetteerReader, EventOnADayTheMonthLacks) {
    expect_error(read_gazetteer, kData + "/gazetteer/event_date_no_such_day.toml", "12:8",
                 {"event[0].date", "2017-06-31 is not a date", "month 6 of 2017 has 30 days"});
}

// The maps' CRS a gazetteer may give is checked as it is read: a mistyped
// one is named there, not when the first map is projected.
TEST(GazetteerReader, UnknownMapCrsIsNamed) {
    expect_error(read_gazetteer, kData + "/gazetteer/unknown_map_crs.toml", "key 'map_crs'",
                 {"unknown CRS \"EPSG:326300\"", "give an EPSG code like"});
    EXPECT_EQ(read_gazetteer("geodata/gazetteer/mali.toml").map_crs, "");  // fitted to the layer
}

// A case's own legend words; an unknown kind of place is named.
TEST(GazetteerReader, LegendWordsAreTheCasesOwn) {
    const Gazetteer g = read_gazetteer("geodata/gazetteer/mali.toml");
    ASSERT_EQ(g.legend_words.size(), 4u);
    EXPECT_EQ(g.legend_words.at("capital").in("en"), "Capital, MINUSMA HQ");
    EXPECT_EQ(g.legend_words.at("event").in("fr"), "Attaque citée dans la lettre");
    expect_error(read_gazetteer, kData + "/gazetteer/unknown_legend_word.toml", "4:1", {"legend", "hq", "capital"});
}

TEST(GazetteerReader, LanguageKeyThatIsNotALanguageIsNamed) {
    expect_error(read_gazetteer, kData + "/gazetteer/assumption_language_typo.toml", "20:45",
                 {"zone[0].assumption.FR", "not a language", "en, nl, fr"});
}

TEST(GazetteerReader, AssumptionsAreInEachLanguage) {
    Gazetteer g = read_gazetteer("geodata/gazetteer/mali.toml");
    for (const char* lang : {"en", "nl", "fr"}) {
        EXPECT_EQ(g.city_zones[0].assumption.text.count(lang), 1u) << lang;
        for (const auto& o : g.operating_areas) EXPECT_EQ(o.assumption.text.count(lang), 1u) << o.id << " " << lang;
        EXPECT_EQ(g.boundary_note.text.count(lang), 1u) << lang;
    }
}

TEST(GazetteerReader, NeighboursAreLabelledInEachLanguage) {
    Gazetteer g = read_gazetteer("geodata/gazetteer/mali.toml");
    // Every country Mali borders, by the context layer's (English) name.
    for (const char* name : {"Algeria", "Niger", "Burkina Faso", "Côte d'Ivoire", "Guinea", "Senegal", "Mauritania"}) {
        bool listed = false;
        for (const auto& n : g.neighbours)
            if (n.name == name) {
                listed = true;
                for (const char* lang : {"en", "nl", "fr"}) EXPECT_EQ(n.label.text.count(lang), 1u) << name << " " << lang;
            }
        EXPECT_TRUE(listed) << name;
    }
    EXPECT_EQ(g.neighbour_label("Algeria", "fr"), "Algérie");
    EXPECT_EQ(g.neighbour_label("Algeria", "nl"), "Algerije");
    EXPECT_EQ(g.neighbour_label("Algeria", "en"), "Algeria");
    EXPECT_EQ(g.neighbour_label("Atlantis", "fr"), "Atlantis");  // not listed: the layer's name
}

TEST(GazetteerReader, NeighbourLabelledTwiceIsNamed) {
    expect_error(read_gazetteer, kData + "/gazetteer/neighbour_labelled_twice.toml", "9:8",
                 {"neighbour[1].name", "neighbour \"Algeria\" is labelled twice"});
}

TEST(StyleReader, RealDefaultStyleLoads) {
    Style s = read_style("styles/default.toml");
    EXPECT_EQ(s.name, "default");
    ASSERT_EQ(s.levels.size(), 3u);
    EXPECT_EQ(s.levels.at("verwaarloosbaar").fill.hex(), "#fef0d9");
    EXPECT_EQ(s.levels.at("matig").fill.hex(), "#fc8d59");
    EXPECT_EQ(s.levels.at("significant").fill.hex(), "#b30000");
    EXPECT_EQ(s.not_assessed.hatch, Hatch::dots);
    EXPECT_EQ(s.raised.hatch, Hatch::diagonal);
    EXPECT_EQ(s.operating_lines.count("mainly"), 1u);
    ASSERT_EQ(s.operating_lines.count("occasionally"), 1u);
    EXPECT_EQ(s.operating_lines.at("occasionally").dash_pt, (std::vector<double>{5.0, 3.0}));
    EXPECT_FALSE(s.categorical.empty());
}

TEST(StyleReader, MinimalStyleLoadsWithDefaults) {
    Style s = read_style(kData + "/styles/minimal.toml");
    EXPECT_EQ(s.levels.size(), 2u);
    EXPECT_EQ(s.categorical.size(), 8u);  // the built-in ColorBrewer Set2
    EXPECT_EQ(s.font_family, "DejaVu Sans");
}

TEST(StyleReader, BadColourNamesKeyAndPosition) {
    expect_error(read_style, kData + "/styles/bad_colour.toml", "7:8",
                 {"levels.high.fill", "\"#ggg\" is not a colour", "#rrggbb"});
}

TEST(StyleReader, UnknownHatchSuggestsClosest) {
    expect_error(read_style, kData + "/styles/unknown_hatch.toml", "11:9",
                 {"not_assessed.hatch", "unknown hatch \"diagonals\"", "did you mean \"diagonal\"?",
                  "none, diagonal, back-diagonal, cross, horizontal, vertical or dots"});
}

TEST(StyleReader, UnknownKeySuggestsClosest) {
    expect_error(read_style, kData + "/styles/unknown_key.toml", "40:1",
                 {"unknown key 'text.halo_widht'", "did you mean 'halo_width'?"});
}

}  // namespace
}  // namespace threatmap::io
