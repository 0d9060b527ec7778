// Shared by the join tests that judge a layer against Mali's gazetteer
// (select_country, region_grouping): the gazetteer, read once per suite, and
// one-degree square features with the attributes a test gives.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "core/boundaries.hpp"
#include "core/gazetteer.hpp"
#include "io/gazetteer_reader.hpp"

namespace threatmap::join::test {

// A one-degree square at (fid, 0) with the given attributes.
inline BoundaryFeature square_feature(long long fid, std::map<std::string, std::string> attributes) {
    BoundaryFeature f;
    f.fid = fid;
    f.attributes = std::move(attributes);
    const double x = static_cast<double>(fid);
    f.geometry = MultiPolygonLL{Polygon<LonLat>{{{x, 0}, {x, 1}, {x + 1, 1}, {x + 1, 0}, {x, 0}}}};
    return f;
}

// Tests run from the repo root.
class MaliGazetteerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { gazetteer_ = std::make_unique<Gazetteer>(io::read_gazetteer("geodata/gazetteer/mali.toml")); }
    static void TearDownTestSuite() { gazetteer_.reset(); }
    static inline std::unique_ptr<Gazetteer> gazetteer_;
};

}  // namespace threatmap::join::test
