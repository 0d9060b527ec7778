// io/atomic_file: a write either replaces the whole file or leaves the old one
// untouched, and never leaves ".<name>.tmp-XXXXXX" debris. Tests run as root,
// where permission bits do not stop writes, so failures are made with a parent
// that is a regular file, a target that is a folder, and a full disk
// simulated with RLIMIT_FSIZE in a forked child (SIGXFSZ ignored, so write()
// returns EFBIG instead of killing the process).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace threatmap::io {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "threatmap-atomic-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    static std::string read(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

    // Names of temporary files left anywhere under the scratch folder.
    std::vector<std::string> debris() const {
        std::vector<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(dir_))
            if (e.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(e.path().string());
        return out;
    }

    // Runs write() in a forked child whose files may not grow past 4 KiB (a
    // full disk) and expects it to throw an Error whose message passes
    // names_the_failure. The child's exit code says what happened.
    static void expect_full_disk_error(const std::function<void()>& write,
                                       const std::function<bool(const std::string&)>& names_the_failure) {
        pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            // Only async-signal-unsafe work that the writing itself does; exit codes say what happened.
            ::signal(SIGXFSZ, SIG_IGN);
            struct rlimit limit {4096, 4096};
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(3);
            try {
                write();
            } catch (const threatmap::Error& e) {
                ::_exit(names_the_failure(e.what()) ? 0 : 4);
            } catch (...) {
                ::_exit(5);
            }
            ::_exit(6);  // no error: the limit did not bite
        }
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status)) << "child killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        EXPECT_EQ(WEXITSTATUS(status), 0) << "3: setrlimit failed, 4: message lacks path/reason, 5: other exception, 6: no error";
    }

    fs::path dir_;
};

TEST_F(AtomicFile, WritesThenReplaces) {
    const std::string p = path("map.svg");
    write_file_atomically(p, "first");
    EXPECT_EQ(read(p), "first");
    write_file_atomically(p, std::string("second\0with nul", 15));
    EXPECT_EQ(read(p), std::string("second\0with nul", 15));
    write_file_atomically(p, "");
    EXPECT_TRUE(fs::exists(p));
    EXPECT_EQ(fs::file_size(p), 0u);
    EXPECT_TRUE(debris().empty());
    // Readable by others (0644), not mkstemp's 0600.
    auto perms = fs::status(p).permissions();
    EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);
}

