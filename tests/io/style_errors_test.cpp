// Style faults the reader tests in gazetteer_style_reader_test.cpp do not
// cover: each error names the file, line:column, the key path and what would
// be valid. Each case is the valid tests/data/styles/minimal.toml with one
// line changed, written to a temporary file.
#include <gtest/gtest.h>

#include <cctype>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/load_inputs.hpp"
#include "core/error.hpp"
#include "io/style_reader.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;
const std::string kMinimal = THREATMAP_TEST_DATA "/styles/minimal.toml";

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// minimal.toml with the first occurrence of `from` replaced by `to`, in a temporary file.
class StyleCase {
public:
    StyleCase(const std::string& from, const std::string& to) {
        std::string text = read_all(kMinimal);
        auto at = text.find(from);
        if (at == std::string::npos) throw std::runtime_error("no \"" + from + "\" in minimal.toml");
        text.replace(at, from.size(), to);
        path_ = (fs::temp_directory_path() / ("threatmap-style-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(counter_++) + ".toml")).string();
        std::ofstream(path_) << text;
    }
    ~StyleCase() { fs::remove(path_); }
    const std::string& path() const { return path_; }

private:
    static inline int counter_ = 0;
    std::string path_;
};

void expect_style_error(const StyleCase& c, const std::string& where, const std::vector<std::string>& fragments) {
    try {
        read_style(c.path());
        ADD_FAILURE() << "no error for the case of " << c.path();
    } catch (const threatmap::Error& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, c.path()) << msg;
        EXPECT_EQ(e.location().where, where) << msg;
        // "file:14:9: " for a line and column, "file: key 'x': " for a place in words
        const bool line_and_column = !where.empty() && std::isdigit(static_cast<unsigned char>(where[0]));
        EXPECT_EQ(msg.rfind(c.path() + (line_and_column ? ":" : ": ") + where + ": ", 0), 0u) << msg;
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    }
}

TEST(StyleErrors, MinimalBaseLoads) { EXPECT_NO_THROW(read_style(kMinimal)); }

// A ramp is read lowest first; a colour in it that is none, or a ramp of one
// colour, is named at the key.
TEST(StyleErrors, RampIsReadAndItsFaultsNamed) {
    const StyleCase ramp("name = \"minimal\"", "name = \"minimal\"\nramp = [\"#ffffff\", \"#808080\", \"#000000\"]");
    const Style s = read_style(ramp.path());
    ASSERT_EQ(s.ramp.size(), 3u);
    EXPECT_EQ(s.ramp[1].hex(), "#808080");
    EXPECT_TRUE(read_style(kMinimal).ramp.empty());
    expect_style_error(StyleCase("name = \"minimal\"", "name = \"minimal\"\nramp = [\"#ffffff\", \"grey\"]"), "3:8",
                       {"ramp", "\"grey\" is not a colour"});
    expect_style_error(StyleCase("name = \"minimal\"", "name = \"minimal\"\nramp = [\"#ffffff\"]"), "3:8",
                       {"ramp", "at least its lowest and highest colour (1 given)"});
}

TEST(StyleErrors, NumberOutOfRangeGivesTheRange) {
    StyleCase c("hatch = \"dots\"", "hatch = \"dots\"\nhatch_spacing = 0");
    expect_style_error(c, "12:17", {"not_assessed.hatch_spacing", "0 is out of range", "0.5 to 50"});
}

TEST(StyleErrors, WrongTypeNamesExpectedAndFound) {
    StyleCase c("[lines.region]\ncolour = \"#ffffff\"", "[lines.region]\ncolour = \"#ffffff\"\nwidth = \"thick\"");
    expect_style_error(c, "25:9", {"lines.region.width", "expected a number, found a string"});
}

TEST(StyleErrors, ColourOfWrongType) {
    StyleCase c("fill = \"#b30000\"", "fill = 0xb30000");
    expect_style_error(c, "7:8", {"levels.high.fill", "expected a string, found an integer"});
}

TEST(StyleErrors, NonPositiveDash) {
    StyleCase c("[operating.mainly]\ncolour = \"#08306b\"", "[operating.mainly]\ncolour = \"#08306b\"\ndash = [4.0, 0.0]");
    expect_style_error(c, "38:8", {"operating.mainly.dash", "dash lengths must be positive"});
}

TEST(StyleErrors, MissingFillNamesKeyAndTable) {
    StyleCase c("[levels.high]\nfill = \"#b30000\"", "[levels.high]\nhatch = \"cross\"");
    expect_style_error(c, "6:1", {"missing key 'levels.high.fill'", "expected a string"});
}

TEST(StyleErrors, MissingTableNamesKey) {
    StyleCase c("[change.lowered]\nfill = \"#4393c3\"", "");
    expect_style_error(c, "13:1", {"missing key 'change.lowered'", "expected a table"});
}

TEST(StyleErrors, UnknownKeyInLineListsValidKeys) {
    StyleCase c("[lines.region]\ncolour = \"#ffffff\"", "[lines.region]\ncolor = \"#ffffff\"");
    expect_style_error(c, "24:1", {"unknown key 'lines.region.color'", "did you mean 'colour'?", "colour, width or dash"});
}

TEST(StyleErrors, UnknownTopLevelTableSuggestsClosest) {
    StyleCase c("[colours]", "[colors]");
    expect_style_error(c, "41:2", {"unknown key 'colors'", "did you mean 'colours'?"});
}

TEST(StyleErrors, TomlSyntaxErrorHasLineAndColumn) {
    StyleCase c("fill = \"#fef0d9\"", "fill = \"#fef0d9");
    try {
        read_style(c.path());
        ADD_FAILURE() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, c.path());
        EXPECT_EQ(e.location().where.rfind("5:", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find("TOML syntax error"), std::string::npos) << e.what();
    }
}

// A style that lacks a level of the assessment fails when the inputs are
// loaded (the reader alone cannot know the scale): the error names the style
// file, the missing level, the levels it has and the table to add.
TEST(StyleErrors, StyleWithoutALevelOfTheScale) {
    if (!fs::exists(THREATMAP_SOURCE_DIR "/geodata/boundaries/mali-admin1.fgb"))
        GTEST_SKIP() << "boundary data not fetched (scripts/fetch_geodata.sh)";
    StyleCase c("[levels.low]", "[levels.verwaarloosbaar]");
    cli::Options o;
    const std::string root = THREATMAP_SOURCE_DIR;
    o.assessment = root + "/geodata/assessments/minusma-2017.toml";
    o.gazetteer = root + "/geodata/gazetteer/mali.toml";
    o.boundaries = root + "/geodata/boundaries/mali-admin1.fgb";
    o.neighbours.clear();
    o.rivers.clear();
    o.style = c.path();
    core::Diagnostics d;
    try {
        cli::load_inputs(o, d);
        ADD_FAILURE() << "no error";
    } catch (const threatmap::Error& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.location().file, c.path()) << msg;
        for (const char* f : {"no colour for level \"matig\"", "it names: high, verwaarloosbaar", "add [levels.matig]"})
            EXPECT_NE(msg.find(f), std::string::npos) << "missing \"" << f << "\" in: " << msg;
    }
}

}  // namespace
}  // namespace threatmap::io
