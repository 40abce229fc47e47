// The policy comparison against hand-computed values. Reference numbers come
// from scipy 1.10 (stats.t.ppf, stats.beta.ppf for Clopper-Pearson); the
// tolerance 1e-9 (relative) covers Boost's and scipy's quantile algorithms
// both converging to double precision, with room for the last few bits.

#include "sim/stats/comparison.hpp"
#include "sim/runner/trial_table.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double TOL = 1e-9;

PolicyResult policy_result(const std::string& name, const std::vector<TrialMetrics>& trials) {
  PolicyResult result;
  result.policy.name = name;
  result.trials = trials;
  return result;
}

TEST(ComparisonTest, PairedCiIsTheOneSampleTCiOfTheDifferences) {
  const std::vector<double> policy = {3, 5, 4, 8, 6};
  const std::vector<double> baseline = {1, 4, 4, 5, 3};
  const Summary d = paired_difference(policy, baseline);
  EXPECT_EQ(d.count, 5U);
  EXPECT_DOUBLE_EQ(d.mean, 1.8);
  EXPECT_NEAR(d.ci_low, 0.1810682152912937, TOL);
  EXPECT_NEAR(d.ci_high, 3.4189317847087066, TOL);
  // Bit for bit the one-sample interval of the differences.
  const std::vector<double> differences = {2, 1, 0, 3, 3};
  const Summary one_sample = summarise(differences);
  EXPECT_EQ(d.ci_low, one_sample.ci_low);
  EXPECT_EQ(d.ci_high, one_sample.ci_high);
}

TEST(ComparisonTest, PairingSkipsTrialsWhereEitherIsNaN) {
  const std::vector<double> policy = {3, NaN, 5, 4, 8, 6};
  const std::vector<double> baseline = {1, 7, 4, 4, NaN, 5};
  const Summary d = paired_difference(policy, baseline);
  EXPECT_EQ(d.count, 4U);
  EXPECT_DOUBLE_EQ(d.mean, (2.0 + 1.0 + 0.0 + 1.0) / 4.0);
  EXPECT_DOUBLE_EQ(share_better(policy, baseline, Better::higher), 3.0 / 4.0);
  EXPECT_THROW(paired_difference(policy, std::vector<double>{1.0}), std::invalid_argument);
}

TEST(ComparisonTest, WelchHalfWidthMatchesScipy) {
  const std::vector<double> policy = {1, 2, 3, 4};
  const std::vector<double> baseline = {2, 4, 6, 8};
  EXPECT_NEAR(welch_half_width(policy, baseline), 3.864167215486199, TOL);
  // Equal variances: Welch's dof is 2(n - 1), the pooled two-sample interval.
  const std::vector<double> a = {1, 2, 3};
  const std::vector<double> b = {4, 5, 6};
  EXPECT_NEAR(welch_half_width(a, b), 2.7764451051977987 * std::sqrt(2.0 / 3.0), TOL);
  EXPECT_EQ(welch_half_width(std::vector<double>{1, 1}, std::vector<double>{2, 2}), 0.0);
  EXPECT_TRUE(std::isnan(welch_half_width(std::vector<double>{1}, std::vector<double>{2})));
}

