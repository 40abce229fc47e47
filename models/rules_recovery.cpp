// Rule 5, model v2: eviction (complete or not), restoration by recovery crews,
// and requests for assistance (docs/model.md, "Rule 5: eviction, return,
// restoration and assistance").
#include <algorithm>

#include "models/trial_engine.hpp"
#include "sim/random/duration.hpp"

namespace cyres {

// A job finished at step t. An eviction leaves the asset R (its owner believes
// it clean) and, if attack-down, hands it to restoration; a restoration brings
// it back up.
void TrialEngine::complete_job(const Job& job, Step t) {
  if (job.lent >= 0) {
    lent_[static_cast<std::size_t>(job.lent)].busy = false;
  } else if (job.work == Work::restoration) {
    ++free_crews_[job.team_org];
  } else {
    ++free_teams_[job.team_org];
  }
  if (job.work == Work::restoration) {
    clear_flag(job.asset, ATTACK_DOWN);
    mark_functional_change(job.asset);
    return;
  }
  set_security(job.asset, Security::R);
  if (state_[job.asset].flags & ISOLATED) {
    clear_flag(job.asset, ISOLATED);
    mark_functional_change(job.asset);
  }
  evicted(job.asset, t);
  if (state_[job.asset].flags & ATTACK_DOWN) {
    const OrgIndex owner = model_.scenario().assets.organisation[job.asset];
    if (free_crews_[owner] == UNLIMITED_CREWS) {
      // v1: up r_i steps after eviction, without a queue.
      const Step restore = model_.scenario().assets.restore[job.asset];
      if (restore == 0) {
        clear_flag(job.asset, ATTACK_DOWN);
        mark_functional_change(job.asset);
      } else {
        restorations_.push_back({job.asset, t + restore});
      }
    } else {
      restore_queues_[owner].push({plan_->triage_rank(job.asset), t, job.asset});
      ++restore_queued_;
    }
  }
}

// The eviction of asset i, finished in step t, succeeds with its campaign's
// probability; if not, the attacker returns after the campaign's delay (at
// least one step). One Philox block (eviction, i, epoch): words 0-1 the
// success, words 2-3 the delay.
void TrialEngine::evicted(AssetIndex i, Step t) {
  const AssetState& s = state_[i];
  const Campaign& campaign = model_.scenario().campaigns[s.campaign];
  if (campaign.eviction_success >= 1.0) return;
  const RandomStreams::Block block = streams_.block(trial_, Purpose::eviction, i, s.epoch);
  if (RandomStreams::to_unit_double(block.v[0], block.v[1]) < campaign.eviction_success) return;
  const Step delay = std::max<Step>(
      1, sample_duration_steps(campaign.return_delay,
                               RandomStreams::to_unit_double(block.v[2], block.v[3])));
  if (delay >= horizon_ - t) return;
  const Step at = t + delay;  // < horizon_, so no overflow
  return_due_[static_cast<std::size_t>(at)].push_back({i, s.epoch});
  ++scheduled_;
  ++returns_pending_;
}

// Free recovery crews take the attack-down assets their organisation has
// evicted, in the policy's triage order.
void TrialEngine::serve_restoration(Step t) {
  for (std::size_t o = 0; restore_queued_ > 0 && o < restore_queues_.size(); ++o) {
    ResponseQueue& queue = restore_queues_[o];
    while (free_crews_[o] > 0 && !queue.empty()) {
      const QueuedIncident item = queue.pop();
      --restore_queued_;
      start_restoration(item.asset, static_cast<OrgIndex>(o), t, item.detected);
    }
  }
}

// A crew of `crew_org` restores `asset` from step t; the asset is up at the
// end of step t + k, k the restore time: the organisation's restoration
// distribution (stream (restoration, asset, epoch)), or the asset's r_i.
void TrialEngine::start_restoration(AssetIndex asset, OrgIndex crew_org, Step t, Step evicted_at) {
  const Organisation& organisation = model_.scenario().organisations[crew_org];
  Step work = model_.scenario().assets.restore[asset];
  if (organisation.has_restoration) {
    const double u = streams_.uniform(trial_, Purpose::restoration, asset, state_[asset].epoch);
    work = sample_duration_steps(organisation.restoration, u);
  }
  ++restorations_started_;
  restoration_wait_sum_ += static_cast<double>(t - evicted_at);
  const Job job{asset, crew_org, work >= horizon_ - t ? NEVER : t + work, Work::restoration};
  --free_crews_[crew_org];
  if (work == 0) {
    complete_job(job, t);
  } else {
    jobs_.push_back(job);
  }
}

// Lent teams that have arrived work their holder's queue; a free one whose
// holder has nothing queued goes back to its provider.
void TrialEngine::serve_with_lent_teams(Step t) {
  for (std::size_t k = 0; k < lent_.size(); ++k) {
    LentTeam& team = lent_[k];
    if (!team.active || team.busy || team.arrive > t) continue;
    ResponseQueue& queue = queues_[team.holder];
    if (queue.empty()) {
      team.active = false;
      ++free_teams_[team.provider];
      continue;
    }
    const QueuedIncident incident = queue.pop();
    --queued_;
    start_job(incident.asset, team.provider, t, 0, incident.detected, static_cast<std::int32_t>(k));
  }
}

// Requests for assistance. Decisions due now: approved with the provider's
// probability (stream (assistance, requester, request number); certain during
// a crisis) and granted if the provider has a free team beyond its reserve.
// Then every organisation with queued incidents, no free team, fewer open
// requests than allowed and more queued incidents than lent teams on the way
// asks its next provider.
void TrialEngine::assist(Step t) {
  const Scenario& scenario = model_.scenario();
  const bool crisis = t >= crisis_active_from_;
  const std::size_t orgs = teams_.size();
  // An organisation asks only with incidents queued.
  for (OrgIndex o = 0; queued_ > 0 && o < orgs; ++o) {
    const std::vector<OrgIndex>& providers = model_.providers(o);
    if (providers.empty() || queues_[o].empty() || free_teams_[o] > 0 ||
        open_requests_[o] >= plan_->policy().assistance.max_open) {
      continue;
    }
    const auto on_the_way = static_cast<std::size_t>(
        std::count_if(lent_.begin(), lent_.end(), [&](const LentTeam& team) {
          return team.active && team.holder == o && (team.arrive > t || !team.busy);
        }));
    if (queues_[o].size() <= on_the_way) continue;
    const OrgIndex provider = providers[next_provider_[o] % providers.size()];
    ++next_provider_[o];
    const Step decide_at =
        crisis ? t : t + scenario.organisations[provider].assistance.approval_delay;
    requests_.push_back({o, provider, decide_at, request_count_[o]++});
    ++open_requests_[o];
    ++metrics_.assistance_requested;
  }
  for (std::size_t k = 0; k < requests_.size();) {
    const Request request = requests_[k];
    if (request.decide_at > t) {
      ++k;
      continue;
    }
    requests_.erase(requests_.begin() + static_cast<std::ptrdiff_t>(k));
    --open_requests_[request.requester];
    const AssistanceMandate& mandate = scenario.organisations[request.provider].assistance;
    const double approval = crisis ? 1.0 : mandate.approval_probability;
    bool approved = approval >= 1.0;
    if (!approved) {
      approved = streams_.uniform(trial_, Purpose::assistance, request.requester, request.number) <
                 approval;
    }
    if (!approved || free_teams_[request.provider] <= mandate.reserve) continue;
    --free_teams_[request.provider];
    lent_.push_back(
        {request.provider, request.requester, t + 1 + mandate.deployment_delay, false, true});
    ++metrics_.assistance_granted;
  }
}

}  // namespace cyres
