// Rule 6 (supply) and rule 7 (service) on hand-built graphs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/support/scenario_builder.hpp"
#include "tests/support/trial_probe.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;
using test::TrialProbe;

// A chain 0 -> 1 -> ... -> n-1 where each asset needs the previous one, with
// buffer b; asset 0 is taken down by a payload at step t0.
Scenario dependency_chain(int n, Step buffer, Step t0, Step horizon) {
  ScenarioBuilder b;
  b.horizon(horizon);
  std::vector<AssetIndex> chain;
  for (int j = 0; j < n; ++j) {
    AssetSpec spec;
    spec.buffer = buffer;
    chain.push_back(b.asset("a" + std::to_string(j), spec));
  }
  for (int j = 0; j + 1 < n; ++j) b.dependency(chain[j], chain[j + 1]);
  // Compromised at t0 - 1 with dwell 0 and payload 1: fires at t0.
  b.campaign({chain[0]}, t0 - 1, /*payload=*/1.0, /*dwell=*/0);
  return b.build();
}

class DependencyChain : public ::testing::TestWithParam<int> {};

TEST_P(DependencyChain, AssetJGoesDownAtT0PlusJTimesBufferPlusOne) {
  const Step buffer = GetParam();
  constexpr int N = 8;
  constexpr Step T0 = 3;
  const Step horizon = T0 + N * (buffer + 1) + 5;
  const auto trace = TrialProbe(dependency_chain(N, buffer, T0, horizon)).run();
  for (Step t = 0; t < horizon; ++t) {
    // Assets j >= 1 down at the end of step t iff t >= t0 + j (b + 1).
    std::int64_t expected = 0;
    for (int j = 1; j < N; ++j) expected += t >= T0 + j * (buffer + 1);
    EXPECT_EQ(trace.count(t, count_supply_down), expected) << "buffer " << buffer << " step " << t;
    EXPECT_EQ(trace.count(t, count_down), expected + (t >= T0)) << "step " << t;
  }
  EXPECT_EQ(trace.metrics.supply_down, static_cast<std::uint32_t>(N - 1));
}

INSTANTIATE_TEST_SUITE_P(Buffers, DependencyChain, ::testing::Values(0, 1, 2, 5),
                         [](const auto& param_info) {
                           return "buffer_" + std::to_string(param_info.param);
                         });

TEST(Supply, ThresholdToleratesLosingRedundantInputs) {
  // v needs half its input weight: losing one of two equal inputs is fine.
  ScenarioBuilder b;
  const auto x = b.asset("x");
  const auto y = b.asset("y");
  AssetSpec redundant;
  redundant.threshold = 0.5;
  const auto v = b.asset("v", redundant);
  b.dependency(x, v).dependency(y, v);
  b.campaign({x}, 0, 1.0, 0);
  auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.metrics.supply_down, 0u);

  ScenarioBuilder both = b;
  both.last_campaign().entries = {x, y};
  trace = TrialProbe(both.build()).run();
  // Both inputs down at the end of step 1; v short at step 2, down (b = 0).
  EXPECT_EQ(trace.count(1, count_supply_down), 0);
  EXPECT_EQ(trace.count(2, count_supply_down), 1);
}

TEST(Supply, ComesBackRestoreStepsAfterSupplyReturns) {
  // x is attack-down at step 1, remediated instantly at 2 (detected at 1? no:
  // detection at step 1 reads the end of step 0, when x was C; so detected and
  // cleaned at 1, restore 0 -> x up again at the end of 1). Use restore on x
  // of 3 steps: x down at the end of 1..3, up at the end of 4.
  ScenarioBuilder b;
  b.organisation("o0", 1, 0.0);
  AssetSpec source;
  source.detection = 1.0;
  source.restore = 3;
  const auto x = b.asset("x", source);
  AssetSpec user;
  user.restore = 2;
  const auto v = b.asset("v", user);
  b.dependency(x, v);
  b.campaign({x}, 0, 1.0, 0);
  const auto trace = TrialProbe(b.build()).run();
  // x: compromised at 0; in step 1 fires (payload) and is detected and cleaned;
  // attack-down from the end of 1 until the end of 1 + 3 = 4.
  EXPECT_EQ(trace.count(3, count_attack_down), 1);
  EXPECT_EQ(trace.count(4, count_attack_down), 0);
  // v: short at step 2 (reads end of 1), down at the end of 2; supply back at
  // step 5 (reads end of 4); up r = 2 steps later, at the end of 7.
  EXPECT_EQ(trace.count(2, count_supply_down), 1);
  EXPECT_EQ(trace.count(6, count_supply_down), 1);
  EXPECT_EQ(trace.count(7, count_supply_down), 0);
}

