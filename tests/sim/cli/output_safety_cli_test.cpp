// cyres run and cyres merge refuse, before simulating, an output that is one
// of the run's inputs, a node that is not a regular file, or in a directory
// that does not exist: exit code 3, one line, the input unchanged (issue 11,
// class 1). The node is a FIFO made in the test's own directory.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/run_command.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class OutputSafetyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cyres_output_safety_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* name : {"scenario.yaml", "assets.csv", "links.csv"}) {
      fs::copy_file(fs::path(CYRES_TEST_FIXTURES) / "good" / name, dir_ / name);
    }
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  test::CommandResult run(const std::string& output) const {
    return test::run_command(std::string(CYRES_BINARY) + " run " + path("scenario.yaml") +
                             " --trials 2 --threads 1 -o " + output);
  }
  std::string text_of(const std::string& name) const {
    std::ifstream in(path(name));
    return {std::istreambuf_iterator<char>(in), {}};
  }
  fs::path dir_;
};

TEST_F(OutputSafetyCli, AnInputIsNeverTheOutput) {
  for (const char* input : {"scenario.yaml", "assets.csv"}) {
    const std::string before = text_of(input);
    const test::CommandResult r = run(path(input));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_THAT(r.output, HasSubstr("is an input of this run"));
    EXPECT_EQ(text_of(input), before) << input;
  }
}

TEST_F(OutputSafetyCli, ANodeThatIsNotARegularFileIsNeverReplaced) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  const test::CommandResult r = run(path("fifo"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("is not a regular file"));
  struct stat st {};
  ASSERT_EQ(::stat(path("fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(OutputSafetyCli, AMissingDirectoryIsRefusedBeforeTheRun) {
  const test::CommandResult r = run(path("missing/out.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("does not exist"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("trials/s")));  // nothing was simulated
}

}  // namespace
}  // namespace cyres
