// `cyres compare` end to end: the real binary runs the default scenario, then
// compares the file as a table and as JSON (parsed with nlohmann-json), and
// refuses an unknown baseline or a file that is not a cyres results file with
// exit code 2.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

TEST_F(CompareCliTest, JsonParsesAndHoldsTheDocumentedStructure) {
  const CommandResult r = run_command(
      "compare --json '" + results_ + "' --metric resilience_loss,crisis_activation", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::ordered_json j;
  ASSERT_NO_THROW(j = nlohmann::ordered_json::parse(r.output)) << r.output;
  // Top-level keys in the order docs/cli.md lists them.
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_THAT(keys,
              testing::ElementsAre("file", "scenario", "seed", "trials", "baseline",
                                   "confidence_level", "catastrophic_service", "cvar_tail_percent",
                                   "policies", "metrics", "catastrophic"));
  EXPECT_EQ(j["file"], results_);
  EXPECT_EQ(j["scenario"], "varnia");
  EXPECT_EQ(j["trials"], 30);
  EXPECT_EQ(j["baseline"], "independent");
  EXPECT_EQ(j["confidence_level"], 0.95);
  EXPECT_EQ(j["cvar_tail_percent"], 5);
  const auto& policies = j["policies"];
  ASSERT_EQ(policies.size(), 4u);
  EXPECT_EQ(policies[0], "independent");

  ASSERT_EQ(j["metrics"].size(), 2u);
  const auto& loss = j["metrics"]["resilience_loss"];
  EXPECT_EQ(loss["units"], "service-hours");
  EXPECT_EQ(loss["better"], "lower");
  for (const auto& name : policies) {
    const auto& e = loss["policies"][name.get<std::string>()];
    for (const char* field : {"mean", "ci_low", "ci_high", "paired_difference", "paired_ci_low",
                              "paired_ci_high", "unpaired_half_width", "share_better", "cvar95"}) {
      EXPECT_TRUE(e[field].is_number_float()) << name << " " << field;
    }
    EXPECT_TRUE(e["difference_excludes_zero"].is_boolean());
    EXPECT_EQ(e["paired_count"], 30);
    EXPECT_LE(e["ci_low"].get<double>(), e["mean"].get<double>());
    const auto& catastrophic = j["catastrophic"][name.get<std::string>()];
    EXPECT_EQ(catastrophic["trials"], 30);
    EXPECT_TRUE(catastrophic["probability"].is_number_float());
  }
  EXPECT_EQ(loss["policies"]["independent"]["paired_difference"], 0.0);

  // The independent policy never activates a crisis cell: its crisis_activation
  // is NaN in every trial, so every statistic of it is null, not NaN.
  const auto& never = j["metrics"]["crisis_activation"]["policies"]["independent"];
  EXPECT_TRUE(never["mean"].is_null()) << never;
  EXPECT_TRUE(never["cvar95"].is_null()) << never;
  EXPECT_EQ(never["paired_count"], 0);
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

// One vocabulary: every column of the `cyres run` summary is named as its
// HDF5 dataset, so `compare --metric` accepts each header word.
TEST_F(CompareCliTest, RunSummaryNamesItsColumnsAsCompareDoes) {
  const std::size_t at = run_output_.find("\npolicy ");
  ASSERT_NE(at, std::string::npos) << run_output_;
  const std::string header = run_output_.substr(at + 1, run_output_.find('\n', at + 1) - (at + 1));
  std::istringstream words(header);
  std::vector<std::string> names;
  for (std::string word; words >> word;) {
    if (word != "policy") names.push_back(word);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"resilience_loss", "min_service", "recovered",
                                             "time_to_recover", "time_to_detect", "compromised",
                                             "attack_down", "supply_down"}));
  for (const std::string& name : names) {
    const CommandResult r = run_command("compare '" + results_ + "' --metric " + name);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
  }
  // Censored times are counted and said to be censored, never averaged.
  EXPECT_THAT(run_output_, HasSubstr("KM median [95 % CI], h"));
  EXPECT_THAT(run_output_, HasSubstr("time_to_recover: counted from the first disruption"));
  EXPECT_THAT(run_output_, HasSubstr("Censored, disrupted but not recovered by the horizon: "
                                     "independent "));
  EXPECT_THAT(run_output_, HasSubstr("NR: not reached"));
}

TEST_F(CompareCliTest, TimesToAnEventGetKaplanMeierNotMeans) {
  const CommandResult r =
      run_command("compare '" + results_ + "' --metric time_to_recover,time_to_detect");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("Kaplan-Meier over the timed trials, never averaged"));
  EXPECT_THAT(r.output, HasSubstr("median [95 % CI], h"));
  EXPECT_THAT(r.output, HasSubstr("recovered: policy - independent [95 % CI]"));
  EXPECT_THAT(r.output, HasSubstr("Difference of medians: n/a (censored)."));
  EXPECT_THAT(r.output, testing::Not(HasSubstr("mean [95 % CI], h")));
  EXPECT_THAT(r.output, testing::Not(HasSubstr("CVaR95, h")));

  const CommandResult j =
      run_command("compare --json '" + results_ + "' --metric time_to_recover", false);
  ASSERT_EQ(j.exit_code, 0) << j.output;
  nlohmann::ordered_json parsed;
  ASSERT_NO_THROW(parsed = nlohmann::ordered_json::parse(j.output)) << j.output;
  for (const auto& [name, e] : parsed["metrics"]["time_to_recover"]["policies"].items()) {
    EXPECT_TRUE(e["mean"].is_null()) << name << ": a censored time must not be averaged";
    EXPECT_TRUE(e["cvar95"].is_null()) << name;
    EXPECT_EQ(e["event"], "recovered") << name;
    EXPECT_TRUE(e["timed"].is_number_unsigned()) << name;
    EXPECT_LE(e["events"].get<std::uint64_t>(), e["timed"].get<std::uint64_t>()) << name;
    EXPECT_TRUE(e["event_share"].is_number_float()) << name;
    // Not reached is null, never a number standing in for the horizon.
    for (const char* field : {"median", "median_ci_low", "median_ci_high", "p90"}) {
      EXPECT_TRUE(e[field].is_null() || e[field].is_number()) << name << " " << field;
    }
    EXPECT_TRUE(e.contains("paired_event_difference")) << name;
  }
  EXPECT_EQ(
      parsed["metrics"]["time_to_recover"]["policies"]["independent"]["paired_event_difference"],
      0.0);
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