TEST(Supply, CyclesDoNotDeadlockThanksToManualRestoration) {
  // Power needs telecom needs power. Telecom is knocked out for good; power
  // goes down, then after m steps runs manually and stays up.
  ScenarioBuilder b;
  AssetSpec power;
  power.manual_restoration = 4;
  const auto p = b.asset("power", power);
  AssetSpec telecom;
  const auto t = b.asset("telecom", telecom);
  b.dependency(p, t).dependency(t, p);
  b.campaign({t}, 0, 1.0, 0);
  const auto trace = TrialProbe(b.build()).run();
  // telecom attack-down at the end of 1; power short at 2 -> down at the end
  // of 2; telecom, now without power too, supply-down at the end of 3. Power
  // runs manually after 4 steps down: up at the end of 6; telecom's supply is
  // back at 7. Telecom stays attack-down (never detected).
  EXPECT_EQ(trace.count(2, count_supply_down), 1);
  EXPECT_EQ(trace.count(3, count_supply_down), 2);
  EXPECT_EQ(trace.count(5, count_supply_down), 2);
  EXPECT_EQ(trace.count(6, count_supply_down), 1);
  EXPECT_EQ(trace.count(7, count_supply_down), 0);
  EXPECT_EQ(trace.count(19, count_down), 1);  // telecom only
}

