// The laws and timings of the model v2 rules (docs/model.md, "Model v2"):
// impact notices, stealth, payload at a set time, incomplete eviction and the
// attacker's return, reinfection, restoration by crews, requests for
// assistance, sharing partnerships and the own-detection lever.
//
// Timing checks are exact. Law checks compare a frequency over n = 20,000
// independent trials with its exact probability q and allow 5 binomial
// standard errors, 5 sqrt(q (1 - q) / n) (at most 0.018): a correct engine
// fails one check with probability 6e-7; the streams are fixed by the seed,
// so the outcome is reproducible. The errors these checks exist to catch (a
// step off by one, a probability ignored or applied twice) move the
// frequencies by 0.05 or more.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
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

DurationDistribution fixed(double steps) { return {DurationDistribution::Kind::fixed, steps, 0.0}; }

// --- rule 3: impact makes incidents visible ---------------------------------

// One asset whose payload fires surely at step 1 and that is never detected
// by the base rate; its owner has teams that take long to clean (so it stays D).
Scenario fired_asset(double notice, DurationDistribution delay) {
  ScenarioBuilder b;
  b.horizon(30);
  b.organisation("o0", 1, /*remediation_steps=*/100.0);
  const auto a = b.asset("a");
  b.asset("b");
  b.campaign({a}, 0, /*payload=*/1.0, /*dwell=*/0);
  Scenario s = b.build();
  s.campaigns[0].notice_probability = notice;
  s.campaigns[0].notice_delay = delay;
  return s;
}

TEST(ImpactNotice, NoticedPayloadIsDetectedAfterTheReportingDelay) {
  // Fires in step 1; reported 3 steps later: detected by rule 4 in step 1 + 1 + 3.
  TrialProbe probe(fired_asset(1.0, fixed(3)));
  const auto trace = probe.run();
  EXPECT_EQ(trace.count(1, count_attack_down), 1);
  EXPECT_EQ(trace.count(4, count_detected), 0);
  EXPECT_EQ(trace.count(5, count_detected), 1);
  EXPECT_EQ(trace.metrics.detect_event, 1U);
  EXPECT_DOUBLE_EQ(trace.metrics.time_to_detect, 5.0);  // compromised at the end of step 0
}

TEST(ImpactNotice, WithoutNoticeAFiredPayloadStaysUnseen) {
  TrialProbe probe(fired_asset(0.0, fixed(0)));
  const auto trace = probe.run();
  EXPECT_EQ(trace.count(29, count_attack_down), 1);
  EXPECT_EQ(trace.count(29, count_detected), 0);
  EXPECT_EQ(trace.metrics.detect_event, 0U);
  EXPECT_DOUBLE_EQ(trace.metrics.time_to_detect, 29.0);  // censored at the horizon
}

TEST(ImpactNotice, NoticeProbabilityAndDelayFollowTheirLaws) {
  // Noticed with 0.3, delay exponential with mean 4 steps, rounded up: the
  // asset is detected by the end of step s (s >= 2) with 0.3 (1 - e^{-(s-2)/4}).
  TrialProbe probe(
      fired_asset(0.3, DurationDistribution{DurationDistribution::Kind::exponential, 4.0, 0.0}));
  std::vector<int> by(16, 0);
  for (int k = 0; k < TRIALS; ++k) {
    const auto trace = probe.run(static_cast<std::uint64_t>(k));
    for (Step s = 0; s < 16; ++s) by[s] += trace.count(s, count_detected) == 1;
  }
  EXPECT_EQ(by[2], 0);
  for (Step s = 3; s < 16; ++s) {
    expect_frequency(by[s], 0.3 * (1.0 - std::exp(-(s - 2) / 4.0)),
                     "detected by step " + std::to_string(s));
  }
}

// --- rule 4: stealth, partnerships, own detection ------------------------------

