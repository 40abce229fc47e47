#pragma once
// What a policy means for one scenario, worked out once before the trials:
// which assets are hardened, each organisation's detection capability, who
// shares with whom, and how assets rank in triage. Prevention is the
// scenario's (the same under every policy) plus the policy's own, if any.

#include <cstdint>
#include <vector>

#include "models/simulation_model.hpp"
#include "sim/scenario/policy.hpp"

namespace cyres {

class PolicyPlan {
 public:
  PolicyPlan(const SimulationModel& model, const Policy& policy, std::uint64_t seed);

  const Policy& policy() const { return policy_; }

  //! h_v: multiplies the vulnerability of v (prevention lever) [1].
  float hardening(AssetIndex v) const { return hardening_.empty() ? 1.0f : hardening_[v]; }
  //! Detection capability of organisation o under this policy [1].
  double capability(OrgIndex o) const { return capability_[o]; }
  //! True if a detection by `from` makes `to` aware (after the sharing delay).
  bool shares(OrgIndex from, OrgIndex to) const { return shares_[from * organisations_ + to] != 0; }
  //! Triage rank: lower is served first; ties go to the earlier detection, then lower index.
  double triage_rank(AssetIndex i) const {
    if (impact_of_ != nullptr) return -impact_of_->impact(i);
    return triage_rank_.empty() ? 0.0 : triage_rank_[i];
  }
  //! Teams capacity building gave organisation o before the trials [1].
  int extra_teams(OrgIndex o) const { return extra_teams_.empty() ? 0 : extra_teams_[o]; }
  //! Assets hardened by the prevention budget (sorted), for reports and tests.
  const std::vector<AssetIndex>& hardened() const { return hardened_; }

 private:
  void harden(const SimulationModel& model, const PreventionLever& prevention, std::uint64_t seed);
  void build_capacity(const PreventionLever& prevention);

  const Policy& policy_;
  std::size_t organisations_;
  std::vector<float> hardening_;
  std::vector<AssetIndex> hardened_;
  std::vector<double> capability_;
  std::vector<int> extra_teams_;
  std::vector<std::uint8_t> shares_;
  std::vector<double> triage_rank_;
  //! The model whose impacts rank triage by impact; null for other orders.
  const SimulationModel* impact_of_ = nullptr;
};

}  // namespace cyres