TEST(Service, WeightsSectorsAndAssets) {
  // Sector A (weight 3) has assets of criticality 1 and 3; sector B (weight 1)
  // one asset. Taking down A's heavy asset: Q_A = 1/4, Q = 3/4 * 1/4 + 1/4 * 1.
  ScenarioBuilder b;
  b.sector("A", 3.0).sector("B", 1.0);
  AssetSpec light;
  light.sector = "A";
  AssetSpec heavy = light;
  heavy.criticality = 3.0;
  AssetSpec other;
  other.sector = "B";
  b.asset("light", light);
  const auto h = b.asset("heavy", heavy);
  b.asset("other", other);
  b.campaign({h}, 0, 1.0, 0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_FLOAT_EQ(trace.sector_service[1 * 2 + 0], 0.25f);
  EXPECT_FLOAT_EQ(trace.sector_service[1 * 2 + 1], 1.0f);
  EXPECT_FLOAT_EQ(trace.service[1], 0.75f * 0.25f + 0.25f);
  EXPECT_DOUBLE_EQ(trace.sector_loss[0], 19 * 0.75);
  // Never recovers: censored at the end of the horizon (20 h), counted from
  // the end of step 1 (2 h).
  EXPECT_EQ(trace.metrics.disrupted, 1U);
  EXPECT_EQ(trace.metrics.recovered, 0U);
  EXPECT_DOUBLE_EQ(trace.metrics.time_to_recover, 18.0);
}

//! A chain of 1,000 assets attacked at one end: outbreaks of a few to a few
//! dozen assets, different in every trial.
Scenario chain_of_1000(std::vector<AssetIndex>& all) {
  ScenarioBuilder b;
  for (int k = 0; k < 1000; ++k) all.push_back(b.asset("a" + std::to_string(k)));
  for (int k = 0; k + 1 < 1000; ++k) b.network(all[k], all[k + 1], 0.3);
  b.campaign({all[0]}, 0, 0.2, 2);
  return b.build();
}

TEST(Reset, RepeatedTrialsGiveIdenticalResultsAndTouchOnlyWhatChanged) {
  std::vector<AssetIndex> all;
  TrialProbe probe(chain_of_1000(all));
  const auto first = probe.run(7);
  probe.run(8);
  const auto again = probe.run(7);
  EXPECT_EQ(first.service, again.service);
  EXPECT_EQ(first.counts, again.counts);
  EXPECT_EQ(first.metrics.compromised, again.metrics.compromised);
  EXPECT_LT(probe.engine().touched(), 20u + first.metrics.compromised);
}

// The clean-up run() does first, done at once (as bench/trial_cost does to
// charge each trial its own): nothing of the trial is left, and the next
// trial is the same as without it.
TEST(Reset, ClearingTheTouchedAssetsAtOnceChangesNoLaterTrial) {
  std::vector<AssetIndex> all;
  const Scenario scenario = chain_of_1000(all);
  TrialProbe cleared(scenario);
  TrialProbe plain(scenario);
  const auto first = cleared.run(7);
  plain.run(7);
  ASSERT_GT(first.metrics.compromised, 0U);
  ASSERT_GT(cleared.engine().touched(), 0U);
  cleared.clear_touched();
  EXPECT_EQ(cleared.engine().touched(), 0U);
  for (const AssetIndex i : all) {
    EXPECT_EQ(cleared.engine().state(i).security, Security::S) << i;
    EXPECT_EQ(cleared.engine().state(i).flags, 0) << i;
  }
  const auto next = cleared.run(8);
  const auto reference = plain.run(8);
  EXPECT_EQ(next.service, reference.service);
  EXPECT_EQ(next.counts, reference.counts);
  EXPECT_EQ(next.metrics.compromised, reference.metrics.compromised);
}

}  // namespace
}  // namespace cyres

namespace cyres {
namespace {

TEST(Service, ExtremeCriticalitiesKeepEverySectorsWeight) {
  // Criticalities from 1e-300 to 1e300 in different sectors (and 5e-324, the
  // smallest double, beside 1 in one sector): each sector keeps a positive
  // total, so Q_s is exact and the loss finite. Down: the tiny sector's only
  // asset (Q_tiny = 0) and the huge sector's heavier asset (Q_huge = 1/4).
  test::ScenarioBuilder b;
  b.horizon(4);
  b.sector("tiny").sector("huge").sector("mixed");
  test::AssetSpec tiny;
  tiny.sector = "tiny";
  tiny.criticality = 1e-300;
  test::AssetSpec huge;
  huge.sector = "huge";
  huge.criticality = 1e300;
  test::AssetSpec heavier = huge;
  heavier.criticality = 3e300;
  test::AssetSpec denormal;
  denormal.sector = "mixed";
  denormal.criticality = 5e-324;
  test::AssetSpec one = denormal;
  one.criticality = 1.0;
  const auto t = b.asset("t", tiny);
  b.asset("h1", huge);
  const auto h3 = b.asset("h3", heavier);
  b.asset("d", denormal);
  b.asset("o", one);
  b.campaign({t, h3}, 0, /*payload=*/1.0, /*dwell=*/0);
  const auto trace = test::TrialProbe(b.build()).run();
  EXPECT_FLOAT_EQ(trace.sector_service[1 * 3 + 0], 0.0f);
  EXPECT_FLOAT_EQ(trace.sector_service[1 * 3 + 1], 0.25f);
  EXPECT_FLOAT_EQ(trace.sector_service[1 * 3 + 2], 1.0f);
  EXPECT_TRUE(std::isfinite(trace.metrics.resilience_loss));
  // Steps 1-3 at Q = 1 - (1 + 0.75) / 3.
  EXPECT_NEAR(trace.metrics.resilience_loss, 3 * 1.75 / 3.0, 1e-12);
}

}  // namespace
}  // namespace cyres
