// The loss decomposes exactly (docs/model.md, "Metrics v2"): the states'
// contributions add up to the resilience loss, sum_g L_g = L, and the
// sector losses weighted by the normalised sector weights do too,
// sum_s W_s L_s = L, in every trial of a multi-state scenario with
// cross-border dependencies. Both sides are sums of the same per-step terms
// in a different order, so they agree to rounding: 1e-9 relative is far
// above the rounding of a few thousand double additions (~1e-13) and far
// below any real discrepancy (one asset-step of the smallest weight here is
// ~1e-3 of L).

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/runner/monte_carlo.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

constexpr double RELATIVE_TOLERANCE = 1e-9;

//! With `sector_per_state`, sector i lies wholly in state i; otherwise every
//! sector has assets in every state.
Scenario three_states(bool sector_per_state = false) {
  test::ScenarioBuilder b;
  b.horizon(96).trials(40).seed(2024);
  b.sector("energy", 3.0).sector("telecoms", 2.0).sector("finance", 1.0);
  b.state("north").state("centre").state("south");
  b.organisation("o0", 2, 6.0, 1.0);
  const char* sectors[] = {"energy", "telecoms", "finance"};
  const char* states[] = {"north", "centre", "south"};
  std::vector<AssetIndex> assets;
  for (int i = 0; i < 60; ++i) {
    test::AssetSpec spec;
    spec.sector = sectors[i % 3];
    spec.state = states[sector_per_state ? i % 3 : (i / 3) % 3];
    spec.criticality = 1.0 + (i % 5);
    spec.vulnerability = 0.7;
    spec.detection = 0.02;
    spec.buffer = i % 3;
    spec.threshold = i % 2 ? 1.0 : 0.5;
    spec.restore = 2 + i % 4;
    assets.push_back(b.asset("a" + std::to_string(i), spec));
  }
  for (int i = 0; i + 1 < 60; ++i) b.network(assets[i], assets[i + 1], 0.15);
  // Dependencies across borders: each asset feeds one three places on, in
  // the next state.
  for (int i = 0; i + 3 < 60; ++i) b.dependency(assets[i], assets[i + 3], 1.0 + i % 2);
  b.campaign({assets[0], assets[31]}, 0, 0.2, 4);
  return b.build();
}

void expect_close(double got, double expected, const std::string& what) {
  EXPECT_LE(std::abs(got - expected), RELATIVE_TOLERANCE * std::abs(expected))
      << what << ": " << got << " vs L = " << expected;
}

TEST(LossDecompositionTest, StatesAndWeightedSectorsAddUpToTheLoss) {
  const Scenario scenario = three_states();
  ASSERT_EQ(scenario.states.size(), 3U);
  const RunResult run = run_monte_carlo(scenario, {});
  ASSERT_EQ(run.states, 3U);
  const PolicyResult& result = run.policies.at(0);
  ASSERT_EQ(result.state_loss.size(), run.trials * 3);
  std::size_t lossy_trials = 0;
  std::size_t trials_with_two_states_down = 0;
  for (std::uint64_t k = 0; k < run.trials; ++k) {
    const double loss = result.trials[k].resilience_loss;
    double by_state = 0.0;
    int states_with_loss = 0;
    for (std::size_t g = 0; g < 3; ++g) {
      const double l = result.state_loss[k * 3 + g];
      EXPECT_GE(l, 0.0);
      by_state += l;
      states_with_loss += l > 0.0 ? 1 : 0;
    }
    double by_sector = 0.0;
    for (std::size_t s = 0; s < run.sectors; ++s) {
      by_sector += scenario.sectors[s].normalised_weight * result.sector_loss[k * run.sectors + s];
    }
    const std::string trial = "trial " + std::to_string(k);
    expect_close(by_state, loss, trial + ", sum over states");
    expect_close(by_sector, loss, trial + ", weighted sum over sectors");
    lossy_trials += loss > 0.0 ? 1 : 0;
    trials_with_two_states_down += states_with_loss >= 2 ? 1 : 0;
  }
  // The check means something only if service was lost, in several states.
  EXPECT_GT(lossy_trials, run.trials / 2);
  EXPECT_GT(trials_with_two_states_down, 0U);
}

// Attribution, not only the sum: when each sector lies in one state, that
// state's loss is the sector's weighted loss, L_g = W_s L_s.
TEST(LossDecompositionTest, AStateWithOneSectorLosesThatSectorsWeightedLoss) {
  const Scenario scenario = three_states(true);
  const RunResult run = run_monte_carlo(scenario, {});
  const PolicyResult& result = run.policies.at(0);
  double total = 0.0;
  for (std::uint64_t k = 0; k < run.trials; ++k) {
    for (std::size_t g = 0; g < 3; ++g) {
      const double weighted =
          scenario.sectors[g].normalised_weight * result.sector_loss[k * run.sectors + g];
      EXPECT_LE(std::abs(result.state_loss[k * 3 + g] - weighted),
                RELATIVE_TOLERANCE * result.trials[k].resilience_loss)
          << "trial " << k << ", state " << g;
      total += result.state_loss[k * 3 + g];
    }
  }
  EXPECT_GT(total, 0.0);
}

TEST(LossDecompositionTest, OneStateHoldsTheWholeLoss) {
  test::ScenarioBuilder b;
  b.horizon(30).trials(5).seed(3);
  const AssetIndex a = b.asset("a");
  const AssetIndex c = b.asset("c");
  b.dependency(a, c);
  b.campaign({a}, 0, 1.0, 0);
  const RunResult run = run_monte_carlo(b.build(), {});
  ASSERT_EQ(run.states, 1U);
  for (std::uint64_t k = 0; k < run.trials; ++k) {
    const double loss = run.policies[0].trials[k].resilience_loss;
    EXPECT_GT(loss, 0.0);
    expect_close(run.policies[0].state_loss[k], loss, "trial " + std::to_string(k));
  }
}

}  // namespace
}  // namespace cyres
