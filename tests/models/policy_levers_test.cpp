// Each lever of docs/model.md, "Policy levers", has the effect it is meant to have, in the
// paired sense: on common random numbers, the mean per-trial difference
// (policy - baseline) of the metric it acts on has a 95 % confidence interval
// that excludes zero in the expected direction. With a few hundred trials and
// scenarios built so that the lever matters, the effects are many standard
// errors wide, so the test fails only if the lever does not act (or acts the
// wrong way), not by chance (the seeds are fixed, so there is no flakiness).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "sim/runner/monte_carlo.hpp"
#include "sim/stats/summary.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

using Metric = std::function<double(const TrialMetrics&)>;

Policy named(const std::string& name) {
  Policy p;
  p.name = name;
  return p;
}

// 95 % CI of the paired difference policy - baseline over trials where both
// are defined.
Summary paired_difference(const RunResult& run, std::size_t policy, std::size_t baseline,
                          const Metric& metric) {
  std::vector<double> d;
  for (std::size_t k = 0; k < run.trials; ++k) {
    const double a = metric(run.policies[policy].trials[k]);
    const double b = metric(run.policies[baseline].trials[k]);
    if (std::isfinite(a) && std::isfinite(b)) d.push_back(a - b);
  }
  return summarise(d);
}

#define EXPECT_LOWER(run, policy, baseline, metric)                                   \
  do {                                                                                \
    const Summary s = paired_difference(run, policy, baseline, metric);               \
    EXPECT_LT(s.ci_high, 0.0) << "mean difference " << s.mean << " over " << s.count; \
  } while (0)
#define EXPECT_HIGHER(run, policy, baseline, metric)                                 \
  do {                                                                               \
    const Summary s = paired_difference(run, policy, baseline, metric);              \
    EXPECT_GT(s.ci_low, 0.0) << "mean difference " << s.mean << " over " << s.count; \
  } while (0)

const Metric LOSS = [](const TrialMetrics& m) { return m.resilience_loss; };
const Metric LATENCY = [](const TrialMetrics& m) { return m.mean_detection_latency; };
const Metric WAIT = [](const TrialMetrics& m) { return m.mean_queue_wait; };
const Metric COMPROMISED = [](const TrialMetrics& m) { return double(m.compromised); };

// Two organisations, each with a cluster of 40 assets on a sparse random
// network; one campaign enters both clusters. `a` detects well, `b` poorly.
test::ScenarioBuilder two_estates(double detection_a, double detection_b, int teams_a, int teams_b,
                                  double remediation) {
  test::ScenarioBuilder b;
  b.horizon(200).trials(300).seed(11);
  b.organisation("a", teams_a, remediation).organisation("b", teams_b, remediation);
  std::vector<AssetIndex> estate_a, estate_b;
  for (int i = 0; i < 40; ++i) {
    test::AssetSpec spec;
    spec.organisation = "a";
    spec.detection = detection_a;
    spec.criticality = 1.0 + i % 5;
    estate_a.push_back(b.asset("a" + std::to_string(i), spec));
    spec.organisation = "b";
    spec.detection = detection_b;
    estate_b.push_back(b.asset("b" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, estate_a, 80, 0.05, 1);
  test::add_erdos_renyi(b, estate_b, 80, 0.05, 2);
  b.campaign({estate_a[0], estate_a[1], estate_b[0], estate_b[1]}, 0, 0.02, 24);
  return b;
}

TEST(SharingLever, SharedAwarenessShortensDetectionLatency) {
  auto b = two_estates(0.05, 0.005, 4, 4, 6.0);
  Policy shared = named("shared");
  shared.sharing.mode = SharingMode::all;
  shared.sharing.delay = 2;
  shared.sharing.awareness_boost = 4.0;
  b.policy(named("independent")).policy(shared);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, LATENCY);
}

TEST(SharingLever, PartnersShareOnlyWithinTheirGroup) {
  auto b = two_estates(0.05, 0.005, 4, 4, 6.0);
  Policy partners = named("partners");
  partners.sharing.mode = SharingMode::partners;
  partners.sharing.partner_groups = {{0, 1}};
  Policy alone = named("alone");  // a partners policy whose group excludes b
  alone.sharing.mode = SharingMode::partners;
  b.policy(named("independent")).policy(partners).policy(alone);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, LATENCY);
  // Without a partner, sharing changes nothing: identical trials.
  const Summary same = paired_difference(run, 2, 0, LOSS);
  EXPECT_EQ(same.mean, 0.0);
  EXPECT_EQ(same.standard_deviation, 0.0);
}

TEST(PoolingLever, MutualAidShortensQueueWaitsOfAnOverloadedOrganisation) {
  // a has one slow team and many incidents; b has five idle teams.
  auto b = two_estates(0.05, 0.0, 1, 5, 24.0);
  Policy aid = named("mutual-aid");
  aid.pooling.mode = PoolingMode::mutual_aid;
  aid.pooling.reserve_teams = 1;
  aid.pooling.mobilisation = 4;
  Policy pooled = named("pooled");
  pooled.pooling.mode = PoolingMode::pooled;
  b.policy(named("independent")).policy(aid).policy(pooled);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, WAIT);
  EXPECT_LOWER(run, 2, 0, WAIT);
  EXPECT_LOWER(run, 1, 0, COMPROMISED);
}

