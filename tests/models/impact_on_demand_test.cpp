// Downstream impact in the model (models/simulation_model.hpp): searched per
// asset when triage first asks for it, then for every asset at once when the
// searches have reached one graph's worth of assets (the graphs here cross
// that budget after a few searches), or for every asset before the trials
// where a ranking of many assets needs them all; the same bits every way,
// whichever thread asks first.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "sim/graph/graph_analysis.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// `n` assets with criticalities inexact in binary, dependencies forming
// rings of `ring` assets, each ring feeding the next, and one policy.
Scenario rings(std::size_t n, std::size_t ring, const Policy& policy) {
  test::ScenarioBuilder b;
  std::vector<AssetIndex> assets;
  for (std::size_t i = 0; i < n; ++i) {
    test::AssetSpec spec;
    spec.criticality = 0.1 * static_cast<double>(i % 17 + 1);
    assets.push_back(b.asset("a" + std::to_string(i), spec));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t first = i - i % ring;
    b.dependency(assets[i], assets[first + (i + 1 - first) % ring]);
    if (i % 5 == 0 && first + ring < n) b.dependency(assets[i], assets[i + ring]);
  }
  b.campaign({assets[0]});
  b.policy(policy);
  return b.build();
}

Policy triage_by_impact() {
  Policy p;
  p.name = "impact-first";
  p.triage.order = TriageOrder::impact;
  return p;
}

TEST(ImpactOnDemand, TriageAloneSearchesEachAssetWhenAskedWithTheBitsOfAllAtOnce) {
  const Scenario scenario = rings(900, 30, triage_by_impact());
  const SimulationModel model(scenario);
  EXPECT_TRUE(model.all_impacts().empty());  // nothing searched before the trials
  const std::vector<double> all = downstream_impact(model.graph(), scenario.assets.criticality);
  const PolicyPlan plan(model, scenario.policies[0], scenario.settings.seed);
  for (AssetIndex i = 0; i < 900; ++i) {
    ASSERT_TRUE(same_bits(model.impact(i), all[i])) << i;
    ASSERT_TRUE(same_bits(model.impact(i), all[i])) << i;  // kept
    ASSERT_TRUE(same_bits(plan.triage_rank(i), -all[i])) << i;
  }
}

TEST(ImpactOnDemand, ThreadsAskingTheSameAssetsAtOnceGetTheSameBits) {
  const Scenario scenario = rings(3000, 40, triage_by_impact());
  const SimulationModel model(scenario);
  const std::vector<double> all = downstream_impact(model.graph(), scenario.assets.criticality);
  std::vector<std::vector<double>> seen(4, std::vector<double>(3000));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      // Two threads ascending, two descending: they meet on every asset.
      for (std::size_t k = 0; k < 3000; ++k) {
        const auto i = static_cast<AssetIndex>(t % 2 == 0 ? k : 2999 - k);
        seen[t][i] = model.impact(i);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::vector<double>& impacts : seen) {
    for (AssetIndex i = 0; i < 3000; ++i) ASSERT_TRUE(same_bits(impacts[i], all[i])) << i;
  }
}

TEST(ImpactOnDemand, ARankingOfManyAssetsComputesAllBeforeTheTrials) {
  Policy harden;
  harden.name = "harden-by-impact";
  harden.prevention.hardening_budget = 3;
  harden.prevention.hardening_choice = HardeningChoice::impact;
  harden.triage.order = TriageOrder::impact;
  const Scenario scenario = rings(600, 30, harden);
  const SimulationModel model(scenario);
  const std::vector<double> all = downstream_impact(model.graph(), scenario.assets.criticality);
  ASSERT_EQ(model.all_impacts().size(), 600u);
  for (AssetIndex i = 0; i < 600; ++i) {
    ASSERT_TRUE(same_bits(model.all_impacts()[i], all[i])) << i;
    ASSERT_TRUE(same_bits(model.impact(i), all[i])) << i;
  }
  // Neither a ranking nor triage by impact: nothing is searched.
  Policy fifo;
  fifo.name = "fifo";
  EXPECT_TRUE(SimulationModel(rings(60, 30, fifo)).all_impacts().empty());
}

TEST(ImpactOnDemand, TriageInACycleAboveTheSearchLimitGetsTheCondensedImpacts) {
  // One ring of IMPACT_SEARCH_PER_ASSET_UP_TO + 1 assets: downstream_impact
  // condenses it, and impact() gives its values.
  const std::size_t n = IMPACT_SEARCH_PER_ASSET_UP_TO + 1;
  const Scenario scenario = rings(n, n, triage_by_impact());
  const SimulationModel model(scenario);
  const std::vector<double> all = downstream_impact(model.graph(), scenario.assets.criticality);
  for (AssetIndex i = 0; i < n; ++i) ASSERT_TRUE(same_bits(model.impact(i), all[i])) << i;
}

}  // namespace
}  // namespace cyres
