// The command line's error contract (README "Exit codes"; STYLE "Error
// model"): 1 for errors, with one line naming the file, the place in it and
// what is wrong; 2 for usage errors; no output file is created or damaged by
// a failed run, and no temporary file is left behind.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

#include "cli_support.hpp"

namespace threatmap::test {
namespace {

std::vector<std::string> tmp_debris(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& name : files_in(dir))
        if (name.find(".tmp-") != std::string::npos) out.push_back(name);
    return out;
}

TEST(CliErrors, UnknownCategoryNamesTheAssessmentAndListsCategoriesAndWritesNothing) {
    TempDir tmp;
    const std::string out = tmp / "out";
    RunResult r = run_cli({"render", "--category", "nosuch", "--out", out, "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("minusma-2017.toml"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\"nosuch\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ied, general"), std::string::npos) << r.err;
    if (fs::exists(out)) {
        std::string listing;
        for (const auto& f : files_in(out)) listing += f + " ";
        EXPECT_TRUE(files_in(out).empty()) << "a failed run created: " << listing;
    }
}

// A layer whose only polygon has no area is left empty by the repair: one
// message, with the frame from the layer or given with --extent, and no file.
TEST(CliErrors, LayerLeftEmptyByTheRepairIsNothingToMapWithOrWithoutAnExtent) {
    TempDir tmp;
    const std::string layer = tmp / "flat.geojson";
    {
        std::ofstream(layer) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"cls":"1"},)"
                             << R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[2,2],[0,0]]]}}]})";
    }
    for (const std::vector<std::string>& extent : {std::vector<std::string>{}, std::vector<std::string>{"--extent", "-1,-1,3,3"}}) {
        std::vector<std::string> args{"render", "-q", "--boundaries", layer, "--class-field", "cls", "--format", "png", "--out", tmp / "out"};
        args.insert(args.end(), extent.begin(), extent.end());
        RunResult r = run_cli(args);
        EXPECT_EQ(r.code, 1) << r.err;
        EXPECT_NE(r.err.find("nothing to map: the boundary layer has no polygons after repair"), std::string::npos) << r.err;
        EXPECT_TRUE(!fs::exists(tmp / "out") || files_in(tmp / "out").empty());
    }
}

