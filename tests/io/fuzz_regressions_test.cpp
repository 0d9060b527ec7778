// The fuzz targets' inputs as ordinary tests: every file under
// tests/data/fuzz-regressions/<target>/ (inputs that once found a bug) and the
// seed corpora fuzz/corpus/<target>/ are run through what the target runs.
// A threatmap::Error is an expected answer; any other exception or a broken
// contract fails the test (and a crash or sanitizer report fails it anyway,
// most usefully in the asan preset).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../fuzz/geometry_case.hpp"
#include "core/error.hpp"
#include "io/assessment_reader.hpp"
#include "io/style_reader.hpp"

namespace threatmap {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> cases(const std::string& target) {
    std::vector<std::string> out;
    for (const std::string dir : {std::string(THREATMAP_TEST_DATA) + "/fuzz-regressions/" + target,
                                  std::string(THREATMAP_SOURCE_DIR) + "/fuzz/corpus/" + target}) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `read` on `path`; "" when it returned or threw threatmap::Error.
template <typename F>
std::string only_threatmap_errors(F read, const std::string& path) {
    try {
        read(path);
    } catch (const Error&) {
    } catch (const std::exception& e) {
        return std::string("unexpected exception: ") + e.what();
    } catch (...) {
        return "unexpected non-standard exception";
    }
    return "";
}

TEST(FuzzRegressions, AssessmentInputsGiveAResultOrAThreatmapError) {
    auto files = cases("fuzz_assessment");
    EXPECT_FALSE(files.empty());
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        EXPECT_EQ(only_threatmap_errors([](const std::string& p) { io::read_assessment(p); }, f), "");
    }
}

TEST(FuzzRegressions, StyleInputsGiveAResultOrAThreatmapError) {
    auto files = cases("fuzz_style");
    EXPECT_FALSE(files.empty());
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        EXPECT_EQ(only_threatmap_errors([](const std::string& p) { io::read_style(p); }, f), "");
    }
}

TEST(FuzzRegressions, GeometryInputsKeepTheStagesContracts) {
    auto files = cases("fuzz_geometry");
    EXPECT_FALSE(files.empty());
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        const std::string bytes = bytes_of(f);
        std::string broken;
        try {
            broken = fuzz::run_geometry_case(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            broken = std::string("unexpected exception: ") + e.what();
        }
        EXPECT_EQ(broken, "");
    }
}

}  // namespace
}  // namespace threatmap
