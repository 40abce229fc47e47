#pragma once
// Scenarios built in code for the benchmarks, and the result slots one trial
// writes to, so that a benchmark can drive a TrialEngine without the runner.

#include <cstdint>
#include <string>
#include <vector>

#include "models/trial_engine.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres::bench {

//! Result slots for one trial at a time (what the runner allocates per trial).
class TrialSlots {
 public:
  explicit TrialSlots(const Scenario& scenario)
      : sector_loss_(scenario.sectors.size()),
        service_(static_cast<std::size_t>(scenario.settings.horizon)),
        sector_service_(service_.size() * scenario.sectors.size()),
        state_count_sum_(service_.size() * state_count_kinds) {}

  //! The slots, with the per-trial sums cleared (the runner starts from zero too).
  TrialOutput output() {
    std::fill(sector_loss_.begin(), sector_loss_.end(), 0.0);
    TrialOutput out;
    out.metrics = &metrics_;
    out.sector_loss = sector_loss_;
    out.service = service_;
    out.sector_service = sector_service_;
    out.state_count_sum = state_count_sum_;
    return out;
  }
  const TrialMetrics& metrics() const { return metrics_; }

 private:
  TrialMetrics metrics_;
  std::vector<double> sector_loss_;
  std::vector<float> service_;
  std::vector<float> sector_service_;
  std::vector<std::int64_t> state_count_sum_;
};

//! Parameters of the SIR reduction (docs/model.md, "The SIR reduction") on an Erdős–Rényi G(n, m).
struct SirWorkload {
  std::uint32_t assets = 100000;  //!< n [assets]
  double mean_degree = 10.0;      //!< c = 2 m / n [1]
  double beta = 0.05;             //!< p_uv: transmission per step [1]
  double gamma = 0.2;             //!< d_i: detection (= recovery) per step [1]
  Step horizon = 500;             //!< long enough for every outbreak to end [steps]
  std::uint64_t seed = 2026;      //!< root of the trial streams and of the graph
  bool random_entry = true;       //!< a random entry asset per trial (as the peers do)
};

//! One campaign with a single entry, no dependencies, payload 0, isolation on
//! detection and no awareness boost: a discrete-time SIR epidemic with
//! beta = p and gamma = d (tests/models/sir_reduction_test.cpp).
inline Scenario sir_scenario(const SirWorkload& w) {
  test::ScenarioBuilder b;
  b.horizon(w.horizon).trials(1).seed(w.seed);
  b.organisation("o0", 0, 0.0);
  test::AssetSpec spec;
  spec.detection = w.gamma;
  std::vector<AssetIndex> nodes;
  nodes.reserve(w.assets);
  for (std::uint32_t i = 0; i < w.assets; ++i) nodes.push_back(b.asset(std::to_string(i), spec));
  const auto edges = static_cast<std::size_t>(w.assets * w.mean_degree / 2.0);
  test::add_erdos_renyi(b, nodes, edges, w.beta, w.seed ^ 0x5151);
  b.campaign({nodes[0]}, 0);
  if (w.random_entry) {
    Campaign& c = b.last_campaign();
    c.selection = EntrySelection::random;
    c.entries.clear();
    c.count = 1;
  }
  Policy policy;
  policy.name = "isolate";
  policy.containment.isolate_on_detection = true;
  policy.sharing.awareness_boost = 1.0;  // the SIR law needs a constant gamma
  b.policy(policy);
  return b.build();
}

}  // namespace cyres::bench
