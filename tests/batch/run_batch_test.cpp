// run_batch on the embedded data: every file it reports exists with the
// checksum the manifest gives, the PNG never appears without its sidecars,
// no temporary file is left, and a failing job does not stop the others.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include <string>

#include "../cli/cli_support.hpp"
#include "embedded_options.hpp"
#include "batch/run_batch.hpp"
#include "cli/load_inputs.hpp"
#include "core/sha256.hpp"
#include "io/crs.hpp"

namespace threatmap::batch {
namespace {

using test::TempDir;

Inputs embedded_inputs(core::Diagnostics& d) {
    ::setenv("FONTCONFIG_FILE", THREATMAP_TEST_DATA "/fonts.conf", 0);
    cli::Options o = test::embedded_options();
    Inputs in = cli::load_inputs(o, d);
    in.map_crs = "EPSG:32630";
    // As cli::run does: the manifest lists every input with its checksum.
    for (const auto& p : in.source_paths) in.source_checksums.push_back(core::sha256_file(p) + "  " + p);
    return in;
}

TEST(RunBatch, WritesReportedFilesWithManifestChecksumsAndIsolatesFailures) {
    core::Diagnostics d;
    Inputs in = embedded_inputs(d);
    TempDir dir;
    BatchOptions bo;
    bo.out_dir = dir.path();
    bo.prefix = "t-";
    bo.threads = 2;
    std::vector<Job> jobs{{"ied", MapKind::levels, "slide", {"png", "svg"}}, {"nosuch", MapKind::levels, "slide", {"png"}}};
    ProjectionFactory projections = [](const std::string& f, const std::string& t) { return io::make_projection(f, t); };
    BatchResult r = run_batch(in, jobs, bo, projections, d);

    // The bad category fails (derive and its job), the ied job is not affected.
    ASSERT_FALSE(r.failures.empty());
    for (const auto& f : r.failures) EXPECT_NE(f.job.find("nosuch"), std::string::npos) << f.job << ": " << f.error;
    ASSERT_EQ(r.files.size(), 2u);
    EXPECT_EQ(test::files_in(dir.path()),
              (std::vector<std::string>{"t-ied-slide.pgw", "t-ied-slide.png", "t-ied-slide.png.aux.xml", "t-ied-slide.prj",
                                        "t-ied-slide.svg"}));
    for (const auto& f : r.files) {
        EXPECT_EQ(core::sha256_file(f.path), f.sha256) << f.path;
        if (f.format == "png") {
            EXPECT_EQ(f.width_px, 1920);
            EXPECT_EQ(f.height_px, 1080);
        }
    }
    auto manifest = nlohmann::json::parse(manifest_json(in, r));
    ASSERT_EQ(manifest["files"].size(), 2u);
    for (const auto& f : manifest["files"]) {
        // Paths of written files are relative to the manifest's folder (the output folder).
        const auto path = test::fs::path(dir.path()) / f["path"].get<std::string>();
        EXPECT_EQ(core::sha256_file(path.string()), f["sha256"].get<std::string>()) << path;
    }
    EXPECT_FALSE(manifest["failures"].empty());
    EXPECT_TRUE(manifest["exposure"].contains("ied"));
    // Inputs are listed with their checksums: assessment, gazetteer, style, the map's words, boundaries.
    ASSERT_GE(manifest["inputs"].size(), 5u);
    std::string listed;
    for (const auto& i : manifest["inputs"]) {
        listed += i["path"].get<std::string>() + " ";
        EXPECT_EQ(core::sha256_file(i["path"].get<std::string>()), i["sha256"].get<std::string>());
    }
    for (const std::string name : {"minusma-2017.toml", "mali.toml", "default.toml", "i18n.toml", "mali-admin1.fgb"})
        EXPECT_NE(listed.find(name), std::string::npos) << name << " not in " << listed;
}

// A job's formats may be rendered by different threads (one with no job left
// takes another's next format); a format that fails still fails its whole job:
// none of that job's files is listed, the other job is not affected, and
// each job is reported done once.
TEST(RunBatch, AFailedFormatFailsItsJobWhicheverThreadRendersIt) {
    core::Diagnostics d;
    Inputs in = embedded_inputs(d);
    for (unsigned threads : {1u, 2u, 3u}) {
        TempDir dir;
        // A folder where the IED PDF should go: writing it fails (rename onto a folder).
        test::fs::create_directory(test::fs::path(dir.path()) / "t-ied-slide.pdf");
        BatchOptions bo;
        bo.out_dir = dir.path();
        bo.prefix = "t-";
        bo.threads = threads;
        std::vector<std::string> progress;
        bo.progress = [&](std::size_t, std::size_t, const std::string& name) { progress.push_back(name); };
        std::vector<Job> jobs{{"ied", MapKind::levels, "slide", {"png", "svg", "pdf"}},
                              {"general", MapKind::levels, "slide", {"png", "svg", "pdf"}}};
        ProjectionFactory projections = [](const std::string& f, const std::string& t) { return io::make_projection(f, t); };
        BatchResult r = run_batch(in, jobs, bo, projections, d);
        ASSERT_EQ(r.failures.size(), 1u) << threads;
        EXPECT_EQ(r.failures[0].job, "t-ied-slide");
        EXPECT_NE(r.failures[0].error.find("cannot replace the file"), std::string::npos) << r.failures[0].error;
        ASSERT_EQ(r.files.size(), 3u) << threads;
        for (const auto& f : r.files) EXPECT_EQ(f.category, "general") << f.name;
        std::sort(progress.begin(), progress.end());
        EXPECT_EQ(progress, (std::vector<std::string>{"t-general-slide", "t-ied-slide"})) << threads;
    }
}

TEST(RunBatch, JobStemNamesKindAndPreset) {
    EXPECT_EQ((Job{"ied", MapKind::levels, "slide", {}}.stem()), "ied-slide");
    EXPECT_EQ((Job{"general", MapKind::change, "a4-portrait", {}}.stem()), "general-change-a4-portrait");
}

}  // namespace
}  // namespace threatmap::batch
