// Reproducibility: the same seed gives bit-identical results at 1, 2 and 4
// threads, for several policies; policies that differ only in name give
// identical per-trial results (common random numbers).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "models/metric_columns.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"
#include "tests/support/threads.hpp"

namespace cyres {
namespace {

Scenario busy_scenario() {
  test::ScenarioBuilder b;
  b.horizon(120).trials(64).seed(77);
  b.sector("energy", 2.0).sector("telecoms", 1.0).sector("health", 1.5);
  b.organisation("civil", 2, 0.0).organisation("defence", 1, 0.0);
  b.remediation("civil", {DurationDistribution::Kind::lognormal, 6.0, 0.7});
  b.remediation("defence", {DurationDistribution::Kind::exponential, 4.0, 0.0});
  const char* sectors[] = {"energy", "telecoms", "health"};
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 600; ++i) {
    test::AssetSpec spec;
    spec.sector = sectors[i % 3];
    spec.organisation = i % 5 == 0 ? "defence" : "civil";
    spec.criticality = 1.0 + (i % 7);
    spec.vulnerability = 0.6;
    spec.detection = 0.03;
    spec.buffer = i % 4;
    spec.threshold = i % 2 ? 1.0 : 0.5;
    spec.restore = i % 3;
    spec.manual_restoration = 12;
    nodes.push_back(b.asset("a" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, nodes, 1500, 0.08, 5);
  for (int i = 0; i + 3 < 600; i += 2) b.dependency(nodes[i], nodes[i + 3], 1.0 + i % 2);
  b.dependency(nodes[597], nodes[0]);  // a cycle through the whole chain
  b.campaign({nodes[1], nodes[2]}, 0, 0.05, 6);
  b.campaign({nodes[300]}, 30, 0.2, 2, 1.5);

  Policy independent;
  independent.name = "independent";
  Policy renamed = independent;
  renamed.name = "same-but-renamed";
  Policy joint;
  joint.name = "joint";
  joint.sharing.mode = SharingMode::all;
  joint.sharing.delay = 4;
  joint.pooling.mode = PoolingMode::mutual_aid;
  joint.pooling.reserve_teams = 0;
  joint.pooling.mobilisation = 2;
  joint.triage.order = TriageOrder::criticality;
  joint.containment.isolate_on_detection = true;
  joint.containment.isolation_costs_service = true;
  joint.crisis = {true, 5, 0.9, 3, 0.5};
  joint.prevention.hardening_budget = 30;
  Policy pooled = joint;
  pooled.name = "pooled";
  pooled.pooling.mode = PoolingMode::pooled;
  pooled.triage.order = TriageOrder::impact;
  pooled.prevention.hardening_choice = HardeningChoice::random;
  b.policy(independent).policy(renamed).policy(joint).policy(pooled);
  return b.build();
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Counts the fields of an aggregate: the most initialisers T{...} accepts.
struct AnyField {
  template <typename T>
  operator T() const;  // declared only: used in unevaluated braces
};
template <typename T, typename... Fields>
constexpr std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return field_count<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

// Every TrialMetrics field is a column of the metric table, once: comparing the
// columns compares the whole trial, and a new field cannot be skipped.
constexpr bool columns_are_distinct() {
  for (std::size_t i = 0; i < TRIAL_METRIC_COLUMNS.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const TrialMetricColumn& a = TRIAL_METRIC_COLUMNS[i];
      const TrialMetricColumn& b = TRIAL_METRIC_COLUMNS[j];
      if ((a.real != nullptr && a.real == b.real) || (a.count != nullptr && a.count == b.count)) {
        return false;
      }
    }
  }
  return true;
}
static_assert(field_count<TrialMetrics>() == TRIAL_METRIC_COLUMNS.size(),
              "a TrialMetrics field is missing from TRIAL_METRIC_COLUMNS");
static_assert(columns_are_distinct(), "two metric columns name the same TrialMetrics field");

std::uint64_t bits(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

// Names of the metrics whose bits differ between a and b, column by column of
// TRIAL_METRIC_COLUMNS (TrialMetrics has padding, whose bytes mean nothing).
std::string differing_metrics(const TrialMetrics& a, const TrialMetrics& b) {
  std::string names;
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    const bool same = column.real != nullptr ? bits(a.*column.real) == bits(b.*column.real)
                                             : a.*column.count == b.*column.count;
    if (!same) names += std::string(names.empty() ? "" : " ") + column.name;
  }
  return names;
}

void expect_identical(const PolicyResult& a, const PolicyResult& b) {
  ASSERT_EQ(a.trials.size(), b.trials.size());
  for (std::size_t k = 0; k < a.trials.size(); ++k) {
    EXPECT_EQ(differing_metrics(a.trials[k], b.trials[k]), "") << "trial " << k;
  }
  EXPECT_TRUE(same_bits(a.sector_loss, b.sector_loss));
  EXPECT_TRUE(same_bits(a.state_loss, b.state_loss));
  EXPECT_TRUE(a.service == b.service);  // integer histograms and sums
  EXPECT_TRUE(a.sector_service == b.sector_service);
  EXPECT_TRUE(same_bits(a.state_count_sum, b.state_count_sum));
}

TEST(Determinism, SameSeedSameBitsAtOneTwoAndFourThreads) {
  const Scenario scenario = busy_scenario();
  const RunOptions options;
  const RunResult one = test::with_threads(1, [&] { return run_monte_carlo(scenario, options); });
  for (int threads : {2, 4}) {
    const RunResult many =
        test::with_threads(threads, [&] { return run_monte_carlo(scenario, options); });
    ASSERT_EQ(many.policies.size(), one.policies.size());
    for (std::size_t p = 0; p < one.policies.size(); ++p) {
      SCOPED_TRACE(one.policies[p].policy.name + " at " + std::to_string(threads) + " threads");
      expect_identical(one.policies[p], many.policies[p]);
    }
  }
  // The scenario is busy enough for the comparison to mean something.
  double compromised = 0.0;
  for (const auto& m : one.policies[0].trials) compromised += m.compromised;
  EXPECT_GT(compromised / 64, 20.0);
}

TEST(Determinism, GlobalThreadLimitDoesNotChangeResults) {
  const Scenario scenario = busy_scenario();
  const RunResult free_run = run_monte_carlo(scenario, {});
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
  const RunResult limited = run_monte_carlo(scenario, {});
  for (std::size_t p = 0; p < free_run.policies.size(); ++p) {
    expect_identical(free_run.policies[p], limited.policies[p]);
  }
}

TEST(CommonRandomNumbers, PoliciesDifferingOnlyInNameGiveIdenticalTrials) {
  const RunResult run = run_monte_carlo(busy_scenario(), {});
  expect_identical(run.policies[0], run.policies[1]);
}

TEST(CommonRandomNumbers, FirstTrialOffsetSelectsTheSameTrials) {
  // Trials are keyed by their global index: running trials 32..63 alone gives
  // the second half of a 64-trial run (what resumable and distributed runs need).
  const Scenario scenario = busy_scenario();
  const RunResult whole = run_monte_carlo(scenario, {});
  RunOptions half;
  half.first_trial = 32;
  half.trials = 32;
  const RunResult second = run_monte_carlo(scenario, half);
  for (std::size_t k = 0; k < 32; ++k) {
    EXPECT_EQ(differing_metrics(second.policies[2].trials[k], whole.policies[2].trials[32 + k]), "")
        << "trial " << k;
  }
}

}  // namespace
}  // namespace cyres

namespace cyres {
namespace {

TEST(StopRule, StopsAtTheFirstBlockMeetingTheTargetAndKeepsTheSameTrials) {
  const Scenario scenario = busy_scenario();
  RunOptions loose;
  loose.trials = 400;
  loose.stop_block = 16;
  loose.target_relative_ci = 0.5;
  const RunResult stopped = run_monte_carlo(scenario, loose);
  EXPECT_TRUE(stopped.target_reached);
  EXPECT_LT(stopped.trials, 400u);
  EXPECT_EQ(stopped.trials % 16, 0u);
  EXPECT_EQ(stopped.trials_requested, 400u);
  // The trials run are the first trials of an unstopped run, bit for bit.
  RunOptions plain;
  plain.trials = stopped.trials;
  const RunResult whole = run_monte_carlo(scenario, plain);
  for (std::size_t p = 0; p < whole.policies.size(); ++p)
    expect_identical(whole.policies[p], stopped.policies[p]);
  // Reproducible at another thread count.
  EXPECT_EQ(test::with_threads(1, [&] { return run_monte_carlo(scenario, loose); }).trials,
            stopped.trials);
}

TEST(StopRule, AnUnreachableTargetRunsAllTrials) {
  RunOptions strict;
  strict.trials = 48;
  strict.stop_block = 16;
  strict.target_relative_ci = 1e-9;
  const RunResult run = run_monte_carlo(busy_scenario(), strict);
  EXPECT_FALSE(run.target_reached);
  EXPECT_EQ(run.trials, 48u);
}

}  // namespace
}  // namespace cyres
