#pragma once
// What a run produces: per-trial metrics stored by trial index (so that the
// result does not depend on which thread ran which trial), and per-step series
// from which the mean and quantile bands of service are computed.

#include <cstdint>
#include <string>
#include <vector>

#include "models/trial_metrics.hpp"
#include "sim/scenario/policy.hpp"
#include "sim/core/types.hpp"

namespace cyres {

//! Everything one policy produced over all trials of a run.
struct PolicyResult {
  Policy policy;
  std::vector<TrialMetrics> trials;           //!< [trial]
  std::vector<double> sector_loss;            //!< [trial][sector] row-major [service-hours]
  std::vector<double> state_loss;             //!< [trial][state] contribution to L [service-hours]
  std::vector<float> service;                 //!< [trial][step] Q(t) at end of step t [1]
  std::vector<float> sector_service;          //!< [trial][step][sector] Q_s(t) [1]
  std::vector<std::int64_t> state_count_sum;  //!< [step][StateCount] summed over trials
};

struct RunResult {
  std::uint64_t seed = 0;
  std::uint64_t trials = 0;            //!< trials run per policy
  std::uint64_t trials_requested = 0;  //!< the most the run was allowed (stop rule)
  double target_relative_ci = 0.0;     //!< stop rule target; 0 = none
  bool target_reached = false;         //!< the stop rule's target was met
  Step horizon = 0;
  double dt_hours = 1.0;
  std::size_t sectors = 0;
  std::size_t states = 0;
  std::vector<PolicyResult> policies;
  double wall_seconds = 0.0;  //!< simulation time, excluding loading and writing [s]
};

}  // namespace cyres
