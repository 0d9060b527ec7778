// io/assessment_reader: the real MINUSMA assessment loads as transcribed, and
// every fault case under tests/data/assessments/ (one file per fault) fails
// with file:line:col and a message naming what is wrong and what is valid.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/assessment_reader.hpp"

namespace threatmap::io {
namespace {

const std::string kData = THREATMAP_TEST_DATA;
const std::string kReal = "geodata/assessments/minusma-2017.toml";  // tests run from the repo root

TEST(AssessmentReader, RealFileLoadsAsTranscribed) {
    Assessment a = read_assessment(kReal);
    EXPECT_EQ(a.id, "minusma-2017");
    EXPECT_EQ(a.date, "2017-09-11");
    EXPECT_EQ(a.path, kReal);
    ASSERT_EQ(a.scale.levels.size(), 3u);
    EXPECT_EQ(a.scale.levels[0].id, "verwaarloosbaar");  // lowest first
    EXPECT_EQ(a.scale.levels[1].id, "matig");
    EXPECT_EQ(a.scale.levels[2].id, "significant");
    EXPECT_EQ(a.scale.index_of("significant"), 2u);
    EXPECT_FALSE(a.scale.index_of("matige"));
    EXPECT_EQ(a.scale.levels[0].name.in("en"), "negligible");
    EXPECT_EQ(a.title.in("nl"), "Dreigingsniveaus Mali (MINUSMA)");
    EXPECT_EQ(a.not_assessed.in("en"), "not assessed");

    ASSERT_EQ(a.categories.size(), 2u);
    EXPECT_EQ(a.categories[0].id, "ied");
    EXPECT_EQ(a.categories[1].id, "general");
    const Category* ied = a.find_category("ied");
    const Category* general = a.find_category("general");
    ASSERT_TRUE(ied && general);
    EXPECT_FALSE(a.find_category("missing"));
    EXPECT_EQ(ied->areas.size(), 9u);
    EXPECT_EQ(general->areas.size(), 8u);
    EXPECT_TRUE(ied->has_previous());
    EXPECT_TRUE(general->has_previous());

    // The threat section of the letter is lines 858-875 (FACTS.md); quotes start within it.
    for (const auto& c : a.categories)
        for (const auto& e : c.areas) {
            SCOPED_TRACE(c.id + " / " + e.area);
            EXPECT_FALSE(e.quote.empty());
            EXPECT_GE(e.source_line, 850);
            EXPECT_LE(e.source_line, 880);
            EXPECT_TRUE(a.scale.index_of(e.level));
            EXPECT_EQ(e.defined_at.file, kReal);
            EXPECT_FALSE(e.defined_at.where.empty());
        }
    EXPECT_EQ(ied->areas[0].area, "Ségou");
    EXPECT_EQ(ied->areas[0].level, "significant");
    EXPECT_EQ(ied->areas[8].area, "Bamako");
    EXPECT_EQ(ied->areas[8].level, "verwaarloosbaar");
    EXPECT_EQ(general->areas[0].area, "Timboektoe");
    EXPECT_EQ(general->areas[0].previous_level, std::optional<std::string>("matig"));
}

TEST(AssessmentReader, MinimalFileLoads) {
    Assessment a = read_assessment(kData + "/assessments/minimal.toml");
    ASSERT_EQ(a.categories.size(), 1u);
    ASSERT_EQ(a.categories[0].areas.size(), 1u);
    const auto& e = a.categories[0].areas[0];
    EXPECT_EQ(e.area, "Mopti");
    EXPECT_EQ(e.previous_level, std::optional<std::string>("matig"));
    EXPECT_EQ(e.defined_at.where, "18:12");
    EXPECT_EQ(a.title.in("en"), "Test");
    EXPECT_EQ(a.not_assessed.in("nl"), "not assessed");  // default, via the English fallback
    EXPECT_FALSE(a.not_assessed_given);  // the maps' own words replace it (load_inputs)
    EXPECT_TRUE(read_assessment(kReal).not_assessed_given);
    EXPECT_FALSE(a.source_kind);  // the subtitle then gives the date alone
    // No title: the maps are headed by the id, which render warns of (at the category's table).
    EXPECT_FALSE(a.categories[0].titled);
    EXPECT_EQ(a.categories[0].title.in("en"), "ied");
    EXPECT_EQ(a.categories[0].defined_at.file, kData + "/assessments/minimal.toml");
    EXPECT_EQ(a.categories[0].defined_at.where, "15:1");
    EXPECT_TRUE(read_assessment(kReal).find_category("ied")->titled);
}

// The date may be TOML's own (unquoted); a leap day is a day. The kind of source
// is the subtitle's word for it, per language.
TEST(AssessmentReader, TomlDateAndSourceKind) {
    Assessment a = read_assessment(kData + "/assessments/toml_date_and_kind.toml");
    EXPECT_EQ(a.date, "2016-02-29");
    ASSERT_TRUE(a.source_kind);
    EXPECT_EQ(a.source_kind->in("nl"), "rapport");
    EXPECT_EQ(a.source_kind->in("fr"), "report");  // no French: the English
    EXPECT_EQ(read_assessment(kReal).source_kind->in("en"), "letter");
}

// A level may have a short name for the map table's narrow column header.
TEST(AssessmentReader, LevelShortName) {
    Assessment a = read_assessment(kData + "/assessments/short_level_name.toml");
    const Level& significant = a.scale.levels.back();
    EXPECT_EQ(significant.name.in("en"), "significant: complex attacks expected");
    ASSERT_TRUE(significant.short_name);
    EXPECT_EQ(significant.short_or_name().in("nl"), "sign.");
    EXPECT_FALSE(a.scale.levels.front().short_name);
    EXPECT_EQ(a.scale.levels.front().short_or_name().in("en"), "verwaarloosbaar");  // the name (the id, here)
}

struct FaultCase {
    const char* file;   // under tests/data/assessments/
    const char* where;  // line:col the message must name; "" when the error is about the whole file
    std::vector<std::string> fragments;
};

// One row per fault file. Positions counted by hand in the files (1-based, the
// column of the offending value or key).
const std::vector<FaultCase> kFaults = {
    {"syntax_error.toml", "18:29", {"TOML syntax error"}},
    {"unknown_level.toml", "18:29",
     {"category[0].areas[0].level", "unknown level \"matige\"", "did you mean \"matig\"?",
      "expected one of: verwaarloosbaar, matig or significant"}},
    {"unknown_previous_level.toml", "18:49",
     {"category[0].areas[0].previous", "unknown level \"hoog\"", "expected one of: verwaarloosbaar, matig or significant"}},
    {"duplicate_area.toml", "20:12", {"area \"MOPTI\" is listed twice in category \"ied\"", "first at 18:12"}},
    {"two_levels.toml", "19:12",
     {"area \"Segou\" is given two levels in category \"ied\"", "\"significant\" at 18:12", "\"matig\" here"}},
    {"empty_scale.toml", "", {"the scale is empty", "[[scale]]"}},
    {"unknown_key.toml", "18:50",
     {"unknown key 'category[0].areas[0].qoute'", "did you mean 'quote'?", "valid keys: area, level, previous, quote or line"}},
    {"wrong_type_level.toml", "18:29", {"category[0].areas[0].level", "expected a string, found an integer"}},
    {"unsafe_category_id.toml", "16:6", {"category[0].id", "\"../x\" is not a valid id", "file names"}},
    {"duplicate_scale_level.toml", "11:6", {"scale[1].id", "level \"matig\" is defined twice in the scale"}},
    {"no_areas.toml", "16:6", {"category \"ied\" lists no areas"}},
    {"negative_line.toml", "18:45", {"category[0].areas[0].line", "a line number cannot be negative"}},
    {"date_not_iso.toml", "4:8", {"assessment.date", "\"11 Sept 2017\" is not a date", "year-month-day, e.g. 2017-09-11"}},
    {"date_no_such_day.toml", "4:8", {"assessment.date", "2017-02-29 is not a date", "month 2 of 2017 has 28 days"}},
    {"date_with_time.toml", "4:8", {"assessment.date", "expected a date (e.g. 2017-09-11), found a date and time"}},
    // Words the maps show may not be blank: a subtitle starting with a dash, a swatch without words.
    {"empty_title.toml", "6:9", {"assessment.title: the text is empty: the maps would show a blank where it goes"}},
    {"blank_level_name.toml", "12:8", {"scale[1].name: the text is empty"}},
    {"empty_title_in_one_language.toml", "17:35", {"category[0].title.nl: the text is empty"}},
    {"blank_quote.toml", "18:84", {"category[0].areas[0].quote: the text is empty"}},
};

TEST(AssessmentReader, EachFaultFileFailsWithPlaceAndReason) {
    for (const auto& c : kFaults) {
        SCOPED_TRACE(c.file);
        const std::string path = kData + "/assessments/" + c.file;
        try {
            read_assessment(path);
            ADD_FAILURE() << "no error for " << c.file;
        } catch (const threatmap::Error& e) {
            const std::string msg = e.what();
            EXPECT_EQ(e.location().file, path) << msg;
            if (*c.where) {
                EXPECT_EQ(e.location().where, c.where) << msg;
                EXPECT_EQ(msg.rfind(path + ":" + c.where + ": ", 0), 0u) << msg;
            } else {
                EXPECT_EQ(msg.rfind(path + ":", 0), 0u) << msg;
            }
            for (const auto& f : c.fragments) EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
        }
    }
}

TEST(AssessmentReader, MissingFileSaysSo) {
    const std::string path = kData + "/assessments/does-not-exist.toml";
    try {
        read_assessment(path);
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, path);
        EXPECT_NE(std::string(e.what()).find("cannot open file"), std::string::npos) << e.what();
    }
}

TEST(AssessmentReader, SafeIds) {
    for (const char* ok : {"ied", "general", "minusma-2017", "a_b", "0x"}) EXPECT_TRUE(is_safe_id(ok)) << ok;
    for (const char* bad : {"", "../x", "-ied", "_ied", "IED", "a b", "a/b", "a.b", "é"}) EXPECT_FALSE(is_safe_id(bad)) << bad;
    EXPECT_TRUE(is_safe_id(std::string(64, 'a')));
    EXPECT_FALSE(is_safe_id(std::string(65, 'a')));
}

}  // namespace
}  // namespace threatmap::io
