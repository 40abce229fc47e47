// The law of the scheduled rules 2-4 (geometric jumps with thinning, drawn
// detection and payload steps) against the per-step Bernoulli law of
// docs/model.md, "One step", over many trials.
//
// Each check compares an empirical frequency over n independent trials with
// its exact probability q and allows 5 binomial standard errors,
// 5 * sqrt(q (1 - q) / n) (at most 0.018 for n = 20,000): a correct engine
// fails one check with probability 6e-7, and the whole file (fewer than 100
// checks) with probability below 1e-4; the streams are fixed by the seed, so
// the outcome is reproducible. A law off by one step, or a thinning that
// ignores p / q, moves these frequencies by 0.03 to 0.3.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/support/scenario_builder.hpp"
#include "tests/support/trial_probe.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;
using test::TrialProbe;

constexpr int TRIALS = 20000;

void expect_frequency(int hits, double q, const std::string& what) {
  const double n = TRIALS;
  const double tolerance = 5.0 * std::sqrt(q * (1.0 - q) / n) + 1e-12;
  EXPECT_NEAR(hits / n, q, tolerance) << what;
}

TEST(ScheduledLaw, LateralMovementIsIndependentBernoulliPerStepAndNeighbour) {
  // u -> v1 with p = 0.3 (the bound), u -> v2 with p = 0.05 (thinned at 1/6),
  // and v2 hardened by 0.5 in the second policy (0.025, thinned at 1/12).
  // u is the entry, C at the end of step 0, and tries from step 1 on; no
  // detection. P(v compromised by the end of step s) = 1 - (1 - p)^s.
  ScenarioBuilder b;
  b.horizon(8);
  const auto u = b.asset("u");
  const auto v1 = b.asset("v1");
  AssetSpec critical;
  critical.criticality = 5.0;
  const auto v2 = b.asset("v2", critical);
  b.network(u, v1, 0.3).network(u, v2, 0.05);
  b.campaign({u});
  Policy plain;
  plain.name = "plain";
  Policy harden;
  harden.name = "harden";
  harden.prevention.hardening_budget = 1;
  harden.prevention.hardening_choice = HardeningChoice::criticality;
  harden.prevention.hardening_factor = 0.5;
  b.policy(plain).policy(harden);
  const Scenario scenario = b.build();

  for (std::size_t policy = 0; policy < 2; ++policy) {
    const double p2 = policy == 0 ? 0.05 : 0.025;
    TrialProbe probe(scenario, policy);
    std::vector<int> by1(8, 0), by2(8, 0), both(8, 0);
    for (int k = 0; k < TRIALS; ++k) {
      probe.run(static_cast<std::uint64_t>(k));
      const AssetState& s1 = probe.engine().state(v1);
      const AssetState& s2 = probe.engine().state(v2);
      for (Step s = 1; s < 8; ++s) {
        const bool a = s1.security != Security::S && s1.compromised_at <= s;
        const bool c = s2.security != Security::S && s2.compromised_at <= s;
        by1[s] += a;
        by2[s] += c;
        both[s] += a && c;
      }
    }
    for (Step s = 1; s < 8; ++s) {
      const double q1 = 1.0 - std::pow(0.7, s);
      const double q2 = 1.0 - std::pow(1.0 - p2, s);
      const std::string at =
          " (policy " + std::to_string(policy) + ", step " + std::to_string(s) + ")";
      expect_frequency(by1[s], q1, "v1" + at);
      expect_frequency(by2[s], q2, "v2" + at);
      expect_frequency(both[s], q1 * q2, "v1 and v2" + at);
    }
  }
}

