// core/sha256 against the FIPS 180-4 / NIST example vectors.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace threatmap::core {
namespace {

TEST(Sha256, NistVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 56 bytes: the padding spills into a second block.
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, BinaryBytesIncludingNul) {
    const std::string bytes("a\0b", 3);
    EXPECT_NE(sha256_hex(bytes), sha256_hex("ab"));
    EXPECT_EQ(sha256_hex(bytes).size(), 64u);
}

// Asked to stop (a failed run does not wait for its inputs' checksums), the
// checksum gives up between pieces: the piece being read is the last asked for.
TEST(Sha256, PiecesStopBetweenPieces) {
    std::atomic<bool> stop{false};
    std::size_t reads = 0, piece = 0;
    // Four full pieces of 'a'; asked to stop while the `stop_at`-th is read (0: never).
    auto four_pieces = [&](std::size_t stop_at) {
        reads = 0;
        stop = false;
        return sha256_pieces(
            [&](char* buffer, std::size_t capacity) -> std::size_t {
                piece = capacity;
                if (++reads == stop_at) stop = true;
                if (reads > 4) return 0;
                std::memset(buffer, 'a', capacity);
                return capacity;
            },
            &stop);
    };
    const std::string whole = four_pieces(0);
    EXPECT_EQ(whole, sha256_hex(std::string(4 * piece, 'a')));
    EXPECT_EQ(reads, 5u);  // four pieces and the end
    EXPECT_EQ(four_pieces(2), "");
    EXPECT_EQ(reads, 2u);  // the third piece is never asked for
}

TEST(Sha256, FileMatchesBytesAndMissingFileThrows) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("threatmap-sha-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "abc.txt").string();
    { std::ofstream(path, std::ios::binary) << "abc"; }
    EXPECT_EQ(sha256_file(path), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // Longer than the 256 KiB pieces the file is read in, and not a multiple of them.
    const std::string million = (dir / "a.txt").string();
    { std::ofstream(million, std::ios::binary) << std::string(1000000, 'a'); }
    EXPECT_EQ(sha256_file(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    const std::string missing = (dir / "missing.txt").string();
    try {
        sha256_file(missing);
        ADD_FAILURE() << "no exception for a missing file";
    } catch (const threatmap::Error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace threatmap::core
