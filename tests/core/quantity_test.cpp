// core/quantity: km² as the map and the report print them.
#include <gtest/gtest.h>

#include "core/quantity.hpp"

namespace threatmap::core {
namespace {

TEST(FormatKm2, GroupsThousandsByLanguage) {
    EXPECT_EQ(format_km2(25928.4, "en"), "25,928");
    EXPECT_EQ(format_km2(25928.4, "nl"), "25.928");
    EXPECT_EQ(format_km2(25928.4, "fr"), "25\u202f928");
    EXPECT_EQ(format_km2(1240000.6, "en"), "1,240,001");
    EXPECT_EQ(format_km2(999.5, "en"), "1,000");
    EXPECT_EQ(format_km2(999.4, "en"), "999");
}

TEST(FormatKm2, SliversAndNothingAreSaidSo) {
    EXPECT_EQ(format_km2(0.0, "en"), "0");
    EXPECT_EQ(format_km2(0.2, "en"), "< 1");
    EXPECT_EQ(format_km2(0.5, "en"), "1");
}

}  // namespace
}  // namespace threatmap::core
