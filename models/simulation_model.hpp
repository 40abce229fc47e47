#pragma once
// Everything the engine needs from a scenario, derived once and shared
// read-only by all threads and policies: the graph, compact per-asset
// parameters, integer service weights, and the campaigns' entry candidates.

#include <cstdint>
#include <vector>

#include "sim/graph/asset_graph.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

class SimulationModel {
 public:
  explicit SimulationModel(const Scenario& scenario);

  const Scenario& scenario() const { return scenario_; }
  const AssetGraph& graph() const { return graph_; }
  std::size_t assets() const { return graph_.assets(); }
  std::size_t sectors() const { return scenario_.sectors.size(); }

  //! Criticality of each asset in fixed-point units w_i * 2^k_s, k_s per
  //! sector as large as keeps the sector's total below 2^62. Service sums are
  //! exact integers, so Q(t) never drifts with the order in which assets went
  //! down and came back, and no sector's total rounds to 0 whatever the range
  //! of criticalities across sectors.
  const std::vector<std::uint64_t>& weight_units() const { return weight_units_; }
  //! Sum of weight_units over each sector (> 0: the loader requires an asset
  //! of positive criticality in every sector).
  const std::vector<std::uint64_t>& sector_weight_units() const { return sector_weight_units_; }

  //! Assets a campaign's random entries are drawn from, or its fixed entries
  //! (explicit and targeted campaigns), in scenario order of campaigns.
  const std::vector<AssetIndex>& campaign_pool(std::size_t campaign) const {
    return campaign_pool_[campaign];
  }

  //! Downstream impact per asset (sim/graph/graph_analysis.hpp); empty unless a
  //! campaign or policy ranks by impact.
  const std::vector<double>& impact() const { return impact_; }

  //! p_uv * nu_v of network_out().neighbour[k], same indexing, formed in double
  //! and rounded once to float [1 per step]: rule 2 reads this one array instead
  //! of p_uv and the scattered nu_v (4 bytes per network link, so the graph and
  //! this stay within 16 bytes per link: docs/model.md, "Engine: work and memory").
  const std::vector<float>& spread_weight() const { return spread_weight_; }

  //! max over the network out-links u -> v of spread_weight, per asset u [1 per
  //! step]; 0 without out-links. Times a campaign's intensity (capped at 1) it
  //! bounds every lateral-movement probability of u in every policy, because
  //! the hardening factor is at most 1 (rule 2 thins candidates drawn at it).
  const std::vector<double>& spread_bound() const { return spread_bound_; }

  //! The organisations whose assistance mandate lists o, in scenario order
  //! (rule 5, requests for assistance).
  const std::vector<OrgIndex>& providers(OrgIndex o) const { return providers_[o]; }

 private:
  const Scenario& scenario_;
  AssetGraph graph_;
  std::vector<std::uint64_t> weight_units_;
  std::vector<std::uint64_t> sector_weight_units_;
  std::vector<std::vector<AssetIndex>> campaign_pool_;
  std::vector<double> impact_;
  std::vector<float> spread_weight_;
  std::vector<double> spread_bound_;
  std::vector<std::vector<OrgIndex>> providers_;
};

}  // namespace cyres
