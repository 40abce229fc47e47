#include "models/policy_plan.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "sim/graph/graph_analysis.hpp"
#include "sim/random/streams.hpp"

namespace cyres {
namespace {

// Floyd's algorithm: `count` distinct indices in [0, n) from the hardening
// stream, independent of the trial (the budget is spent before any attack).
std::vector<AssetIndex> random_choice(std::size_t n, std::size_t count, std::uint64_t seed) {
  const RandomStreams streams(seed);
  std::unordered_set<AssetIndex> chosen;
  std::vector<AssetIndex> order;
  for (std::size_t j = n - count; j < n; ++j) {
    const double u = streams.uniform(0, Purpose::hardening, static_cast<std::uint32_t>(j), 0);
    auto pick = static_cast<AssetIndex>(u * static_cast<double>(j + 1));
    if (!chosen.insert(pick).second) {
      pick = static_cast<AssetIndex>(j);
      chosen.insert(pick);
    }
    order.push_back(pick);
  }
  return order;
}

}  // namespace

PolicyPlan::PolicyPlan(const SimulationModel& model, const Policy& policy, std::uint64_t seed)
    : policy_(policy), organisations_(model.scenario().organisations.size()) {
  const Scenario& scenario = model.scenario();
  const std::size_t n = model.assets();

  // Prevention: the scenario's, then the policy's own (docs/model.md,
  // "Prevention apart from response"); a v1 scenario has none of its own.
  capability_.resize(organisations_);
  for (std::size_t o = 0; o < organisations_; ++o) {
    capability_[o] = scenario.organisations[o].detection_capability;
  }
  for (const PreventionLever* prevention : {&scenario.prevention, &policy.prevention}) {
    harden(model, *prevention, seed);
    build_capacity(*prevention);
  }
  std::sort(hardened_.begin(), hardened_.end());
  hardened_.erase(std::unique(hardened_.begin(), hardened_.end()), hardened_.end());

  // Sharing: an organisation always knows its own detections.
  shares_.assign(organisations_ * organisations_, 0);
  for (std::size_t o = 0; o < organisations_; ++o) {
    for (std::size_t p = 0; p < organisations_; ++p) {
      shares_[o * organisations_ + p] = (o == p || policy.sharing.mode == SharingMode::all) ? 1 : 0;
    }
  }
  if (policy.sharing.mode == SharingMode::partners) {
    for (const auto& group : policy.sharing.partner_groups) {
      for (OrgIndex a : group) {
        for (OrgIndex b : group) shares_[a * organisations_ + b] = 1;
      }
    }
  }

  // Triage: a static rank per asset (lower first).
  const TriageLever& triage = policy.triage;
  switch (triage.order) {
    case TriageOrder::fifo:
      break;
    case TriageOrder::criticality:
      triage_rank_.resize(n);
      for (std::size_t i = 0; i < n; ++i) triage_rank_[i] = -scenario.assets.criticality[i];
      break;
    case TriageOrder::impact:
      // Asked per asset as it reaches a queue (triage_rank), not for all here.
      impact_of_ = &model;
      break;
    case TriageOrder::sector_priority: {
      std::vector<double> sector_rank(scenario.sectors.size(),
                                      static_cast<double>(triage.sector_priority.size()));
      for (std::size_t r = 0; r < triage.sector_priority.size(); ++r) {
        sector_rank[triage.sector_priority[r]] = static_cast<double>(r);
      }
      triage_rank_.resize(n);
      for (std::size_t i = 0; i < n; ++i) triage_rank_[i] = sector_rank[scenario.assets.sector[i]];
      break;
    }
  }
}

// A budget of k hardened assets: the k ranked highest by criticality or
// impact, or drawn at random (once per run); an asset hardened twice keeps
// the smaller factor.
void PolicyPlan::harden(const SimulationModel& model, const PreventionLever& prevention,
                        std::uint64_t seed) {
  if (prevention.hardening_budget <= 0) return;
  const std::size_t n = model.assets();
  const auto k = std::min<std::size_t>(static_cast<std::size_t>(prevention.hardening_budget), n);
  std::vector<AssetIndex> all(n);
  std::iota(all.begin(), all.end(), AssetIndex{0});
  std::vector<AssetIndex> chosen;
  switch (prevention.hardening_choice) {
    case HardeningChoice::criticality:
      chosen = top_ranked(std::move(all), model.scenario().assets.criticality, k);
      break;
    case HardeningChoice::impact:
      chosen = top_ranked(std::move(all), model.all_impacts(), k);
      break;
    case HardeningChoice::random:
      chosen = random_choice(n, k, seed);
      break;
  }
  if (hardening_.empty()) hardening_.assign(n, 1.0f);
  const auto factor = static_cast<float>(prevention.hardening_factor);
  for (AssetIndex v : chosen) hardening_[v] = std::min(hardening_[v], factor);
  hardened_.insert(hardened_.end(), chosen.begin(), chosen.end());
}

// Capacity building: the n organisations of lowest capability are raised to a
// floor and given extra teams.
void PolicyPlan::build_capacity(const PreventionLever& prevention) {
  if (prevention.capability_raised_orgs <= 0) return;
  std::vector<std::size_t> order(organisations_);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return capability_[a] < capability_[b]; });
  const auto raised = std::min<std::size_t>(
      static_cast<std::size_t>(prevention.capability_raised_orgs), organisations_);
  if (prevention.teams_added > 0 && extra_teams_.empty()) extra_teams_.assign(organisations_, 0);
  for (std::size_t j = 0; j < raised; ++j) {
    capability_[order[j]] = std::max(capability_[order[j]], prevention.capability_raised_to);
    if (prevention.teams_added > 0) extra_teams_[order[j]] += prevention.teams_added;
  }
}

}  // namespace cyres
