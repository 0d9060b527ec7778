// io::ChecksumCache: input checksums reused between runs while a file is
// unchanged, never trusted for a file changed around its hashing, and only
// ever a hint (a damaged or unwritable cache changes no result).
#include "io/checksum_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/sha256.hpp"
#include "io/file_checksum.hpp"
#include "../scoped_env.hpp"
#include "../temp_dir.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using namespace std::chrono_literals;

const std::string kSumA(64, 'a'), kSumB(64, 'b');

FileIdentity identity(std::uint64_t inode, std::uint64_t size = 100, std::int64_t mtime_ns = 1'000'000'000'000'000'000) {
    return FileIdentity{7, inode, size, mtime_ns, mtime_ns};
}

// A moment well after the file times used here: nothing is racily clean.
ChecksumCache::Clock::time_point long_after() { return ChecksumCache::Clock::time_point(std::chrono::seconds(2'000'000'000)); }

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(ChecksumCache, FindsWhatItRememberedOnlyForTheSameIdentity) {
    ChecksumCache cache;
    cache.remember("/data/a.gpkg", identity(1), kSumA, long_after());
    EXPECT_EQ(cache.find(identity(1)), kSumA);
    FileIdentity other = identity(1);
    other.size += 1;
    EXPECT_FALSE(cache.find(other)) << "another size";
    other = identity(1);
    other.mtime_ns += 1;
    EXPECT_FALSE(cache.find(other)) << "modified a nanosecond later";
    other = identity(1);
    other.ctime_ns += 1;
    EXPECT_FALSE(cache.find(other)) << "changed (ctime) a nanosecond later";
    other = identity(2);
    EXPECT_FALSE(cache.find(other)) << "another inode";
    other = identity(1);
    other.device = 8;
    EXPECT_FALSE(cache.find(other)) << "another device";
}

TEST(ChecksumCache, AFileChangedAroundItsHashingIsNotRemembered) {
    const auto began = long_after();
    const std::int64_t began_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(began.time_since_epoch()).count();
    ChecksumCache cache;
    // Changed 1 s before hashing began: inside the window, a later change in the same tick could go unseen.
    cache.remember("/x", identity(1, 100, began_ns - 1'000'000'000), kSumA, began);
    EXPECT_FALSE(cache.find(identity(1, 100, began_ns - 1'000'000'000)));
    // Changed after it began (or dated in the future).
    cache.remember("/x", identity(2, 100, began_ns + 5), kSumA, began);
    EXPECT_FALSE(cache.find(identity(2, 100, began_ns + 5)));
    // Changed 3 s before: trusted.
    cache.remember("/x", identity(3, 100, began_ns - 3'000'000'000), kSumA, began);
    EXPECT_EQ(cache.find(identity(3, 100, began_ns - 3'000'000'000)), kSumA);
}

TEST(ChecksumCache, SavedAndLoadedAgainWithTheNewestEntryPerFile) {
    TempDir s;
    const std::string file = s / "cache/checksums.tsv";  // the folder does not exist yet
    {
        ChecksumCache cache(file);
        cache.remember("/data/a b.gpkg", identity(1), kSumA, long_after());
        cache.remember("/data/c.gpkg", identity(2), kSumB, long_after());
        FileIdentity rewritten = identity(1, 200);
        cache.remember("/data/a b.gpkg", rewritten, kSumB, long_after());  // the same file (inode), since rewritten
        EXPECT_TRUE(cache.save());
    }
    ChecksumCache again(file);
    EXPECT_FALSE(again.find(identity(1))) << "the older entry of the same inode is dropped";
    EXPECT_EQ(again.find(identity(1, 200)), kSumB);
    EXPECT_EQ(again.find(identity(2)), kSumB);
    EXPECT_NE(read_all(file).find("/data/a b.gpkg"), std::string::npos) << "the path is kept as a note";
}

TEST(ChecksumCache, KeepsTheMostRecentlyRememberedEntries) {
    TempDir s;
    const std::string file = s / "checksums.tsv";
    {
        ChecksumCache cache(file);
        for (std::uint64_t i = 0; i < ChecksumCache::kMaxEntries + 10; ++i) cache.remember("/f", identity(i), kSumA, long_after());
        ASSERT_TRUE(cache.save());
    }
    ChecksumCache again(file);
    EXPECT_FALSE(again.find(identity(9)));
    EXPECT_TRUE(again.find(identity(10)));
    EXPECT_TRUE(again.find(identity(ChecksumCache::kMaxEntries + 9)));
}

TEST(ChecksumCache, DamagedLinesAndOtherFormatsAreIgnored) {
    TempDir s;
    const std::string file = s / "checksums.tsv";
    {
        std::ofstream out(file);
        out << "threatmap checksum cache 1\n"
            << kSumA << "\t7 1 100 5 5\t/good\n"
            << "not a line\n"
            << std::string(64, 'g') << "\t7 2 100 5 5\t/not hex\n"
            << kSumB << "\t7 3 100 five 5\t/not a number\n"
            << kSumB << "\t7 4 100 5\n"  // cut short (a crash while written)
            << kSumB.substr(0, 20);
    }
    ChecksumCache cache(file);
    EXPECT_EQ(cache.find(FileIdentity{7, 1, 100, 5, 5}), kSumA);
    EXPECT_FALSE(cache.find(FileIdentity{7, 2, 100, 5, 5}));
    EXPECT_FALSE(cache.find(FileIdentity{7, 4, 100, 5, 0}));
    {
        std::ofstream out(file);
        out << "threatmap checksum cache 99\n" << kSumA << "\t7 1 100 5 5\t/good\n";
    }
    EXPECT_FALSE(ChecksumCache(file).find(FileIdentity{7, 1, 100, 5, 5})) << "another format version is not read";
}

TEST(ChecksumCache, ACacheThatCannotBeWrittenChangesNothing) {
    TempDir s;
    const std::string blocker = s / "file";
    { std::ofstream(blocker) << "x"; }
    ChecksumCache cache(blocker + "/checksums.tsv");  // its folder would be a file
    cache.remember("/x", identity(1), kSumA, long_after());
    EXPECT_FALSE(cache.save());
    EXPECT_EQ(read_all(blocker), "x");
    EXPECT_EQ(cache.find(identity(1)), kSumA);
    ChecksumCache none;  // no file: nothing to write, nothing fails
    none.remember("/x", identity(1), kSumA, long_after());
    EXPECT_TRUE(none.save());
}

TEST(ChecksumCache, IdentityOfLocalRegularFilesOnly) {
    TempDir s;
    const std::string path = s / "a.txt";
    { std::ofstream(path) << "abc"; }
    const auto id = identity_of(path);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->size, 3u);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(id->inode, static_cast<std::uint64_t>(st.st_ino));
    EXPECT_FALSE(identity_of(s.path())) << "a folder";
    EXPECT_FALSE(identity_of(s / "missing"));
    EXPECT_FALSE(identity_of("/vsizip/" + path + "/a.txt"));
}

// Through io::input_file_sha256: an unchanged file's checksum comes from the
// cache without reading the file (shown by a checksum the file could not
// have), a changed one is read again.
TEST(ChecksumCache, InputChecksumsTakeAnUnchangedFilesChecksumFromIt) {
    TempDir s;
    const std::string path = s / "layer.gpkg";
    { std::ofstream(path, std::ios::binary) << "abc"; }
    ChecksumCache cache;
    const auto id = identity_of(path);
    ASSERT_TRUE(id);
    cache.remember(path, *id, kSumB, long_after());
    EXPECT_EQ(input_file_sha256(path, nullptr, &cache), kSumB);
    EXPECT_EQ(input_file_sha256(path), core::sha256_hex("abc")) << "without the cache";
    { std::ofstream(path, std::ios::binary | std::ios::app) << "d"; }
    EXPECT_EQ(input_file_sha256(path, nullptr, &cache), core::sha256_hex("abcd"));
    // Just written: racily clean, so not remembered (the next run reads it again).
    EXPECT_FALSE(cache.find(*identity_of(path)));
}

// A shapefile's parts are each looked up: one part changed is read again,
// the others come from the cache.
TEST(ChecksumCache, EachPartOfASplitLayerIsLookedUp) {
    TempDir s;
    const fs::path folder(s.path());
    for (const char* ext : {"shp", "shx", "dbf"}) std::ofstream(folder / (std::string("roads.") + ext)) << ext;
    const std::string shp = (folder / "roads.shp").string(), dbf = (folder / "roads.dbf").string();
    const std::string real = input_file_sha256(shp);
    ChecksumCache cache;
    cache.remember(dbf, *identity_of(dbf), core::sha256_hex("dbf"), long_after());
    EXPECT_EQ(input_file_sha256(shp, nullptr, &cache), real) << "a part from the cache gives the same listing";
    cache.remember(dbf, *identity_of(dbf), kSumA, long_after());
    EXPECT_NE(input_file_sha256(shp, nullptr, &cache), real) << "the .dbf's checksum was taken from the cache";
}

TEST(ChecksumCache, DefaultFileFollowsXdgCacheHomeThenHome) {
    {
        test::ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
        EXPECT_EQ(ChecksumCache::default_file(), "/tmp/xdg/threatmap/checksums.tsv");
    }
    test::ScopedEnv xdg("XDG_CACHE_HOME", "relative");  // not absolute: ignored, as the XDG spec says
    {
        test::ScopedEnv home("HOME", "/home/analyst");
        EXPECT_EQ(ChecksumCache::default_file(), "/home/analyst/.cache/threatmap/checksums.tsv");
    }
    test::ScopedEnv no_home("HOME", std::nullopt);
    EXPECT_EQ(ChecksumCache::default_file(), "");
}

}  // namespace
}  // namespace threatmap::io
