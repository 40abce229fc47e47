#include "models/trial_engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

}  // namespace

TrialEngine::TrialEngine(const SimulationModel& model)
    : model_(model),
      streams_(model.scenario().settings.seed),
      state_(model.assets()),
      sector_down_units_(model.sectors(), 0),
      service_(static_cast<std::size_t>(model.scenario().settings.horizon), 1.0) {}

void TrialEngine::run(const PolicyPlan& plan, std::uint64_t trial, const TrialOutput& out) {
  reset(plan, trial);
  const Step horizon = model_.scenario().settings.horizon;
  for (Step t = 0; t < horizon; ++t) {
    if (t == crisis_active_from_) activate_crisis(t);
    start_campaigns(t);
    move_laterally(t);
    fire_payloads(t);
    detect(t);
    respond(t);
    check_supply(t);
    commit(t);
    measure(t, out);
  }
  finish(out);
}

void TrialEngine::reset(const PolicyPlan& plan, std::uint64_t trial) {
  plan_ = &plan;
  trial_ = trial;
  for (AssetIndex i : touched_) state_[i] = AssetState{};
  touched_.clear();
  infected_.clear();
  pending_.clear();
  functional_changes_.clear();
  watched_.clear();
  restorations_.clear();
  jobs_.clear();

  const Scenario& scenario = model_.scenario();
  const std::size_t orgs = scenario.organisations.size();
  const bool pooled = plan.policy().pooling.mode == PoolingMode::pooled;
  queues_.resize(pooled ? 1 : orgs);
  for (ResponseQueue& queue : queues_) queue.clear();
  teams_.resize(orgs);
  free_teams_.resize(orgs);
  for (std::size_t o = 0; o < orgs; ++o)
    teams_[o] = free_teams_[o] = scenario.organisations[o].teams;
  aware_from_.assign(orgs * scenario.campaigns.size(), NEVER);
  std::fill(sector_down_units_.begin(), sector_down_units_.end(), 0);

  std::fill(std::begin(count_), std::end(count_), 0);
  count_[count_susceptible] = static_cast<std::int64_t>(model_.assets());
  crisis_triggered_ = NEVER;
  crisis_active_from_ = NEVER;
  metrics_ = TrialMetrics{};
  detection_latency_sum_ = 0.0;
  queue_wait_sum_ = 0.0;
  remediations_started_ = 0;
  team_steps_ = 0.0;
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
  touch(i);
}

void TrialEngine::set_flag(AssetIndex i, AssetFlag flag) {
  if (state_[i].flags & flag) return;
  state_[i].flags |= flag;
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
  // Assets that no rule 2-4 can act on leave the infected list: remediated
  // ones, and detected isolated ones whose payload has fired or never will.
  // New compromises of rules 1 and 2 join it as C and first act in step t+1.
  const auto& campaigns = model_.scenario().campaigns;
  std::erase_if(infected_, [&](AssetIndex i) {
    const AssetState& s = state_[i];
    if (s.security == Security::R) return true;
    return s.security == Security::D && (s.flags & ISOLATED) &&
           ((s.flags & ATTACK_DOWN) || campaigns[s.campaign].payload_probability <= 0.0);
  });
  for (const PendingCompromise& p : pending_) {
    AssetState& s = state_[p.asset];
    s.flags = static_cast<std::uint8_t>(s.flags & ~PENDING);
    s.compromised_at = t;
    s.campaign = p.campaign;
    set_security(p.asset, Security::C);
    infected_.push_back(p.asset);
    ++metrics_.compromised;
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
    if (down) {
      set_flag(i, DOWN);
      sector_down_units_[sector] += model_.weight_units()[i];
    } else {
      clear_flag(i, DOWN);
      sector_down_units_[sector] -= model_.weight_units()[i];
    }
    for (AssetIndex v : dependents.of(i)) watch_supply(v);
  }
  functional_changes_.clear();
}

void TrialEngine::measure(Step t, const TrialOutput& out) {
  const Scenario& scenario = model_.scenario();
  const std::size_t sectors = scenario.sectors.size();
  const double dt = scenario.settings.dt_hours;
  double service = 0.0;
  for (std::size_t s = 0; s < sectors; ++s) {
    const auto total = static_cast<double>(model_.sector_weight_units()[s]);
    const double q_s = 1.0 - static_cast<double>(sector_down_units_[s]) / total;
    service += scenario.sectors[s].normalised_weight * q_s;
    out.sector_loss[s] += (1.0 - q_s) * dt;
    out.sector_service[static_cast<std::size_t>(t) * sectors + s] = static_cast<float>(q_s);
  }
  service_[static_cast<std::size_t>(t)] = service;
  out.service[static_cast<std::size_t>(t)] = static_cast<float>(service);
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

void TrialEngine::finish(const TrialOutput& out) {
  const SimulationSettings& settings = model_.scenario().settings;
  const double dt = settings.dt_hours;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Time to recover: the first end of step after the (first) minimum at which
  // service is back at the threshold; 0 if it never fell below it.
  const auto minimum = std::min_element(service_.begin(), service_.end());
  metrics_.time_to_recover = 0.0;
  if (minimum != service_.end() && *minimum < settings.recovery_threshold) {
    metrics_.time_to_recover = static_cast<double>(settings.horizon) * dt;
    for (auto it = minimum; it != service_.end(); ++it) {
      if (*it >= settings.recovery_threshold) {
        metrics_.time_to_recover = static_cast<double>(it - service_.begin() + 1) * dt;
        break;
      }
    }
  }
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
