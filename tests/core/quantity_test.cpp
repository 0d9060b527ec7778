// core/quantity: km² and shares as the map and the report print them.
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

TEST(FormatShare, WholePercentAsTheLanguageWritesIt) {
    EXPECT_EQ(format_share(25670, 25928, "en"), "99%");
    EXPECT_EQ(format_share(25670, 25928, "nl"), "99%");
    EXPECT_EQ(format_share(25670, 25928, "fr"), "99\u202f%");
    EXPECT_EQ(format_share(258, 25928, "en"), "1%");
    EXPECT_EQ(format_share(25928, 25928, "en"), "100%");
}

TEST(FormatShare, NoRoundNumberThatIsNotTrue) {
    EXPECT_EQ(format_share(100, 25928, "en"), "< 1%") << "0.39 %: some, not none";
    EXPECT_EQ(format_share(25900, 25928, "en"), "> 99%") << "99.9 %: not all";
    EXPECT_EQ(format_share(25927.8, 25928, "en"), "100%") << "all but a sliver under 1 km²";
    EXPECT_EQ(format_share(0.3, 25928, "en"), "0%") << "a sliver under 1 km² (format_km2 says < 1)";
    EXPECT_EQ(format_share(0, 25928, "fr"), "0\u202f%");
    EXPECT_EQ(format_share(0, 0, "en"), "–");
    EXPECT_EQ(format_share(0.4, 0.4, "en"), "100%") << "a tiny total is still all of it";
    EXPECT_EQ(format_share(0.3, 0.5, "en"), "60%");
}

}  // namespace
}  // namespace threatmap::core
