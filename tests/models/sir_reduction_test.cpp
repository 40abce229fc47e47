// The reduction of docs/model.md, "The SIR reduction": one campaign with one entry, no
// dependencies, payload 0, detection that ends spreading at once is a
// discrete-time SIR epidemic with beta = p and gamma = d. On an Erdős–Rényi
// graph of mean degree c, large outbreaks reach the fraction z solving
// z = 1 - exp(-c T z), T = beta / (beta + gamma - beta gamma).
#include <gtest/gtest.h>

#include <cmath>

#include "sim/runner/monte_carlo.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

constexpr int N = 10000;
constexpr double MEAN_DEGREE = 10.0;
constexpr double BETA = 0.05;
constexpr double GAMMA = 0.2;

double large_outbreak_root(double c, double transmissibility) {
  double z = 0.5;
  for (int k = 0; k < 200; ++k) z = 1.0 - std::exp(-c * transmissibility * z);
  return z;
}

Scenario sir_scenario(bool isolate) {
  test::ScenarioBuilder b;
  b.horizon(400).trials(300).seed(2026);
  // Isolation: detection ends spreading even with no team. Otherwise: enough
  // teams with zero remediation time clean a detected asset within its step.
  b.organisation("o0", isolate ? 0 : 1, 0.0);
  test::AssetSpec spec;
  spec.detection = GAMMA;
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < N; ++i) nodes.push_back(b.asset("n" + std::to_string(i), spec));
  test::add_erdos_renyi(b, nodes, static_cast<std::size_t>(N * MEAN_DEGREE / 2), BETA, 99);
  b.campaign({nodes[0]}, 0);
  Policy policy;
  policy.name = isolate ? "isolate" : "remediate";
  policy.containment.isolate_on_detection = isolate;
  // An organisation that has detected a campaign hunts for it harder (boost
  // kappa); the SIR law needs a constant gamma, so no boost here.
  policy.sharing.awareness_boost = 1.0;
  b.policy(policy);
  return b.build();
}

class SirReduction : public ::testing::TestWithParam<bool> {};

TEST_P(SirReduction, LargeOutbreaksMatchTheFinalSizeEquation) {
  const Scenario scenario = sir_scenario(GetParam());
  const RunResult run = run_monte_carlo(scenario, {});
  const double transmissibility = BETA / (BETA + GAMMA - BETA * GAMMA);
  const double z = large_outbreak_root(MEAN_DEGREE, transmissibility);
  ASSERT_NEAR(z, 0.8181, 1e-4);

  // Outbreaks are bimodal: a few assets, or about z N. Anything above 10 % of
  // N is large (the small mode dies out within a few dozen assets).
  double sum = 0.0;
  int large = 0;
  for (const TrialMetrics& m : run.policies[0].trials) {
    if (m.compromised > N / 10) {
      sum += m.compromised / static_cast<double>(N);
      ++large;
    }
  }
  // The probability of a large outbreak is not z here: an entry's neighbours
  // share its infectious period, so their infections are correlated, and with
  // a geometric period (mean 1/gamma = 5 steps) about a third of the trials
  // take off. The final size is set by independent incoming transmissions and
  // is z. Ask for enough large outbreaks to estimate it.
  ASSERT_GE(large, 60);
  // Tolerance: the per-trial final size of a large outbreak has a standard
  // deviation of order 1/sqrt(N) = 0.01, so the mean of >= 60 has a standard
  // error below 0.0015; with m fixed the mean degree is exactly 10, and
  // finite-size corrections are O(1/N). 0.01 is about seven standard errors.
  EXPECT_NEAR(sum / large, z, 0.01) << large << " large outbreaks";
  // Everything ended: nobody is still compromised at the horizon.
  const auto last = static_cast<std::size_t>(scenario.settings.horizon - 1) * state_count_kinds;
  EXPECT_EQ(run.policies[0].state_count_sum[last + count_compromised], 0);
}

INSTANTIATE_TEST_SUITE_P(DetectionEndsSpreading, SirReduction, ::testing::Values(false, true),
                         [](const auto& param_info) {
                           return param_info.param ? "isolation" : "instant_remediation";
                         });

}  // namespace
}  // namespace cyres
