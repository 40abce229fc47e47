// The memory guard (check_series_size) refuses a run whose per-trial service
// series would exceed MAX_SERIES_BYTES, counting every policy that will run:
// the runner holds all their series until the results file is written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/core/error.hpp"
#include "sim/scenario/loader.hpp"

namespace cyres {
namespace {

using ::testing::HasSubstr;

// 40000 trials x 10000 steps x (3 sectors + 1) x 4 bytes = 6.0 GiB per policy; two policies.
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
  EXPECT_THAT(message, HasSubstr("40000 trials x 10000 steps x (3 sectors + 1) x 4 bytes x "
                                 "2 policies = 11.9 GiB"));
  EXPECT_THAT(message, HasSubstr("expected at most 8 GiB"));
}

TEST(SeriesSizeTest, OnlyThePoliciesThatRunCount) {
  LoadOptions one;
  one.policies_to_run = 1;  // cyres run --policy baseline
  EXPECT_EQ(size_error(one), "");
  EXPECT_EQ(load_scenario(SCENARIO, one).policies.size(), 2u);

  LoadOptions three;  // cyres run --policy baseline,cell,cell: 3 x 3.0 GiB
  three.overrides = {"simulation.trials=20000"};
  three.policies_to_run = 3;
  EXPECT_THAT(size_error(three), HasSubstr("x 3 policies = 8.9 GiB"));
  three.policies_to_run = 0;  // all of the scenario: 2 x 3.0 GiB
  EXPECT_EQ(size_error(three), "");
}

TEST(SeriesSizeTest, WithoutAPolicyListTheDefaultPolicyCounts) {
  LoadOptions options;  // 12e6 trials x 48 steps x 4 x 4 bytes = 8.6 GiB for the one policy
  options.overrides = {"simulation.trials=12000000"};
  EXPECT_THAT(size_error(options, std::string(CYRES_TEST_FIXTURES) + "/good/no_policies.yaml"),
              HasSubstr("x 1 policy = 8.6 GiB"));
}

}  // namespace
}  // namespace cyres
