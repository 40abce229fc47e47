// cyres run and cyres merge refuse, before simulating, an output that is one
// of the run's inputs, a node that is not a regular file, or in a directory
// that does not exist: exit code 3, one line, the input unchanged (issue 11,
// class 1). The node is a FIFO made in the test's own directory. Every
// command that writes refuses to replace an existing output without --force,
// and a full disk (shown with the shell's file-size limit, `ulimit -f`, which
// cyres meets as EFBIG: SIGXFSZ is ignored) is exit 3 with nothing written
// and nothing left behind (classes 1, 4 and 7).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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
  test::CommandResult run(const std::string& output, const std::string& options = "") const {
    return test::run_command(std::string(CYRES_BINARY) + " run " + path("scenario.yaml") +
                             " --trials 2 --threads 1 -o " + output + options);
  }
  //! `command` under a file-size limit far below what it writes.
  static test::CommandResult with_full_disk(const std::string& command) {
    return test::run_command("ulimit -f 16 && " + command);  // 8 or 16 KiB (dash: 512 B blocks)
  }
  //! Names in the test's folder, sorted.
  std::vector<std::string> entries(const std::string& folder = "") const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / folder)) {
      names.push_back(e.path().filename());
    }
    std::sort(names.begin(), names.end());
    return names;
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

const std::vector<std::string> FIXTURE = {"assets.csv", "links.csv", "scenario.yaml"};

std::vector<std::string> with(std::vector<std::string> names, const std::string& name) {
  names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(OutputSafetyCli, AnExistingResultsFileIsReplacedOnlyWithForce) {
  ASSERT_EQ(run(path("out.h5")).exit_code, 0);
  const std::string before = text_of("out.h5");
  const test::CommandResult again = run(path("out.h5"), " --seed 2");
  EXPECT_EQ(again.exit_code, 3) << again.output;
  EXPECT_THAT(again.output, HasSubstr("the file exists; pass --force to replace it"));
  EXPECT_THAT(again.output, ::testing::Not(HasSubstr("trials/s")));  // refused before the run
  EXPECT_EQ(text_of("out.h5"), before);
  const test::CommandResult forced = run(path("out.h5"), " --seed 2 --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(text_of("out.h5"), before);
  EXPECT_EQ(entries(), with(FIXTURE, "out.h5"));  // no temporary left
}

TEST_F(OutputSafetyCli, AFullDiskIsExit3WithNoFileAndNothingLeft) {
  const std::string binary = CYRES_BINARY;
  const test::CommandResult r = with_full_disk(binary + " run " + path("scenario.yaml") +
                                               " --trials 2 --threads 1 -o " + path("out.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("cannot write results file '" + path("out.h5") + "'"));
  EXPECT_EQ(entries(), FIXTURE) << r.output;
  // With --force over an existing file: the old file stays whole.
  ASSERT_EQ(run(path("out.h5")).exit_code, 0);
  const std::string before = text_of("out.h5");
  const test::CommandResult forced =
      with_full_disk(binary + " run " + path("scenario.yaml") +
                     " --trials 2 --threads 1 --seed 5 " + "--force -o " + path("out.h5"));
  EXPECT_EQ(forced.exit_code, 3) << forced.output;
  EXPECT_EQ(text_of("out.h5"), before);
  EXPECT_EQ(entries(), with(FIXTURE, "out.h5"));
}

TEST_F(OutputSafetyCli, GenerateNeverReplacesAScenarioUnasked) {
  const std::string generate = std::string(CYRES_BINARY) + " generate --assets 1000 ";
  ASSERT_EQ(test::run_command(generate + path("gen")).exit_code, 0);
  const std::vector<std::string> files = {"assets.csv", "links.csv", "scenario.yaml"};
  EXPECT_EQ(entries("gen"), files);
  const std::string before = text_of("gen/assets.csv");
  const test::CommandResult again = test::run_command(generate + "--seed 2 " + path("gen"));
  EXPECT_EQ(again.exit_code, 3) << again.output;
  EXPECT_THAT(again.output, HasSubstr("pass --force"));
  EXPECT_EQ(text_of("gen/assets.csv"), before);
  // A full disk leaves the old scenario whole, and no temporary.
  const test::CommandResult full = with_full_disk(generate + "--seed 2 --force " + path("gen"));
  EXPECT_EQ(full.exit_code, 3) << full.output;
  EXPECT_EQ(text_of("gen/assets.csv"), before);
  EXPECT_EQ(entries("gen"), files);
  const test::CommandResult forced =
      test::run_command(generate + "--seed 2 --force " + path("gen"));
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(text_of("gen/assets.csv"), before);
  EXPECT_EQ(entries("gen"), files);
  // A failed generate into a new folder leaves no folder.
  const test::CommandResult fresh = with_full_disk(generate + path("new/deeper"));
  EXPECT_EQ(fresh.exit_code, 3) << fresh.output;
  EXPECT_FALSE(fs::exists(path("new"))) << fresh.output;
}

TEST_F(OutputSafetyCli, IimSweepAndMergeRefuseAnExistingOutputWithoutForce) {
  const std::string binary = CYRES_BINARY;
  std::ofstream(path("taken.h5")) << "someone's file";
  std::ofstream(path("sweep.yaml"))
      << "sweep: 1\nscenario: scenario.yaml\ntrials: 2\ndesign: list\npolicies: [baseline]\n"
         "parameters:\n  - path: campaigns.0.intensity\npoints: [[1.0]]\n";
  ASSERT_EQ(run(path("shard.h5"), " --trial-range 0:2").exit_code, 0);
  const std::vector<std::string> commands = {
      binary + " iim " + path("scenario.yaml") + " -o " + path("taken.h5"),
      binary + " sweep " + path("sweep.yaml") + " --threads 1 -o " + path("taken.h5"),
      binary + " merge " + path("shard.h5") + " -o " + path("taken.h5")};
  for (const std::string& command : commands) {
    const test::CommandResult r = test::run_command(command);
    EXPECT_EQ(r.exit_code, 3) << command << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr("pass --force")) << command;
    EXPECT_EQ(text_of("taken.h5"), "someone's file") << command;
    const test::CommandResult forced = test::run_command(command + " --force");
    EXPECT_EQ(forced.exit_code, 0) << command << "\n" << forced.output;
    EXPECT_NE(text_of("taken.h5"), "someone's file") << command;
    std::ofstream(path("taken.h5")) << "someone's file";
  }
}

}  // namespace
}  // namespace cyres
