// PendingOutput: a file appears at its path complete or not at all; its
// temporary is removed on an error, on SIGINT/SIGTERM/SIGHUP, and (when the
// process was killed outright) by the next writer of the same path.
#include "sim/core/pending_output.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

namespace fs = std::filesystem;

class PendingOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cyres_pending_output_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  //! Names in the test's folder, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
};

std::string text_of(const std::string& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string host() {
  std::array<char, 256> name{};
  ::gethostname(name.data(), name.size() - 1);
  return name.data();
}

TEST_F(PendingOutputTest, CommitReplacesThePathWithTheCompleteFile) {
  std::ofstream(path("out.h5")) << "old";
  {
    PendingOutput out(path("out.h5"));
    EXPECT_EQ(fs::path(out.temporary()).parent_path(), dir_);  // same file system: rename
    std::ofstream(out.temporary()) << "new";
    EXPECT_EQ(text_of(path("out.h5")), "old");  // nothing visible before the commit
    out.commit();
  }
  EXPECT_EQ(text_of(path("out.h5")), "new");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.h5"});
}

TEST_F(PendingOutputTest, AFailureLeavesWhatWasThere) {
  std::ofstream(path("out.h5")) << "old";
  try {
    PendingOutput out(path("out.h5"));
    std::ofstream(out.temporary()) << "half a fi";
    throw std::runtime_error("disk full");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(text_of(path("out.h5")), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.h5"});
}

// The child writes a temporary and is then ended by the signal; the handler
// removes the temporary and the child dies of the signal, as it would have.
TEST_F(PendingOutputTest, ASignalRemovesTheTemporaryAndStillEndsTheProcess) {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      install_output_cleanup();
      PendingOutput out(path("out.h5"));
      std::ofstream(out.temporary()) << "half a fi";
      std::raise(signal);
      ::_exit(0);  // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal) << "signal " << signal;
    EXPECT_TRUE(entries().empty()) << "signal " << signal << ": " << entries().front();
  }
}

TEST_F(PendingOutputTest, TemporariesOfEndedProcessesOnThisHostAreSwept) {
  // A pid that has ended: a child that exits at once, reaped.
  const pid_t ended = ::fork();
  ASSERT_GE(ended, 0);
  if (ended == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(ended, nullptr, 0), ended);
  const std::string prefix = "out.h5.tmp." + host() + ".";
  const std::string stale = prefix + std::to_string(ended);
  const std::string live = prefix + std::to_string(::getppid());  // our parent runs
  const std::string elsewhere = "out.h5.tmp.another-host." + std::to_string(ended);
  const std::string other_file = "other.h5.tmp." + host() + "." + std::to_string(ended);
  for (const std::string& name : {stale, live, elsewhere, other_file}) {
    std::ofstream(path(name)) << "left";
  }
  {
    PendingOutput out(path("out.h5"));
    std::ofstream(out.temporary()) << "new";
    out.commit();
  }
  std::vector<std::string> expected = {elsewhere, live, other_file, "out.h5"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(entries(), expected);
}

}  // namespace
}  // namespace cyres
