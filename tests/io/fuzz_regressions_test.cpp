// The fuzz targets' inputs as ordinary tests: every file under
// tests/data/fuzz-regressions/<target>/ (inputs that once found a bug) and the
// seed corpora fuzz/corpus/<target>/ are run through what the target runs.
// A threatmap::Error is an expected answer; any other exception or a broken
// contract fails the test (and a crash or sanitizer report fails it anyway,
// most usefully in the asan preset).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
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
#include "io/toml_doc.hpp"

namespace threatmap {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> cases(const std::string& target) {
    std::vector<std::string> out;
    for (const std::string& dir : {std::string(THREATMAP_TEST_DATA) + "/fuzz-regressions/" + target,
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

// toml++ 3.3.0 reaches __builtin_unreachable() when it asks whether most
// non-ASCII characters are whitespace (found by fuzz_assessment with a file
// that is just "é"); io::parse_toml_file refuses them first, with the place.
// Non-ASCII text in strings and comments, and a byte order mark, stay fine.
TEST(FuzzRegressions, NonAsciiOutsideStringsIsRefusedWithItsPlaceBeforeTomlppSeesIt) {
    const std::string dir = ::testing::TempDir();
    struct Case {
        const char* name;
        std::string text;
        const char* where;  // "" = parses
    };
    const Case cases[] = {
        {"alone", "\xc3\xa9", "1:1"},
        {"bare-key", "a = 1\nr\xc3\xa9gion = 2\n", "2:2"},
        {"after-value", "a = 1\xc3\xa9\n", "1:6"},
        {"table-name", "[a.\xc3\xa9]\n", "1:4"},
        {"line-ending-backslash", R"(a = """\)" "\n\xc2\xa7" R"(""")" "\n", "2:1"},
        {"escaped-in-multiline", R"(a = """\)" "\xc3\xa9" R"(""")" "\n", "1:9"},
        // toml++ reads a bare value on past an error: quotes there start no string (fuzz_style).
        {"quotes-after-a-number", "a = 8'''\xc3\xa9'''\n", "1:9"},
        {"quoted-key-after-a-value", "a = 1 \"\xc3\xa9\" = 2\n", "1:8"},
        {"in-strings-and-comments",
         "\xef\xbb\xbf# r\xc3\xa9gion\n"
         "a = \"\xc3\xa9\"\n"
         "b = '\xc3\xa9'\n"
         "c = \"\"\"\xc3\xa9\n\xc3\xa9\"\"\"\n"
         "d = '''\\\n\xc3\xa9'''\n"
         "e = \"\\\"\xc3\xa9\"\n"
         "\"\xc3\xa9\" = 1\n"
         "f = [\"\xc3\xa9\", { g = \"\xc3\xa9\", h.\"\xc3\xa9\" = '\xc3\xa9' }] # \xc3\xa9\n"
         "i = [\n  \"\xc3\xa9\", # \xc3\xa9\n  [ '\xc3\xa9' ],\n]\n"
         "[\"\xc3\xa8\".'\xc3\xa9']\n"
         "[[j . \"\xc3\xa9\"]]\n",
         ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const std::string path = dir + "/threatmap-non-ascii-" + c.name + ".toml";
        { std::ofstream(path, std::ios::binary) << c.text; }
        try {
            toml::table t = io::parse_toml_file(path);
            EXPECT_STREQ(c.where, "") << "accepted";
            if (std::string(c.name) == "in-strings-and-comments") {
                EXPECT_EQ(t["a"].value_or(std::string()), "\xc3\xa9");
                EXPECT_EQ(t["d"].value_or(std::string()), "\\\n\xc3\xa9");
                EXPECT_EQ(t["e"].value_or(std::string()), "\"\xc3\xa9");
                EXPECT_TRUE(t.contains("\xc3\xa9"));
            }
        } catch (const Error& e) {
            EXPECT_EQ(e.location().where, c.where) << e.what();
            EXPECT_NE(std::string(e.what()).find("non-ASCII"), std::string::npos) << e.what();
        }
        std::remove(path.c_str());
    }
}

}  // namespace
}  // namespace threatmap