TEST(ScheduledLaw, DetectionStepIsGeometricFromTheStepAfterCompromise) {
  // d = 0.15: detected at step 1 + k with probability (1 - d)^k d.
  ScenarioBuilder b;
  b.horizon(30);
  b.organisation("o0", 0);
  AssetSpec spec;
  spec.detection = 0.15;
  const auto a = b.asset("a", spec);
  b.campaign({a});
  TrialProbe probe(b.build());
  std::vector<int> by(13, 0);
  for (int k = 0; k < TRIALS; ++k) {
    const auto trace = probe.run(static_cast<std::uint64_t>(k));
    for (Step s = 0; s < 13; ++s) by[s] += trace.count(s, count_detected) == 1;
  }
  EXPECT_EQ(by[0], 0);
  for (Step s = 1; s < 13; ++s) {
    expect_frequency(by[s], 1.0 - std::pow(0.85, s), "detected by step " + std::to_string(s));
  }
}

TEST(ScheduledLaw, AwarenessBoostsDetectionFromTheStepItStarts) {
  // o0 holds a (detected surely at step 1) and b; o1 holds c. Sharing with
  // all after 3 steps, boost 3: o0 is aware from step 2, o1 from step 5.
  // b and c (d = 0.1) are detected with 0.1 per step before, 0.3 after.
  ScenarioBuilder b;
  b.horizon(20);
  b.organisation("o0", 0).organisation("o1", 0);
  AssetSpec sure;
  sure.detection = 1.0;
  AssetSpec slow;
  slow.detection = 0.1;
  const auto a = b.asset("a", sure);
  const auto x = b.asset("b", slow);
  slow.organisation = "o1";
  const auto c = b.asset("c", slow);
  b.campaign({a, x, c});
  Policy share;
  share.name = "share";
  share.sharing.mode = SharingMode::all;
  share.sharing.delay = 3;
  share.sharing.awareness_boost = 3.0;
  b.policy(share);
  TrialProbe probe(b.build());
  std::vector<int> by_b(12, 0), by_c(12, 0);
  for (int k = 0; k < TRIALS; ++k) {
    probe.run(static_cast<std::uint64_t>(k));
    const AssetState& sb = probe.engine().state(x);
    const AssetState& sc = probe.engine().state(c);
    EXPECT_EQ(probe.engine().state(a).security, Security::D);
    for (Step s = 1; s < 12; ++s) {
      by_b[s] += sb.security == Security::D && sb.detect_at <= s;
      by_c[s] += sc.security == Security::D && sc.detect_at <= s;
    }
  }
  for (Step s = 1; s < 12; ++s) {
    // Undetected through step s: 0.9 for each step before the boost, 0.7 after.
    const double qb = 1.0 - std::pow(0.9, std::min(s, 1)) * std::pow(0.7, std::max(0, s - 1));
    const double qc = 1.0 - std::pow(0.9, std::min(s, 4)) * std::pow(0.7, std::max(0, s - 4));
    expect_frequency(by_b[s], qb, "b detected by step " + std::to_string(s));
    expect_frequency(by_c[s], qc, "c detected by step " + std::to_string(s));
  }
}

TEST(ScheduledLaw, PayloadFiresGeometricallyAfterTheDwell) {
  // pi = 0.2 after a dwell of 2: first possible at step 3;
  // P(attack-down by the end of step s) = 1 - 0.8^(s - 2).
  ScenarioBuilder b;
  b.horizon(16);
  const auto a = b.asset("a");
  b.asset("b");
  b.campaign({a}, 0, /*payload=*/0.2, /*dwell=*/2);
  TrialProbe probe(b.build());
  std::vector<int> by(14, 0);
  for (int k = 0; k < TRIALS; ++k) {
    const auto trace = probe.run(static_cast<std::uint64_t>(k));
    for (Step s = 0; s < 14; ++s) by[s] += trace.count(s, count_attack_down) == 1;
  }
  EXPECT_EQ(by[2], 0);
  for (Step s = 3; s < 14; ++s) {
    expect_frequency(by[s], 1.0 - std::pow(0.8, s - 2), "down by step " + std::to_string(s));
  }
}

}  // namespace
}  // namespace cyres
