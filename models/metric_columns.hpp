#pragma once
// The per-trial metrics as named columns with units and a direction: the one
// table the HDF5 writer, the summary table and the comparison all read.

#include <array>
#include <cstdint>
#include <string_view>

#include "models/trial_metrics.hpp"

namespace cyres {

//! Which way a metric is better, for "share of trials in which the policy did
//! better" and for the tail (CVaR) of the comparison.
enum class Better { lower, higher, neither };

//! "lower", "higher" or "neither", as written in the output and the docs.
inline const char* better_name(Better better) {
  switch (better) {
    case Better::lower:
      return "lower";
    case Better::higher:
      return "higher";
    case Better::neither:
      return "neither";
  }
  return "neither";
}

//! One field of TrialMetrics as a column: its name (the dataset name under
//! trials/), units and description. Exactly one of `real` (float64) and
//! `count` (uint32) is set.
struct TrialMetricColumn {
  const char* name;
  const char* units;
  const char* description;
  double TrialMetrics::*real = nullptr;
  std::uint32_t TrialMetrics::*count = nullptr;
  Better better = Better::lower;
  //! For a time to an event: the flag that says the event happened (1) or
  //! the time is censored at the horizon (0). Such a time is never averaged
  //! as if measured: the summary uses Kaplan-Meier quantiles.
  std::uint32_t TrialMetrics::*event = nullptr;
  //! The value of this metric in one trial, as a double.
  double of(const TrialMetrics& m) const {
    return real != nullptr ? m.*real : static_cast<double>(m.*count);
  }
};

inline constexpr std::array<TrialMetricColumn, 24> TRIAL_METRIC_COLUMNS{{
    {.name = "resilience_loss",
     .units = "service-hours",
     .description = "service lost over the horizon, L = sum_t (1 - Q(t)) dt",
     .real = &TrialMetrics::resilience_loss},
    {.name = "min_service",
     .units = "1",
     .description = "minimum over steps of service Q(t)",
     .real = &TrialMetrics::min_service,
     .better = Better::higher},
    {.name = "time_to_recover",
     .units = "h",
     .description = "hours from the first step with Q < recovery_threshold to the first step "
                    "after the last one below it; censored at the horizon (recovered = 0); "
                    "NaN if never below",
     .real = &TrialMetrics::time_to_recover,
     .event = &TrialMetrics::recovered},
    {.name = "disrupted",
     .units = "1",
     .description = "1 if service fell below recovery_threshold",
     .count = &TrialMetrics::disrupted},
    {.name = "recovered",
     .units = "1",
     .description = "1 if disrupted and back at recovery_threshold by the horizon",
     .count = &TrialMetrics::recovered,
     .better = Better::higher},
    {.name = "compromised",
     .units = "assets",
     .description = "assets ever compromised",
     .count = &TrialMetrics::compromised},
    {.name = "attack_down",
     .units = "assets",
     .description = "assets ever down because a payload fired",
     .count = &TrialMetrics::attack_down},
    {.name = "supply_down",
     .units = "assets",
     .description = "assets ever down for lack of supply (cascade)",
     .count = &TrialMetrics::supply_down},
    {.name = "peak_compromised",
     .units = "assets",
     .description = "maximum over steps of assets compromised or detected (C or D)",
     .count = &TrialMetrics::peak_compromised},
    {.name = "detected",
     .units = "assets",
     .description = "assets detected",
     .count = &TrialMetrics::detected,
     .better = Better::neither},
    {.name = "mean_detection_latency",
     .units = "h",
     .description = "mean hours from compromise to detection; NaN if none detected",
     .real = &TrialMetrics::mean_detection_latency},
    {.name = "mean_queue_wait",
     .units = "h",
     .description = "mean hours from detection to the start of remediation; NaN if undefined",
     .real = &TrialMetrics::mean_queue_wait},
    {.name = "team_hours",
     .units = "team-h",
     .description = "team-hours spent remediating",
     .real = &TrialMetrics::team_hours,
     .better = Better::neither},
    {.name = "crisis_activation",
     .units = "h",
     .description = "hour the crisis mechanism activated; NaN if never",
     .real = &TrialMetrics::crisis_activation,
     .better = Better::neither},
    {.name = "time_to_detect",
     .units = "h",
     .description = "hours from the first compromise to the first detection; censored at the "
                    "horizon (detect_event = 0); NaN if nothing was compromised",
     .real = &TrialMetrics::time_to_detect,
     .event = &TrialMetrics::detect_event},
    {.name = "detect_event",
     .units = "1",
     .description = "1 if anything was detected",
     .count = &TrialMetrics::detect_event,
     .better = Better::higher},
    {.name = "time_to_evict",
     .units = "h",
     .description = "hours from the first compromise until no asset is compromised or detected "
                    "and no return is pending; censored at the horizon (evict_event = 0); NaN if "
                    "nothing was compromised",
     .real = &TrialMetrics::time_to_evict,
     .event = &TrialMetrics::evict_event},
    {.name = "evict_event",
     .units = "1",
     .description = "1 if the attacker was fully evicted",
     .count = &TrialMetrics::evict_event,
     .better = Better::higher},
    {.name = "returns",
     .units = "1",
     .description = "attacker returns after incomplete evictions",
     .count = &TrialMetrics::returns},
    {.name = "reinfected",
     .units = "assets",
     .description = "evicted assets compromised again (reinfection or return)",
     .count = &TrialMetrics::reinfected},
    {.name = "assistance_requested",
     .units = "1",
     .description = "requests for assistance sent",
     .count = &TrialMetrics::assistance_requested,
     .better = Better::neither},
    {.name = "assistance_granted",
     .units = "1",
     .description = "requests for assistance approved with a team",
     .count = &TrialMetrics::assistance_granted,
     .better = Better::neither},
    {.name = "assistance_team_hours",
     .units = "team-h",
     .description = "team-hours lent teams worked for the organisations that asked",
     .real = &TrialMetrics::assistance_team_hours,
     .better = Better::neither},
    {.name = "restoration_wait",
     .units = "h",
     .description = "mean hours from eviction to the start of restore work by a crew; NaN if none",
     .real = &TrialMetrics::restoration_wait},
}};

// A count larger than the list leaves nameless columns: refuse them at compile time.
static_assert([] {
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    if (column.name == nullptr || (column.real == nullptr) == (column.count == nullptr)) {
      return false;
    }
  }
  return true;
}());

//! The column named `name`, or nullptr.
inline const TrialMetricColumn* find_metric_column(std::string_view name) {
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    if (name == column.name) return &column;
  }
  return nullptr;
}

}  // namespace cyres
