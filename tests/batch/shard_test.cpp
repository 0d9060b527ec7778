// Batches split over machines (--shard K/N + merge-manifests) give what one
// machine gives, and the output does not depend on the number of threads:
//   - select_shard: N shards of the job list cover every job exactly once;
//   - the 3 shards of a batch, rendered into one folder and their manifests
//     merged, give the single-machine manifest byte for byte and the same
//     bytes in every file;
//   - -j1 and -j2 write byte-identical PNG, SVG, PDF, sidecars and manifest.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "../cli/cli_support.hpp"
#include "batch/run_batch.hpp"

namespace threatmap::test {
namespace {

std::string describe(const batch::Job& j) {
    std::string f;
    for (const auto& x : j.formats) f += (f.empty() ? "" : ",") + x;
    return j.stem() + " [" + f + "]";
}

// The job list `render --category ied,general --preset slide,column --change`
// builds (src/cli/app.cpp: per category, per preset, levels then change).
std::vector<batch::Job> full_job_list() {
    std::vector<batch::Job> jobs;
    for (const char* cat : {"ied", "general"})
        for (const char* preset : {"slide", "column"})
            for (auto kind : {batch::MapKind::levels, batch::MapKind::change})
                jobs.push_back({cat, kind, preset, {"png", "svg", "pdf"}});
    return jobs;
}

TEST(Shard, EveryJobInExactlyOneShard) {
    const std::vector<batch::Job> jobs = full_job_list();
    ASSERT_EQ(jobs.size(), 8u);
    std::map<std::string, int> expected;
    for (const auto& j : jobs) ++expected[describe(j)];
    ASSERT_EQ(expected.size(), 8u) << "stems must be distinct for this test to mean anything";
    for (unsigned n : {1u, 2u, 3u, 5u}) {
        SCOPED_TRACE("N = " + std::to_string(n));
        std::map<std::string, int> seen;
        std::size_t total = 0;
        for (unsigned k = 1; k <= n; ++k) {
            const auto shard = batch::select_shard(jobs, k, n);
            // Balanced: sizes differ by at most one.
            EXPECT_GE(shard.size(), jobs.size() / n);
            EXPECT_LE(shard.size(), (jobs.size() + n - 1) / n);
            for (const auto& j : shard) ++seen[describe(j)];
            total += shard.size();
        }
        EXPECT_EQ(total, jobs.size());
        EXPECT_EQ(seen, expected);
    }
    // Same list, same shards (deterministic).
    for (unsigned k = 1; k <= 3; ++k) {
        auto a = batch::select_shard(jobs, k, 3), b = batch::select_shard(full_job_list(), k, 3);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(describe(a[i]), describe(b[i]));
    }
}

TEST(Shard, InvalidShardNumbersAreRefused) {
    const auto jobs = full_job_list();
    EXPECT_ANY_THROW(batch::select_shard(jobs, 0, 3));
    EXPECT_ANY_THROW(batch::select_shard(jobs, 4, 3));
    EXPECT_ANY_THROW(batch::select_shard(jobs, 1, 0));
}

const std::vector<std::string> batch_args = {"render", "--category", "ied,general", "--preset", "slide,column", "--change", "-q"};

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
    args.insert(args.end(), more);
    return args;
}

bool is_shard_manifest(const std::string& name) { return name.find("manifest-shard-") != std::string::npos; }

// Every file of `a` is in `b` with the same bytes, and `b` has no others
// (shard manifests aside).
void expect_same_files(const std::string& a, const std::string& b) {
    std::vector<std::string> fa, fb;
    for (const auto& n : files_in(a))
        if (!is_shard_manifest(n)) fa.push_back(n);
    for (const auto& n : files_in(b))
        if (!is_shard_manifest(n)) fb.push_back(n);
    EXPECT_EQ(fa, fb);
    for (const auto& n : fa) {
        if (std::find(fb.begin(), fb.end(), n) == fb.end()) continue;
        EXPECT_TRUE(read_file(a + "/" + n) == read_file(b + "/" + n)) << n << " differs between " << a << " and " << b;
    }
}

TEST(Shard, ThreeShardsMergedEqualOneMachineByteForByte) {
    TempDir whole, sharded;
    RunResult r = run_cli(with(batch_args, {"--out", whole.path(), "-j", "2"}));
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string manifest = whole / "minusma-2017-manifest.json";
    ASSERT_TRUE(fs::exists(manifest));

    std::vector<std::string> shard_manifests;
    for (int k = 1; k <= 3; ++k) {
        r = run_cli(with(batch_args, {"--out", sharded.path(), "-j", "2", "--shard", std::to_string(k) + "/3"}));
        ASSERT_EQ(r.code, 0) << "shard " << k << ": " << r.err;
        shard_manifests.push_back(sharded / ("minusma-2017-manifest-shard-" + std::to_string(k) + "-of-3.json"));
        ASSERT_TRUE(fs::exists(shard_manifests.back())) << shard_manifests.back();
    }
    // A shard writes only its own files: 8 jobs x (png + 3 sidecars, svg, pdf).
    std::vector<std::string> merge = {"merge-manifests", "--out", sharded / "minusma-2017-manifest.json"};
    merge.insert(merge.end(), shard_manifests.begin(), shard_manifests.end());
    r = run_cli(merge);
    ASSERT_EQ(r.code, 0) << r.err;

    const std::string merged = read_file(sharded / "minusma-2017-manifest.json");
    EXPECT_TRUE(merged == read_file(manifest)) << "merged manifest differs from the single-machine manifest:\n--- merged\n"
                                               << merged << "\n--- single machine\n" << read_file(manifest);
    expect_same_files(whole.path(), sharded.path());
    // The batch has every map (2 categories x 2 presets x 2 kinds) in every format.
    for (const char* stem : {"ied-slide", "ied-change-slide", "general-column", "general-change-column"})
        for (const char* ext : {".png", ".svg", ".pdf"})
            EXPECT_TRUE(fs::exists(whole / (std::string("minusma-2017-") + stem + ext))) << stem << ext;
}

TEST(Shard, MergingShardsInAnyOrderGivesTheSameManifest) {
    TempDir dir;
    for (int k = 1; k <= 3; ++k) {
        RunResult r = run_cli({"render", "--category", "ied", "--preset", "slide,column,a4-portrait", "--format", "svg", "-q",
                               "--out", dir.path(), "--shard", std::to_string(k) + "/3"});
        ASSERT_EQ(r.code, 0) << r.err;
    }
    auto m = [&](int k) { return dir / ("minusma-2017-manifest-shard-" + std::to_string(k) + "-of-3.json"); };
    ASSERT_EQ(run_cli({"merge-manifests", "--out", dir / "a.json", m(1), m(2), m(3)}).code, 0);
    ASSERT_EQ(run_cli({"merge-manifests", "--out", dir / "b.json", m(3), m(1), m(2)}).code, 0);
    EXPECT_EQ(read_file(dir / "a.json"), read_file(dir / "b.json"));
    // Merging a shard twice is an error (a file listed by two shards), not a silent duplicate.
    RunResult twice = run_cli({"merge-manifests", "--out", dir / "c.json", m(1), m(1)});
    EXPECT_EQ(twice.code, 1);
    EXPECT_FALSE(fs::exists(dir / "c.json"));
}

TEST(Determinism, OneAndTwoThreadsWriteIdenticalBytes) {
    TempDir one, two;
    RunResult r = run_cli(with(batch_args, {"--out", one.path(), "-j", "1"}));
    ASSERT_EQ(r.code, 0) << r.err;
    r = run_cli(with(batch_args, {"--out", two.path(), "-j", "2"}));
    ASSERT_EQ(r.code, 0) << r.err;
    std::size_t png = 0, svg = 0, pdf = 0;
    for (const auto& n : files_in(one.path())) {
        png += n.size() > 4 && n.compare(n.size() - 4, 4, ".png") == 0;
        svg += n.size() > 4 && n.compare(n.size() - 4, 4, ".svg") == 0;
        pdf += n.size() > 4 && n.compare(n.size() - 4, 4, ".pdf") == 0;
    }
    EXPECT_EQ(png, 8u);
    EXPECT_EQ(svg, 8u);
    EXPECT_EQ(pdf, 8u);
    expect_same_files(one.path(), two.path());
}

}  // namespace
}  // namespace threatmap::test
