// A trial that stops once nothing can change any more (TrialEngine's
// early_stop) must write exactly what running every step writes: the
// service series, sector losses, state-count sums and every metric, bit for
// bit, over scenarios that exercise each condition of a settled trial (queues
// left without teams, remediation jobs, restorations, payload dwell, supply
// cascades with manual restoration, late campaigns, awareness sharing and
// the crisis mechanism).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "models/policy_plan.hpp"
#include "models/metric_columns.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;

struct Trace {
  TrialMetrics metrics;
  std::vector<double> sector_loss;
  std::vector<double> state_loss;
  std::vector<float> service;
  std::vector<float> sector_service;
  std::vector<std::int64_t> counts;
};

Trace run(TrialEngine& engine, const PolicyPlan& plan, const Scenario& scenario,
          std::uint64_t trial) {
  const auto steps = static_cast<std::size_t>(scenario.settings.horizon);
  const std::size_t sectors = scenario.sectors.size();
  Trace trace;
  trace.sector_loss.assign(sectors, 0.0);
  trace.state_loss.assign(scenario.states.size(), 0.0);
  trace.service.assign(steps, -1.0f);
  trace.sector_service.assign(steps * sectors, -1.0f);
  trace.counts.assign(steps * state_count_kinds, 0);
  const TrialOutput out{&trace.metrics, trace.sector_loss, trace.service, trace.sector_service,
                        trace.counts, trace.state_loss};
  engine.run(plan, trial, out);
  return trace;
}

template <typename T>
std::vector<std::uint64_t> bits(const std::vector<T>& values) {
  std::vector<std::uint64_t> result;
  for (const T& v : values) {
    if constexpr (sizeof(T) == 8) {
      result.push_back(std::bit_cast<std::uint64_t>(v));
    } else {
      result.push_back(std::bit_cast<std::uint32_t>(v));
    }
  }
  return result;
}

void expect_identical(const Trace& a, const Trace& b, const std::string& what) {
  const auto d = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    EXPECT_EQ(d(column.of(a.metrics)), d(column.of(b.metrics))) << column.name << ", " << what;
  }
  EXPECT_EQ(bits(a.sector_loss), bits(b.sector_loss)) << what;
  EXPECT_EQ(bits(a.state_loss), bits(b.state_loss)) << what;
  EXPECT_EQ(bits(a.service), bits(b.service)) << what;
  EXPECT_EQ(bits(a.sector_service), bits(b.sector_service)) << what;
  EXPECT_EQ(a.counts, b.counts) << what;
}

//! Runs `trials` trials of every policy with and without early stop, on one
//! engine each (so the reset after a stopped trial is exercised too), and
//! returns how many trials stopped early.
int compare(const Scenario& scenario, std::uint64_t trials) {
  const SimulationModel model(scenario);
  int stopped = 0;
  for (std::size_t k = 0; k < scenario.policies.size(); ++k) {
    const PolicyPlan plan(model, scenario.policies[k], scenario.settings.seed);
    TrialEngine full(model, false);
    TrialEngine early(model, true);
    for (std::uint64_t trial = 0; trial < trials; ++trial) {
      const Trace a = run(full, plan, scenario, trial);
      const Trace b = run(early, plan, scenario, trial);
      EXPECT_EQ(full.steps_run(), scenario.settings.horizon);
      if (early.steps_run() < scenario.settings.horizon) ++stopped;
      expect_identical(a, b, scenario.policies[k].name + ", trial " + std::to_string(trial));
    }
  }
  return stopped;
}

TEST(EarlyStop, SirEpidemicWithQueuesLeftUnserved) {
  // Isolation on detection and no teams: detected assets stay D and queued.
  ScenarioBuilder b;
  b.horizon(200).seed(7);
  b.organisation("o0", 0, 0.0);
  AssetSpec spec;
  spec.detection = 0.2;
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 400; ++i) nodes.push_back(b.asset("a" + std::to_string(i), spec));
  test::add_erdos_renyi(b, nodes, 1200, 0.1, 11);
  b.campaign({nodes[0]}, 0);
  b.last_campaign().selection = EntrySelection::random;
  b.last_campaign().entries.clear();
  b.last_campaign().count = 1;
  Policy policy;
  policy.name = "isolate";
  policy.containment.isolate_on_detection = true;
  policy.sharing.awareness_boost = 1.0;
  b.policy(policy);
  EXPECT_GT(compare(b.build(), 40), 30);
}

