#pragma once
// /policies/<name>/ of the results file: the policy's levers as attributes,
// per-trial metrics under trials/, and the service time series under
// timeseries/ (sim/output/timeseries_group.hpp). Layout in docs/hdf5-schema.md.

#include <array>
#include <cstdint>

#include "sim/output/hdf5.hpp"
#include "sim/runner/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

//! One field of TrialMetrics as a column of trials/: its dataset name, units
//! and description. Exactly one of `real` (float64) and `count` (uint32) is set.
struct TrialMetricColumn {
  const char* name;
  const char* units;
  const char* description;
  double TrialMetrics::*real = nullptr;
  std::uint32_t TrialMetrics::*count = nullptr;
};

inline constexpr std::array<TrialMetricColumn, 12> TRIAL_METRIC_COLUMNS{{
    {.name = "resilience_loss",
     .units = "service-hours",
     .description = "service lost over the horizon, L = sum_t (1 - Q(t)) dt",
     .real = &TrialMetrics::resilience_loss},
    {.name = "min_service",
     .units = "1",
     .description = "minimum over steps of service Q(t)",
     .real = &TrialMetrics::min_service},
    {.name = "time_to_recover",
     .units = "h",
     .description = "hours from the start until Q >= recovery_threshold after its minimum; "
                    "horizon if never, 0 if never below",
     .real = &TrialMetrics::time_to_recover},
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
     .count = &TrialMetrics::detected},
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
     .real = &TrialMetrics::team_hours},
    {.name = "crisis_activation",
     .units = "h",
     .description = "hour the crisis mechanism activated; NaN if never",
     .real = &TrialMetrics::crisis_activation},
}};

//! Every lever of `policy` as an attribute of `obj`, with flattened names
//! ("sharing.mode", "crisis.activation_delay_steps", ...); organisations and
//! sectors by name.
void write_policy_parameters(const h5::Object& obj, const Scenario& scenario, const Policy& policy);

//! Writes /policies/<name>/ for one policy; shapes checked by check_run_shapes.
void write_policy_group(const h5::Group& policies, const Scenario& scenario, const RunResult& run,
                        const PolicyResult& result);

}  // namespace cyres