TEST(Stealth, DetectionFactorScalesThePerStepProbability) {
  // d = 0.4, detection_factor 0.25: 0.1 per step from step 1.
  ScenarioBuilder b;
  b.horizon(20);
  b.organisation("o0", 0);
  AssetSpec spec;
  spec.detection = 0.4;
  const auto a = b.asset("a", spec);
  b.campaign({a});
  Scenario s = b.build();
  s.campaigns[0].detection_factor = 0.25;
  TrialProbe probe(s);
  std::vector<int> by(12, 0);
  for (int k = 0; k < TRIALS; ++k) {
    const auto trace = probe.run(static_cast<std::uint64_t>(k));
    for (Step t = 0; t < 12; ++t) by[t] += trace.count(t, count_detected) == 1;
  }
  for (Step t = 1; t < 12; ++t) {
    expect_frequency(by[t], 1.0 - std::pow(0.9, t), "detected by step " + std::to_string(t));
  }
}

// o0 holds `a`, detected surely in step 1; o1 holds `b`. A partnership o0 -> o1
// with delay 2 raises o1's boost from step 4.
Scenario partnership_scenario(double trust, double fidelity, double kappa, double detection_b) {
  ScenarioBuilder b;
  b.horizon(16);
  b.organisation("o0", 0).organisation("o1", 0);
  AssetSpec sure;
  sure.detection = 1.0;
  const auto a = b.asset("a", sure);
  AssetSpec other;
  other.organisation = "o1";
  other.detection = detection_b;
  const auto x = b.asset("b", other);
  b.campaign({a, x});
  Policy partners;
  partners.name = "partnerships";
  partners.sharing.mode = SharingMode::partnerships;
  partners.sharing.awareness_boost = kappa;
  b.policy(partners);
  Scenario s = b.build();
  s.partnerships.push_back({0, 1, /*delay=*/2, trust, fidelity});
  return s;
}

TEST(Partnerships, ReportArrivesAfterTheDelayWithTheFullBoost) {
  // Boost 1000 makes b's detection certain from step 1 + 1 + 2 = 4.
  TrialProbe probe(partnership_scenario(1.0, 1.0, 1000.0, 0.001));
  int at_four = 0;
  for (int k = 0; k < 200; ++k) {
    probe.run(static_cast<std::uint64_t>(k));
    const AssetState& s = probe.engine().state(1);
    ASSERT_EQ(s.security, Security::D);
    ASSERT_LE(s.detect_at, 4);
    at_four += s.detect_at == 4;
  }
  EXPECT_GE(at_four, 195);  // earlier only with 0.001 per step
}

TEST(Partnerships, TrustIsTheProbabilityThatAReportIsPassedOn) {
  TrialProbe probe(partnership_scenario(0.3, 1.0, 1000.0, 0.001));
  int by_four = 0;
  for (int k = 0; k < TRIALS; ++k) {
    probe.run(static_cast<std::uint64_t>(k));
    const AssetState& s = probe.engine().state(1);
    by_four += s.security == Security::D && s.detect_at <= 4;
  }
  // Passed on: detected by step 4 surely; not: with 1 - 0.999^4.
  expect_frequency(by_four, 0.3 + 0.7 * (1.0 - std::pow(0.999, 4)), "b detected by step 4");
}

TEST(Partnerships, FidelityScalesTheBoostTheReceiverGains) {
  // kappa 3, fidelity 0.5: boost 2, so d_b = 0.2 becomes 0.4 from step 4.
  TrialProbe probe(partnership_scenario(1.0, 0.5, 3.0, 0.2));
  std::vector<int> by(12, 0);
  for (int k = 0; k < TRIALS; ++k) {
    probe.run(static_cast<std::uint64_t>(k));
    const AssetState& s = probe.engine().state(1);
    for (Step t = 1; t < 12; ++t) by[t] += s.security == Security::D && s.detect_at <= t;
  }
  for (Step t = 1; t < 12; ++t) {
    const double q = 1.0 - std::pow(0.8, std::min(t, 3)) * std::pow(0.6, std::max(0, t - 3));
    expect_frequency(by[t], q, "b detected by step " + std::to_string(t));
  }
}