TEST(EarlyStop, FullModelWithResponseSupplyAndCrisis) {
  ScenarioBuilder b;
  b.horizon(300).seed(2026);
  b.sector("s0", 2.0).sector("s1", 1.0);
  b.organisation("o0", 1, 3.0).organisation("o1", 2, 5.0, 1.5);
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 120; ++i) {
    AssetSpec spec;
    spec.sector = i % 3 == 0 ? "s1" : "s0";
    spec.organisation = i % 2 == 0 ? "o0" : "o1";
    spec.criticality = 1.0 + i % 5;
    spec.vulnerability = 0.5 + 0.5 * ((i % 4) / 3.0);
    spec.detection = 0.05 + 0.01 * (i % 7);
    spec.buffer = i % 3;
    spec.threshold = i % 4 == 0 ? 0.5 : 1.0;
    spec.restore = i % 4;
    spec.manual_restoration = i % 5 == 0 ? NEVER : 6 + i % 10;
    nodes.push_back(b.asset("a" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, nodes, 240, 0.15, 5);
  for (int i = 1; i < 120; ++i) {
    b.dependency(nodes[static_cast<std::size_t>(i / 2)], nodes[static_cast<std::size_t>(i)],
                 1.0 + i % 3);
    if (i % 9 == 0) b.dependency(nodes[static_cast<std::size_t>(i)], nodes[0]);  // cycles
  }
  b.campaign({nodes[3]}, 0, 0.3, 2);
  b.campaign({nodes[50], nodes[77]}, 25, 0.1, 0, 0.7);

  Policy independent;
  independent.name = "independent";
  Policy joint;
  joint.name = "joint";
  joint.containment.isolate_on_detection = true;
  joint.containment.isolation_costs_service = true;
  joint.sharing.mode = SharingMode::all;
  joint.sharing.delay = 2;
  joint.pooling.mode = PoolingMode::pooled;
  joint.crisis.enabled = true;
  joint.crisis.incident_trigger = 3;
  joint.crisis.activation_delay = 4;
  joint.crisis.surge = 1.0;
  Policy aid;
  aid.name = "aid";
  aid.pooling.mode = PoolingMode::mutual_aid;
  aid.pooling.reserve_teams = 0;
  aid.crisis.enabled = true;
  aid.crisis.service_trigger = 0.9;
  aid.crisis.activation_delay = 1;
  aid.crisis.surge = 0.5;
  b.policy(independent).policy(joint).policy(aid);
  EXPECT_GT(compare(b.build(), 30), 0);
}

TEST(EarlyStop, ModelV2LifecycleAndAssistance) {
  // Incomplete eviction with returns, reinfection, impact notices, a set
  // payload time, restoration crews, assistance requests and partnerships:
  // none of them may let a trial stop while something can still change.
  ScenarioBuilder b;
  b.horizon(500).seed(99);
  b.organisation("o0", 0, 2.0).organisation("o1", 3, 3.0).organisation("o2", 3, 4.0);
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 90; ++i) {
    AssetSpec spec;
    spec.organisation = i % 3 == 0 ? "o0" : (i % 3 == 1 ? "o1" : "o2");
    spec.detection = 0.05 + 0.02 * (i % 5);
    spec.restore = 1 + i % 3;
    spec.manual_restoration = 12;
    nodes.push_back(b.asset("a" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, nodes, 160, 0.1, 3);
  for (int i = 1; i < 90; ++i) {
    b.dependency(nodes[static_cast<std::size_t>(i / 3)], nodes[static_cast<std::size_t>(i)]);
  }
  b.campaign({nodes[1]}, 0, 0.2, 3);
  b.campaign({nodes[40]}, 10, 0.5, 0, 0.5);
  Policy ask;
  ask.name = "ask";
  ask.assistance.mode = AssistanceMode::requests;
  ask.sharing.mode = SharingMode::partnerships;
  Policy alone;
  alone.name = "alone";
  alone.sharing.own_boost = false;
  b.policy(ask).policy(alone);
  Scenario s = b.build();
  s.states = {State{"g0"}, State{"g1"}};
  for (std::size_t i = 0; i < s.assets.size(); ++i) s.assets.state[i] = i % 2 == 0 ? 0 : 1;
  s.settings.reinfection = {false, 0.05};
  s.campaigns[0].eviction_success = 0.7;
  s.campaigns[0].return_delay = {DurationDistribution::Kind::exponential, 10.0, 0.0};
  s.campaigns[0].notice_probability = 0.8;
  s.campaigns[0].notice_delay = {DurationDistribution::Kind::fixed, 2.0, 0.0};
  s.campaigns[1].payload_from = 60;
  s.campaigns[1].detection_factor = 0.3;
  s.organisations[1].recovery_crews = 1;
  s.organisations[1].has_restoration = true;
  s.organisations[1].restoration = {DurationDistribution::Kind::fixed, 6.0, 0.0};
  s.organisations[1].assistance.assists = {0};
  s.organisations[1].assistance.approval_probability = 0.7;
  s.organisations[1].assistance.approval_delay = 5;
  s.organisations[1].assistance.deployment_delay = 3;
  s.organisations[2].assistance.assists = {0, 1};
  s.partnerships = {{0, 1, 3, 0.8, 0.5}, {1, 2, 1, 1.0, 1.0}};
  EXPECT_GT(compare(s, 30), 0);
}

TEST(EarlyStop, ContainedTrialStopsAtOnce) {
  // An entry without neighbours and no detection: settled after step 0.
  ScenarioBuilder b;
  b.horizon(50);
  const auto u = b.asset("u");
  b.asset("v");
  b.campaign({u});
  const Scenario scenario = b.build();
  EXPECT_EQ(compare(scenario, 3), 3);
  const SimulationModel model(scenario);
  const PolicyPlan plan(model, scenario.policies[0], scenario.settings.seed);
  TrialEngine engine(model);
  run(engine, plan, scenario, 0);
  EXPECT_EQ(engine.steps_run(), 1);
}

}  // namespace
}  // namespace cyres
