// Rules 1-3: campaigns start, lateral movement, payload.
#include <algorithm>
#include <limits>

#include "models/geometric.hpp"
#include "sim/random/duration.hpp"

#include "models/trial_engine.hpp"

namespace cyres {

// Rule 1: a campaign starting at t compromises its entry assets (S -> C at the
// end of step t). Random entries are drawn per trial with Floyd's algorithm
// (k distinct assets in O(k), whatever the size of the pool).
void TrialEngine::start_campaigns(Step t) {
  if (!campaign_starts_[static_cast<std::size_t>(t)]) return;  // no campaign starts now
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
      if (hot_[v] & HOT_CLOSED) continue;  // not in S, or already pending
      hot_[v] |= HOT_CLOSED;
      pending_.push_back({v, static_cast<std::uint16_t>(c)});
    }
  }
}

// Rule 2: every C or D asset that is not isolated tries each network
// out-neighbour v in S once per step, with success probability
// p_uv' = min(1, p_uv * nu_v * h_v * intensity).
//
// Done by thinning: the attempts of spreader u, in the order (step, index in
// its out-list) from the step after its compromise, are candidates with the
// bound q_u = min(1, intensity * max_v p_uv * nu_v) >= p_uv' independently,
// found by geometric jumps; a candidate v in S and not pending falls with
// probability p_uv' / q_u. So each attempt succeeds with probability p_uv',
// independently, as the rule says, at a cost of O(1 + attempts * q_u). Jump d
// of u is Philox block (u, counter d) of the lateral stream: words 0-1 are
// the gap before candidate d, words 2-3 the acceptance of candidate d - 1.
// q_u excludes h_v, so the candidates are the same in every policy.
void TrialEngine::move_laterally(Step t) {
  std::vector<SpreadEvent>& due = spread_due_[static_cast<std::size_t>(t)];
  // spread() schedules only later steps, never this bucket, and changes no
  // spreader's silence or episode: which events are live is known before
  // any of them runs. The events lie in random order over the graph, and
  // the step waits on their records and links more than on anything else,
  // so the bucket goes in chunks, each fetched ahead in two stages: the
  // records (and the candidates' blocks) while the chunk before spreads,
  // then the links, which the records locate, while the next chunk's
  // records are fetched. Spreads run in bucket order.
  const std::vector<SimulationModel::SpreadLink>& links = model_.spread_links();
  const std::vector<SimulationModel::AssetSchedule>& schedule = model_.schedule();
  const std::size_t n = due.size();
  const std::size_t chunks = (n + BlockBatch::CAPACITY - 1) / BlockBatch::CAPACITY;
  if (chunks > 0) prepare_spreads(due, 0, spread_chunks_[0]);
  for (std::size_t c = 0; c < chunks; ++c) {
    const SpreadChunk& chunk = spread_chunks_[c % 2];
    const std::size_t live = chunk.blocks.size();
    for (std::size_t j = 0; j < live; ++j) {
      const SpreadEvent& event = due[chunk.event[j]];
      __builtin_prefetch(&links[schedule[event.asset].first_link + event.neighbour]);
    }
    if (c + 1 < chunks) {
      prepare_spreads(due, (c + 1) * BlockBatch::CAPACITY, spread_chunks_[(c + 1) % 2]);
    }
    for (std::size_t j = 0; j < live; ++j) spread(due[chunk.event[j]], t, chunk.blocks.block(j));
  }
  scheduled_ -= n;
  due.clear();
}

void TrialEngine::prepare_spreads(const std::vector<SpreadEvent>& due, std::size_t begin,
                                  SpreadChunk& chunk) {
  const std::vector<SimulationModel::AssetSchedule>& schedule = model_.schedule();
  const std::size_t end = std::min(due.size(), begin + BlockBatch::CAPACITY);
  chunk.blocks.clear();
  for (std::size_t e = begin; e < end; ++e) {
    const SpreadEvent& event = due[e];
    const AssetIndex u = event.asset;
    // Isolation ends only with remediation: a spreader that stopped never resumes.
    if (hot_[u] & HOT_SILENT) continue;
    // An event of an earlier episode of u (it was evicted and compromised again).
    if (episodes_ && state_[u].epoch != event.epoch) continue;
    __builtin_prefetch(&schedule[u]);
    chunk.event[chunk.blocks.add(u, event.draw + 1, event.epoch)] = static_cast<std::uint32_t>(e);
  }
  streams_.fill(trial_, Purpose::lateral, chunk.blocks);
}

