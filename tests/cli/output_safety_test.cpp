// Output safety (issue "Bad input, faults and hostile files"): ids that would
// escape the output folder are refused by the reader; a bad --out fails before
// any work; two renders into one folder at once both finish with complete
// files; a run that hits a file-size limit fails with exit 1 and leaves the
// previous files as they were; a run under a small address-space limit
// succeeds or says "out of memory" — never dies of a signal.
// The last three run the real binary (THREATMAP_BINARY) in forked children,
// because limits and concurrency are properties of processes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "core/error.hpp"
#include "io/assessment_reader.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define THREATMAP_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define THREATMAP_TEST_ASAN 1
#endif
#endif

namespace threatmap::test {
namespace {

std::vector<std::string> tmp_debris(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& name : files_in(dir))
        if (name.find(".tmp-") != std::string::npos) out.push_back(name);
    return out;
}

std::string listing(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += n + " ";
    return s;
}

// The minimal valid assessment (tests/data/assessments/minimal.toml) with the
// given assessment and category ids, written as TOML basic strings.
std::string assessment_with_ids(const std::string& assessment_id, const std::string& category_id) {
    return "[assessment]\nid = \"" + assessment_id +
           "\"\ndate = \"2017-09-11\"\ncitation = \"test case\"\ntitle = \"Test\"\n\n"
           "[[scale]]\nid = \"verwaarloosbaar\"\n[[scale]]\nid = \"matig\"\n[[scale]]\nid = \"significant\"\n\n"
           "[[category]]\nid = \"" + category_id + "\"\n"
           "areas = [\n  { area = \"Mopti\", level = \"matig\", line = 866, quote = \"q\" },\n]\n";
}

struct Child {
    int status = -1;
    std::string out, err;
    bool exited() const { return WIFEXITED(status); }
    int code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
    std::string describe() const {
        if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status)) + "; stderr: " + err;
        return "exit " + std::to_string(code()) + "; stderr: " + err;
    }
};

struct Limits {
    std::optional<rlim_t> fsize, as;
};