TEST(ComparisonTest, IdenticalPoliciesDifferByExactlyZero) {
  std::vector<TrialMetrics> trials(6);
  for (std::size_t k = 0; k < trials.size(); ++k) {
    trials[k].resilience_loss = 10.0 * static_cast<double>(k) + 0.25;
    trials[k].min_service = 1.0 - 0.1 * static_cast<double>(k);
    trials[k].compromised = static_cast<std::uint32_t>(3 * k);
    trials[k].mean_detection_latency = k % 2 == 0 ? NaN : 2.0;
  }
  RunResult run;
  run.policies = {policy_result("a", trials), policy_result("b", trials)};
  const Comparison c = compare_policies(run);
  ASSERT_EQ(c.metrics.size(), TRIAL_METRIC_COLUMNS.size());
  EXPECT_EQ(c.trials, 6U);
  for (const MetricComparison& metric : c.metrics) {
    const PolicyMetricComparison& b = metric.policies[1];
    if (b.paired_count == 0) continue;  // e.g. crisis_activation: never finite here
    if (metric.is_time_to_event()) {
      EXPECT_EQ(b.event_difference.mean, 0.0) << metric.column->name;
      EXPECT_EQ(b.event_difference.ci_low, 0.0) << metric.column->name;
      EXPECT_EQ(b.event_difference.ci_high, 0.0) << metric.column->name;
      EXPECT_EQ(b.time_to_event->event_share.successes,
                metric.policies[0].time_to_event->event_share.successes);
      continue;
    }
    EXPECT_EQ(b.difference.mean, 0.0) << metric.column->name;
    EXPECT_EQ(b.difference.ci_low, 0.0) << metric.column->name;
    EXPECT_EQ(b.difference.ci_high, 0.0) << metric.column->name;
    EXPECT_FALSE(b.difference_excludes_zero());
    if (metric.column->better == Better::neither) {
      EXPECT_TRUE(std::isnan(b.share_better)) << metric.column->name;
    } else {
      EXPECT_EQ(b.share_better, 0.0) << metric.column->name;
    }
    EXPECT_EQ(b.summary.mean, metric.policies[0].summary.mean);
  }
  EXPECT_EQ(c.metric("mean_detection_latency").policies[1].paired_count, 3U);
  EXPECT_GT(c.metric("resilience_loss").policies[1].unpaired_half_width, 0.0);
}

TEST(ComparisonTest, CvarAveragesTheCeilingOfFivePercentWorstTrials) {
  std::vector<double> values(100);
  std::iota(values.begin(), values.end(), 1.0);  // 1 .. 100
  EXPECT_DOUBLE_EQ(cvar95(values, Better::lower), (100 + 99 + 98 + 97 + 96) / 5.0);
  EXPECT_DOUBLE_EQ(cvar95(values, Better::neither), 98.0);
  EXPECT_DOUBLE_EQ(cvar95(values, Better::higher), 3.0);
  values.resize(20);  // k = ceil(1.0) = 1: the single worst
  EXPECT_DOUBLE_EQ(cvar95(values, Better::lower), 20.0);
  values.push_back(21.0);  // n = 21: k = ceil(1.05) = 2
  EXPECT_DOUBLE_EQ(cvar95(values, Better::lower), 20.5);
  EXPECT_DOUBLE_EQ(cvar95(values, Better::higher), 1.5);
  EXPECT_DOUBLE_EQ(cvar95(std::vector<double>{NaN, 4.0, NaN}, Better::lower), 4.0);
  EXPECT_TRUE(std::isnan(cvar95(std::vector<double>{NaN}, Better::lower)));
}

TEST(ComparisonTest, ClopperPearsonMatchesKnownIntervals) {
  const Proportion none = clopper_pearson(0, 10);
  EXPECT_EQ(none.estimate, 0.0);
  EXPECT_EQ(none.ci_low, 0.0);
  EXPECT_NEAR(none.ci_high, 0.3084971078187608, TOL);  // 1 - 0.025^(1/10)
  const Proportion half = clopper_pearson(5, 10);
  EXPECT_NEAR(half.ci_low, 0.18708602844739855, TOL);
  EXPECT_NEAR(half.ci_high, 0.8129139715526015, TOL);
  const Proportion all = clopper_pearson(10, 10);
  EXPECT_NEAR(all.ci_low, 0.6915028921812392, TOL);
  EXPECT_EQ(all.ci_high, 1.0);
  const Proportion few = clopper_pearson(3, 300);
  EXPECT_NEAR(few.ci_low, 0.0020670072350923163, TOL);
  EXPECT_NEAR(few.ci_high, 0.028944511255692605, TOL);
  const Proportion empty = clopper_pearson(0, 0);
  EXPECT_TRUE(std::isnan(empty.estimate));
  EXPECT_THROW(clopper_pearson(11, 10), std::invalid_argument);
  EXPECT_THROW(clopper_pearson(1, 10, 1.0), std::invalid_argument);
}