TEST(OwnBoost, WithoutItAnOrganisationsOwnDetectionDoesNotRaiseItsAwareness) {
  // o0 holds `a` (detected surely in step 1) and `x` (d = 0.1); kappa 3.
  // With own_boost false, x keeps 0.1 per step; with it, 0.3 from step 2.
  for (const bool own_boost : {false, true}) {
    ScenarioBuilder b;
    b.horizon(16);
    b.organisation("o0", 0);
    AssetSpec sure;
    sure.detection = 1.0;
    AssetSpec slow;
    slow.detection = 0.1;
    const auto a = b.asset("a", sure);
    const auto x = b.asset("x", slow);
    b.campaign({a, x});
    Policy policy;
    policy.name = "p";
    policy.sharing.awareness_boost = 3.0;
    policy.sharing.own_boost = own_boost;
    b.policy(policy);
    TrialProbe probe(b.build());
    std::vector<int> by(10, 0);
    for (int k = 0; k < TRIALS; ++k) {
      probe.run(static_cast<std::uint64_t>(k));
      const AssetState& s = probe.engine().state(x);
      for (Step t = 1; t < 10; ++t) by[t] += s.security == Security::D && s.detect_at <= t;
    }
    for (Step t = 1; t < 10; ++t) {
      const double q = own_boost ? 1.0 - 0.9 * std::pow(0.7, t - 1) : 1.0 - std::pow(0.9, t);
      expect_frequency(by[t], q,
                       "own_boost " + std::to_string(own_boost) + ", step " + std::to_string(t));
    }
  }
}

// --- rule 3: payload at a set time -----------------------------------------------

TEST(PayloadFrom, NoPayloadBeforeTheSetStep) {
  ScenarioBuilder b;
  b.horizon(12);
  const auto a = b.asset("a");
  b.asset("b");
  b.campaign({a}, 0, /*payload=*/1.0, /*dwell=*/0);
  Scenario s = b.build();
  s.campaigns[0].payload_from = 7;
  const auto trace = TrialProbe(s).run();
  EXPECT_EQ(trace.count(6, count_attack_down), 0);
  EXPECT_EQ(trace.count(7, count_attack_down), 1);
}

// --- rule 5: incomplete eviction and the attacker's return ------------------------

// `a` is detected surely one step after each compromise and evicted at once.
Scenario evicted_asset(double success, Step return_delay) {
  ScenarioBuilder b;
  b.horizon(12);
  b.organisation("o0", 5, /*remediation_steps=*/0.0);
  AssetSpec sure;
  sure.detection = 1.0;
  const auto a = b.asset("a", sure);
  b.asset("b");
  b.campaign({a});
  Scenario s = b.build();
  s.campaigns[0].eviction_success = success;
  s.campaigns[0].return_delay = fixed(return_delay);
  return s;
}

TEST(Eviction, AnIncompleteEvictionBringsTheAttackerBackAfterTheDelay) {
  // Compromised at the end of step 0, detected and evicted in step 1; back in
  // step 1 + 4 = 5, C at its end, detected and evicted again in step 6.
  TrialProbe probe(evicted_asset(0.0, 4));
  const auto trace = probe.run();
  EXPECT_EQ(trace.count(1, count_remediated), 1);
  EXPECT_EQ(trace.count(4, count_remediated), 1);
  EXPECT_EQ(trace.count(5, count_compromised), 1);
  EXPECT_EQ(trace.count(6, count_remediated), 1);
  EXPECT_EQ(trace.metrics.returns, 2U);  // back in step 5 and step 10
  EXPECT_EQ(trace.metrics.compromised, 1U);
  EXPECT_EQ(trace.metrics.evict_event, 1U);  // out after step 1 for a while
}

