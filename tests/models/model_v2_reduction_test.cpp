// Model v2 reduces to v1 exactly (docs/model.md, "Model v2"): with every v2
// feature switched off, a scenario that declares the v2 structure (states,
// levels, mandates, partnerships, crews left unlimited) gives bit-identical
// trials to the same scenario without it, and a lever that cannot act (a
// request mode with nobody to ask) changes no bit. The v1 laws themselves
// (the SIR reduction, the chain law) are tested in their own files and run
// through the same engine.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "models/metric_columns.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"
#include "tests/support/trial_probe.hpp"

namespace cyres {
namespace {

using test::AssetSpec;
using test::ScenarioBuilder;
using test::TrialProbe;

Scenario v1_scenario() {
  ScenarioBuilder b;
  b.horizon(200).seed(31);
  b.sector("s0", 2.0).sector("s1", 1.0);
  b.organisation("o0", 1, 3.0).organisation("o1", 2, 5.0, 1.5).organisation("o2", 1, 2.0);
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 150; ++i) {
    AssetSpec spec;
    spec.sector = i % 3 == 0 ? "s1" : "s0";
    spec.organisation = "o" + std::to_string(i % 3);
    spec.criticality = 1.0 + i % 4;
    spec.detection = 0.03 + 0.01 * (i % 6);
    spec.buffer = i % 2;
    spec.restore = i % 5;
    spec.manual_restoration = 10 + i % 7;
    nodes.push_back(b.asset("a" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, nodes, 300, 0.12, 17);
  for (int i = 1; i < 150; ++i) {
    b.dependency(nodes[static_cast<std::size_t>(i / 2)], nodes[static_cast<std::size_t>(i)]);
  }
  b.campaign({nodes[2]}, 0, 0.2, 4);
  b.campaign({nodes[90]}, 30, 0.4, 1, 1.5);
  Policy independent;
  independent.name = "independent";
  Policy joint;
  joint.name = "joint";
  joint.sharing.mode = SharingMode::all;
  joint.sharing.delay = 3;
  joint.pooling.mode = PoolingMode::mutual_aid;
  joint.pooling.reserve_teams = 0;
  joint.crisis.enabled = true;
  joint.crisis.incident_trigger = 4;
  joint.crisis.surge = 1.0;
  b.policy(independent).policy(joint);
  return b.build();
}

//! The same scenario with the v2 structure declared and every feature off.
Scenario with_v2_structure_off(Scenario s) {
  s.version = 2;
  s.states = {State{"north"}, State{"centre"}, State{"south"}};
  for (std::size_t i = 0; i < s.assets.size(); ++i) {
    s.assets.state[i] = static_cast<StateIndex>(i % 3);
  }
  s.organisations[0].level = OrgLevel::operator_level;
  s.organisations[0].state = 0;
  s.organisations[1].level = OrgLevel::national;
  s.organisations[1].state = 1;
  s.organisations[2].level = OrgLevel::union_level;
  s.organisations[2].assistance.assists = {0, 1};
  s.organisations[2].assistance.approval_delay = 12;
  s.partnerships = {{0, 1, 2, 0.5, 0.5}, {1, 2, 4, 0.9, 1.0}};
  return s;
}

void expect_same_trials(const Scenario& a, const Scenario& b, std::uint64_t trials) {
  for (std::size_t p = 0; p < a.policies.size(); ++p) {
    TrialProbe probe_a(a, p);
    TrialProbe probe_b(b, p);
    for (std::uint64_t k = 0; k < trials; ++k) {
      const auto x = probe_a.run(k);
      const auto y = probe_b.run(k);
      const std::string what = a.policies[p].name + ", trial " + std::to_string(k);
      for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(column.of(x.metrics)),
                  std::bit_cast<std::uint64_t>(column.of(y.metrics)))
            << column.name << ", " << what;
      }
      EXPECT_EQ(x.service, y.service) << what;
      EXPECT_EQ(x.sector_service, y.sector_service) << what;
      EXPECT_EQ(x.sector_loss, y.sector_loss) << what;
      EXPECT_EQ(x.counts, y.counts) << what;
    }
  }
}

TEST(ModelV2Reduction, DeclaredStructureWithFeaturesOffChangesNoBit) {
  const Scenario v1 = v1_scenario();
  expect_same_trials(v1, with_v2_structure_off(v1), 60);
}

TEST(ModelV2Reduction, RequestModeWithNobodyToAskChangesNoBit) {
  const Scenario v1 = v1_scenario();
  Scenario asking = v1;
  for (Policy& policy : asking.policies) policy.assistance.mode = AssistanceMode::requests;
  expect_same_trials(v1, asking, 60);
}

TEST(ModelV2Reduction, StateLossesAddUpToTheLoss) {
  const Scenario s = with_v2_structure_off(v1_scenario());
  TrialProbe probe(s, 0);
  for (std::uint64_t k = 0; k < 40; ++k) {
    const auto trace = probe.run(k);
    double sum = 0.0;
    for (double loss : trace.state_loss) sum += loss;
    EXPECT_NEAR(sum, trace.metrics.resilience_loss, 1e-9 * (1.0 + trace.metrics.resilience_loss))
        << "trial " << k;
  }
}

}  // namespace
}  // namespace cyres