// Starts the binary with `args` (cwd: the source folder, so the default data
// paths work), stdout/stderr to files in `log_dir`. Returns the pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& log_dir, const std::string& tag, Limits limits = {}) {
    ::setenv("FONTCONFIG_FILE", THREATMAP_TEST_DATA "/fonts.conf", 0);
    std::vector<std::string> full{THREATMAP_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out_log = log_dir + "/" + tag + ".out", err_log = log_dir + "/" + tag + ".err";
    pid_t pid = ::fork();
    if (pid == 0) {
        // Only async-signal-safe calls until exec.
        int o = ::open(out_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = ::open(err_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0 || ::chdir(THREATMAP_SOURCE_DIR) != 0) ::_exit(126);
        if (limits.fsize) {
            // Ignored, so that write() fails with EFBIG instead of the process being killed.
            ::signal(SIGXFSZ, SIG_IGN);
            rlimit r{*limits.fsize, *limits.fsize};
            if (::setrlimit(RLIMIT_FSIZE, &r) != 0) ::_exit(126);
        }
        if (limits.as) {
            rlimit r{*limits.as, *limits.as};
            if (::setrlimit(RLIMIT_AS, &r) != 0) ::_exit(126);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

Child wait_for(pid_t pid, const std::string& log_dir, const std::string& tag) {
    Child c;
    if (pid < 0) return c;
    while (::waitpid(pid, &c.status, 0) < 0 && errno == EINTR) {
    }
    c.out = read_file(log_dir + "/" + tag + ".out");
    c.err = read_file(log_dir + "/" + tag + ".err");
    return c;
}

Child run_binary(const std::vector<std::string>& args, const std::string& log_dir, const std::string& tag, Limits limits = {}) {
    return wait_for(spawn(args, log_dir, tag, limits), log_dir, tag);
}

bool ends_with_trimmed(const std::string& bytes, const std::string& tail) {
    std::size_t end = bytes.find_last_not_of(" \t\r\n");
    if (end == std::string::npos) return false;
    return end + 1 >= tail.size() && bytes.compare(end + 1 - tail.size(), tail.size(), tail) == 0;
}

// "" when the file is complete for its format, else what is wrong.
std::string incomplete(const std::string& path) {
    const std::string bytes = read_file(path);
    if (bytes.empty()) return "empty";
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".png") {
        static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
        if (bytes.size() < 20 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return "no PNG signature";
        if (bytes.compare(bytes.size() - 12, 12, reinterpret_cast<const char*>(iend), 12) != 0) return "no IEND trailer";
    } else if (ext == ".svg") {
        if (!ends_with_trimmed(bytes, "</svg>")) return "does not end with </svg>";
        std::string xml_error = xml_well_formed_error(bytes);
        if (!xml_error.empty()) return "not well-formed: " + xml_error;
    } else if (ext == ".pdf") {
        if (bytes.compare(0, 5, "%PDF-") != 0) return "no %PDF- header";
        if (!ends_with_trimmed(bytes, "%%EOF")) return "does not end with %%EOF";
    } else if (ext == ".json") {
        if (!ends_with_trimmed(bytes, "}") && !ends_with_trimmed(bytes, "]")) return "JSON cut short";
    }
    return "";
}

std::map<std::string, std::string> snapshot(const std::string& dir) {
    std::map<std::string, std::string> files;
    for (const auto& name : files_in(dir)) files[name] = read_file(dir + "/" + name);
    return files;
}

// --- ids that would escape the output folder -------------------------------

struct HostileId {
    const char* label;
    std::string toml;  // as written inside a TOML basic string
    std::string shown; // how the message shows it
};

const std::vector<HostileId>& hostile_ids() {
    static const std::vector<HostileId> ids = {
        {"parent", "../x", "\"../x\""},
        {"absolute", "/abs", "\"/abs\""},
        {"slash", "a/b", "\"a/b\""},
        {"nul", "a\\u0000b", "\"a\\u0000b\""},
        {"device", "con", "\"con\""},
    };
    return ids;
}

TEST(OutputSafety, ReaderRefusesIdsThatWouldEscapeTheOutputFolder) {
    TempDir tmp;
    for (const auto& id : hostile_ids()) {
        for (bool as_category : {true, false}) {
            SCOPED_TRACE(std::string(id.label) + (as_category ? " as category id" : " as assessment id"));
            const std::string path = tmp / (std::string(id.label) + (as_category ? "-category.toml" : "-assessment.toml"));
            { std::ofstream(path, std::ios::binary) << (as_category ? assessment_with_ids("test", id.toml)
                                                                    : assessment_with_ids(id.toml, "ied")); }
            try {
                io::read_assessment(path);
                ADD_FAILURE() << "accepted";
            } catch (const Error& e) {
                const std::string msg = e.what();
                EXPECT_NE(msg.find(path), std::string::npos) << msg;
                EXPECT_NE(msg.find(as_category ? "category[0].id" : "assessment.id"), std::string::npos) << msg;
                EXPECT_NE(msg.find(id.shown + " is not a valid id"), std::string::npos) << msg;
                EXPECT_NE(msg.find("file names"), std::string::npos) << msg;
                EXPECT_EQ(msg.find('\0'), std::string::npos) << "a NUL in the message";
                EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
            }
        }
    }
}

TEST(OutputSafety, RenderWithAnEscapingIdWritesNothingAnywhere) {
    TempDir tmp;
    const std::string work = tmp / "work";
    const std::string out = work + "/out";
    fs::create_directories(work);
    for (const auto& id : hostile_ids()) {
        SCOPED_TRACE(id.label);
        const std::string path = work + "/assessment.toml";
        { std::ofstream(path, std::ios::binary) << assessment_with_ids("test", id.toml); }
        RunResult r = run_cli({"render", "--assessment", path, "--out", out, "--format", "svg", "-q"});
        EXPECT_EQ(r.code, 1) << r.err;
        EXPECT_NE(r.err.find("is not a valid id"), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
        if (fs::exists(out)) {
            EXPECT_TRUE(files_in(out).empty()) << "written: " << listing(files_in(out));
        }
        // Not even the output folder, which the failed run made and took away again.
        EXPECT_EQ(files_in(work), std::vector<std::string>({"assessment.toml"})) << listing(files_in(work));
        EXPECT_FALSE(fs::exists(tmp / "x")) << "escaped to the parent folder";
    }
    // --category on the command line is checked the same way.
    RunResult r = run_cli({"render", "--category", "../x", "--out", out, "--format", "svg", "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("\"../x\""), std::string::npos) << r.err;
    if (fs::exists(out)) {
        EXPECT_TRUE(files_in(out).empty()) << "written: " << listing(files_in(out));
    }
}

// --- --out that cannot be a folder ------------------------------------------

TEST(OutputSafety, OutUnderARegularFileFailsBeforeAnyWork) {
    TempDir tmp;
    const std::string file = tmp / "plain-file";
    { std::ofstream(file) << "not a folder"; }
    // The assessment does not exist: an error about it would mean inputs were read first.
    const std::string missing = tmp / "no-such-assessment.toml";
    for (const std::string& out : {file + "/maps", file + "/maps/deeper", file}) {
        SCOPED_TRACE(out);
        auto start = std::chrono::steady_clock::now();
        RunResult r = run_cli({"render", "--assessment", missing, "--out", out, "-q"});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_EQ(r.code, 1) << r.err;
        EXPECT_NE(r.err.find(out), std::string::npos) << "should name the --out path: " << r.err;
        EXPECT_TRUE(r.err.find("not a folder") != std::string::npos || r.err.find("Not a directory") != std::string::npos ||
                    r.err.find("not a directory") != std::string::npos)
            << r.err;
        EXPECT_EQ(r.err.find("no-such-assessment"), std::string::npos) << "inputs were read before --out was checked: " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
        EXPECT_LT(seconds, 5.0);
        EXPECT_EQ(read_file(file), "not a folder");
    }
    EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>({"plain-file"}));
}

// A run that fails after making its --out folder (and the parents it lacked)
// takes them away again; a folder that was there before, or that holds a file
// by the time the run ends, stays.
TEST(OutputSafety, FailedRunLeavesNoFolderItMade) {
    TempDir tmp;
    const std::string missing = tmp / "no-such-assessment.toml";
    RunResult r = run_cli({"render", "--assessment", missing, "--out", tmp / "new/maps/", "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("no-such-assessment.toml"), std::string::npos) << r.err;
    EXPECT_TRUE(files_in(tmp.path()).empty()) << "left behind: " << ::testing::PrintToString(files_in(tmp.path()));

    fs::create_directories(tmp / "kept");
    r = run_cli({"render", "--assessment", missing, "--out", tmp / "kept/maps", "-q"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>({"kept"}));
    EXPECT_TRUE(files_in(tmp / "kept").empty());

    // A successful run keeps the folder it made, with its maps.
    r = run_cli({"render", "--category", "ied", "--format", "svg", "--out", tmp / "kept/maps", "-q"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(tmp / "kept/maps/minusma-2017-ied-slide.svg"));
}

// --- two renders into one folder at once -----------------------------------

TEST(OutputSafety, TwoConcurrentRendersIntoOneFolderBothSucceedWithCompleteFiles) {
    TempDir tmp;
    const std::string out = tmp / "out";
    const std::vector<std::string> args{"render", "--category", "ied", "--format", "png,svg,pdf", "-j", "1", "--out", out, "-q"};
    pid_t a = spawn(args, tmp.path(), "a");
    pid_t b = spawn(args, tmp.path(), "b");
    ASSERT_GT(a, 0);
    ASSERT_GT(b, 0);
    Child ca = wait_for(a, tmp.path(), "a");
    Child cb = wait_for(b, tmp.path(), "b");
    EXPECT_EQ(ca.code(), 0) << ca.describe();
    EXPECT_EQ(cb.code(), 0) << cb.describe();

    const auto names = files_in(out);
    EXPECT_TRUE(tmp_debris(out).empty()) << "temporary files left: " << listing(tmp_debris(out));
    int png = 0, svg = 0, pdf = 0;
    for (const auto& n : names) {
        SCOPED_TRACE(n);
        const std::string ext = fs::path(n).extension().string();
        png += ext == ".png";
        svg += ext == ".svg";
        pdf += ext == ".pdf";
        EXPECT_EQ(incomplete(out + "/" + n), "");
    }
    EXPECT_EQ(png, 1) << listing(names);
    EXPECT_EQ(svg, 1) << listing(names);
    EXPECT_EQ(pdf, 1) << listing(names);
    EXPECT_TRUE(fs::exists(out + "/minusma-2017-manifest.json")) << listing(names);
}

// --- a file-size limit -------------------------------------------------------

TEST(OutputSafety, FileSizeLimitFailsWithExit1AndKeepsThePreviousFiles) {
    TempDir tmp;
    const std::string out = tmp / "out";
    const std::vector<std::string> args{"render", "--category", "ied", "--format", "png,svg,pdf", "-j", "1", "--out", out, "-q"};
    Child first = run_binary(args, tmp.path(), "first");
    ASSERT_EQ(first.code(), 0) << first.describe();
    const auto before = snapshot(out);
    ASSERT_FALSE(before.empty());

    // 4 KiB: enough for the world file and the .prj, far too little for any map.
    Child limited = run_binary(args, tmp.path(), "limited", Limits{4096, std::nullopt});
    EXPECT_TRUE(limited.exited()) << limited.describe();
    EXPECT_EQ(limited.code(), 1) << limited.describe();
    EXPECT_TRUE(limited.err.find("File too large") != std::string::npos ||
                limited.err.find("too large") != std::string::npos)
        << limited.err;
    EXPECT_NE(limited.err.find("are unchanged"), std::string::npos) << limited.err;
    EXPECT_TRUE(tmp_debris(out).empty()) << "temporary files left: " << listing(tmp_debris(out));
    const auto after = snapshot(out);
    for (const auto& [name, bytes] : before) {
        SCOPED_TRACE(name);
        auto it = after.find(name);
        ASSERT_NE(it, after.end()) << "removed";
        EXPECT_EQ(incomplete(out + "/" + name), "");
        // The manifest too: a run that wrote no map leaves the folder's record alone.
        EXPECT_TRUE(it->second == bytes) << "changed (" << bytes.size() << " -> " << it->second.size() << " bytes)";
    }
    for (const auto& [name, bytes] : after) EXPECT_TRUE(before.count(name)) << "new file " << name;
}

// --- a small address space ---------------------------------------------------

// A PNG is drawn and encoded in bands of at most 32 MiB of pixels, freed once
// encoded: a 30000 x 30000 px page (a 3.4 GB raster) renders within 1.5 GB of
// address space. (Before the bands, this run failed with "out of memory".)
TEST(OutputSafety, MapLargerThanTheAddressSpaceRendersInBands) {
#ifdef THREATMAP_TEST_ASAN
    GTEST_SKIP() << "AddressSanitizer reserves terabytes of shadow memory: RLIMIT_AS cannot apply to this build";
#else
    TempDir tmp;
    const std::string out = tmp / "out";
    Child c = run_binary({"render", "--category", "ied", "--format", "png", "--width", "30000", "--height", "30000",
                          "--out", out, "-q", "-j", "1"},
                         tmp.path(), "as", Limits{std::nullopt, rlim_t{1536} << 20});
    ASSERT_TRUE(c.exited()) << c.describe();
    ASSERT_EQ(c.code(), 0) << c.describe();
    const std::string png = read_file(out + "/minusma-2017-ied-30000x30000.png");
    ASSERT_GT(png.size(), 33u);
    auto be32 = [&](std::size_t at) {
        auto u = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(png[k])); };
        return u(at) << 24 | u(at + 1) << 16 | u(at + 2) << 8 | u(at + 3);
    };
    EXPECT_EQ(be32(16), 30000u);
    EXPECT_EQ(be32(20), 30000u);
    EXPECT_TRUE(tmp_debris(out).empty()) << "temporary files left: " << listing(tmp_debris(out));
#endif
}

TEST(OutputSafety, SmallAddressSpaceIsRefusedWithAMessageNotASignal) {
#ifdef THREATMAP_TEST_ASAN
    GTEST_SKIP() << "AddressSanitizer reserves terabytes of shadow memory: RLIMIT_AS cannot apply to this build";
#else
    // 200 MB: below what Pango's font threads need; GLib would abort the process.
    TempDir tmp;
    const std::string out = tmp / "out";
    Child c = run_binary({"render", "--out", out, "-q"}, tmp.path(), "as", Limits{std::nullopt, rlim_t{200} << 20});
    ASSERT_TRUE(c.exited()) << c.describe();
    EXPECT_EQ(c.code(), 1) << c.describe();
    EXPECT_NE(c.err.find("out of memory"), std::string::npos) << c.err;
    EXPECT_NE(c.err.find("ulimit -v"), std::string::npos) << c.err;
    if (fs::exists(out)) {
        EXPECT_TRUE(files_in(out).empty()) << "files written: " << listing(files_in(out));
    }
#endif
}

}  // namespace
}  // namespace threatmap::test