TEST(ComparisonTest, MinServiceIsBetterHigherAndItsTailIsTheLowest) {
  // min_service per trial; policy "joint" is higher in trials 0-2, tied in 3.
  const std::vector<double> base = {0.40, 0.90, 0.60, 0.80};
  const std::vector<double> joint = {0.55, 0.95, 0.70, 0.80};
  std::vector<TrialMetrics> a(4);
  std::vector<TrialMetrics> b(4);
  for (std::size_t k = 0; k < 4; ++k) {
    a[k].min_service = base[k];
    b[k].min_service = joint[k];
  }
  RunResult run;
  run.policies = {policy_result("independent", a), policy_result("joint", b)};
  const Comparison c = compare_policies(
      run, {.baseline = 0, .confidence_level = 0.95, .catastrophic_service = 0.55});
  const MetricComparison& m = c.metric("min_service");
  EXPECT_DOUBLE_EQ(m.policies[1].share_better, 0.75);  // the tie is not better
  EXPECT_DOUBLE_EQ(m.policies[0].cvar95, 0.40);        // lowest, k = ceil(0.2) = 1
  EXPECT_DOUBLE_EQ(m.policies[1].cvar95, 0.55);
  EXPECT_NEAR(m.policies[1].difference.mean, 0.075, 1e-15);
  // Lower-is-better loss in the same run: 0 everywhere, so no trial is better.
  EXPECT_EQ(c.metric("resilience_loss").policies[1].share_better, 0.0);
  // Catastrophic: strictly below 0.55, so joint's 0.55 does not count.
  EXPECT_EQ(c.catastrophic[0].successes, 1U);
  EXPECT_EQ(c.catastrophic[1].successes, 0U);
  EXPECT_EQ(c.catastrophic[1].trials, 4U);

  // Against the other baseline the signs flip.
  const Comparison flipped =
      compare_policies(run, {.baseline = 1, .confidence_level = 0.95, .catastrophic_service = 0.5});
  EXPECT_EQ(flipped.baseline_name(), "joint");
  EXPECT_NEAR(flipped.metric("min_service").policies[0].difference.mean, -0.075, 1e-15);
  EXPECT_DOUBLE_EQ(flipped.metric("min_service").policies[0].share_better, 0.0);
}

TEST(ComparisonTest, ResultsDoNotDependOnAnythingButTheInput) {
  TrialTable table;
  table.policy_names = {"x", "y"};
  table.values.assign(TRIAL_METRIC_COLUMNS.size(),
                      {{0.1, 0.7, 0.3, 0.9, 0.2}, {0.3, 0.1, 0.8, 0.4, 0.6}});
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {  // event flags are 0 or 1
    if (const TrialMetricColumn* flag = event_column_of(column)) {
      table.values[static_cast<std::size_t>(flag - TRIAL_METRIC_COLUMNS.data())] = {
          {1, 0, 1, 1, 0}, {0, 0, 1, 1, 1}};
    }
  }
  const Comparison c1 = compare_policies(table);
  const Comparison c2 = compare_policies(table);
  for (std::size_t m = 0; m < c1.metrics.size(); ++m) {
    for (std::size_t p = 0; p < 2; ++p) {
      const PolicyMetricComparison& e1 = c1.metrics[m].policies[p];
      const PolicyMetricComparison& e2 = c2.metrics[m].policies[p];
      if (c1.metrics[m].is_time_to_event()) {
        EXPECT_EQ(e1.event_difference.ci_low, e2.event_difference.ci_low);
        EXPECT_EQ(e1.time_to_event->median.time, e2.time_to_event->median.time);
        EXPECT_EQ(e1.time_to_event->median.ci_high, e2.time_to_event->median.ci_high);
        continue;
      }
      EXPECT_EQ(e1.difference.ci_low, e2.difference.ci_low);
      EXPECT_EQ(e1.unpaired_half_width, e2.unpaired_half_width);
      EXPECT_EQ(e1.cvar95, e2.cvar95);
    }
  }
  table.values[3].pop_back();
  EXPECT_THROW(compare_policies(table), std::invalid_argument);
  table.values.pop_back();
  EXPECT_THROW(compare_policies(table), std::invalid_argument);
}

