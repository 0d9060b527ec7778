// cli::InputChecksums: the manifest's input checksums, started as the inputs
// are named and collected in that order.
#include "cli/input_checksums.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace threatmap::cli {
namespace {

namespace fs = std::filesystem;

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("threatmap-checksums-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
};

TEST(InputChecksums, InTheOrderStartedWithTheirPaths) {
    Scratch s;
    const std::string a = s.write("a.txt", "abc"), b = s.write("b.txt", std::string(700000, 'x'));
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
    Scratch s;
    const std::string missing = (s.dir / "missing.gpkg").string();
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
    Scratch s;
    const std::string big = s.write("big.bin", std::string(8 << 20, 'y'));
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
