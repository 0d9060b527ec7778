// `render --assessment FOLDER` renders every assessment file of the folder (e.g.
// one per year) into one output folder, each with its own id as file prefix.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_support.hpp"

namespace threatmap::test {
namespace {
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(AssessmentFolder, RendersEveryAssessmentWithItsOwnPrefix) {
    TempDir dir;
    const std::string folder = dir / "assessments";
    fs::create_directories(folder);
    std::string text = slurp("geodata/assessments/minusma-2017.toml");
    std::ofstream(folder + "/a.toml") << text;
    const std::string key = "id = \"minusma-2017\"";
    ASSERT_NE(text.find(key), std::string::npos);
    text.replace(text.find(key), key.size(), "id = \"minusma-2017-copy\"");
    std::ofstream(folder + "/b.toml") << text;
    std::ofstream(folder + "/notes.txt") << "not an assessment";
    cli::RunLeftovers leftovers;
    RunResult r = run_cli({"render", "--assessment", folder, "--format", "svg", "--out", dir / "out", "-q"}, &leftovers);
    ASSERT_EQ(r.code, 0) << r.err;
    // Each assessment's data is freed before the next is read, not left over.
    EXPECT_TRUE(leftovers.empty());
    for (const char* name : {"minusma-2017-ied-slide.svg", "minusma-2017-general-slide.svg", "minusma-2017-manifest.json",
                             "minusma-2017-copy-ied-slide.svg", "minusma-2017-copy-general-slide.svg",
                             "minusma-2017-copy-manifest.json"})
        EXPECT_TRUE(fs::exists(dir / (std::string("out/") + name))) << name;
}

TEST(AssessmentFolder, EmptyFolderIsAnError) {
    TempDir dir;
    fs::create_directories(dir / "empty");
    RunResult r = run_cli({"render", "--assessment", dir / "empty", "--out", dir / "out", "-q"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no assessment"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace threatmap::test