void TrialEngine::spread(SpreadEvent event, Step t, const RandomStreams::Block& next) {
  const AssetIndex u = event.asset;
  const SimulationModel::SpreadLink* links = model_.spread_links().data();
  const double intensity = model_.scenario().campaigns[event.campaign].intensity;
  const SimulationModel::AssetSchedule& a = model_.schedule()[u];
  const double bound = std::min(1.0, a.spread_bound * intensity);
  const GeometricRate rate = bound < 1.0 ? lateral_rate_(bound) : GeometricRate();
  const LinkIndex first = a.first_link;
  const std::uint64_t degree = a.degree;

  std::uint64_t k = event.neighbour;
  std::uint32_t draw = event.draw;
  for (;;) {
    // Candidate `draw`: neighbour k in step t.
    const SimulationModel::SpreadLink link = links[first + k];
    const AssetIndex v = link.neighbour;
    const bool open = !(hot_[v] & HOT_CLOSED);
    double p = 0.0;
    if (open) {
      p = static_cast<double>(link.weight) * static_cast<double>(plan_->hardening(v)) * intensity;
      // An evicted asset open to reinfection keeps the hardening rho of its eviction.
      if (hot_[v] & HOT_CLEANED) p *= model_.scenario().settings.reinfection.vulnerability_factor;
    }
    RandomStreams::Block block{};
    if (draw == event.draw) {
      block = next;
    } else if (bound < 1.0 || (open && p < bound)) {
      block = streams_.block(trial_, Purpose::lateral, u, draw + 1, event.epoch);
    }
    ++draw;
    if (open && (p >= bound || RandomStreams::to_unit_double(block.v[2], block.v[3]) * bound < p)) {
      // Only the one-byte mark here: commit, which prefetches, writes state_.
      hot_[v] |= HOT_CLOSED;
      pending_.push_back({v, event.campaign});
    }

    // The next candidate.
    double gap = 0.0;
    if (bound < 1.0)
      gap = geometric_gap(RandomStreams::to_unit_double(block.v[0], block.v[1]), rate);
    const double left = static_cast<double>(horizon_ - t) * static_cast<double>(degree);
    if (gap >= left) return;
    const std::uint64_t position = k + 1 + static_cast<std::uint64_t>(gap);
    const auto step = static_cast<Step>(t + static_cast<Step>(position / degree));
    if (step >= horizon_) return;
    k = position % degree;
    if (step != t) {
      spread_due_[static_cast<std::size_t>(step)].push_back(
          {u, static_cast<std::uint32_t>(k), draw, event.campaign, event.epoch});
      ++scheduled_;
      return;
    }
  }
}

// Rule 3: every C or D asset past the dwell (more than `dwell` steps since its
// compromise) and not yet attack-down fires its campaign's payload with
// probability pi per step: it fires at the step drawn when it became C (the
// first step after the dwell plus a geometric wait), unless remediated by then.
void TrialEngine::fire_payloads(Step t) {
  std::vector<AssetIndex>& due = payload_due_[static_cast<std::size_t>(t)];
  for (AssetIndex i : due) {
    const AssetState& s = state_[i];
    if (s.payload_at != t || s.security == Security::R || (s.flags & ATTACK_DOWN)) continue;
    set_flag(i, ATTACK_DOWN);
    ++metrics_.attack_down;
    mark_functional_change(i);
    if (model_.scenario().campaigns[s.campaign].notice_probability > 0.0) notice(i, t);
  }
  scheduled_ -= due.size();
  due.clear();
}

// Impact makes the incident visible: the owner of an asset whose payload
// fired in step t notices with the campaign's probability, after its reporting
// delay; the asset is then detected by rule 4 at step t + 1 + delay, unless it
// is detected earlier anyway. One Philox block (notice, i, t): words 0-1 the
// Bernoulli draw, words 2-3 the delay.
void TrialEngine::notice(AssetIndex i, Step t) {
  AssetState& s = state_[i];
  if (s.security != Security::C) return;
  const Campaign& campaign = model_.scenario().campaigns[s.campaign];
  const RandomStreams::Block block =
      streams_.block(trial_, Purpose::notice, i, static_cast<std::uint32_t>(t));
  if (RandomStreams::to_unit_double(block.v[0], block.v[1]) >= campaign.notice_probability) return;
  const Step delay = sample_duration_steps(campaign.notice_delay,
                                           RandomStreams::to_unit_double(block.v[2], block.v[3]));
  if (delay >= horizon_ - t - 1) return;
  const Step at = t + 1 + delay;
  if (at >= s.detect_at) return;
  s.detect_at = at;
  detect_due_[static_cast<std::size_t>(at)].push_back(i);
  ++scheduled_;
}

// Incomplete evictions: the attacker is back in the asset at step t, a new
// episode that starts like a compromise of rule 2 (C from the end of step t).
void TrialEngine::return_attackers(Step t) {
  std::vector<Return>& due = return_due_[static_cast<std::size_t>(t)];
  for (const Return& r : due) {
    const AssetState& s = state_[r.asset];
    // Immune R assets stay closed to rule 2; open ones are closed only while
    // a compromise of this step is pending.
    const bool pending =
        !model_.scenario().settings.reinfection.immune && (hot_[r.asset] & HOT_CLOSED) != 0;
    if (s.security != Security::R || s.epoch != r.epoch || pending) continue;
    hot_[r.asset] |= HOT_CLOSED;
    pending_.push_back({r.asset, s.campaign});
    ++metrics_.returns;
  }
  scheduled_ -= due.size();
  returns_pending_ -= due.size();
  due.clear();
}

}  // namespace cyres
