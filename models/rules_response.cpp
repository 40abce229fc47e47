// Rules 4 and 5: detection and response, with the levers that act on them
// (sharing, pooling, triage, containment, crisis mechanism).
#include <algorithm>
#include <cmath>

#include "models/trial_engine.hpp"
#include "sim/random/duration.hpp"

namespace cyres {

// Rule 4: every C asset is detected with probability
// min(1, d_i * capability_o * boost) per step, boost = kappa once its
// organisation is aware of the asset's campaign. The probability is constant
// between awareness changes, so the step of detection is a geometric time,
// drawn when the asset becomes C (schedule_detection) and redrawn from the
// step its organisation becomes aware (lower_awareness); the asset waits in
// the calendar bucket of that step. A detected asset becomes D, may be
// isolated, and joins the response queue of its organisation (or the pooled
// queue).
void TrialEngine::detect(Step t) {
  const Scenario& scenario = model_.scenario();
  const Policy& policy = plan_->policy();
  std::vector<AssetIndex>& due = detect_due_[static_cast<std::size_t>(t)];
  // make_aware redraws only from step t+1 on: this bucket does not grow.
  // The assets lie in random order over the graph: fetch a few ahead.
  constexpr std::size_t AHEAD = 8;
  const std::size_t n = due.size();
  for (std::size_t e = 0; e < n; ++e) {
    if (e + AHEAD < n) prefetch_asset(due[e + AHEAD]);
    const AssetIndex i = due[e];
    AssetState& s = state_[i];
    if (s.security != Security::C || s.detect_at != t) continue;  // stale entry
    const OrgIndex o = scenario.assets.organisation[i];
    set_security(i, Security::D);
    ++metrics_.detected;
    detection_latency_sum_ += static_cast<double>(t - s.compromised_at);
    make_aware(o, s.campaign, t);
    if (policy.containment.isolate_on_detection) {
      set_flag(i, ISOLATED);
      mark_functional_change(i);
    }
    const std::size_t queue = queues_.size() == 1 ? 0 : o;
    queues_[queue].push({plan_->triage_rank(i), t, i});
  }
  scheduled_ -= n;
  due.clear();
}

// The step of detection of asset i, which is C and undetected at the end of
// step from-1, drawn from the stream (i, from): geometric with the
// probability of step `from`, and if the boost starts later, redrawn from
// that step (the wait is memoryless, so the law is the rule's).
void TrialEngine::schedule_detection(AssetIndex i, Step from) {
  const Scenario& scenario = model_.scenario();
  AssetState& s = state_[i];
  const OrgIndex o = scenario.assets.organisation[i];
  const double boost = plan_->policy().sharing.awareness_boost;
  const Step aware = aware_from_[o * scenario.campaigns.size() + s.campaign];
  const double base = scenario.assets.detection[i] * plan_->capability(o);
  const double p = std::min(1.0, base * (aware <= from ? boost : 1.0));
  Step at = draw_step(p, Purpose::detection, i, from);
  if (aware > from && aware != NEVER && at >= aware && boost != 1.0) {
    at = draw_step(std::min(1.0, base * boost), Purpose::detection, i, aware);
  }
  s.detect_at = at;
  if (at != NEVER) {
    detect_due_[static_cast<std::size_t>(at)].push_back(i);
    ++scheduled_;
  }
}

// Organisation `org` is aware of `campaign` from step `from`, earlier than
// before (from > the current step). Its C assets of that campaign not
// detected before `from` draw their detection again from `from`, with the
// boost: given no detection before `from`, the wait from `from` is geometric
// with the new probability, whatever was drawn before.
void TrialEngine::lower_awareness(std::size_t org, std::size_t campaign, Step from) {
  const Scenario& scenario = model_.scenario();
  const std::size_t campaigns = scenario.campaigns.size();
  aware_from_[org * campaigns + campaign] = from;
  if (plan_->policy().sharing.awareness_boost == 1.0) return;  // same probability: keep the draws
  std::erase_if(undetected_, [&](AssetIndex i) { return state_[i].security != Security::C; });
  const double boost = plan_->policy().sharing.awareness_boost;
  for (AssetIndex i : undetected_) {
    AssetState& s = state_[i];
    if (scenario.assets.organisation[i] != org || s.campaign != campaign || s.detect_at < from) {
      continue;
    }
    const double base =
        scenario.assets.detection[i] * plan_->capability(static_cast<OrgIndex>(org));
    s.detect_at = draw_step(std::min(1.0, base * boost), Purpose::detection, i, from);
    if (s.detect_at != NEVER) {
      detect_due_[static_cast<std::size_t>(s.detect_at)].push_back(i);
      ++scheduled_;
    }
  }
}

// A detection by `detector` makes it aware from the next step, and every
// organisation it shares with after the sharing delay (none during a crisis).
void TrialEngine::make_aware(OrgIndex detector, std::uint16_t campaign, Step t) {
  const std::size_t orgs = teams_.size();
  const std::size_t campaigns = model_.scenario().campaigns.size();
  const bool crisis = t >= crisis_active_from_;
  for (std::size_t p = 0; p < orgs; ++p) {
    const bool own = p == detector;
    if (!own && !crisis && !plan_->shares(detector, static_cast<OrgIndex>(p))) continue;
    const Step delay = own || crisis ? 0 : plan_->policy().sharing.delay;
    const Step from = t + 1 + delay;
    if (from < aware_from_[p * campaigns + campaign]) lower_awareness(p, campaign, from);
  }
}

// Rule 5: finished remediations make assets R (then restore after r_i if
// attack-down); free teams take queued incidents in triage order. Own teams
// serve first; under mutual aid an organisation with a queue then borrows idle
// teams of others beyond their reserve, which start after the mobilisation
// delay; under pooling any free team serves the joint queue.
void TrialEngine::respond(Step t) {
  for (std::size_t k = 0; k < restorations_.size();) {
    if (restorations_[k].due <= t) {
      clear_flag(restorations_[k].asset, ATTACK_DOWN);
      mark_functional_change(restorations_[k].asset);
      restorations_[k] = restorations_.back();
      restorations_.pop_back();
    } else {
      ++k;
    }
  }
  for (std::size_t k = 0; k < jobs_.size();) {
    if (jobs_[k].finish <= t) {
      const Job job = jobs_[k];
      jobs_[k] = jobs_.back();
      jobs_.pop_back();
      complete_job(job, t);
    } else {
      ++k;
    }
  }

  const PoolingLever& pooling = plan_->policy().pooling;
  const std::size_t orgs = teams_.size();
  if (pooling.mode == PoolingMode::pooled) {
    // The asset's own organisation works it if it has a free team; otherwise
    // the first organisation with one.
    ResponseQueue& queue = queues_[0];
    const auto& mandate = model_.scenario().assets.organisation;
    while (!queue.empty()) {
      const QueuedIncident& next = queue.peek();
      OrgIndex team = mandate[next.asset];
      if (free_teams_[team] == 0) {
        const auto it =
            std::find_if(free_teams_.begin(), free_teams_.end(), [](int f) { return f > 0; });
        if (it == free_teams_.end()) break;
        team = static_cast<OrgIndex>(it - free_teams_.begin());
      }
      const QueuedIncident incident = queue.pop();
      start_job(incident.asset, team, t, 0, incident.detected);
    }
    return;
  }
  for (std::size_t o = 0; o < orgs; ++o) {
    while (free_teams_[o] > 0 && !queues_[o].empty()) {
      const QueuedIncident incident = queues_[o].pop();
      start_job(incident.asset, static_cast<OrgIndex>(o), t, 0, incident.detected);
    }
  }
  if (pooling.mode == PoolingMode::mutual_aid) {
    for (std::size_t o = 0; o < orgs; ++o) {
      for (std::size_t lender = 0; lender < orgs && !queues_[o].empty(); ++lender) {
        if (lender == o) continue;
        while (free_teams_[lender] > pooling.reserve_teams && !queues_[o].empty()) {
          const QueuedIncident incident = queues_[o].pop();
          start_job(incident.asset, static_cast<OrgIndex>(lender), t, pooling.mobilisation,
                    incident.detected);
        }
      }
    }
  }
}

void TrialEngine::start_job(AssetIndex asset, OrgIndex team_org, Step t, Step mobilisation,
                            Step detected) {
  const Scenario& scenario = model_.scenario();
  const OrgIndex mandate = scenario.assets.organisation[asset];
  // The work is the asset's: its duration comes from the mandate organisation's
  // distribution and the asset's own remediation stream, whoever does it.
  const double u = streams_.uniform(trial_, Purpose::remediation, asset, 0);
  const Step work = sample_duration_steps(scenario.organisations[mandate].remediation, u);
  const Step horizon = scenario.settings.horizon;
  const Step begin = t + mobilisation;
  const Step finish = work >= horizon || begin >= horizon ? NEVER : begin + work;

  --free_teams_[team_org];
  ++remediations_started_;
  queue_wait_sum_ += static_cast<double>(begin - detected);
  team_steps_ += static_cast<double>(std::min(finish, horizon) - t);
  const Job job{asset, team_org, finish};
  if (finish <= t) {
    complete_job(job, t);
  } else {
    jobs_.push_back(job);
  }
}

void TrialEngine::complete_job(const Job& job, Step t) {
  ++free_teams_[job.team_org];
  set_security(job.asset, Security::R);
  if (state_[job.asset].flags & ISOLATED) {
    clear_flag(job.asset, ISOLATED);
    mark_functional_change(job.asset);
  }
  if (state_[job.asset].flags & ATTACK_DOWN) {
    const Step restore = model_.scenario().assets.restore[job.asset];
    if (restore == 0) {
      clear_flag(job.asset, ATTACK_DOWN);
      mark_functional_change(job.asset);
    } else {
      restorations_.push_back({job.asset, t + restore});
    }
  }
}

// Crisis mechanism: triggered at the end of a step by concurrent incidents
// (assets detected and not yet remediated) or by low total service; active
// after the activation delay: surge teams and all-to-all sharing without delay.
void TrialEngine::update_crisis(Step t, double service) {
  const CrisisLever& crisis = plan_->policy().crisis;
  if (!crisis.enabled || crisis_triggered_ != NEVER) return;
  const bool incidents =
      crisis.incident_trigger > 0 && count_[count_detected] >= crisis.incident_trigger;
  const bool low_service = crisis.service_trigger > 0.0 && service < crisis.service_trigger;
  if (incidents || low_service) {
    crisis_triggered_ = t;
    crisis_active_from_ = t + 1 + crisis.activation_delay;
  }
}

void TrialEngine::activate_crisis(Step t) {
  const CrisisLever& crisis = plan_->policy().crisis;
  for (std::size_t o = 0; o < teams_.size(); ++o) {
    const int extra = static_cast<int>(std::lround(teams_[o] * crisis.surge));
    teams_[o] += extra;
    free_teams_[o] += extra;
  }
  // Whatever any organisation knows of a campaign, all know from now on.
  const std::size_t orgs = teams_.size();
  const std::size_t campaigns = model_.scenario().campaigns.size();
  for (std::size_t c = 0; c < campaigns; ++c) {
    Step earliest = NEVER;
    for (std::size_t o = 0; o < orgs; ++o)
      earliest = std::min(earliest, aware_from_[o * campaigns + c]);
    if (earliest == NEVER) continue;
    for (std::size_t o = 0; o < orgs; ++o) {
      const Step from = std::max(earliest, t);
      if (from < aware_from_[o * campaigns + c]) lower_awareness(o, c, from);
    }
  }
}

}  // namespace cyres
