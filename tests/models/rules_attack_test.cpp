// Rules 1-3 on hand-built graphs with known outcomes.
#include <gtest/gtest.h>

#include "tests/support/scenario_builder.hpp"
#include "tests/support/trial_probe.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;
using test::TrialProbe;

TEST(CampaignStart, CompromisesEntriesAtTheEndOfTheStartStep) {
  ScenarioBuilder b;
  const auto a = b.asset("a");
  const auto c = b.asset("c");
  b.asset("idle");
  b.campaign({a, c}, /*start=*/3);
  TrialProbe probe(b.build());
  const auto trace = probe.run();
  EXPECT_EQ(trace.count(2, count_compromised), 0);
  EXPECT_EQ(trace.count(3, count_compromised), 2);
  EXPECT_EQ(trace.metrics.compromised, 2u);
  EXPECT_EQ(probe.engine().state(a).compromised_at, 3);
}

TEST(LateralMovement, CertainLinksAdvanceOneHopPerStep) {
  ScenarioBuilder b;
  std::vector<AssetIndex> chain;
  for (int j = 0; j < 6; ++j) chain.push_back(b.asset("a" + std::to_string(j)));
  for (int j = 0; j + 1 < 6; ++j) b.network(chain[j], chain[j + 1], 1.0);
  b.campaign({chain[0]}, /*start=*/2);
  const auto trace = TrialProbe(b.build()).run();
  // Entry compromised at the end of step 2; asset j at the end of step 2 + j.
  for (Step t = 0; t < 20; ++t) {
    const std::int64_t expected = t < 2 ? 0 : std::min<std::int64_t>(6, t - 2 + 1);
    EXPECT_EQ(trace.count(t, count_compromised), expected) << "step " << t;
  }
}

TEST(LateralMovement, ZeroProbabilityOrZeroVulnerabilityNeverSpreads) {
  ScenarioBuilder b;
  const auto a = b.asset("a");
  const auto v = b.asset("v");
  AssetSpec immune;
  immune.vulnerability = 0.0;
  const auto w = b.asset("w", immune);
  b.network(a, v, 0.0).network(a, w, 1.0);
  b.campaign({a});
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.metrics.compromised, 1u);
}

TEST(LateralMovement, IntensityScalesTheSuccessProbability) {
  // p = 0.25 with intensity 4 is certain.
  ScenarioBuilder b;
  const auto a = b.asset("a");
  const auto v = b.asset("v");
  b.network(a, v, 0.25);
  b.campaign({a}, 0, 0.0, 0, /*intensity=*/4.0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(1, count_compromised), 2);
}

TEST(LateralMovement, MatchesTheSuccessProbabilityOverManyTrials) {
  // One attempt per step for 1 step: P(v compromised by end of step 1) = p.
  ScenarioBuilder b;
  b.horizon(2);
  const auto a = b.asset("a");
  const auto v = b.asset("v");
  b.network(a, v, 0.3);
  b.campaign({a});
  TrialProbe probe(b.build());
  int hits = 0;
  constexpr int TRIALS = 20000;
  for (int k = 0; k < TRIALS; ++k)
    hits += probe.run(static_cast<std::uint64_t>(k)).metrics.compromised == 2;
  // Binomial standard deviation sqrt(0.3*0.7/20000) = 0.0032; 5 sigma = 0.016.
  EXPECT_NEAR(hits / double(TRIALS), 0.3, 0.016);
}

TEST(Payload, FiresOnlyAfterTheDwellAndTakesTheAssetDown) {
  ScenarioBuilder b;
  AssetSpec spec;
  spec.criticality = 3.0;
  const auto a = b.asset("a", spec);
  b.asset("b");  // criticality 1, stays up
  b.campaign({a}, /*start=*/1, /*payload=*/1.0, /*dwell=*/2);
  const auto trace = TrialProbe(b.build()).run();
  // Compromised at the end of step 1; fires at the first t with t - 1 > 2, t = 4.
  EXPECT_EQ(trace.count(3, count_attack_down), 0);
  EXPECT_EQ(trace.count(4, count_attack_down), 1);
  EXPECT_FLOAT_EQ(trace.service[3], 1.0f);
  EXPECT_FLOAT_EQ(trace.service[4], 0.25f);  // one sector: (3 down of 4) -> Q = 1/4
  EXPECT_EQ(trace.metrics.attack_down, 1u);
  // Down for steps 4..19: loss = 16 * 0.75 h.
  EXPECT_DOUBLE_EQ(trace.metrics.resilience_loss, 16 * 0.75);
  EXPECT_DOUBLE_EQ(trace.metrics.min_service, 0.25);
}

TEST(Payload, ZeroProbabilityNeverFires) {
  ScenarioBuilder b;
  const auto a = b.asset("a");
  b.campaign({a}, 0, 0.0, 0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.metrics.attack_down, 0u);
  EXPECT_DOUBLE_EQ(trace.metrics.resilience_loss, 0.0);
}

}  // namespace
}  // namespace cyres
