#include "models/simulation_model.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/core/huge_pages.hpp"
#include "sim/graph/graph_analysis.hpp"

namespace cyres {
namespace {

// A campaign targeted by impact or a hardening budget spent by impact: a
// ranking of many assets, which needs every asset's impact.
bool ranks_all_by_impact(const Scenario& scenario) {
  for (const Campaign& c : scenario.campaigns) {
    if (c.selection == EntrySelection::targeted && c.target == TargetCriterion::impact) return true;
  }
  const auto hardens_by_impact = [](const PreventionLever& prevention) {
    return prevention.hardening_budget > 0 &&
           prevention.hardening_choice == HardeningChoice::impact;
  };
  return hardens_by_impact(scenario.prevention) ||
         std::any_of(scenario.policies.begin(), scenario.policies.end(),
                     [&](const Policy& p) { return hardens_by_impact(p.prevention); });
}

bool triages_by_impact(const Scenario& scenario) {
  return std::any_of(scenario.policies.begin(), scenario.policies.end(),
                     [](const Policy& p) { return p.triage.order == TriageOrder::impact; });
}

std::vector<AssetIndex> sector_members(const Scenario& scenario, SectorIndex sector) {
  std::vector<AssetIndex> members;
  for (AssetIndex i = 0; i < scenario.assets.size(); ++i) {
    if (sector == NO_SECTOR || scenario.assets.sector[i] == sector) members.push_back(i);
  }
  return members;
}

// The scratch of impact() searches, one per thread.
thread_local ImpactSearch impact_search;

}  // namespace

SimulationModel::SimulationModel(const Scenario& scenario)
    : scenario_(scenario), graph_(scenario.assets.size(), scenario.links) {
  const AssetTable& assets = scenario.assets;
  // Fixed-point service weights, per sector: w_i * 2^k_s with the largest k_s
  // that keeps the sector's total below 2^62. Weights with few significant
  // bits (integers, halves, ...) are then exact, sums of integers never
  // drift, and a sector's heaviest asset keeps at least 2^61 / n_s units
  // however small or large the criticalities are elsewhere, so no sector's
  // total rounds to 0 (Q_s only ever divides within one sector).
  const std::size_t sectors = scenario.sectors.size();
  std::vector<double> sector_max(sectors, 0.0);
  std::vector<std::size_t> sector_size(sectors, 0);
  for (AssetIndex i = 0; i < assets.size(); ++i) {
    sector_max[assets.sector[i]] = std::max(sector_max[assets.sector[i]], assets.criticality[i]);
    ++sector_size[assets.sector[i]];
  }
  std::vector<int> sector_exponent(sectors, 0);
  for (std::size_t s = 0; s < sectors; ++s) {
    if (!(sector_max[s] > 0.0)) continue;
    sector_exponent[s] =
        62 - static_cast<int>(std::ceil(std::log2(static_cast<double>(sector_size[s]) + 1.0))) -
        static_cast<int>(std::ceil(std::log2(sector_max[s])));
  }
  weight_units_.resize(assets.size());
  sector_weight_units_.assign(sectors, 0);
  for (AssetIndex i = 0; i < assets.size(); ++i) {
    const SectorIndex s = assets.sector[i];
    // ldexp scales without an intermediate 2^k, which would overflow for
    // criticalities near the smallest doubles.
    weight_units_[i] = static_cast<std::uint64_t>(
        std::llround(std::ldexp(assets.criticality[i], sector_exponent[s])));
    sector_weight_units_[s] += weight_units_[i];
  }

  // Rule 2's weight per network link and candidate rate per spreader (the
  // weights exactly as the engine reads them).
  const Adjacency& network = graph_.network_out();
  const std::vector<float>& probability = graph_.network_probability();
  resize_huge(spread_links_, probability.size());
  resize_huge(schedule_, assets.size());
  for (AssetIndex u = 0; u < assets.size(); ++u) {
    double bound = 0.0;
    for (LinkIndex k = network.begin(u); k < network.end(u); ++k) {
      const AssetIndex v = network.neighbour[k];
      const auto weight =
          static_cast<float>(static_cast<double>(probability[k]) * assets.vulnerability[v]);
      spread_links_[k] = {v, weight};
      bound = std::max(bound, static_cast<double>(weight));
    }
    const LinkIndex degree = network.end(u) - network.begin(u);
    if (degree > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("asset " + std::to_string(u) + " has more than 2^32 network links");
    }
    AssetSchedule& a = schedule_[u];
    a.spread_bound = bound;
    a.detection = assets.detection[u];
    a.first_link = network.begin(u);
    a.degree = static_cast<std::uint32_t>(degree);
    a.organisation = assets.organisation[u];
  }

  // Triage alone asks for the impact of the assets that reach a queue: each
  // is searched when first asked (impact()).
  if (ranks_all_by_impact(scenario)) {
    all_impacts_ = downstream_impact(graph_, assets.criticality);
  } else if (triages_by_impact(scenario)) {
    impact_index_ = std::make_unique<const DownstreamImpactIndex>(graph_, assets.criticality);
    impact_found_ = std::vector<std::atomic<std::uint64_t>>(assets.size());
    impact_budget_ = assets.size() + graph_.dependency_out().neighbour.size();
  }

  std::vector<std::uint32_t> degree;
  for (const Campaign& campaign : scenario.campaigns) {
    switch (campaign.selection) {
      case EntrySelection::explicit_ids:
        campaign_pool_.push_back(campaign.entries);
        break;
      case EntrySelection::random:
        campaign_pool_.push_back(sector_members(scenario, campaign.sector));
        break;
      case EntrySelection::targeted: {
        auto candidates = sector_members(scenario, campaign.sector);
        const auto count = static_cast<std::size_t>(campaign.count);
        if (campaign.target == TargetCriterion::degree) {
          if (degree.empty()) degree = network_degree(graph_);
          campaign_pool_.push_back(top_ranked(std::move(candidates), degree, count));
        } else if (campaign.target == TargetCriterion::criticality) {
          campaign_pool_.push_back(top_ranked(std::move(candidates), assets.criticality, count));
        } else {
          campaign_pool_.push_back(top_ranked(std::move(candidates), all_impacts_, count));
        }
        break;
      }
    }
  }

  providers_.resize(scenario.organisations.size());
  for (std::size_t p = 0; p < scenario.organisations.size(); ++p) {
    for (OrgIndex o : scenario.organisations[p].assistance.assists) {
      providers_[o].push_back(static_cast<OrgIndex>(p));
    }
  }
}

double SimulationModel::impact(AssetIndex i) const {
  if (!all_impacts_.empty()) return all_impacts_[i];
  // Relaxed: two threads that search the same asset at once store the same bits.
  std::atomic<std::uint64_t>& found = impact_found_[i];
  if (const std::uint64_t known = found.load(std::memory_order_relaxed); known != 0) {
    return std::bit_cast<double>(known - 1);
  }
  const double impact = impact_index_->of(i, impact_search);
  found.store(std::bit_cast<std::uint64_t>(impact) + 1, std::memory_order_relaxed);
  // Searches asked for one by one reach their assets in no useful order, at
  // about twice the cost per asset reached of a pass in search order. Once
  // they have reached as many assets as the graph has assets and dependency
  // links, the thread that crosses that budget (one: fetch_add) finds every
  // impact not yet found in such a pass, so that a long run pays at most a
  // little more than a search from every asset before the trials, and a
  // short one only for what it asks.
  const std::size_t reached = impact_search.reached;
  const std::uint64_t before = impact_reached_.fetch_add(reached, std::memory_order_relaxed);
  if (before < impact_budget_ && before + reached >= impact_budget_) find_every_impact();
  return impact;
}

void SimulationModel::find_every_impact() const {
  const std::vector<AssetIndex>& order = impact_index_->search_order();
  // Isolated: this thread is inside a trial, and its engine (one per thread)
  // must not be taken up by another trial's task while the pass waits for
  // its parts. Parts of consecutive assets, so that searches share a cache.
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, order.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& part) {
                        for (std::size_t x = part.begin(); x != part.end(); ++x) {
                          std::atomic<std::uint64_t>& found = impact_found_[order[x]];
                          if (found.load(std::memory_order_relaxed) != 0) continue;
                          const double impact = impact_index_->of(order[x], impact_search);
                          found.store(std::bit_cast<std::uint64_t>(impact) + 1,
                                      std::memory_order_relaxed);
                        }
                      });
  });
}

}  // namespace cyres
