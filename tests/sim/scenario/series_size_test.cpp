// The memory guard (check_trial_table_size) refuses a run whose per-trial
// tables would exceed its limit (MAX_TRIAL_TABLE_BYTES unless --max-memory
// says otherwise), counting every policy that will run: the runner holds all
// their tables until the results file is written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

using ::testing::HasSubstr;

// 1e7 trials x (512 + 8 x (3 sectors + 1 state)) bytes = 5.1 GiB per policy; two policies.
const std::string SCENARIO =
    std::string(CYRES_TEST_FIXTURES) + "/bad/series-size-counts-policies/scenario.yaml";

//! The SizeError's message, or "" if the scenario loads.
std::string size_error(const LoadOptions& options, const std::string& path = SCENARIO) {
  try {
    load_scenario(path, options);
  } catch (const SizeError& e) {
    return e.what();
  }
  return "";
}

TEST(SeriesSizeTest, EveryPolicyOfTheScenarioCounts) {
  const std::string message = size_error({});
  EXPECT_THAT(message, HasSubstr("10000000 trials x 2 policies x (512 + 8 x (3 sectors + 1 state)) "
                                 "bytes = 10.1 GiB"));
  EXPECT_THAT(message, HasSubstr("expected at most the memory limit of 8.0 GiB"));
  EXPECT_THAT(message, HasSubstr("raise the limit with --max-memory"));
}

TEST(SeriesSizeTest, TheLimitIsTheMaxMemoryOption) {
  LoadOptions raised;  // cyres run --max-memory 16GiB: 10.1 GiB fit
  raised.max_memory_bytes = 16.0 * (1ull << 30);
  EXPECT_EQ(size_error(raised), "");
  LoadOptions lowered;  // cyres run --max-memory 2GiB --trials 2500000: 2.5 GiB do not
  lowered.max_memory_bytes = 2.0 * (1ull << 30);
  lowered.overrides = {"simulation.trials=2500000"};
  const std::string message = size_error(lowered);
  EXPECT_THAT(message, HasSubstr("bytes = 2.5 GiB of per-trial tables; expected at most the "
                                 "memory limit of 2.0 GiB"));
}

TEST(SeriesSizeTest, OnlyThePoliciesThatRunCount) {
  LoadOptions one;
  one.policies_to_run = 1;  // cyres run --policy baseline
  EXPECT_EQ(size_error(one), "");
  EXPECT_EQ(load_scenario(SCENARIO, one).policies.size(), 2u);

  LoadOptions three;  // cyres run --policy baseline,cell,cell: 3 x 3.04 GiB
  three.overrides = {"simulation.trials=6000000"};
  three.policies_to_run = 3;
  EXPECT_THAT(size_error(three),
              HasSubstr("x 3 policies x (512 + 8 x (3 sectors + 1 state)) bytes = 9.1 GiB"));
  three.policies_to_run = 0;  // all of the scenario: 2 x 3.04 GiB
  EXPECT_EQ(size_error(three), "");
}

TEST(SeriesSizeTest, WithoutAPolicyListTheDefaultPolicyCounts) {
  LoadOptions options;  // 1.7e7 trials x (512 + 8 x (3 + 1)) bytes = 8.6 GiB for the one policy
  options.overrides = {"simulation.trials=17000000"};
  EXPECT_THAT(size_error(options, std::string(CYRES_TEST_FIXTURES) + "/good/no_policies.yaml"),
              HasSubstr("x 1 policy x (512 + 8 x (3 sectors + 1 state)) bytes = 8.6 GiB"));
}

TEST(SeriesSizeTest, EveryStateOfAVersion2ScenarioCounts) {
  LoadOptions options;  // 1.5e7 trials x (512 + 8 x (9 + 3)) bytes = 8.5 GiB for one policy
  options.overrides = {"simulation.trials=15000000"};
  options.policies_to_run = 1;
  EXPECT_THAT(size_error(options, default_scenario_path()),
              HasSubstr("15000000 trials x 1 policy x (512 + 8 x (9 sectors + 3 states)) bytes = "
                        "8.5 GiB"));
  options.overrides = {"simulation.trials=14000000"};  // 7.9 GiB
  EXPECT_EQ(size_error(options, default_scenario_path()), "");
}

}  // namespace
}  // namespace cyres
