// core/error: the one-line message "file:14:9: detail" / "file: layer 'x': detail" and its parts.
#include <gtest/gtest.h>

#include "core/error.hpp"

namespace threatmap {
namespace {

TEST(Error, MessageNamesFilePlaceAndDetail) {
    Error e({"geodata/assessments/minusma-2017.toml", "14:9"}, "unknown level \"matige\"");
    EXPECT_STREQ(e.what(), "geodata/assessments/minusma-2017.toml:14:9: unknown level \"matige\"");
    EXPECT_EQ(e.location().file, "geodata/assessments/minusma-2017.toml");
    EXPECT_EQ(e.location().where, "14:9");
    EXPECT_EQ(e.detail(), "unknown level \"matige\"");
}

TEST(Error, PlaceInWordsIsAPhraseAfterTheFile) {
    // A line and column join the file as compilers do; a layer and feature
    // read after "file: " (it read "f.geojson:layer 'x'", as if a path).
    EXPECT_EQ(format_location_message({"f.geojson", "layer 'regions', feature 3"}, "no geometry"),
              "f.geojson: layer 'regions', feature 3: no geometry");
    EXPECT_EQ(format_location_message({"a.toml", "7:1"}, "bad"), "a.toml:7:1: bad");
}

TEST(Error, EmptyPartsAreSkipped) {
    EXPECT_EQ(format_location_message({"a.toml", ""}, "cannot open"), "a.toml: cannot open");
    EXPECT_EQ(format_location_message({"", "layer 'x'"}, "bad"), "layer 'x': bad");
    EXPECT_EQ(format_location_message({"", ""}, "bad"), "bad");
    Error plain("just this");
    EXPECT_STREQ(plain.what(), "just this");
    EXPECT_TRUE(plain.location().file.empty());
}

TEST(Error, IsARuntimeError) {
    try {
        throw Error({"f", "1:2"}, "x");
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "f:1:2: x");
    }
}

}  // namespace
}  // namespace threatmap
