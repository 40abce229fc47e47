// Rule 6: supply. Visits only watched assets: those whose inputs changed at
// the last commit, or that are counting steps without supply, supply-down, or
// in manual operation.
#include "models/trial_engine.hpp"

namespace cyres {

void TrialEngine::check_supply(Step t) {
  const AssetTable& assets = model_.scenario().assets;
  const AssetGraph& graph = model_.graph();
  const Adjacency& inputs = graph.dependency_in();
  const std::vector<double>& weight = graph.dependency_weight();

  watched_scratch_.swap(watched_);
  watched_.clear();
  for (AssetIndex v : watched_scratch_) {
    AssetState& s = state_[v];
    // Inputs as committed at the end of step t-1, summed in the same order as
    // the total, so that "all inputs up" gives the total exactly.
    double up_weight = 0.0;
    for (LinkIndex k = inputs.begin(v); k < inputs.end(v); ++k) {
      if (!(state_[inputs.neighbour[k]].flags & DOWN)) up_weight += weight[k];
    }
    const bool sufficient = up_weight >= assets.threshold[v] * graph.dependency_total()[v];

    if (sufficient) {
      s.short_steps = 0;
      s.flags = static_cast<std::uint8_t>(s.flags & ~MANUAL);
      if (s.flags & SUPPLY_DOWN) {
        // Back up r_i steps after supply returns (r_i = 0: in this step).
        if (s.supplied_steps >= assets.restore[v]) {
          clear_flag(v, SUPPLY_DOWN);
          mark_functional_change(v);
        } else {
          ++s.supplied_steps;
        }
      }
    } else if (!(s.flags & MANUAL)) {
      s.supplied_steps = 0;
      if (s.short_steps < NEVER) ++s.short_steps;
      if (!(s.flags & SUPPLY_DOWN) && s.short_steps > assets.buffer[v]) {
        // The (b_i + 1)-th consecutive step without supply.
        set_flag(v, SUPPLY_DOWN);
        s.history |= EVER_SUPPLY_DOWN;
        s.supply_down_since = t;
        mark_functional_change(v);
      }
      // Manual operation after m_i steps supply-down (and not attack-down):
      // up again, and stays up while supply is short.
      const Step manual = assets.manual_restoration[v];
      if ((s.flags & SUPPLY_DOWN) && !(s.flags & ATTACK_DOWN) && manual != NEVER &&
          t - s.supply_down_since >= manual) {
        clear_flag(v, SUPPLY_DOWN);
        s.flags |= MANUAL;
        mark_functional_change(v);
      }
    }

    const bool keep = s.short_steps > 0 || (s.flags & (SUPPLY_DOWN | MANUAL));
    if (keep) {
      watched_.push_back(v);
    } else {
      s.flags = static_cast<std::uint8_t>(s.flags & ~WATCHED);
    }
  }
}

}  // namespace cyres
