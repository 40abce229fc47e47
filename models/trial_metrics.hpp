#pragma once
// What one trial measures (docs/model.md, "Metrics per trial"): the per-trial
// metrics and the per-step counts of assets in each state. The engine fills
// them; the runner stores them by trial index.

#include <cstdint>

namespace cyres {

//! Metrics of one trial (docs/model.md, "Metrics per trial" and "Metrics v2").
//! NaN where a metric is undefined in that trial (e.g. detection latency when
//! nothing was detected). A time to an event comes with its event flag: 1 if
//! the event happened within the horizon (the time is measured), 0 if not
//! (the time is censored at the horizon); both NaN/0 if the clock never started.
struct TrialMetrics {
  double resilience_loss = 0.0;  //!< L = sum_t (1 - Q(t)) dt [service-hours]
  double min_service = 1.0;      //!< min_t Q(t) [1]
  //! Hours from the first step with Q < threshold to the first step after the
  //! last one below it; censored at the horizon; NaN if never below [h].
  double time_to_recover = 0.0;
  std::uint32_t disrupted = 0;    //!< 1 if Q fell below the recovery threshold [1]
  std::uint32_t recovered = 0;    //!< 1 if disrupted and back at the threshold by the horizon [1]
  std::uint32_t compromised = 0;  //!< assets ever compromised (first episodes) [assets]
  std::uint32_t attack_down = 0;  //!< payloads fired [assets]
  std::uint32_t supply_down = 0;  //!< assets ever down for lack of supply (cascade) [assets]
  std::uint32_t peak_compromised = 0;   //!< max_t of assets in C or D [assets]
  std::uint32_t detected = 0;           //!< detections [assets]
  double mean_detection_latency = 0.0;  //!< mean hours from compromise to detection [h]
  double mean_queue_wait = 0.0;         //!< mean hours from detection to start of remediation [h]
  double team_hours = 0.0;              //!< team-hours spent remediating [team-h]
  double crisis_activation = 0.0;       //!< hour the crisis mechanism activated; NaN if never [h]
  //! Hours from the first compromise to the first detection; censored at the
  //! horizon; NaN if nothing was compromised [h].
  double time_to_detect = 0.0;
  std::uint32_t detect_event = 0;  //!< 1 if something was detected [1]
  //! Hours from the first compromise until no asset is C or D and no
  //! attacker's return is pending; censored at the horizon; NaN if nothing
  //! was compromised [h].
  double time_to_evict = 0.0;
  std::uint32_t evict_event = 0;            //!< 1 if the attacker was fully evicted [1]
  std::uint32_t returns = 0;                //!< attacker returns after incomplete evictions [1]
  std::uint32_t reinfected = 0;             //!< evicted assets compromised again [assets]
  std::uint32_t assistance_requested = 0;   //!< requests for assistance sent [1]
  std::uint32_t assistance_granted = 0;     //!< requests approved with a team [1]
  double assistance_team_hours = 0.0;       //!< team-hours lent teams worked for others [team-h]
  double restoration_wait = 0.0;            //!< mean hours from eviction to restore work; NaN if none [h]
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