TEST_F(AtomicFile, MissingFolderThrowsAndLeavesNothing) {
    const std::string p = path("missing/map.svg");
    try {
        write_file_atomically(p, "bytes");
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, p);
        const std::string msg = e.what();
        EXPECT_NE(msg.find(p + ": cannot create a temporary file in " + path("missing")), std::string::npos) << msg;
        EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
    }
    EXPECT_FALSE(fs::exists(path("missing")));
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, ParentIsAFileThrows) {
    write_file_atomically(path("plain"), "a file, not a folder");
    const std::string p = path("plain/map.svg");
    try {
        write_file_atomically(p, "bytes");
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read(path("plain")), "a file, not a folder");
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, TargetIsAFolderFailsOnRenameAndCleansUp) {
    fs::create_directory(path("out.png"));
    try {
        write_file_atomically(path("out.png"), "bytes");
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot replace the file"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_directory(path("out.png")));
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, FullDiskKeepsThePreviousFile) {
    const std::string p = path("map.pdf");
    const std::string old_bytes(10000, 'o');
    write_file_atomically(p, old_bytes);

    expect_full_disk_error([&] { write_file_atomically(p, std::string(1 << 20, 'n')); },
                           [&](const std::string& msg) {
                               return msg.find(p) != std::string::npos && msg.find("write failed") != std::string::npos &&
                                      msg.find("previous file, if any, is unchanged") != std::string::npos;
                           });
    if (HasFatalFailure()) return;
    EXPECT_EQ(read(p), old_bytes);
    EXPECT_TRUE(debris().empty()) << debris().front();
}

TEST_F(AtomicFile, GroupWritesEveryFileInOrder) {
    write_file_atomically(path("map.png"), "old map");
    write_files_atomically({{path("map.pgw"), "world file"}, {path("map.prj"), "wkt"}, {path("map.png"), "new map"}});
    EXPECT_EQ(read(path("map.pgw")), "world file");
    EXPECT_EQ(read(path("map.prj")), "wkt");
    EXPECT_EQ(read(path("map.png")), "new map");
    EXPECT_TRUE(debris().empty());
    write_files_atomically({});  // nothing to write: nothing happens
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, GroupFailingWhileWritingReplacesNone) {
    write_file_atomically(path("map.pgw"), "old world file");
    write_file_atomically(path("map.png"), "old map");
    // The third file cannot be created: the first two stay as they were.
    try {
        write_files_atomically({{path("map.pgw"), "new world file"}, {path("map.png"), "new map"}, {path("missing/map.prj"), "wkt"}});
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, path("missing/map.prj"));
        EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read(path("map.pgw")), "old world file");
    EXPECT_EQ(read(path("map.png")), "old map");
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, GroupFailingOnARenameKeepsTheFilesAfterIt) {
    write_file_atomically(path("map.png"), "old map");
    fs::create_directory(path("map.prj"));  // a folder where a file must go: its rename fails
    try {
        write_files_atomically({{path("map.pgw"), "world file"}, {path("map.prj"), "wkt"}, {path("map.png"), "new map"}});
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(e.location().file, path("map.prj"));
        EXPECT_NE(std::string(e.what()).find("cannot replace the file"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read(path("map.pgw")), "world file");  // renamed before the failure
    EXPECT_TRUE(fs::is_directory(path("map.prj")));
    EXPECT_EQ(read(path("map.png")), "old map");  // never a map without its sidecars
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, GroupOnAFullDiskKeepsThePreviousFiles) {
    write_file_atomically(path("map.pgw"), "old world file");
    write_file_atomically(path("map.png"), "old map");
    expect_full_disk_error(
        [&] { write_files_atomically({{path("map.pgw"), "new world file"}, {path("map.png"), std::string(1 << 20, 'n')}}); },
        [&](const std::string& msg) {
            return msg.find(path("map.png")) != std::string::npos && msg.find("write failed") != std::string::npos;
        });
    if (HasFatalFailure()) return;
    EXPECT_EQ(read(path("map.pgw")), "old world file");
    EXPECT_EQ(read(path("map.png")), "old map");
    EXPECT_TRUE(debris().empty());
}

TEST_F(AtomicFile, EnsureWritableFolder) {
    const std::string made = path("a/b");
    EXPECT_THROW(ensure_writable_folder(made, false), threatmap::Error);
    try {
        ensure_writable_folder(made, false);
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(std::string(e.what()), made + ": the output folder does not exist");
    }
    // It says which folders it made, the outermost, for a failed run to take away.
    EXPECT_EQ(ensure_writable_folder(made + "/", true), path("a"));
    EXPECT_TRUE(fs::is_directory(made));
    EXPECT_EQ(ensure_writable_folder(made, true), "");
    EXPECT_EQ(ensure_writable_folder(made + "/c", true), made + "/c");
    remove_folders_left_empty(made + "/c", made + "/c");
    EXPECT_FALSE(fs::exists(made + "/c"));
    // Up to the outermost, each while it is empty: a folder with a file stays, and those above it.
    write_file_atomically(path("a/kept"), "x");
    remove_folders_left_empty(made, path("a"));
    EXPECT_FALSE(fs::exists(made));
    EXPECT_TRUE(fs::exists(path("a/kept")));
    ensure_writable_folder(made, true);
    fs::remove(path("a/kept"));
    remove_folders_left_empty(made + "/", path("a"));
    EXPECT_FALSE(fs::exists(path("a")));
    ensure_writable_folder(made, true);
    write_file_atomically(path("f"), "x");
    try {
        ensure_writable_folder(path("f"), true);
        FAIL() << "no error";
    } catch (const threatmap::Error& e) {
        EXPECT_EQ(std::string(e.what()), path("f") + ": the output path exists but is not a folder");
    }
}

}  // namespace
}  // namespace threatmap::io