// A coordinate GDAL cannot read: exit 1, the file, the feature and GDAL's
// reason on one line of ours (not GDAL's own "ERROR 1:" line), and no map.
TEST(CliErrors, UnreadableCoordinateNamesTheFeatureAndWritesNothing) {
    TempDir tmp;
    const std::string layer = std::string(THREATMAP_TEST_DATA) + "/boundaries/unreadable_coordinate.geojson";
    RunResult r = run_cli({"render", "-q", "--boundaries", layer, "--class-field", "name", "--out", tmp / "out"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("threatmap: error: " + layer + ": layer 'regions', feature 1: GDAL could not read the feature's geometry: "),
              std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("ERROR 1"), std::string::npos) << r.err;
    EXPECT_TRUE(!fs::exists(tmp / "out") || files_in(tmp / "out").empty());
}

// A layer the map's CRS cannot show (a feature on the other side of the
// world from UTM 30N, on the equator 92 degrees from its meridian): the file, the feature and the point are named, with
// what to do, and nothing is written. (The message was "a point cannot be
// projected to ...", nothing else.)
TEST(CliErrors, FeatureTheCrsCannotShowIsNamedWithThePoint) {
    TempDir tmp;
    const std::string layer = tmp / "far.geojson", out = tmp / "out";
    {
        std::ofstream f(layer);
        f << R"({"type":"FeatureCollection","name":"far","features":[)"
          << R"({"type":"Feature","properties":{"name":"near","cls":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,10],[0,11],[1,11],[1,10],[0,10]]]}},)"
          << R"({"type":"Feature","properties":{"name":"Puntarenas","cls":"b"},"geometry":{"type":"Polygon","coordinates":[[[-95,0],[-95,1],[-94,1],[-95,0]]]}})"
          << "]}";
    }
    const RunResult r = run_cli({"render", "-q", "--boundaries", layer, "--class-field", "cls", "--crs", "EPSG:32630",
                                 "--format", "png", "--out", out});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("threatmap: error: " + layer + ": layer 'far', feature 1 ('Puntarenas'): the point (-95, 0) cannot "
                         "be projected to \"WGS 84 / UTM zone 30N\" (outside the projection's valid area?); the map's "
                         "CRS must cover everything the map draws: choose another --crs (EPSG:4326 shows any layer)"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(!fs::exists(out) || files_in(out).empty());
}

TEST(CliErrors, BadLevelInAssessmentGivesFileLineColumnAndLeavesOldOutputAlone) {
    TempDir tmp;
    // A copy of the real assessment with the first "matig" misspelt "matige".
    std::string text = read_file(std::string(THREATMAP_SOURCE_DIR) + "/geodata/assessments/minusma-2017.toml");
    const std::string good = "level = \"matig\"";
    const std::size_t at = text.find(good);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, good.size(), "level = \"matige\"");
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    const std::string assessment = tmp / "minusma-2017.toml";
    { std::ofstream(assessment, std::ios::binary) << text; }
    const std::string out = tmp / "out";
    fs::create_directories(out);
    const std::string old_file = out + "/minusma-2017-ied-slide.png";
    { std::ofstream(old_file, std::ios::binary) << "old map"; }

    RunResult r = run_cli({"render", "--assessment", assessment, "--out", out, "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex("minusma-2017\\.toml:([0-9]+):([0-9]+): ")))
        << "no file:line:col in: " << r.err;
    EXPECT_EQ(std::stoi(m[1]), line) << r.err;
    EXPECT_NE(r.err.find(tmp.path()), std::string::npos) << "should name the file given, not the embedded one: " << r.err;
    EXPECT_NE(r.err.find("\"matige\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("verwaarloosbaar, matig"), std::string::npos) << "should list the valid levels: " << r.err;
    EXPECT_EQ(read_file(old_file), "old map");
    EXPECT_EQ(files_in(out), std::vector<std::string>{"minusma-2017-ied-slide.png"});
    EXPECT_TRUE(tmp_debris(out).empty());
}

TEST(CliErrors, OutputUnderARegularFileFailsBeforeAnyWork) {
    TempDir tmp;
    const std::string file = tmp / "not-a-folder";
    { std::ofstream(file) << "x"; }
    // A missing assessment too: if the run did any work before checking the
    // output folder, the error would be about the assessment instead.
    RunResult r = run_cli({"render", "--out", file + "/maps", "--assessment", tmp / "missing.toml", "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(file + "/maps"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("missing.toml"), std::string::npos) << "inputs were read before the output was checked: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    EXPECT_EQ(read_file(file), "x");
}

TEST(CliErrors, UnknownOptionIsAUsageError) {
    RunResult r = run_cli({"render", "--no-such-option"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;
    EXPECT_EQ(run_cli({}).code, 2);                                  // no subcommand
    EXPECT_EQ(run_cli({"render", "--lang", "de"}).code, 2);          // checked option value
    EXPECT_EQ(run_cli({"stats", "--format", "xml"}).code, 2);
}

TEST(CliErrors, MisspeltCommandOrOptionSuggestsTheOneMeant) {
    RunResult r = run_cli({"rendr"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("threatmap: error: unknown command \"rendr\", did you mean \"render\"?"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("commands: render, stats, merge-manifests and inspect"), std::string::npos) << r.err;

    r = run_cli({});
    EXPECT_NE(r.err.find("threatmap: error: no command given: `threatmap render` renders the maps"), std::string::npos) << r.err;

    // The option is the mistake, not the value after it.
    r = run_cli({"render", "--fromat", "png"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("unknown option --fromat, did you mean --format?"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("png"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("`threatmap render --help` lists the options"), std::string::npos) << r.err;

    r = run_cli({"stats", "--catgory", "ied"});
    EXPECT_NE(r.err.find("unknown option --catgory, did you mean --category?"), std::string::npos) << r.err;

    // Nothing close: no guess.
    r = run_cli({"render", "--zzzzzz"});
    EXPECT_NE(r.err.find("unknown option --zzzzzz ("), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
    r = run_cli({"frobnicate"});
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;

    r = run_cli({"render", "extra"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("unexpected argument \"extra\""), std::string::npos) << r.err;

    // Help still prints and succeeds.
    r = run_cli({"render", "--help"});
    EXPECT_EQ(r.code, 0) << r.err;
}

TEST(CliErrors, TitleIsForAMapOfAnyLayer) {
    TempDir tmp;
    RunResult r = run_cli({"render", "-q", "--title", "Mali", "--out", tmp / "o"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("--title is for a map of any layer (with --class-field)"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "o/minusma-2017-ied-slide.png"));
}

TEST(CliErrors, ErrorLinesStartWithTheToolName) {
    TempDir tmp;
    RunResult r = run_cli({"render", "--format", "tiff", "--out", tmp / "o", "-q"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("threatmap: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("png, svg or pdf"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace threatmap::test
