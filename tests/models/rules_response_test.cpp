// Rules 4 and 5 on hand-built graphs with known outcomes.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/scenario_builder.hpp"
#include "tests/support/trial_probe.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;
using test::TrialProbe;

AssetSpec detected_at_once() {
  AssetSpec spec;
  spec.detection = 1.0;
  return spec;
}

TEST(Detection, CertainDetectionHappensTheStepAfterCompromise) {
  ScenarioBuilder b;
  b.organisation("o0", /*teams=*/0);
  const auto a = b.asset("a", detected_at_once());
  b.campaign({a}, /*start=*/2);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(2, count_compromised), 1);
  EXPECT_EQ(trace.count(3, count_detected), 1);
  EXPECT_EQ(trace.count(3, count_compromised), 0);
  EXPECT_DOUBLE_EQ(trace.metrics.mean_detection_latency, 1.0);  // one step of 1 h
  EXPECT_TRUE(std::isnan(trace.metrics.mean_queue_wait));       // no team ever free
}

TEST(Detection, CapabilityZeroNeverDetects) {
  ScenarioBuilder b;
  b.organisation("o0", 1, 0.0, /*capability=*/0.0);
  const auto a = b.asset("a", detected_at_once());
  b.campaign({a});
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.metrics.detected, 0u);
  EXPECT_TRUE(std::isnan(trace.metrics.mean_detection_latency));
}

TEST(Response, ZeroRemediationTimeCleansInTheStepOfDetection) {
  ScenarioBuilder b;
  b.organisation("o0", 1, /*remediation_steps=*/0.0);
  const auto a = b.asset("a", detected_at_once());
  b.campaign({a}, 0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(0, count_compromised), 1);
  EXPECT_EQ(trace.count(1, count_remediated), 1);
  EXPECT_EQ(trace.count(1, count_detected), 0);
  EXPECT_DOUBLE_EQ(trace.metrics.mean_queue_wait, 0.0);
}

TEST(Response, OneTeamServesFifoWithSampledDuration) {
  // Two assets detected in the same step; one team, 3 steps each. The lower
  // index goes first: R at the end of step 1+3; the second starts at 4, R at 7.
  ScenarioBuilder b;
  b.organisation("o0", 1, /*remediation_steps=*/3.0);
  const auto a = b.asset("a", detected_at_once());
  const auto c = b.asset("c", detected_at_once());
  b.campaign({a, c}, 0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(1, count_detected), 2);
  EXPECT_EQ(trace.count(3, count_remediated), 0);
  EXPECT_EQ(trace.count(4, count_remediated), 1);
  EXPECT_EQ(trace.count(6, count_remediated), 1);
  EXPECT_EQ(trace.count(7, count_remediated), 2);
  EXPECT_DOUBLE_EQ(trace.metrics.mean_queue_wait, 1.5);  // waits 0 and 3 steps
  EXPECT_DOUBLE_EQ(trace.metrics.team_hours, 6.0);
}

TEST(Response, TwoTeamsWorkInParallel) {
  ScenarioBuilder b;
  b.organisation("o0", 2, 3.0);
  const auto a = b.asset("a", detected_at_once());
  const auto c = b.asset("c", detected_at_once());
  b.campaign({a, c}, 0);
  const auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(4, count_remediated), 2);
}

TEST(Response, AttackDownAssetRestoresAfterRemediationPlusRestoreTime) {
  ScenarioBuilder b;
  b.organisation("o0", 1, 2.0);
  AssetSpec spec = detected_at_once();
  spec.restore = 3;
  spec.detection = 0.0;
  const auto a = b.asset("a", spec);
  b.asset("b");
  b.campaign({a}, 0, /*payload=*/1.0, /*dwell=*/0);
  // Payload fires at step 1 (down at end of 1), never detected: stays down.
  auto trace = TrialProbe(b.build()).run();
  EXPECT_EQ(trace.count(1, count_attack_down), 1);
  EXPECT_EQ(trace.count(19, count_attack_down), 1);

  // Now with certain detection: detected at 1, taken at 1, R at end of 3, up at end of 6.
  ScenarioBuilder d = b;
  Scenario s = d.build();
  s.assets.detection[a] = 1.0;
  trace = TrialProbe(s).run();
  EXPECT_EQ(trace.count(1, count_attack_down), 1);
  EXPECT_EQ(trace.count(3, count_remediated), 1);
  EXPECT_EQ(trace.count(5, count_attack_down), 1);
  EXPECT_EQ(trace.count(6, count_attack_down), 0);
  EXPECT_FLOAT_EQ(trace.service[6], 1.0f);
  // Service lost for steps 1..5 at half weight.
  EXPECT_DOUBLE_EQ(trace.metrics.resilience_loss, 5 * 0.5);
  // Below the threshold from step 1 (its end, 2 h) to step 5; up at the end
  // of step 6 (7 h): 5 h from the first disruption.
  EXPECT_EQ(trace.metrics.disrupted, 1U);
  EXPECT_EQ(trace.metrics.recovered, 1U);
  EXPECT_DOUBLE_EQ(trace.metrics.time_to_recover, 5.0);
}

TEST(Containment, IsolatedAssetsDoNotSpreadAfterDetection) {
  // a reaches 50 targets with success 1/2 per step each and is detected in
  // step 1. Rule 2 of step 1 reads the end of step 0, so a always gets its
  // step-1 attempts; isolated, it gets no more. Left alone (no teams) it keeps
  // trying until every target falls.
  ScenarioBuilder b;
  b.organisation("o0", 0);
  AssetSpec slow;
  slow.vulnerability = 0.5;
  const auto a = b.asset("a", detected_at_once());
  std::vector<AssetIndex> targets;
  for (int k = 0; k < 50; ++k) targets.push_back(b.asset("t" + std::to_string(k), slow));
  for (AssetIndex v : targets) b.network(a, v, 1.0);
  Policy isolate;
  isolate.name = "isolate";
  isolate.containment.isolate_on_detection = true;
  Policy independent;
  independent.name = "independent";
  b.policy(independent).policy(isolate);
  b.campaign({a}, 0);
  const Scenario s = b.build();
  // Isolated: a gets one step of attempts (step 1) at 0.5 each; without: many steps.
  const auto open = TrialProbe(s, 0).run();
  const auto closed = TrialProbe(s, 1).run();
  EXPECT_EQ(open.metrics.compromised, 51u);
  EXPECT_LT(closed.metrics.compromised, 45u);
  // Paired: the isolated run's compromises are exactly step 1's, which the open run shares.
  EXPECT_EQ(closed.count(1, count_compromised) + closed.count(1, count_detected),
            open.count(1, count_compromised) + open.count(1, count_detected));
}

}  // namespace
}  // namespace cyres
