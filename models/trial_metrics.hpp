#pragma once
// What one trial measures (docs/model.md, "Metrics per trial"): the per-trial
// metrics and the per-step counts of assets in each state. The engine fills
// them; the runner stores them by trial index.

#include <cstdint>

namespace cyres {

//! Metrics of one trial (docs/model.md, "Metrics per trial"). NaN where a metric is undefined
//! in that trial (e.g. detection latency when nothing was detected).
struct TrialMetrics {
  double resilience_loss = 0.0;   //!< L = sum_t (1 - Q(t)) dt [service-hours]
  double min_service = 1.0;       //!< min_t Q(t) [1]
  double time_to_recover = 0.0;   //!< hours from start until Q >= threshold after its minimum; H*dt
                                  //!< if never; 0 if never below [h]
  std::uint32_t compromised = 0;  //!< assets ever compromised [assets]
  std::uint32_t attack_down = 0;  //!< assets ever down by payload [assets]
  std::uint32_t supply_down = 0;  //!< assets ever down for lack of supply (cascade) [assets]
  std::uint32_t peak_compromised = 0;   //!< max_t of assets in C or D [assets]
  std::uint32_t detected = 0;           //!< assets detected [assets]
  double mean_detection_latency = 0.0;  //!< mean hours from compromise to detection [h]
  double mean_queue_wait = 0.0;         //!< mean hours from detection to start of remediation [h]
  double team_hours = 0.0;              //!< team-hours spent remediating [team-h]
  double crisis_activation = 0.0;       //!< hour the crisis mechanism activated; NaN if never [h]
};

//! Counts of assets per state, measured at the end of each step.
enum StateCount : int {
  count_susceptible = 0,
  count_compromised,  //!< C
  count_detected,     //!< D
  count_remediated,   //!< R
  count_attack_down,
  count_supply_down,
  count_isolated,
  count_down,  //!< not up for any cause
  state_count_kinds
};
inline constexpr const char* STATE_COUNT_NAMES[state_count_kinds] = {
    "susceptible", "compromised", "detected", "remediated",
    "attack_down", "supply_down", "isolated", "down"};

}  // namespace cyres
