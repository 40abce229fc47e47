#include "models/trial_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/geometric.hpp"
#include "sim/core/huge_pages.hpp"

namespace cyres {
namespace {

constexpr int flag_count_index(AssetFlag flag) {
  switch (flag) {
    case ATTACK_DOWN:
      return count_attack_down;
    case SUPPLY_DOWN:
      return count_supply_down;
    case ISOLATED:
      return count_isolated;
    case DOWN:
      return count_down;
    default:
      return -1;
  }
}

constexpr int security_count_index(Security security) {
  switch (security) {
    case Security::S:
      return count_susceptible;
    case Security::C:
      return count_compromised;
    case Security::D:
      return count_detected;
    case Security::R:
      return count_remediated;
  }
  return count_susceptible;
}

//! The episode an asset's next compromise starts: a new one after R (an
//! evicted asset reinfected, or the attacker back), counted up to the limit
//! of the 16-bit epoch; the current one otherwise.
std::uint16_t next_episode(const AssetState& s) {
  if (s.security == Security::R && s.epoch < UINT16_MAX) return s.epoch + 1;
  return s.epoch;
}

}  // namespace

TrialEngine::TrialEngine(const SimulationModel& model, bool early_stop)
    : model_(model),
      streams_(model.scenario().settings.seed),
      horizon_(model.scenario().settings.horizon),
      spread_due_(static_cast<std::size_t>(horizon_)),
      detect_due_(static_cast<std::size_t>(horizon_)),
      payload_due_(static_cast<std::size_t>(horizon_)),
      return_due_(static_cast<std::size_t>(horizon_)),
      state_sector_down_units_(model.scenario().states.size() * model.sectors(), 0),
      state_down_assets_(model.scenario().states.size(), 0),
      sector_down_units_(model.sectors(), 0),
      service_(static_cast<std::size_t>(model.scenario().settings.horizon), 1.0),
      sector_q_(model.sectors(), 1.0),
      sector_step_loss_(model.sectors(), 0.0),
      early_stop_(early_stop) {
  // Huge pages for the per-asset state, as for the model's per-asset records:
  // a large outbreak's steps read it at random all over the graph.
  resize_huge(state_, model.assets());
  resize_huge(hot_, model.assets());
  campaign_starts_.assign(static_cast<std::size_t>(horizon_), 0);
  for (const Campaign& campaign : model.scenario().campaigns) {
    last_start_ = std::max(last_start_, campaign.start);
    if (campaign.start >= 0 && campaign.start < horizon_) {
      campaign_starts_[static_cast<std::size_t>(campaign.start)] = 1;
    }
    if (campaign.eviction_success < 1.0) episodes_ = true;
  }
  if (!model.scenario().settings.reinfection.immune) episodes_ = true;
}

void TrialEngine::run(const PolicyPlan& plan, std::uint64_t trial, const TrialOutput& out) {
  reset(plan, trial);
  dirty_ = true;
  const Step horizon = horizon_;
  steps_run_ = horizon;
  for (Step t = 0; t < horizon; ++t) {
    if (!nothing_due(t)) {
      if (t == crisis_active_from_) activate_crisis(t);
      start_campaigns(t);
      return_attackers(t);
      move_laterally(t);
      fire_payloads(t);
      detect(t);
      respond(t);
      check_supply(t);
      commit(t);
    }
    measure(t, out);
    if (early_stop_ && t + 1 < horizon && settled(t)) {
      fill_settled(t + 1, out);
      steps_run_ = t + 1;
      break;
    }
  }
  // Every calendar entry lies before the horizon, and each step empties its
  // buckets: the calendars are empty again.
  dirty_ = false;
  finish(out);
}

void TrialEngine::clear_touched() {
  for (AssetIndex i : touched_) {
    state_[i] = AssetState{};
    hot_[i] = 0;
  }
  touched_.clear();
  // Pending compromises of an interrupted trial are marked only in hot_.
  for (const PendingCompromise& p : pending_) hot_[p.asset] = 0;
  pending_.clear();
}

void TrialEngine::reset(const PolicyPlan& plan, std::uint64_t trial) {
  plan_ = &plan;
  trial_ = trial;
  clear_touched();
  undetected_.clear();
  if (dirty_) {
    for (auto& bucket : spread_due_) bucket.clear();
    for (auto& bucket : detect_due_) bucket.clear();
    for (auto& bucket : payload_due_) bucket.clear();
    for (auto& bucket : return_due_) bucket.clear();
    dirty_ = false;
  }
  scheduled_ = 0;
  functional_changes_.clear();
  watched_.clear();
  restorations_.clear();
  jobs_.clear();

  const Scenario& scenario = model_.scenario();
  const std::size_t orgs = scenario.organisations.size();
  const bool pooled = plan.policy().pooling.mode == PoolingMode::pooled;
  queues_.resize(pooled ? 1 : orgs);
  for (ResponseQueue& queue : queues_) queue.clear();
  queued_ = 0;
  restore_queued_ = 0;
  teams_.resize(orgs);
  free_teams_.resize(orgs);
  free_crews_.resize(orgs);
  restore_queues_.resize(orgs);
  for (std::size_t o = 0; o < orgs; ++o) {
    teams_[o] = free_teams_[o] =
        scenario.organisations[o].teams + plan.extra_teams(static_cast<OrgIndex>(o));
    free_crews_[o] = scenario.organisations[o].recovery_crews;
    restore_queues_[o].clear();
  }
  awareness_.resize(orgs * scenario.campaigns.size());
  for (auto& staircase : awareness_) staircase.clear();
  returns_pending_ = 0;
  requests_.clear();
  lent_.clear();
  open_requests_.assign(orgs, 0);
  request_count_.assign(orgs, 0);
  next_provider_.assign(orgs, 0);
  std::fill(sector_down_units_.begin(), sector_down_units_.end(), 0);
  levels_stale_ = true;
  std::fill(state_sector_down_units_.begin(), state_sector_down_units_.end(), 0);
  std::fill(state_down_assets_.begin(), state_down_assets_.end(), 0);
  states_down_ = 0;
  first_compromise_ = first_detection_ = evicted_at_ = NEVER;

  std::fill(std::begin(count_), std::end(count_), 0);
  count_[count_susceptible] = static_cast<std::int64_t>(model_.assets());
  crisis_triggered_ = NEVER;
  crisis_active_from_ = NEVER;
  metrics_ = TrialMetrics{};
  detection_latency_sum_ = 0.0;
  queue_wait_sum_ = 0.0;
  remediations_started_ = 0;
  team_steps_ = 0.0;
  lent_steps_ = 0.0;
  restoration_wait_sum_ = 0.0;
  restorations_started_ = 0;
}

void TrialEngine::prefetch_asset(AssetIndex i) const {
  __builtin_prefetch(&state_[i]);
  __builtin_prefetch(&model_.schedule()[i]);
}

void TrialEngine::touch(AssetIndex i) {
  if (!(state_[i].flags & TOUCHED)) {
    state_[i].flags |= TOUCHED;
    touched_.push_back(i);
  }
}

void TrialEngine::set_security(AssetIndex i, Security security) {
  --count_[security_count_index(state_[i].security)];
  ++count_[security_count_index(security)];
  state_[i].security = security;
  if (security == Security::R) {
    hot_[i] |= HOT_SILENT;
    // Open to reinfection: rule 2 may compromise it again (docs/model.md, "Model v2").
    if (!model_.scenario().settings.reinfection.immune) {
      hot_[i] = static_cast<std::uint8_t>((hot_[i] & ~HOT_CLOSED) | HOT_CLEANED);
    }
  }
  touch(i);
}

void TrialEngine::set_flag(AssetIndex i, AssetFlag flag) {
  if (state_[i].flags & flag) return;
  state_[i].flags |= flag;
  if (flag == ISOLATED) hot_[i] |= HOT_SILENT;
  if (const int k = flag_count_index(flag); k >= 0) ++count_[k];
  touch(i);
}

void TrialEngine::clear_flag(AssetIndex i, AssetFlag flag) {
  if (!(state_[i].flags & flag)) return;
  state_[i].flags = static_cast<std::uint8_t>(state_[i].flags & ~flag);
  if (const int k = flag_count_index(flag); k >= 0) --count_[k];
}

void TrialEngine::watch_supply(AssetIndex i) {
  if (state_[i].flags & WATCHED) return;
  state_[i].flags |= WATCHED;
  touch(i);
  watched_.push_back(i);
}

void TrialEngine::commit(Step t) {
  // New compromises of rules 1 and 2 become C and first act in step t+1:
  // their rules 2-4 are scheduled now. They go in chunks: first the chunk's
  // assets fetched (they lie in random order over the graph) and the Philox
  // blocks of their first detection draw and first lateral jump drawn eight
  // at a time (the bits schedule() would draw one by one), then each asset's
  // transition and scheduling, in order.
  const std::size_t n = pending_.size();
  for (std::size_t begin = 0; begin < n; begin += BlockBatch::CAPACITY) {
    const std::size_t end = std::min(n, begin + BlockBatch::CAPACITY);
    detection_blocks_.clear();
    first_jump_blocks_.clear();
    for (std::size_t e = begin; e < end; ++e) {
      const AssetIndex i = pending_[e].asset;
      prefetch_asset(i);
      detection_blocks_.add(i, static_cast<std::uint32_t>(t + 1));
      // Without episodes every compromise is an asset's first (epoch 0):
      // its state need not be waited for here.
      first_jump_blocks_.add(i, 0, episodes_ ? next_episode(state_[i]) : 0);
    }
    streams_.fill(trial_, Purpose::detection, detection_blocks_);
    streams_.fill(trial_, Purpose::lateral, first_jump_blocks_);
    for (std::size_t e = begin; e < end; ++e) {
      const PendingCompromise& p = pending_[e];
      AssetState& s = state_[p.asset];
      if (s.security == Security::R) {
        // A new episode: an evicted asset reinfected, or the attacker back.
        s.epoch = next_episode(s);
        hot_[p.asset] = static_cast<std::uint8_t>(hot_[p.asset] & ~(HOT_SILENT | HOT_CLEANED));
        ++metrics_.reinfected;
      } else {
        ++metrics_.compromised;
      }
      s.compromised_at = t;
      s.campaign = p.campaign;
      set_security(p.asset, Security::C);
      undetected_.push_back(p.asset);
      first_compromise_ = std::min(first_compromise_, t);
      schedule(p.asset, t, detection_blocks_.block(e - begin), first_jump_blocks_.block(e - begin));
    }
  }
  pending_.clear();

  // Functional state: up unless a cause holds. A flip changes the sector's
  // service and makes every dependent re-check its supply in step t+1.
  const bool isolation_costs = plan_->policy().containment.isolation_costs_service;
  const Adjacency& dependents = model_.graph().dependency_out();
  for (AssetIndex i : functional_changes_) {
    const std::uint8_t f = state_[i].flags;
    const bool down = (f & (ATTACK_DOWN | SUPPLY_DOWN)) || (isolation_costs && (f & ISOLATED));
    if (down == static_cast<bool>(f & DOWN)) continue;
    const SectorIndex sector = model_.scenario().assets.sector[i];
    const std::size_t state_sector = model_.scenario().assets.state[i] * model_.sectors() + sector;
    levels_stale_ = true;
    if (down) {
      set_flag(i, DOWN);
      sector_down_units_[sector] += model_.weight_units()[i];
      state_sector_down_units_[state_sector] += model_.weight_units()[i];
      if (state_down_assets_[model_.scenario().assets.state[i]]++ == 0) ++states_down_;
    } else {
      clear_flag(i, DOWN);
      sector_down_units_[sector] -= model_.weight_units()[i];
      state_sector_down_units_[state_sector] -= model_.weight_units()[i];
      if (--state_down_assets_[model_.scenario().assets.state[i]] == 0) --states_down_;
    }
    for (AssetIndex v : dependents.of(i)) watch_supply(v);
  }
  functional_changes_.clear();
}

Step TrialEngine::draw_step(double p, Purpose purpose, AssetIndex i, Step from,
                            const double* drawn) const {
  if (from >= horizon_ || !(p > 0.0)) return NEVER;
  if (p >= 1.0) return from;
  const double u =
      drawn ? *drawn : streams_.uniform(trial_, purpose, i, static_cast<std::uint32_t>(from));
  LogMissCache& rate = purpose == Purpose::payload ? payload_rate_ : detection_rate_;
  const double gap = geometric_gap(u, rate(p));
  if (gap >= static_cast<double>(horizon_ - from)) return NEVER;
  return from + static_cast<Step>(gap);
}

void TrialEngine::schedule(AssetIndex i, Step t, const RandomStreams::Block& detection,
                           const RandomStreams::Block& lateral) {
  AssetState& s = state_[i];
  const Campaign& campaign = model_.scenario().campaigns[s.campaign];
  const double detection_uniform = RandomStreams::to_unit_double(detection.v[0], detection.v[1]);
  schedule_detection(i, t + 1, &detection_uniform);

  // Rule 3: the first step after the dwell (and not before payload_from),
  // plus a geometric wait with pi.
  const std::int64_t first_payload =
      std::max<std::int64_t>(std::int64_t{t} + campaign.dwell + 1, campaign.payload_from);
  if (first_payload < horizon_) {
    s.payload_at = draw_step(campaign.payload_probability, Purpose::payload, i,
                             static_cast<Step>(first_payload));
    if (s.payload_at != NEVER) {
      payload_due_[static_cast<std::size_t>(s.payload_at)].push_back(i);
      ++scheduled_;
    }
  }

  // Rule 2: the first candidate of the spreader, counted from neighbour 0 of
  // step t+1 along its (step, neighbour) sequence.
  const SimulationModel::AssetSchedule& a = model_.schedule()[i];
  const std::uint64_t degree = a.degree;
  const double bound = std::min(1.0, a.spread_bound * campaign.intensity);
  if (degree == 0 || !(bound > 0.0) || t + 1 >= horizon_) return;
  double gap = 0.0;
  if (bound < 1.0) {
    gap = geometric_gap(RandomStreams::to_unit_double(lateral.v[0], lateral.v[1]),
                        lateral_rate_(bound));
  }
  if (gap >= static_cast<double>(horizon_ - t - 1) * static_cast<double>(degree)) return;
  const auto position = static_cast<std::uint64_t>(gap);
  const auto step = static_cast<Step>(t + 1 + static_cast<Step>(position / degree));
  if (step >= horizon_) return;
  spread_due_[static_cast<std::size_t>(step)].push_back(
      {i, static_cast<std::uint32_t>(position % degree), 0, s.campaign, s.epoch});
  ++scheduled_;
}

void TrialEngine::update_levels() {
  if (!levels_stale_) return;
  const Scenario& scenario = model_.scenario();
  const double dt = scenario.settings.dt_hours;
  double service = 0.0;
  for (std::size_t s = 0; s < sector_q_.size(); ++s) {
    const auto total = static_cast<double>(model_.sector_weight_units()[s]);
    const double q_s = 1.0 - static_cast<double>(sector_down_units_[s]) / total;
    sector_q_[s] = q_s;
    sector_step_loss_[s] = (1.0 - q_s) * dt;
    service += scenario.sectors[s].normalised_weight * q_s;
  }
  levels_service_ = service;
  levels_stale_ = false;
}

// Whether rules 1-6 would change nothing in step t (they would each find
// nothing to do), so that the step is rule 7's measurement alone: the steps
// in which a few quiet compromised assets wait for their scheduled detection,
// or a settled outbreak waits for its last job. Conservative: any queued
// incident, open request or idle lent team counts as work.
bool TrialEngine::nothing_due(Step t) const {
  const auto step = static_cast<std::size_t>(t);
  if (campaign_starts_[step] || t == crisis_active_from_ || !return_due_[step].empty() ||
      !spread_due_[step].empty() || !payload_due_[step].empty() || !detect_due_[step].empty()) {
    return false;
  }
  if (!pending_.empty() || !functional_changes_.empty() || !watched_.empty() || queued_ > 0 ||
      restore_queued_ > 0 || !requests_.empty()) {
    return false;
  }
  const auto due = [t](const auto& item) { return item.due <= t; };
  const auto finishes = [t](const Job& job) { return job.finish <= t; };
  const auto idle = [](const LentTeam& team) { return team.active && !team.busy; };
  return std::none_of(restorations_.begin(), restorations_.end(), due) &&
         std::none_of(jobs_.begin(), jobs_.end(), finishes) &&
         std::none_of(lent_.begin(), lent_.end(), idle);
}

void TrialEngine::measure(Step t, const TrialOutput& out) {
  const Scenario& scenario = model_.scenario();
  const std::size_t sectors = scenario.sectors.size();
  const double dt = scenario.settings.dt_hours;
  update_levels();
  const double service = levels_service_;
  float* sector_service = out.sector_service.data() + static_cast<std::size_t>(t) * sectors;
  for (std::size_t s = 0; s < sectors; ++s) {
    out.sector_loss[s] += sector_step_loss_[s];
    sector_service[s] = static_cast<float>(sector_q_[s]);
  }
  service_[static_cast<std::size_t>(t)] = service;
  out.service[static_cast<std::size_t>(t)] = static_cast<float>(service);
  add_state_loss(out);
  if (first_compromise_ != NEVER && evicted_at_ == NEVER && returns_pending_ == 0 &&
      count_[count_compromised] + count_[count_detected] == 0) {
    evicted_at_ = t;
  }
  metrics_.resilience_loss += (1.0 - service) * dt;
  metrics_.min_service = std::min(metrics_.min_service, service);
  metrics_.peak_compromised =
      std::max(metrics_.peak_compromised,
               static_cast<std::uint32_t>(count_[count_compromised] + count_[count_detected]));

  std::int64_t* counts =
      out.state_count_sum.data() + static_cast<std::size_t>(t) * state_count_kinds;
  for (int k = 0; k < state_count_kinds; ++k) counts[k] += count_[k];

  update_crisis(t, service);
}

// Nothing can change in any later step: rules 1-6 have nothing left to do
// and their inputs are frozen. All campaigns have started; no calendar entry
// is left (rules 2-4; stale entries count too); nothing is pending, watched
// by rule 6, restoring or being remediated; a queue may hold incidents, but
// with no job running no team frees up, so rule 5 takes none in any later
// step either (team counts change only when a crisis activates: none may be
// ahead). Awareness changes only at a detection or a crisis activation, and
// rule 7's crisis trigger, which did not fire on this state, sees it again.
bool TrialEngine::settled(Step t) const {
  // Assistance: a request awaiting its decision, or a lent team still on its
  // way, can change the state later.
  const bool lent_on_the_way = std::any_of(lent_.begin(), lent_.end(), [t](const LentTeam& team) {
    return team.active && team.arrive > t;
  });
  return scheduled_ == 0 && last_start_ <= t && pending_.empty() && functional_changes_.empty() &&
         watched_.empty() && restorations_.empty() && jobs_.empty() && requests_.empty() &&
         !lent_on_the_way && (crisis_active_from_ == NEVER || crisis_active_from_ <= t);
}

// Rule 7 for steps from..H-1 of a settled trial: the values of step from-1,
// added step by step in the order measure() adds them, so every sum is
// bit-identical to running the steps.
void TrialEngine::fill_settled(Step from, const TrialOutput& out) {
  const Scenario& scenario = model_.scenario();
  const std::size_t sectors = scenario.sectors.size();
  const double dt = scenario.settings.dt_hours;
  // sector_q_ and sector_step_loss_ are current: measure(from - 1) has just
  // updated them, and nothing has changed since.
  const double service = service_[static_cast<std::size_t>(from - 1)];
  const auto service_f = static_cast<float>(service);
  for (Step t = from; t < horizon_; ++t) {
    const auto step = static_cast<std::size_t>(t);
    for (std::size_t s = 0; s < sectors; ++s) {
      out.sector_loss[s] += sector_step_loss_[s];
      out.sector_service[step * sectors + s] = static_cast<float>(sector_q_[s]);
    }
    service_[step] = service;
    out.service[step] = service_f;
    add_state_loss(out);
    metrics_.resilience_loss += (1.0 - service) * dt;
    std::int64_t* counts = out.state_count_sum.data() + step * state_count_kinds;
    for (int k = 0; k < state_count_kinds; ++k) counts[k] += count_[k];
  }
}

// A state's contribution to the loss of one step: sum over sectors of
// W_s * (its down weight in s) / (total weight of s) * dt, so that the states'
// losses add up to L (docs/model.md, "Metrics v2").
void TrialEngine::add_state_loss(const TrialOutput& out) {
  // No state with an asset down: every state would add 0.0 (skipped below).
  if (out.state_loss.empty() || states_down_ == 0) return;
  const Scenario& scenario = model_.scenario();
  const std::size_t sectors = scenario.sectors.size();
  const double dt = scenario.settings.dt_hours;
  for (std::size_t g = 0; g < out.state_loss.size(); ++g) {
    // Nothing down in the state: every term below is 0 and adding 0.0 to
    // the (non-negative) sum leaves it bit for bit.
    if (state_down_assets_[g] == 0) continue;
    double lost = 0.0;
    for (std::size_t s = 0; s < sectors; ++s) {
      const std::uint64_t down = state_sector_down_units_[g * sectors + s];
      if (down == 0) continue;
      lost += scenario.sectors[s].normalised_weight * static_cast<double>(down) /
              static_cast<double>(model_.sector_weight_units()[s]);
    }
    out.state_loss[g] += lost * dt;
  }
}

void TrialEngine::finish(const TrialOutput& out) {
  const SimulationSettings& settings = model_.scenario().settings;
  const double dt = settings.dt_hours;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Time to recover, from the first step below the threshold (t_d) to the
  // first step after the last one below it; censored at the horizon if the
  // last step is still below; NaN if service never fell below.
  const Step horizon = settings.horizon;
  const double threshold = settings.recovery_threshold;
  const auto below = [threshold](double q) { return q < threshold; };
  const auto first_below = std::find_if(service_.begin(), service_.end(), below);
  metrics_.time_to_recover = nan;
  if (first_below != service_.end()) {
    const auto disrupted_at = static_cast<Step>(first_below - service_.begin());
    metrics_.disrupted = 1;
    if (below(service_.back())) {
      metrics_.time_to_recover = static_cast<double>(horizon - 1 - disrupted_at) * dt;
    } else {
      const auto last_below = std::find_if(service_.rbegin(), service_.rend(), below);
      const auto last = static_cast<Step>(service_.rend() - last_below - 1);
      metrics_.recovered = 1;
      metrics_.time_to_recover = static_cast<double>(last + 1 - disrupted_at) * dt;
    }
  }
  // Times from the first compromise, censored at the horizon.
  const auto since_compromise = [&](Step event, std::uint32_t& happened) {
    if (first_compromise_ == NEVER) return nan;
    happened = event != NEVER ? 1 : 0;
    const Step end = event != NEVER ? event : horizon - 1;
    return static_cast<double>(end - first_compromise_) * dt;
  };
  metrics_.time_to_detect = since_compromise(first_detection_, metrics_.detect_event);
  metrics_.time_to_evict = since_compromise(evicted_at_, metrics_.evict_event);
  metrics_.assistance_team_hours = lent_steps_ * dt;
  metrics_.restoration_wait =
      restorations_started_ > 0
          ? restoration_wait_sum_ / static_cast<double>(restorations_started_) * dt
          : nan;
  metrics_.mean_detection_latency =
      metrics_.detected > 0 ? detection_latency_sum_ / metrics_.detected * dt : nan;
  metrics_.mean_queue_wait = remediations_started_ > 0
                                 ? queue_wait_sum_ / static_cast<double>(remediations_started_) * dt
                                 : nan;
  metrics_.team_hours = team_steps_ * dt;
  metrics_.crisis_activation =
      crisis_active_from_ < settings.horizon ? static_cast<double>(crisis_active_from_) * dt : nan;
  for (AssetIndex i : touched_) {
    if (state_[i].history & EVER_SUPPLY_DOWN) ++metrics_.supply_down;
  }
  *out.metrics = metrics_;
}

}  // namespace cyres