TEST(Eviction, SuccessProbabilityIsDrawnPerEpisode) {
  // Success 0.6 per eviction, each episode with its own draw: one return or
  // more with 0.4, two or more with 0.16.
  TrialProbe probe(evicted_asset(0.6, 4));
  int one = 0;
  int two = 0;
  for (int k = 0; k < TRIALS; ++k) {
    const auto trace = probe.run(static_cast<std::uint64_t>(k));
    one += trace.metrics.returns >= 1;
    two += trace.metrics.returns >= 2;
  }
  expect_frequency(one, 0.4, "at least one return");
  expect_frequency(two, 0.16, "at least two returns");
}

// --- rule 2: reinfection ---------------------------------------------------------

// u (never detected) spreads to v surely; v is detected one step after each
// compromise and evicted at once: R at the end of step 2, tried again in step 3.
Scenario reinfection_scenario(bool immune, double rho) {
  ScenarioBuilder b;
  b.horizon(4);
  b.organisation("o0", 5, 0.0);
  const auto u = b.asset("u");
  AssetSpec sure;
  sure.detection = 1.0;
  const auto v = b.asset("v", sure);
  b.network(u, v, 1.0);
  b.campaign({u});
  Scenario s = b.build();
  s.settings.reinfection.immune = immune;
  s.settings.reinfection.vulnerability_factor = rho;
  return s;
}

TEST(Reinfection, ImmuneEvictedAssetsAreNeverCompromisedAgain) {
  const auto trace = TrialProbe(reinfection_scenario(true, 1.0)).run();
  EXPECT_EQ(trace.count(2, count_remediated), 1);
  EXPECT_EQ(trace.count(3, count_remediated), 1);
  EXPECT_EQ(trace.metrics.reinfected, 0U);
}

TEST(Reinfection, OpenEvictedAssetsAreTriedWithTheResidualVulnerability) {
  TrialProbe sure(reinfection_scenario(false, 1.0));
  const auto certain = sure.run();
  EXPECT_EQ(certain.count(2, count_compromised), 1);  // u only; v is R
  EXPECT_EQ(certain.count(3, count_compromised), 2);  // v again
  EXPECT_EQ(sure.engine().state(1).epoch, 1);
  EXPECT_EQ(certain.metrics.reinfected, 1U);
  EXPECT_EQ(certain.metrics.compromised, 2U);  // first episodes only

  TrialProbe probe(reinfection_scenario(false, 0.3));
  int hits = 0;
  for (int k = 0; k < TRIALS; ++k) {
    hits += probe.run(static_cast<std::uint64_t>(k)).metrics.reinfected == 1;
  }
  expect_frequency(hits, 0.3, "reinfected in step 3");
}

// --- rule 5: restoration by crews ------------------------------------------------

TEST(Restoration, CrewsRestoreOneAssetAtATimeInTriageOrder) {
  // Both payloads fire in step 1, both assets are detected and evicted in
  // step 1 and queue for the one crew: a from step 1 to the end of step 6,
  // b from step 6 to the end of step 11.
  ScenarioBuilder b;
  b.horizon(16);
  b.organisation("o0", 5, 0.0);
  AssetSpec sure;
  sure.detection = 1.0;
  const auto a = b.asset("a", sure);
  const auto x = b.asset("b", sure);
  b.asset("c");
  b.campaign({a, x}, 0, /*payload=*/1.0, /*dwell=*/0);
  Scenario s = b.build();
  s.organisations[0].recovery_crews = 1;
  s.organisations[0].has_restoration = true;
  s.organisations[0].restoration = fixed(5);
  const auto trace = TrialProbe(s).run();
  EXPECT_EQ(trace.count(1, count_attack_down), 2);
  EXPECT_EQ(trace.count(5, count_attack_down), 2);
  EXPECT_EQ(trace.count(6, count_attack_down), 1);
  EXPECT_EQ(trace.count(10, count_attack_down), 1);
  EXPECT_EQ(trace.count(11, count_attack_down), 0);
  EXPECT_DOUBLE_EQ(trace.metrics.restoration_wait, (0.0 + 5.0) / 2.0);
}

