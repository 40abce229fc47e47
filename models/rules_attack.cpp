// Rules 1-3: campaigns start, lateral movement, payload.
#include <algorithm>
#include <limits>

#include "models/trial_engine.hpp"

namespace cyres {

// Rule 1: a campaign starting at t compromises its entry assets (S -> C at the
// end of step t). Random entries are drawn per trial with Floyd's algorithm
// (k distinct assets in O(k), whatever the size of the pool).
void TrialEngine::start_campaigns(Step t) {
  const auto& campaigns = model_.scenario().campaigns;
  for (std::size_t c = 0; c < campaigns.size(); ++c) {
    const Campaign& campaign = campaigns[c];
    if (campaign.start != t) continue;
    const std::vector<AssetIndex>& pool = model_.campaign_pool(c);
    entry_draws_.clear();
    if (campaign.selection == EntrySelection::random) {
      const std::size_t n = pool.size();
      const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(campaign.count), n);
      for (std::size_t j = n - k; j < n; ++j) {
        const double u =
            streams_.uniform(trial_, Purpose::campaign_entry, static_cast<std::uint32_t>(c),
                             static_cast<std::uint32_t>(j));
        auto pick = static_cast<std::size_t>(u * static_cast<double>(j + 1));
        if (std::find(entry_draws_.begin(), entry_draws_.end(), pool[pick]) != entry_draws_.end()) {
          pick = j;
        }
        entry_draws_.push_back(pool[pick]);
      }
    } else {
      entry_draws_ = pool;
    }
    for (AssetIndex v : entry_draws_) {
      AssetState& s = state_[v];
      if (s.security != Security::S || (s.flags & PENDING)) continue;
      s.flags |= PENDING;
      touch(v);
      pending_.push_back({v, static_cast<std::uint16_t>(c)});
    }
  }
}

// Rule 2: every C or D asset that is not isolated tries each network
// out-neighbour v in S once, with success probability
// min(1, p_uv * nu_v * h_v * intensity). The uniform number for the attempt
// u -> (k-th neighbour) at step t is word k % 4 of block k / 4 of the lateral
// stream of (u, t): the same in every policy.
void TrialEngine::move_laterally(Step t) {
  const Adjacency& network = model_.graph().network_out();
  const std::vector<float>& probability = model_.graph().network_probability();
  const std::vector<double>& vulnerability = model_.scenario().assets.vulnerability;
  const auto& campaigns = model_.scenario().campaigns;
  for (AssetIndex u : infected_) {
    const AssetState& su = state_[u];
    if (su.security == Security::R || (su.flags & ISOLATED)) continue;
    const double intensity = campaigns[su.campaign].intensity;
    const LinkIndex first = network.begin(u);
    const LinkIndex last = network.end(u);
    std::uint32_t block_index = std::numeric_limits<std::uint32_t>::max();
    RandomStreams::Block block{};
    for (LinkIndex k = first; k < last; ++k) {
      const AssetIndex v = network.neighbour[k];
      AssetState& sv = state_[v];
      if (sv.security != Security::S || (sv.flags & PENDING)) continue;
      const auto j = static_cast<std::uint32_t>(k - first);
      if (j / 4 != block_index) {
        block_index = j / 4;
        block =
            streams_.block(trial_, Purpose::lateral, u, static_cast<std::uint32_t>(t), block_index);
      }
      const double p = static_cast<double>(probability[k]) * vulnerability[v] *
                       static_cast<double>(plan_->hardening(v)) * intensity;
      if (static_cast<double>(block.v[j % 4]) * 0x1.0p-32 < p) {
        sv.flags |= PENDING;
        touch(v);
        pending_.push_back({v, su.campaign});
      }
    }
  }
}

// Rule 3: every C or D asset past the dwell (more than `dwell` steps since its
// compromise) and not yet attack-down fires its campaign's payload with
// probability pi.
void TrialEngine::fire_payloads(Step t) {
  const auto& campaigns = model_.scenario().campaigns;
  for (AssetIndex i : infected_) {
    const AssetState& s = state_[i];
    if (s.security == Security::R || (s.flags & ATTACK_DOWN)) continue;
    const Campaign& campaign = campaigns[s.campaign];
    if (t - s.compromised_at <= campaign.dwell || campaign.payload_probability <= 0.0) continue;
    if (streams_.uniform(trial_, Purpose::payload, i, static_cast<std::uint32_t>(t)) <
        campaign.payload_probability) {
      set_flag(i, ATTACK_DOWN);
      ++metrics_.attack_down;
      mark_functional_change(i);
    }
  }
}

}  // namespace cyres
