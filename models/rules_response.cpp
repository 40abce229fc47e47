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
    const OrgIndex o = model_.schedule()[i].organisation;
    set_security(i, Security::D);
    ++metrics_.detected;
    first_detection_ = std::min(first_detection_, t);
    detection_latency_sum_ += static_cast<double>(t - s.compromised_at);
    make_aware(i, o, s.campaign, t);
    if (policy.containment.isolate_on_detection) {
      set_flag(i, ISOLATED);
      mark_functional_change(i);
    }
    const std::size_t queue = queues_.size() == 1 ? 0 : o;
    queues_[queue].push({plan_->triage_rank(i), t, i});
    ++queued_;
  }
  scheduled_ -= n;
  due.clear();
}

// The step of detection of asset i, which is C and undetected at the end of
// step from-1: geometric with the probability of step `from`; if it falls at
// or after the next rise of its organisation's awareness, redrawn from that
// rise with the new probability, and so on (stream (i, step the wait starts)).
// The wait is memoryless, so the law is a Bernoulli trial per step.
void TrialEngine::schedule_detection(AssetIndex i, Step from, const double* first) {
  const Scenario& scenario = model_.scenario();
  AssetState& s = state_[i];
  const SimulationModel::AssetSchedule& a = model_.schedule()[i];
  const OrgIndex o = a.organisation;
  const double base =
      a.detection * plan_->capability(o) * scenario.campaigns[s.campaign].detection_factor;
  const std::vector<BoostStep>& staircase = awareness_[o * scenario.campaigns.size() + s.campaign];
  Step at = NEVER;
  if (staircase.empty()) {
    // Unaware, and no report on its way: one geometric time (the usual case).
    at = draw_step(std::min(1.0, base), Purpose::detection, i, from, first);
  } else {
    for (Step start = from;;) {
      const double p = std::min(1.0, base * boost_at(o, s.campaign, start));
      at = draw_step(p, Purpose::detection, i, start, start == from ? first : nullptr);
      const Step rise = next_rise(o, s.campaign, start);
      if (rise == NEVER || at < rise) break;
      start = rise;
    }
  }
  s.detect_at = at;
  if (at != NEVER) {
    detect_due_[static_cast<std::size_t>(at)].push_back(i);
    ++scheduled_;
  }
}

// The boost of (org, campaign) in step t: the staircase's last step at or
// before t, else 1.
double TrialEngine::boost_at(std::size_t org, std::size_t campaign, Step t) const {
  double boost = 1.0;
  for (const BoostStep& step : awareness_[org * model_.scenario().campaigns.size() + campaign]) {
    if (step.from > t) break;
    boost = step.boost;
  }
  return boost;
}

// The first step after t at which the boost of (org, campaign) rises; NEVER if none.
Step TrialEngine::next_rise(std::size_t org, std::size_t campaign, Step t) const {
  for (const BoostStep& step : awareness_[org * model_.scenario().campaigns.size() + campaign]) {
    if (step.from > t) return step.from;
  }
  return NEVER;
}

// A report raises the boost of (org, campaign) to `boost` from step `from`
// (the staircase only rises). Its C assets of that campaign not detected
// before `from` draw their detection again from `from`: given no detection
// before `from`, the wait from there is geometric with the new probability,
// whatever was drawn before.
void TrialEngine::raise_awareness(std::size_t org, std::size_t campaign, Step from, double boost) {
  if (from >= horizon_ || boost_at(org, campaign, from) >= boost) return;
  std::vector<BoostStep>& staircase =
      awareness_[org * model_.scenario().campaigns.size() + campaign];
  std::erase_if(staircase,
                [&](const BoostStep& step) { return step.from >= from && step.boost <= boost; });
  const auto position = std::find_if(staircase.begin(), staircase.end(),
                                     [from](const BoostStep& step) { return step.from > from; });
  staircase.insert(position, {from, boost});

  const Scenario& scenario = model_.scenario();
  std::erase_if(undetected_, [&](AssetIndex i) { return state_[i].security != Security::C; });
  for (AssetIndex i : undetected_) {
    const AssetState& s = state_[i];
    if (scenario.assets.organisation[i] != org || s.campaign != campaign || s.detect_at < from) {
      continue;
    }
    schedule_detection(i, from);
  }
}