TEST(Restoration, CrewsWorkUnderPooledTeamsToo) {
  ScenarioBuilder b;
  b.horizon(12);
  b.organisation("o0", 1, 0.0).organisation("o1", 1, 0.0);
  AssetSpec sure;
  sure.detection = 1.0;
  const auto a = b.asset("a", sure);
  b.asset("b");
  b.campaign({a}, 0, /*payload=*/1.0, /*dwell=*/0);
  Policy pooled;
  pooled.name = "pooled";
  pooled.pooling.mode = PoolingMode::pooled;
  b.policy(pooled);
  Scenario s = b.build();
  s.organisations[0].recovery_crews = 1;
  s.organisations[0].has_restoration = true;
  s.organisations[0].restoration = fixed(3);
  const auto trace = TrialProbe(s).run();
  EXPECT_EQ(trace.count(3, count_attack_down), 1);  // evicted in step 1, restored to the end of 4
  EXPECT_EQ(trace.count(4, count_attack_down), 0);
}

// --- rule 5: requests for assistance ---------------------------------------------

// o0 has no team; o1 (one team, remediation 2 steps) may assist it.
Scenario assistance_scenario(double approval) {
  ScenarioBuilder b;
  b.horizon(20);
  b.organisation("o0", 0).organisation("o1", 1, /*remediation_steps=*/2.0);
  AssetSpec sure;
  sure.detection = 1.0;
  const auto a = b.asset("a", sure);
  b.campaign({a});
  Policy ask;
  ask.name = "ask";
  ask.assistance.mode = AssistanceMode::requests;
  b.policy(ask);
  Scenario s = b.build();
  s.organisations[1].assistance.assists = {0};
  s.organisations[1].assistance.approval_probability = approval;
  s.organisations[1].assistance.approval_delay = 3;
  s.organisations[1].assistance.deployment_delay = 2;
  // The work is the asset's: its mandate organisation's remediation time.
  s.organisations[0].remediation = fixed(2);
  return s;
}

TEST(Assistance, RequestApprovalAndDeploymentTakeTheirTime) {
  // Detected in step 1 and requested then; decided in step 1 + 3 = 4; the
  // team works from step 4 + 1 + 2 = 7 for 2 steps: R at the end of step 9.
  const auto trace = TrialProbe(assistance_scenario(1.0)).run();
  EXPECT_EQ(trace.count(8, count_detected), 1);
  EXPECT_EQ(trace.count(9, count_remediated), 1);
  EXPECT_EQ(trace.metrics.assistance_requested, 1U);
  EXPECT_EQ(trace.metrics.assistance_granted, 1U);
  EXPECT_DOUBLE_EQ(trace.metrics.assistance_team_hours, 2.0);
  EXPECT_DOUBLE_EQ(trace.metrics.mean_queue_wait, 6.0);
}

TEST(Assistance, ApprovalProbabilityIsPerRequest) {
  // Approved with 0.4: remediated by the end of step 9 only if the first
  // request was approved (a second request is decided in step 8 at the earliest).
  TrialProbe probe(assistance_scenario(0.4));
  int first = 0;
  for (int k = 0; k < TRIALS; ++k) {
    first += probe.run(static_cast<std::uint64_t>(k)).count(9, count_remediated) == 1;
  }
  expect_frequency(first, 0.4, "first request granted");
}

TEST(Assistance, WithoutTheLeverNoRequestIsSent) {
  Scenario s = assistance_scenario(1.0);
  s.policies[0].assistance.mode = AssistanceMode::none;
  const auto trace = TrialProbe(s).run();
  EXPECT_EQ(trace.count(19, count_detected), 1);
  EXPECT_EQ(trace.metrics.assistance_requested, 0U);
}

// --- time to recover from the first disruption ------------------------------------

TEST(TimeToRecover, NeverDisruptedTrialsHaveNoTimeToRecover) {
  ScenarioBuilder b;
  b.horizon(10);
  const auto a = b.asset("a");
  b.asset("b");
  b.campaign({a});  // no payload: service stays 1
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.metrics.disrupted, 0U);
  EXPECT_TRUE(std::isnan(trace.metrics.time_to_recover));
}

}  // namespace
}  // namespace cyres