// Censored times are never averaged: time_to_recover gets the Kaplan-Meier
// summary of the disrupted trials and the paired difference of the recovered
// flag over the trials disrupted under both policies.
TEST(ComparisonTest, TimeToEventMetricsGetKaplanMeierNotMeans) {
  // Trial k: time_to_recover (NaN: not disrupted) and recovered flag.
  const std::vector<double> base_time = {10, 20, NaN, 336, 30, 336};
  const std::vector<double> base_flag = {1, 1, 0, 0, 1, 0};
  const std::vector<double> joint_time = {5, NaN, 40, 15, 25, 336};
  const std::vector<double> joint_flag = {1, 0, 1, 1, 1, 0};
  std::vector<TrialMetrics> a(6);
  std::vector<TrialMetrics> b(6);
  for (std::size_t k = 0; k < 6; ++k) {
    a[k].time_to_recover = base_time[k];
    a[k].recovered = static_cast<std::uint32_t>(base_flag[k]);
    a[k].disrupted = std::isnan(base_time[k]) ? 0 : 1;
    b[k].time_to_recover = joint_time[k];
    b[k].recovered = static_cast<std::uint32_t>(joint_flag[k]);
    b[k].disrupted = std::isnan(joint_time[k]) ? 0 : 1;
  }
  RunResult run;
  run.policies = {policy_result("independent", a), policy_result("joint", b)};
  const Comparison c = compare_policies(run);
  const MetricComparison& m = c.metric("time_to_recover");
  ASSERT_TRUE(m.is_time_to_event());
  EXPECT_STREQ(m.event_column->name, "recovered");
  EXPECT_FALSE(c.metric("resilience_loss").is_time_to_event());

  const PolicyMetricComparison& base = m.policies[0];
  EXPECT_TRUE(std::isnan(base.summary.mean)) << "a censored time must not be averaged";
  EXPECT_TRUE(std::isnan(base.difference.mean));
  EXPECT_TRUE(std::isnan(base.cvar95));
  ASSERT_TRUE(base.time_to_event);
  // 5 disrupted, 3 recovered: 10, 20, 30; censored at 336 twice. S drops to
  // 4/5, 3/5, 2/5 at 10, 20, 30: median 30 (first S <= 0.5); p90 not reached.
  EXPECT_EQ(base.time_to_event->event_share.trials, 5U);
  EXPECT_EQ(base.time_to_event->event_share.successes, 3U);
  EXPECT_DOUBLE_EQ(base.time_to_event->event_share.estimate, 0.6);
  ASSERT_TRUE(base.time_to_event->median.time);
  EXPECT_EQ(*base.time_to_event->median.time, 30.0);
  EXPECT_FALSE(base.time_to_event->p90.time);
  EXPECT_EQ(base.time_to_event->longest_follow_up, 336.0);
  const KaplanMeier km = kaplan_meier(base_time, base_flag);
  EXPECT_EQ(base.time_to_event->median.ci_low, survival_quantile(km, 0.5).ci_low);
  EXPECT_EQ(base.time_to_event->median.ci_high, survival_quantile(km, 0.5).ci_high);

  // Paired over the trials disrupted under both (0, 3, 4, 5): joint - base
  // flags = 0, 1, 0, 0.
  const PolicyMetricComparison& joint = m.policies[1];
  EXPECT_EQ(joint.paired_count, 4U);
  EXPECT_EQ(joint.event_difference.count, 4U);
  EXPECT_DOUBLE_EQ(joint.event_difference.mean, 0.25);
  EXPECT_EQ(joint.event_difference.ci_low, summarise(std::vector<double>{0, 1, 0, 0}).ci_low);
  EXPECT_EQ(base.event_difference.mean, 0.0);
  EXPECT_EQ(joint.time_to_event->event_share.successes, 4U);
  EXPECT_EQ(joint.time_to_event->event_share.trials, 5U);

  // The flag itself is still an ordinary metric with a mean.
  EXPECT_DOUBLE_EQ(c.metric("recovered").policies[0].summary.mean, 0.5);
}

TEST(ComparisonTest, OutOfRangeBaselineIsRefused) {
  TrialTable table;
  table.policy_names = {"x"};
  table.values.assign(TRIAL_METRIC_COLUMNS.size(), {{1.0, 2.0}});
  EXPECT_THROW(compare_policies(
                   table, {.baseline = 1, .confidence_level = 0.95, .catastrophic_service = 0.5}),
               std::invalid_argument);
}

}  // namespace
}  // namespace cyres