// A detection of asset `detected` by `detector` in step t is reported: to the
// detector itself (if the policy's own_boost holds) from t+1, and to others
// per the sharing mode: everyone or partner groups after the policy's delay,
// or along the scenario's partnerships, each passing the report on with its
// trust after its delay and raising the receiver's boost by its fidelity.
// During a crisis every organisation is told at once, with the full boost.
void TrialEngine::make_aware(AssetIndex detected, OrgIndex detector, std::uint16_t campaign,
                             Step t) {
  const SharingLever& sharing = plan_->policy().sharing;
  const double kappa = sharing.awareness_boost;
  // With kappa = 1 no report changes a probability (a partner's boost is
  // 1 + f (kappa - 1) = 1 too): nothing to record or redraw.
  if (kappa == 1.0) return;
  const std::size_t orgs = teams_.size();
  const bool crisis = t >= crisis_active_from_;
  for (std::size_t p = 0; p < orgs; ++p) {
    const bool own = p == detector;
    if (own) {
      if (sharing.own_boost || crisis) raise_awareness(p, campaign, t + 1, kappa);
      continue;
    }
    if (!crisis && !plan_->shares(detector, static_cast<OrgIndex>(p))) continue;
    raise_awareness(p, campaign, t + 1 + (crisis ? 0 : sharing.delay), kappa);
  }
  if (crisis || sharing.mode != SharingMode::partnerships) return;
  const std::uint16_t epoch = state_[detected].epoch;
  for (const Partnership& partnership : model_.scenario().partnerships) {
    if (partnership.from != detector) continue;
    if (partnership.trust < 1.0) {
      const RandomStreams::Block block =
          streams_.block(trial_, Purpose::sharing, detected, partnership.to, epoch);
      if (RandomStreams::to_unit_double(block.v[0], block.v[1]) >= partnership.trust) continue;
    }
    raise_awareness(partnership.to, campaign, t + 1 + partnership.delay,
                    1.0 + partnership.fidelity * (kappa - 1.0));
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
      --queued_;
      start_job(incident.asset, team, t, 0, incident.detected);
    }
    // Requests for assistance are refused with pooling (the loader says so):
    // pooled teams already serve every queue.
    serve_restoration(t);
    return;
  }
  // With no incident queued anywhere, the loops over the organisations below
  // would take none (and no other rule 5 work depends on them).
  for (std::size_t o = 0; queued_ > 0 && o < orgs; ++o) {
    while (free_teams_[o] > 0 && !queues_[o].empty()) {
      const QueuedIncident incident = queues_[o].pop();
      --queued_;
      start_job(incident.asset, static_cast<OrgIndex>(o), t, 0, incident.detected);
    }
  }
  serve_with_lent_teams(t);
  if (pooling.mode == PoolingMode::mutual_aid && queued_ > 0) {
    for (std::size_t o = 0; o < orgs; ++o) {
      for (std::size_t lender = 0; lender < orgs && !queues_[o].empty(); ++lender) {
        if (lender == o) continue;
        while (free_teams_[lender] > pooling.reserve_teams && !queues_[o].empty()) {
          const QueuedIncident incident = queues_[o].pop();
          --queued_;
          start_job(incident.asset, static_cast<OrgIndex>(lender), t, pooling.mobilisation,
                    incident.detected);
        }
      }
    }
  }
  // Restoration after every eviction of this step, so that a queue is left
  // only where no crew is free (and a crew frees up only when a job ends).
  serve_restoration(t);
  if (plan_->policy().assistance.mode == AssistanceMode::requests) assist(t);
}

void TrialEngine::start_job(AssetIndex asset, OrgIndex team_org, Step t, Step mobilisation,
                            Step detected, std::int32_t lent) {
  const Scenario& scenario = model_.scenario();
  const OrgIndex mandate = scenario.assets.organisation[asset];
  // The work is the asset's: its duration comes from the mandate organisation's
  // distribution and the asset's own remediation stream, whoever does it.
  const double u = streams_.uniform(trial_, Purpose::remediation, asset, state_[asset].epoch);
  const Step work = sample_duration_steps(scenario.organisations[mandate].remediation, u);
  const Step horizon = scenario.settings.horizon;
  const Step begin = t + mobilisation;
  const Step finish = work >= horizon || begin >= horizon ? NEVER : begin + work;

  if (lent >= 0) {
    lent_[static_cast<std::size_t>(lent)].busy = true;
    lent_steps_ += static_cast<double>(std::min(finish, horizon) - t);
  } else {
    --free_teams_[team_org];
  }
  ++remediations_started_;
  queue_wait_sum_ += static_cast<double>(begin - detected);
  team_steps_ += static_cast<double>(std::min(finish, horizon) - t);
  const Job job{asset, team_org, finish, Work::eviction, lent};
  if (finish <= t) {
    complete_job(job, t);
  } else {
    jobs_.push_back(job);
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
  // Whatever any organisation knows of a campaign, all know from now on,
  // with the full boost.
  const std::size_t orgs = teams_.size();
  const std::size_t campaigns = model_.scenario().campaigns.size();
  const double kappa = plan_->policy().sharing.awareness_boost;
  for (std::size_t c = 0; c < campaigns; ++c) {
    Step earliest = NEVER;
    for (std::size_t o = 0; o < orgs; ++o) {
      const std::vector<BoostStep>& staircase = awareness_[o * campaigns + c];
      if (!staircase.empty()) earliest = std::min(earliest, staircase.front().from);
    }
    if (earliest == NEVER) continue;
    for (std::size_t o = 0; o < orgs; ++o) raise_awareness(o, c, std::max(earliest, t), kappa);
  }
}

}  // namespace cyres
