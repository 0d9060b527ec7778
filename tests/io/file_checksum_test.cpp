// io::input_file_sha256: an input's checksum as GDAL reads it, for plain
// paths and for GDAL's virtual paths (a layer inside a zip).
#include "io/file_checksum.hpp"

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "../temp_dir.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;

using test::TempDir;

// Writes `bytes` to the file `name` in `folder` (replacing it).
void put(const fs::path& folder, const std::string& name, const std::string& bytes) {
    std::ofstream(folder / name, std::ios::binary) << bytes;
}

using Files = std::vector<std::pair<std::string, std::string>>;  // name, bytes

// Writes each of `files` into `folder`.
void put_all(const fs::path& folder, const Files& files) {
    for (const auto& [name, bytes] : files) put(folder, name, bytes);
}

// What `sha256sum <files> | sha256sum` prints for files with these names
// and contents (sha256sum's lines in bytewise order of the names).
std::string listing_sha256(Files files) {
    std::sort(files.begin(), files.end());
    std::string listing;
    for (const auto& [name, bytes] : files) listing += core::sha256_hex(bytes) + "  " + name + "\n";
    return core::sha256_hex(listing);
}

// Writes `bytes` through GDAL's virtual file system (e.g. into a zip).
void write_vsi(const std::string& path, const std::string& bytes) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    ASSERT_NE(f, nullptr) << path;
    ASSERT_EQ(VSIFWriteL(bytes.data(), 1, bytes.size(), f), bytes.size());
    ASSERT_EQ(VSIFCloseL(f), 0);
}

TEST(FileChecksum, PlainFileAsCoreComputesIt) {
    TempDir s;
    const std::string path = s / "abc.txt";
    { std::ofstream(path, std::ios::binary) << "abc"; }
    EXPECT_EQ(input_file_sha256(path), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string big = s / "big.bin";
    { std::ofstream(big, std::ios::binary) << std::string(1000003, 'q'); }
    EXPECT_EQ(input_file_sha256(big), core::sha256_file(big));
}

// A zipped layer (--boundaries /vsizip/...): the member's bytes, which only GDAL can read.
TEST(FileChecksum, MemberOfAZipIsItsBytes) {
    TempDir s;
    const std::string member = std::string(300000, 'z') + "end";
    const std::string zipped = "/vsizip/" + (s / "layer.zip") + "/regions.geojson";
    write_vsi(zipped, member);
    EXPECT_EQ(input_file_sha256(zipped), core::sha256_hex(member));
}

// A shapefile folder read as one dataset: `sha256sum * | sha256sum` in it
// (files in name order), so that a change to any of its files shows.
TEST(FileChecksum, FolderIsTheChecksumOfItsFilesListing) {
    TempDir s;
    const fs::path folder = s / "shapes";
    fs::create_directories(folder / "sub");
    const Files layer{{"regions.shp", "shp bytes"}, {"regions.dbf", "dbf bytes"}};
    put_all(folder, layer);
    put(folder, "sub/ignored.txt", "not read: GDAL reads a folder's own files");
    const std::string before = input_file_sha256(folder.string());
    EXPECT_EQ(before, listing_sha256(layer));
    put(folder, "regions.dbf", "dbf bytes, edited");
    EXPECT_NE(input_file_sha256(folder.string()), before);
}

// A shapefile's classes live in its .dbf: the checksum covers the .shp and
// its .shx, .dbf, .prj and .cpg (those that exist), not other files beside it.
TEST(FileChecksum, ShapefileIsTheChecksumOfItsParts) {
    TempDir s;
    const Files parts{{"regions.shp", "shapes"}, {"regions.shx", "index"}, {"regions.dbf", "attributes"}, {"regions.prj", "crs"}};
    put_all(s.path(), parts);
    put_all(s.path(), {{"other.dbf", "another layer's attributes"}, {"regions.txt", "notes"}});
    const std::string shp = s / "regions.shp";
    const std::string before = input_file_sha256(shp);
    EXPECT_EQ(before, listing_sha256(parts));
    put(s.path(), "regions.dbf", "attributes, classes edited");
    EXPECT_NE(input_file_sha256(shp), before);
}

// MapInfo keeps a table's attributes in the .dat and its shapes in the .map:
// editing either changes the checksum of the .tab named on the command line.
TEST(FileChecksum, MapInfoTableIsTheChecksumOfItsParts) {
    TempDir s;
    const Files parts{{"regions.tab", "header"}, {"regions.dat", "attributes"}, {"regions.map", "shapes"}, {"regions.id", "ids"}};
    put_all(s.path(), parts);
    put_all(s.path(), {{"regions.ind", "index"}, {"other.dat", "another table"}});
    const std::string tab = s / "regions.tab";
    const std::string before = input_file_sha256(tab);
    EXPECT_EQ(before, listing_sha256(parts));
    put(s.path(), "regions.dat", "attributes, classes edited");
    const std::string after_dat = input_file_sha256(tab);
    EXPECT_NE(after_dat, before);
    put(s.path(), "regions.map", "shapes, redrawn");
    const std::string after_map = input_file_sha256(tab);
    EXPECT_NE(after_map, after_dat);
    put(s.path(), "regions.ind", "index, rebuilt");  // an index changes no map
    put(s.path(), "other.dat", "another table, edited");
    EXPECT_EQ(input_file_sha256(tab), after_map);
}

// A MIF file's attributes are in the .mid beside it; the extension's case does not matter.
TEST(FileChecksum, MifFileIsTheChecksumOfItAndItsMid) {
    TempDir s;
    const Files parts{{"regions.MIF", "shapes"}, {"regions.MID", "attributes"}};
    put_all(s.path(), parts);
    const std::string mif = s / "regions.MIF";
    const std::string before = input_file_sha256(mif);
    EXPECT_EQ(before, listing_sha256(parts));
    put(s.path(), "regions.MID", "attributes, edited");
    EXPECT_NE(input_file_sha256(mif), before);
}

TEST(FileChecksum, MissingFileIsAnErrorNamingIt) {
    TempDir s;
    const std::string missing = "/vsizip/" + (s / "none.zip") + "/regions.shp";
    try {
        input_file_sha256(missing);
        ADD_FAILURE() << "no error for " << missing;
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
    std::atomic<bool> stop{true};
    const std::string path = s / "x.txt";
    { std::ofstream(path, std::ios::binary) << "x"; }
    EXPECT_EQ(input_file_sha256(path, &stop), "");  // stopped before the first piece
}

}  // namespace
}  // namespace threatmap::io
