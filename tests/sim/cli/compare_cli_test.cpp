// `cyres compare` end to end: the real binary runs the default scenario, then
// compares the file as a table and as JSON, and refuses an unknown baseline
// or a file that is not a cyres results file with exit code 2.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/run_command.hpp"

#include "sim/hdf5/hdf5.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using test::CommandResult;

CommandResult run_command(const std::string& arguments, bool with_stderr = true) {
  return test::run_command(std::string(CYRES_BINARY) + " " + arguments, with_stderr);
}

//! Braces and brackets balance outside strings, and strings close: the
//! minimal shape of one JSON value (no JSON library among the dependencies).
bool balanced_json(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (ch == '"') in_string = true;
    if (ch == '{' || ch == '[') ++depth;
    if (ch == '}' || ch == ']') --depth;
    if (depth < 0) return false;
  }
  return depth == 0 && !in_string;
}

class CompareCliTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() /
           ("cyres-compare-cli-" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(dir_);
    results_ = (dir_ / "r.h5").string();
    const CommandResult r = run_command("run --trials 30 -o '" + results_ + "'");
    run_output_ = r.output;
    run_exit_ = r.exit_code;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  void SetUp() override { ASSERT_EQ(run_exit_, 0) << run_output_; }

  static fs::path dir_;
  static std::string results_;
  static std::string run_output_;
  static int run_exit_;
};
fs::path CompareCliTest::dir_;
std::string CompareCliTest::results_;
std::string CompareCliTest::run_output_;
int CompareCliTest::run_exit_ = -1;

TEST_F(CompareCliTest, TablePrintsEveryDefaultMetricAndTheCatastropheRisk) {
  const CommandResult r = run_command("compare '" + results_ + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("against the baseline 'independent', 30 trials"));
  for (const char* metric :
       {"resilience_loss", "min_service", "time_to_recover", "compromised", "supply_down"}) {
    EXPECT_THAT(r.output, HasSubstr(std::string("\n") + metric + " (")) << metric;
  }
  EXPECT_THAT(r.output, HasSubstr("mean [95 % CI], service-hours"));
  EXPECT_THAT(r.output, HasSubstr("(baseline)"));
  EXPECT_THAT(r.output, HasSubstr("% of trials"));
  EXPECT_THAT(r.output, HasSubstr("P(catastrophic) = P(min_service < 0.5)"));
  EXPECT_THAT(r.output, HasSubstr("(Welch)"));
  EXPECT_THAT(r.output, testing::Not(HasSubstr("team_hours")));
}

TEST_F(CompareCliTest, BaselineAndMetricsCanBeChosen) {
  const CommandResult r =
      run_command("compare '" + results_ + "' --baseline joint-crisis-cell --metric team_hours");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("against the baseline 'joint-crisis-cell'"));
  EXPECT_THAT(r.output, HasSubstr("\nteam_hours (team-h)"));
  EXPECT_THAT(r.output, testing::Not(HasSubstr("\nresilience_loss (")));
}

TEST_F(CompareCliTest, JsonHoldsTheSameStructure) {
  const CommandResult r = run_command("compare --json '" + results_ + "'", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_FALSE(r.output.empty());
  EXPECT_EQ(r.output.front(), '{');
  EXPECT_EQ(r.output[r.output.find_last_not_of('\n')], '}');
  EXPECT_TRUE(balanced_json(r.output)) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"baseline\": \"independent\""));
  EXPECT_THAT(r.output, HasSubstr("\"trials\": 30,"));
  EXPECT_THAT(r.output, HasSubstr("\"resilience_loss\": {\"units\": \"service-hours\""));
  EXPECT_THAT(r.output, HasSubstr("\"paired_ci_low\": "));
  EXPECT_THAT(r.output, HasSubstr("\"catastrophic\": {"));
  EXPECT_THAT(r.output, testing::Not(HasSubstr(": nan")));
  EXPECT_THAT(r.output, testing::Not(HasSubstr(": inf")));
}

TEST_F(CompareCliTest, UnknownBaselineExitsWith2AndSuggests) {
  const CommandResult r = run_command("compare '" + results_ + "' --baseline nope");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("unknown policy 'nope'"));
  EXPECT_THAT(r.output, HasSubstr("independent"));
  const CommandResult typo = run_command("compare '" + results_ + "' --baseline independant");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.output, HasSubstr("did you mean 'independent'?"));
  const CommandResult metric = run_command("compare '" + results_ + "' --metric resilience_los");
  EXPECT_EQ(metric.exit_code, 2);
  EXPECT_THAT(metric.output, HasSubstr("did you mean 'resilience_loss'?"));
}

TEST_F(CompareCliTest, OtherHdf5FilesAreRefusedWithExit2) {
  const std::string other = (dir_ / "other.h5").string();
  {
    h5::File file = h5::File::create(other);
    h5::write_attribute(file, "format", "not-cyres");
    file.close();
  }
  const CommandResult r = run_command("compare '" + other + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr(other));
  EXPECT_THAT(r.output, HasSubstr("not a cyres results file"));
  const CommandResult missing = run_command("compare '" + (dir_ / "missing.h5").string() + "'");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

}  // namespace
}  // namespace cyres