TEST(TriageLever, CriticalityFirstLowersLossWhenTeamsAreScarce) {
  // Payloads fire fast; one team restores assets one at a time; criticality
  // varies 1..5: serving the heavy ones first loses less service.
  auto b = two_estates(0.2, 0.2, 1, 1, 8.0);
  b.last_campaign().payload_probability = 0.5;
  b.last_campaign().dwell = 0;
  Policy critical = named("criticality");
  critical.triage.order = TriageOrder::criticality;
  b.policy(named("fifo")).policy(critical);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, LOSS);
}

TEST(ContainmentLever, IsolationLowersAssetsCompromisedAndCanCostService) {
  auto b = two_estates(0.05, 0.05, 0, 0, 0.0);  // no teams: isolation is the only brake
  Policy isolate = named("isolate");
  isolate.containment.isolate_on_detection = true;
  Policy costly = isolate;
  costly.name = "isolate-costly";
  costly.containment.isolation_costs_service = true;
  b.policy(named("none")).policy(isolate).policy(costly);
  b.last_campaign().payload_probability = 0.0;
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, COMPROMISED);
  // No payload: only isolation takes service, so costly isolation loses more.
  EXPECT_HIGHER(run, 2, 1, LOSS);
  for (std::size_t k = 0; k < run.trials; ++k) {
    EXPECT_DOUBLE_EQ(run.policies[1].trials[k].resilience_loss, 0.0);
  }
}

TEST(CrisisLever, SurgeShortensQueuesAfterActivation) {
  auto b = two_estates(0.08, 0.08, 1, 1, 24.0);
  Policy crisis = named("crisis");
  crisis.crisis = {true, 3, 0.0, 2, 3.0};
  b.policy(named("independent")).policy(crisis);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, WAIT);
  int activated = 0;
  for (const TrialMetrics& m : run.policies[1].trials)
    activated += std::isfinite(m.crisis_activation);
  EXPECT_GT(activated, 150);
  for (const TrialMetrics& m : run.policies[0].trials) EXPECT_TRUE(std::isnan(m.crisis_activation));
}

TEST(PreventionLever, HardeningLowersAssetsCompromised) {
  auto b = two_estates(0.01, 0.01, 2, 2, 12.0);
  for (const auto choice : {HardeningChoice::criticality, HardeningChoice::random}) {
    Policy harden = named("harden");
    harden.prevention.hardening_budget = 40;
    harden.prevention.hardening_choice = choice;
    harden.prevention.hardening_factor = 0.2;
    auto with = b;
    with.policy(named("independent")).policy(harden);
    const RunResult run = run_monte_carlo(with.build(), {});
    EXPECT_LOWER(run, 1, 0, COMPROMISED);
  }
}

TEST(PreventionLever, CapacityBuildingRaisesTheWeakestOrganisation) {
  auto b = two_estates(0.02, 0.02, 4, 4, 6.0);
  b.organisation("unused", 0, 0.0, 5.0);
  Policy build = named("capacity");
  build.prevention.capability_raised_orgs = 1;
  build.prevention.capability_raised_to = 3.0;
  // b's capability is 1 like a's; raise the weakest one (lowest capability,
  // then lowest index: a) to 3.
  b.policy(named("independent")).policy(build);
  const RunResult run = run_monte_carlo(b.build(), {});
  EXPECT_LOWER(run, 1, 0, LATENCY);
}

TEST(CommonRandomNumbers, MoreTeamsChangeNothingInTrialsWithoutDetection) {
  // Detection is rare, so many trials see none; in those, the number of teams
  // cannot matter and the trials must be bit-identical.
  auto few = two_estates(0.00005, 0.00005, 1, 1, 24.0);
  auto many = two_estates(0.00005, 0.00005, 6, 6, 24.0);
  const RunResult a = run_monte_carlo(few.build(), {});
  const RunResult b = run_monte_carlo(many.build(), {});
  int undetected = 0;
  int differing_detected = 0;
  for (std::size_t k = 0; k < a.trials; ++k) {
    const TrialMetrics& x = a.policies[0].trials[k];
    const TrialMetrics& y = b.policies[0].trials[k];
    if (x.detected == 0) {
      ++undetected;
      EXPECT_EQ(y.detected, 0u);
      EXPECT_EQ(x.resilience_loss, y.resilience_loss);
      EXPECT_EQ(x.compromised, y.compromised);
      EXPECT_EQ(x.supply_down, y.supply_down);
    } else {
      differing_detected +=
          x.resilience_loss != y.resilience_loss || x.compromised != y.compromised;
    }
  }
  EXPECT_GT(undetected, 20);
  EXPECT_GT(differing_detected, 0);  // the comparison is not vacuous
}

}  // namespace
}  // namespace cyres
