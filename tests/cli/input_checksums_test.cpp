// cli::InputChecksums: the manifest's input checksums, started as the inputs
// are named and collected in that order.
#include "cli/input_checksums.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "../temp_dir.hpp"

namespace threatmap::cli {
namespace {

using test::TempDir;

// Writes `bytes` to `name` in `dir`; returns its path.
std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

TEST(InputChecksums, InTheOrderStartedWithTheirPaths) {
    TempDir s;
    const std::string a = write(s, "a.txt", "abc"), b = write(s, "b.txt", std::string(700000, 'x'));
    InputChecksums sums;
    sums.start(a);
    sums.start(b);
    const auto got = sums.collect();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  " + a);
    EXPECT_EQ(got[1], core::sha256_file(b) + "  " + b);
    EXPECT_TRUE(sums.collect().empty());  // collected once
}

TEST(InputChecksums, AnUnreadableFileIsAnErrorNamingIt) {
    TempDir s;
    const std::string missing = s / "missing.gpkg";
    InputChecksums sums;
    sums.start(missing);
    try {
        sums.collect();
        ADD_FAILURE() << "no error for a missing file";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
}

// A run that fails leaves without collecting: the destructor tells the
// checksums to stop and waits for their threads, which must not outlive the
// stop flag they read (the asan build of this test catches a use after free).
// A second set started afterwards still computes whole checksums.
TEST(InputChecksums, LeftUncollectedTheyStopAndOthersStillWork) {
    TempDir s;
    const std::string big = write(s, "big.bin", std::string(8 << 20, 'y'));
    {
        InputChecksums sums;
        for (int i = 0; i < 4; ++i) sums.start(big);
    }
    InputChecksums again;
    again.start(big);
    const auto got = again.collect();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], core::sha256_file(big) + "  " + big);
    EXPECT_EQ(got[0].size(), 64u + 2u + big.size());
}

}  // namespace
}  // namespace threatmap::cli
