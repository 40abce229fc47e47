#pragma once
// Everything the engine needs from a scenario, derived once and shared
// read-only by all threads and policies: the graph, compact per-asset
// parameters, integer service weights, and the campaigns' entry candidates.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/graph/asset_graph.hpp"
#include "sim/graph/graph_analysis.hpp"
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

  //! Downstream impact of every asset (sim/graph/graph_analysis.hpp), for
  //! the rankings that compare all of a sector's or all assets: a campaign
  //! targeted by impact, a hardening budget spent by impact. Empty unless one
  //! of these is in the scenario.
  const std::vector<double>& all_impacts() const { return all_impacts_; }

  //! Downstream impact of asset i, for triage by impact [criticality units].
  //! From all_impacts() where it is computed; otherwise the asset's own
  //! search on its first asking, kept for every later one, until the
  //! searches have reached as many assets as one pass over the graph
  //! (assets and dependency links): then every impact is found at once. A
  //! short run pays for the few assets its queues see instead of a search
  //! from every asset before the first trial; a long one about what that
  //! search costs. Any thread may ask: the value is the same, to the last
  //! bit, whichever thread searches first.
  double impact(AssetIndex i) const;

  //! A network link as rule 2 reads it: the neighbour v of network_out() and
  //! its spread weight p_uv * nu_v, formed in double and rounded once to float
  //! [1 per step], side by side so that a candidate costs one cache line.
  struct SpreadLink {
    AssetIndex neighbour;
    float weight;
  };
  //! Same indexing as network_out().neighbour: rule 2 reads this one array
  //! instead of the adjacency, p_uv and the scattered nu_v (8 bytes per
  //! network link, so the graph and this stay within 16 bytes per link:
  //! docs/model.md, "Engine: work and memory").
  const std::vector<SpreadLink>& spread_links() const { return spread_links_; }

  //! What the engine reads of an asset when it schedules it (rules 2 and 4 for
  //! a newly compromised asset) and when a spreader's candidate comes up,
  //! packed into one 32-byte record: one cache line instead of four scattered
  //! ones (the asset tables and the adjacency offsets).
  struct alignas(32) AssetSchedule {
    //! max over the network out-links u -> v of the spread weight, per asset u [1
    //! per step]; 0 without out-links. Times a campaign's intensity (capped at
    //! 1) it bounds every lateral-movement probability of u in every policy,
    //! because the hardening factor is at most 1 (rule 2 thins candidates
    //! drawn at it).
    double spread_bound = 0.0;
    double detection = 0.0;     //!< d_i, as in the asset table [1 per step]
    LinkIndex first_link = 0;   //!< network_out().begin(i)
    std::uint32_t degree = 0;   //!< network out-degree
    OrgIndex organisation = 0;  //!< as in the asset table
  };
  static_assert(sizeof(AssetSchedule) == 32);
  const std::vector<AssetSchedule>& schedule() const { return schedule_; }
  double spread_bound(AssetIndex u) const { return schedule_[u].spread_bound; }

  //! The organisations whose assistance mandate lists o, in scenario order
  //! (rule 5, requests for assistance).
  const std::vector<OrgIndex>& providers(OrgIndex o) const { return providers_[o]; }

 private:
  //! Every impact impact() has not found yet, in one pass in search order.
  void find_every_impact() const;

  const Scenario& scenario_;
  AssetGraph graph_;
  std::vector<std::uint64_t> weight_units_;
  std::vector<std::uint64_t> sector_weight_units_;
  std::vector<std::vector<AssetIndex>> campaign_pool_;
  std::vector<double> all_impacts_;
  //! For impact() where all_impacts_ is not computed (triage alone).
  std::unique_ptr<const DownstreamImpactIndex> impact_index_;
  //! Assets reached by impact()'s searches so far, and how many it may reach
  //! before find_every_impact() [assets].
  mutable std::atomic<std::uint64_t> impact_reached_{0};
  std::uint64_t impact_budget_ = 0;
  //! Impacts found on demand: the bits of the value plus 1, 0 until found
  //! (an impact is never a NaN, whose bits alone could be all ones and wrap).
  mutable std::vector<std::atomic<std::uint64_t>> impact_found_;
  std::vector<SpreadLink> spread_links_;
  std::vector<AssetSchedule> schedule_;
  std::vector<std::vector<OrgIndex>> providers_;
};

}  // namespace cyres
